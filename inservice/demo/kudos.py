"""The demo's kudos: the organisation's four values, and about two hundred kudos over the last
six months given through kudos.services as they would have been: a third by requesters
thanking the people who helped on their resolved requests, many across teams, some to whole
teams, more of them in the last week of each month (when teams look back on it); one hidden by
a lead with a reason. The sign-ins have some of their own: the requester thanked the agent
yesterday, and the agent's team was thanked this week.

Kudos older than the telling's staleness are marked told without waking anyone; the recent ones
are told as the minute's task would. Made after the history: it reads the people, teams and
resolved requests from the database.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError

from inservice.kudos import services
from inservice.kudos.helped import THANKABLE, helpers_of
from inservice.kudos.models import Kudos, Value
from inservice.org.choices import Role
from inservice.org.models import Person, Team
from inservice.tickets.models import Ticket

Progress = Callable[[str], None]

DAYS = 182
TARGET = 200
FOR_REQUESTS = 1 / 3
ACROSS_TEAMS = 0.6  # of the other kudos: to someone in another team
TO_A_TEAM = 0.1

VALUES = (
    ("Caring", "Treats colleagues' problems as if they were their own."),
    ("Competence", "Knows the craft and gets it right the first time."),
    ("Integrity", "Says what is true, owns mistakes, keeps confidences."),
    ("Follow-through", "Does what they promised, when they promised, and closes the loop."),
)

# Messages by value: what colleagues actually write.
MESSAGES = {
    "Caring": (
        "You stayed on the call until my laptop worked again, at seven in the evening. Thank you.",
        "Thank you for checking in the day after to see whether everything was still fine.",
        "You explained the new expense rules patiently, three times, without a sigh. Much appreciated.",
        "Thanks for noticing I was struggling with the onboarding and walking me through it.",
        "You made a stressful first week feel calm. Thank you for all the small things.",
    ),
    "Competence": (
        "Fixed in ten minutes what I had fought with for two days. Impressive work.",
        "The payroll correction was right to the cent, and you explained exactly why it happened.",
        "Your migration plan was so clear that nothing broke on the day. Thank you.",
        "You found the root cause instead of the workaround: the VPN has not dropped since.",
        "The contract review caught the clause we would have regretted. Great catch.",
    ),
    "Integrity": (
        "Thank you for telling us honestly that the deadline would slip, and why, a week ahead.",
        "You owned the mistake in the invoice run and fixed it before anyone asked. Respect.",
        "Thanks for keeping my situation confidential and still getting it sorted quickly.",
        "You pushed back on the shortcut when it would have hurt the customer. Right call.",
    ),
    "Follow-through": (
        "You promised the badge by Friday and it was on my desk on Thursday. Thank you!",
        "Every update arrived exactly when you said it would. That made planning easy.",
        "You closed the loop on my request even after it had been transferred twice. Thanks.",
        "The new starter had laptop, badge and accounts on day one, as you promised. Brilliant.",
        "Thank you for chasing the supplier every day until the order finally shipped.",
    ),
}
TEAM_MESSAGES = (
    "The whole team pulled together during the month-end close. Thank you all.",
    "Thanks, team, for getting twelve new starters ready in one week without a hitch.",
    "Every request we sent this quarter was answered the same day. You are a great team to work with.",
)
HIDDEN_REASON = "It names a colleague's health situation; we thanked them in person instead."


def build_kudos(now: datetime, rng: random.Random, progress: Progress) -> int:
    """The demo's values and kudos; returns the kudos made."""
    values = _values()
    people = list(
        Person.objects.active()
        .filter(is_superuser=False, team__isnull=False)
        .only("pk", "name", "team_id", "time_zone", "is_active", "manager_id")
        .order_by("pk")
    )
    if len(people) < 2:
        return 0
    by_team: dict[int, list[Person]] = {}
    for person in people:
        assert person.team_id is not None  # filtered above
        by_team.setdefault(person.team_id, []).append(person)
    teams = list(Team.objects.filter(pk__in=list(by_team)).order_by("pk"))
    days = _days(now, rng, TARGET)
    made: list[Kudos] = []
    requests = _resolved(now, rng, round(TARGET * FOR_REQUESTS))
    for request in requests:
        kudos = _for_request(request, values, rng, now)
        if kudos is not None:
            made.append(kudos)
    for at in days[len(made) :]:
        kudos = _between_colleagues(people, by_team, teams, values, rng, at)
        if kudos is not None:
            made.append(kudos)
    made += _sign_ins(values, now)
    _hide_one(made, rng, now)
    told = sum(services.tell(k.pk, now) for k in sorted(made, key=lambda k: k.created_at))
    across = sum(1 for k in made if k.cross_team)
    progress(f"kudos {len(made)}, {across} across teams, {told} notifications")
    return len(made)


def _values() -> dict[str, Value]:
    found = {v.name: v for v in Value.objects.all()}
    for position, (name, description) in enumerate(VALUES, start=1):
        if name not in found:
            found[name] = services.save_value(
                None, name=name, description=description, position=position
            )
    return found


