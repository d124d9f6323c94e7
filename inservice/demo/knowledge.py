"""The demo's knowledge base: about forty articles, FAQs and service guides written for the demo's
own services (passwords, VPN, laptops, payslips, expenses, badges, desk moves...), each linked to
the services it answers questions about and owned by a member of its team (IT Service Desk's by
the lead and agent sign-ins, so they see "to review" and "needs attention" at once). A few are
drafts, one is archived, several are past their review date (their owners told, as the daily
task would have), and readers' answers and deflections are spread over the last months, mostly
helpful, with two articles readers find unhelpful.

Written after the directory, the catalog and the history exist, through knowledge.services (as
the pages would have written them); reads the organisation from the database.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime, timedelta

from inservice.catalog.models import Service
from inservice.catalog.permissions import can_ask
from inservice.demo.data.knowledge import DOCS, READER_COMMENTS, Doc
from inservice.knowledge import services
from inservice.knowledge.models import Article
from inservice.org.choices import Role
from inservice.org.models import Membership, Person, Team

Progress = Callable[[str], None]

REVIEW_DAYS = 365  # older ones are past review: their owners were told
FEEDBACK_DAYS = 150  # readers' answers and deflections come from this many days back at most


def build_knowledge(now: datetime, rng: random.Random, progress: Progress) -> int:
    """The demo's articles with their readers' answers and deflections; returns the articles
    written (none when the knowledge base is not empty: the demo loads once)."""
    if Article.objects.exists():
        return 0
    teams = {t.key_prefix: t for t in Team.objects.exclude(key_prefix="")}
    offered = {(s.team.key_prefix, s.name): s for s in Service.objects.select_related("team")}
    readers = list(Person.objects.filter(is_active=True, is_superuser=False).order_by("pk"))
    sign_ins = {p.username: p for p in Person.objects.filter(username__in=("lead", "agent"))}
    if not teams or not readers:
        return 0
    written = answered = deflected = 0
    for doc in DOCS:
        team = teams.get(doc.team)
        owner = _owner(doc, team, sign_ins, rng) if team else None
        if team is None or owner is None:
            continue
        article = _write(doc, team, owner, offered, now)
        written += 1
        if article.is_published:
            answered += _answers(article, doc, readers, rng, now)
            deflected += _deflections(article, doc, readers, rng, now)
            if article.review_on < now.date():
                # The owner was told, as the daily task would have done.
                services.flag_review(article.pk, now.date())
    progress(f"articles {written}, {answered} answers, {deflected} deflections")
    return written


def _owner(doc: Doc, team: Team, sign_ins: dict[str, Person], rng: random.Random) -> Person | None:
    """The sign-in the doc names when it serves in the team; else the team's lead now and then,
    a member otherwise."""
    members = list(
        Membership.objects.filter(team=team, person__is_active=True)
        .select_related("person")
        .order_by("pk")
    )
    chosen = sign_ins.get(doc.owner)
    if chosen is not None and any(m.person_id == chosen.pk for m in members):
        return chosen
    if not members:
        return None
    leads = [m.person for m in members if m.role == Role.LEAD]
    if leads and rng.random() < 0.3:
        return leads[0]
    return rng.choice(members).person


def _write(
    doc: Doc, team: Team, owner: Person, services_by: dict[tuple[str, str], Service], now: datetime
) -> Article:
    linked = []
    for name in doc.services:
        prefix, _sep, plain = name.rpartition(":")
        found = services_by.get((prefix or doc.team, plain))
        if found is not None and found.is_active:
            linked.append(found)
    written_at = now - timedelta(days=doc.age_days)
    draft = services.ArticleDraft(
        kind=doc.kind,
        title=doc.title,
        summary=doc.summary,
        body=doc.body,
        team=team,
        owner=owner,
        services=tuple(linked),
        review_on=(written_at + timedelta(days=REVIEW_DAYS)).date(),
    )
    article = services.create_article(owner, draft, publish=doc.state != "draft", at=written_at)
    if doc.state == "archived":
        article = services.archive_article(owner, article, at=written_at + timedelta(days=30))
    return article


def _moments(article: Article, rng: random.Random, now: datetime, n: int) -> list[datetime]:
    start = max(article.created_at, now - timedelta(days=FEEDBACK_DAYS))
    span = max((now - start).total_seconds(), 3600.0)
    return sorted(start + timedelta(seconds=rng.uniform(0, span)) for _ in range(n))


def _answers(
    article: Article, doc: Doc, readers: list[Person], rng: random.Random, now: datetime
) -> int:
    outsiders = [p for p in readers if p.team_id != article.team_id]
    count = min(len(outsiders), max(0, round(doc.readers * rng.uniform(0.8, 1.2))))
    yes = round(count * doc.helpful)  # exactly the doc's share, in a random order
    answers = [True] * yes + [False] * (count - yes)
    rng.shuffle(answers)
    moments = _moments(article, rng, now, count)
    for person, at, helpful in zip(rng.sample(outsiders, count), moments, answers, strict=True):
        services.give_feedback(
            person, article, helpful=helpful, comment=rng.choice(READER_COMMENTS[helpful]), at=at
        )
    return count


def _deflections(
    article: Article, doc: Doc, readers: list[Person], rng: random.Random, now: datetime
) -> int:
    """Questions it answered: people about to ask for one of its services (any service they
    may ask for; none when they came from search)."""
    linked = list(article.services.filter(is_active=True))
    count = max(0, round(doc.deflections * rng.uniform(0.7, 1.3)))
    for at in _moments(article, rng, now, count):
        person = rng.choice(readers)
        service = rng.choice(linked) if linked and rng.random() < 0.85 else None
        if service is not None and not can_ask(person, service):
            service = None
        services.deflect(person, article, service, at=at)
    return count
