"""Loads the whole demo: directory, catalog, service levels, workflow templates and service
agreements through the services, then two years of history, then a few workflow runs and the
feedback people gave (ratings, suggestions, NPS campaigns, pulse surveys)."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from inservice.demo.agreements import build_agreements
from inservice.demo.build import build_catalog, build_directory, build_service_levels
from inservice.demo.charters import build_charters
from inservice.demo.customers import build_key_customers
from inservice.demo.days import poisson_days
from inservice.demo.feedback import build_feedback
from inservice.demo.health import build_health
from inservice.demo.history import Simulation
from inservice.demo.insights import build_insights
from inservice.demo.knowledge import build_knowledge
from inservice.demo.kudos import build_kudos
from inservice.demo.learning import build_learning
from inservice.demo.odds import Odds
from inservice.demo.retros import build_retros
from inservice.demo.workflows import build_workflows, start_runs
from inservice.demo.world import Offer, World, load_world
from inservice.sla.calendar import MINUTE
from inservice.sla.choices import Health
from inservice.tickets.bulk import BulkWriter, refresh_statistics
from inservice.tickets.choices import Status

Progress = Callable[[str], None]


@dataclass
class Loaded:
    people: int
    teams: int
    services: int
    requests: int
    rows: int
    statuses: dict[Status, int]


def load_demo(
    *, days: int = 730, per_day: float = 30, seed: int = 42, progress: Progress = print
) -> Loaded:
    """Builds the organisation and its history in one transaction: all of it or nothing.

    `days` of history end now; `per_day` requests on an average weekday (weekends are quiet).
    """
    rng = random.Random(seed)  # noqa: S311 — made-up data, not a secret
    now = timezone.now()
    with transaction.atomic():
        directory = build_directory(rng, lambda text: progress(f"Directory: {text}"))
        services = build_catalog(directory, rng, lambda text: progress(f"Catalog: {text}"))
        start = now - timedelta(days=days)
        build_service_levels(
            directory,
            services,
            range(start.year, now.year + 2),
            lambda text: progress(f"Service levels: {text}"),
        )
        templates = build_workflows(
            directory, services, lambda text: progress(f"Workflows: {text}")
        )
        # Before the history, so its requests are measured against the agreements' terms.
        build_agreements(
            directory, services, templates, lambda text: progress(f"Agreements: {text}")
        )
        world = load_world()

        def history(requests: int, rows: int) -> None:
            progress(f"History: {requests:,} requests, {rows:,} rows")

        with BulkWriter(batch_size=2000, progress=history) as writer:
            sim = Simulation(world, writer, now, rng, favourite=world.sign_ins.get("requester"))
            total = sum(
                sim.day(day, count)
                for day, count in poisson_days(start.date(), now.date(), per_day, rng)
            )
            total += _recent_requests(sim, world, now, rng)
            total += _team_at_stake(sim, world, now, rng)
        # After the history, so the runs' requests are the newest.
        start_runs(
            directory.leads,
            directory.sign_ins,
            templates,
            lambda text: progress(f"Workflows: {text}"),
        )
        build_feedback(now, rng, progress)
        build_kudos(now, rng, lambda text: progress(f"Kudos: {text}"))
        build_learning(now, rng, lambda text: progress(f"Learning: {text}"))
        build_knowledge(now, rng, lambda text: progress(f"Knowledge: {text}"))
        build_charters(now, lambda text: progress(f"Charters: {text}"))
        build_key_customers(now, lambda text: progress(f"Key customers: {text}"))
        build_insights(lambda text: progress(f"Insights: {text}"))
        build_health(now, lambda text: progress(f"Health checks: {text}"))
        build_retros(now, lambda text: progress(f"Retrospectives: {text}"))
    refresh_statistics()
    return Loaded(
        people=len(world.people),
        teams=len(directory.teams),
        services=len(services),
        requests=total,
        rows=writer.rows,
        statuses=sim.counts,
    )


# The requester sign-in's latest requests, one left in each open status (and one resolved), so
# 'my requests' shows what each looks like: (status, days ago, how the story goes).
_QUIET = Odds(
    question=0,
    transfer=0,
    cancel=0,
    duplicate=0,
    watcher=0,
    on_behalf=0,
    reopen=0,
    acknowledge_with_reply=1.0,
)
SHOWCASE = (
    (Status.NEW, 0.05, _QUIET),
    (Status.ACKNOWLEDGED, 4, _QUIET),
    (Status.IN_PROGRESS, 5, replace(_QUIET, acknowledge_with_reply=0)),
    (Status.WAITING, 6, replace(_QUIET, question=1.0, never_answers=1.0)),
    (Status.RESOLVED, 7, _QUIET),
)


def _recent_requests(sim: Simulation, world: World, now: datetime, rng: random.Random) -> int:
    requester = world.sign_ins.get("requester")
    if requester is None:
        return 0
    # Quick services (first response within hours), so each has reached its status by now.
    offers = [
        o
        for o in world.offers
        if requester in o.askers and not o.confidential and o.response <= 4 * 60 and o.spec
    ]
    written = 0
    for status, days, odds in SHOWCASE:
        asked_at = now - timedelta(days=days, minutes=rng.randint(0, 50))
        offer = rng.choice(offers)
        written += sim.request(offer, requester, asked_at, False, stop_at=status, odds=odds)
    return written


# The agent sign-in's queue shows what a request at risk and a breached one look like: (health,
# share of the resolution target used by now, the status it waits in).
AT_STAKE = (
    (Health.AT_RISK, (0.8, 0.95), Status.ACKNOWLEDGED),
    (Health.BREACHED, (1.2, 2.0), Status.IN_PROGRESS),
)


def _team_at_stake(sim: Simulation, world: World, now: datetime, rng: random.Random) -> int:
    agent = world.sign_ins.get("agent")
    offers = [o for o in world.offers if agent and o.team_id == agent.team_id and o.spec]
    if not offers:
        return 0
    written = 0
    for health, (low, high), status in AT_STAKE:
        offer = max(offers, key=lambda o: o.resolution)  # the longest target: the most room
        target = world.policy(offer.service_id, offer.priority)["resolution_minutes"]
        for _ in range(30):  # the story's draws decide: try a few ages until one fits
            used = rng.uniform(low, high) * (target or offer.resolution)
            asked_at = _business_minutes_ago(world, offer, now, used)
            request = sim.play(offer, rng.choice(offer.askers), asked_at, status, _QUIET)
            if request.health == health and request.status == status:
                sim.add(request)
                written += 1
                break
    return written


def _business_minutes_ago(world: World, offer: Offer, now: datetime, minutes: float) -> datetime:
    """About `minutes` of the team's business time before now (in half-hour steps)."""
    hours = world.desks[offer.team_id].hours
    asked_at = now
    while hours.between_micros(asked_at, now) < minutes * MINUTE:
        asked_at -= timedelta(minutes=30)
    return asked_at