def _days(now: datetime, rng: random.Random, count: int) -> list[datetime]:
    """Moments over the last DAYS days: working days mostly, the month's last week busiest."""
    weights = []
    for back in range(1, DAYS):
        day = now - timedelta(days=back)
        weight = 0.15 if day.weekday() >= 5 else 1.0
        weights.append(weight * (2.5 if day.day >= 24 else 1.0))
    picked = rng.choices(range(1, DAYS), weights=weights, k=count)
    return sorted(
        now - timedelta(days=back, hours=rng.randint(0, 8), minutes=rng.randint(0, 59))
        for back in picked
    )


def _resolved(now: datetime, rng: random.Random, count: int) -> list[Ticket]:
    """Resolved requests of the last DAYS days (not confidential: a wall is public)."""
    ids = list(
        Ticket.objects.filter(
            status__in=THANKABLE,
            resolved_at__gte=now - timedelta(days=DAYS),
            resolved_at__lte=now - timedelta(hours=2),
            is_confidential=False,
            requester__is_active=True,
        )
        .order_by("-resolved_at", "-pk")
        .values_list("pk", flat=True)[:3000]
    )
    chosen = rng.sample(ids, min(count, len(ids)))
    found = Ticket.objects.filter(pk__in=chosen).select_related("requester")
    return list(found.order_by("resolved_at", "pk"))


def _message(value: str, rng: random.Random) -> str:
    return rng.choice(MESSAGES[value])


def _for_request(
    ticket: Ticket, values: dict[str, Value], rng: random.Random, now: datetime
) -> Kudos | None:
    helpers = helpers_of(ticket)
    if not helpers or ticket.resolved_at is None:
        return None
    value = rng.choice(list(MESSAGES))
    at = min(ticket.resolved_at + timedelta(hours=rng.randint(1, 30)), now - timedelta(hours=1))
    thanked = rng.sample(helpers, min(len(helpers), rng.choice((1, 1, 1, 2, 3))))
    return _give(ticket.requester, thanked, [], [values[value]], _message(value, rng), at, ticket)


def _between_colleagues(
    people: list[Person],
    by_team: dict[int, list[Person]],
    teams: list[Team],
    values: dict[str, Value],
    rng: random.Random,
    at: datetime,
) -> Kudos | None:
    giver = rng.choice(people)
    chosen = rng.sample(list(MESSAGES), rng.choice((1, 1, 2)))
    picked = [values[name] for name in chosen]
    if rng.random() < TO_A_TEAM:
        others = [t for t in teams if t.pk != giver.team_id]
        team = rng.choice(others or teams)
        return _give(giver, [], [team], picked, rng.choice(TEAM_MESSAGES), at)
    if rng.random() < ACROSS_TEAMS:
        pool = [p for p in people if p.team_id != giver.team_id]
    else:
        pool = [p for p in by_team.get(giver.team_id or 0, []) if p.pk != giver.pk]
    pool = pool or [p for p in people if p.pk != giver.pk]
    thanked = rng.sample(pool, min(len(pool), rng.choice((1, 1, 1, 2))))
    return _give(giver, thanked, [], picked, _message(chosen[0], rng), at)


def _give(
    giver: Person,
    people: list[Person],
    teams: list[Team],
    values: list[Value],
    message: str,
    at: datetime,
    ticket: Ticket | None = None,
) -> Kudos | None:
    new = services.NewKudos(
        message=message, values=values, people=people, teams=teams, ticket=ticket
    )
    try:
        return services.give_kudos(giver, new, at=at)
    except ValidationError:
        return None  # the giver's daily limit, say: a real giver would have waited a day


def _sign_ins(values: dict[str, Value], now: datetime) -> list[Kudos]:
    """The requester thanks the agent (for the latest request of hers the agent worked on), and
    the agent's whole team, in the last two days (so both hear of it)."""
    named = {p.username: p for p in Person.objects.filter(username__in=["requester", "agent"])}
    requester, agent = named.get("requester"), named.get("agent")
    if requester is None or agent is None or agent.team_id is None:
        return []
    ticket = (
        Ticket.objects.filter(requester=requester, status__in=THANKABLE, entries__actor=agent)
        .order_by("-resolved_at")
        .first()
    )
    thanks = _give(
        requester,
        [agent],
        [],
        [values["Caring"], values["Follow-through"]],
        "You kept me posted at every step and had it sorted before my client meeting. Thank you!",
        now - timedelta(days=1, hours=2),
        ticket,
    )
    whole = _give(
        requester,
        [],
        [Team.objects.get(pk=agent.team_id)],
        [values["Competence"]],
        "Thanks to the whole Service Desk for the smooth laptop refresh in our office.",
        now - timedelta(hours=30),
    )
    return [k for k in (thanks, whole) if k is not None]


def _hide_one(made: list[Kudos], rng: random.Random, now: datetime) -> None:
    """A lead of a recipient's team hides one kudos, saying why."""
    candidates = [
        k for k in made if k.ticket_id is None and now - k.created_at > timedelta(days=20)
    ]
    if not candidates:
        return
    kudos = rng.choice(candidates)
    homes = list(kudos.recipients.exclude(home_team=None).values_list("home_team_id", flat=True))
    lead = (
        Person.objects.active()
        .filter(memberships__team_id__in=homes, memberships__role=Role.LEAD)
        .order_by("pk")
        .first()
    )
    if lead is None:
        return
    services.hide_kudos(lead, kudos, HIDDEN_REASON, at=kudos.created_at + timedelta(hours=3))
