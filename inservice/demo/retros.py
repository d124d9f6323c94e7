"""The demo's retrospectives: IT Service Desk and HR Operations looking back at onboarding new
starters, made through insights.services_retros by IT's lead as the board would have been used.

- A closed one about a month ago, over the three months before it: cards in each column with
  votes, and three action items, each a request of its owner's team: one done, one overdue
  (due two weeks ago and still open), one open and due in ten days. Their requests are opened
  when the demo is loaded, their due dates set as they were agreed.
- An open one between the same teams over the month since, which starts with those actions and
  their outcomes; a few cards so far.

Made after the directory, the catalog and the history exist; does nothing when there is any
retrospective already, or when either team is missing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from inservice.insights import periods
from inservice.insights import services_retros as retros
from inservice.insights.models_retros import RetroCard, Retrospective
from inservice.insights.permissions_retros import Retro, get_retro_for_user
from inservice.org.choices import Role
from inservice.org.models import Membership, Person, Team
from inservice.tickets import services as tickets

Progress = Callable[[str], None]

IT, HR = "IT", "HR"  # the teams' request key prefixes
CLOSED_DAYS_AGO = 30
CLOSED_PERIOD_DAYS = 90


@dataclass(frozen=True)
class CardSpec:
    column: str
    team: str  # whose member writes it
    text: str
    votes: int = 0


CLOSED_CARDS = (
    CardSpec(
        "well",
        HR,
        "Laptops were ready on day one for everyone who started this quarter.",
        votes=4,
    ),
    CardSpec("well", IT, "The onboarding workflow's checklist: no more chasing by email.", 2),
    CardSpec("well", HR, "IT answered our access questions the same day."),
    CardSpec(
        "improve",
        IT,
        "Start dates reach us four working days ahead, not the ten our agreement asks for.",
        votes=5,
    ),
    CardSpec("improve", HR, "Contractors have no email account on their first day.", votes=3),
    CardSpec("improve", IT, "Name changes arrive as emails, not requests, and get lost."),
    CardSpec("ideas", HR, "A shared calendar of start dates, fed by the onboarding workflow.", 2),
    CardSpec("ideas", IT, "Send HR a weekly list of laptops in stock."),
)
OPEN_CARDS = (
    CardSpec("well", HR, "Onboarding requests now arrive with the start date filled in.", 2),
    CardSpec("improve", IT, "Contractor accounts still wait on a manual step in HR's system."),
    CardSpec("ideas", HR, "Review the agreement's notice period at the next quarterly check."),
)


@dataclass(frozen=True)
class ActionSpec:
    team: str  # the owner's team
    text: str
    due_in_days: int  # from the day the retrospective met
    done: bool = False
    from_card: int | None = None  # index into CLOSED_CARDS


ACTIONS = (
    ActionSpec(
        HR,
        "Start the onboarding workflow the day the contract is signed, not the week before.",
        due_in_days=14,
        done=True,
        from_card=3,
    ),
    ActionSpec(
        IT,
        "Create contractors' accounts from HR Operations' request, not from an email.",
        due_in_days=16,
        from_card=4,
    ),
    ActionSpec(IT, "Publish a weekly list of laptops in stock for HR.", due_in_days=40),
)


def build_retros(now: datetime, progress: Progress) -> int:
    """The two retrospectives; returns how many were made."""
    if Retrospective.objects.exists():
        return 0
    teams = {t.key_prefix: t for t in Team.objects.filter(key_prefix__in=(IT, HR))}
    if len(teams) < 2:
        progress("no IT Service Desk or HR Operations: left out")
        return 0
    lead = _leads(teams[IT])
    people = {prefix: _members(team) for prefix, team in teams.items()}
    if not lead or not all(people.values()):
        progress("a team without people: left out")
        return 0
    facilitator = lead[0]
    met = now - timedelta(days=CLOSED_DAYS_AGO)
    met_day = periods.local_day(met)
    closed = retros.create_retrospective(
        facilitator,
        retros.RetroDraft(
            teams=[teams[IT], teams[HR]],
            start=met_day - timedelta(days=CLOSED_PERIOD_DAYS),
            end=met_day - timedelta(days=1),
            title="Onboarding new starters: IT Service Desk and HR Operations",
        ),
        now=met,
    )
    view = _view(facilitator, closed)
    cards = _cards(view, CLOSED_CARDS, people, met)
    for spec in ACTIONS:
        owner = people[spec.team][0]
        action = retros.add_action(
            facilitator,
            view,
            retros.ActionDraft(
                text=spec.text,
                owner=owner,
                due_on=met_day + timedelta(days=spec.due_in_days),
                card=cards[spec.from_card] if spec.from_card is not None else None,
            ),
            now=met + timedelta(minutes=30),
        )
        if spec.done:
            tickets.transition(owner, action.ticket, "resolve")
    retros.close_retrospective(facilitator, view, now=met + timedelta(hours=1))

    again = now - timedelta(hours=2)
    current = retros.create_retrospective(
        facilitator,
        retros.RetroDraft(
            teams=[teams[IT], teams[HR]],
            start=met_day,
            end=periods.local_day(again),
            title="Onboarding, one month on",
        ),
        now=again,
    )
    _cards(_view(facilitator, current), OPEN_CARDS, people, again)
    progress(f"2 retrospectives, {len(ACTIONS)} actions")
    return 2


def _view(person: Person, retro: Retrospective) -> Retro:
    person.forget_memberships()
    return get_retro_for_user(person, retro.pk)


def _cards(
    view: Retro, specs: tuple[CardSpec, ...], people: dict[str, list[Person]], at: datetime
) -> list[RetroCard]:
    """The cards, each by a member of its team, and votes from the others."""
    everyone = [p for members in people.values() for p in members]
    made = []
    for n, spec in enumerate(specs):
        members = people[spec.team]
        author = members[n % len(members)]
        card = retros.add_card(author, view, spec.column, spec.text, now=at + timedelta(minutes=n))
        voters = [p for p in everyone if p.pk != author.pk][: spec.votes]
        for voter in voters:
            retros.toggle_vote(voter, view, card, now=at + timedelta(minutes=n + 1))
        made.append(card)
    return made


def _leads(team: Team) -> list[Person]:
    rows = Membership.objects.filter(team=team, role=Role.LEAD, person__is_active=True)
    return [m.person for m in rows.select_related("person").order_by("pk")]


def _members(team: Team, count: int = 3) -> list[Person]:
    """A few of the team's people, members first (the lead when there are none)."""
    rows = (
        Membership.objects.filter(team=team, person__is_active=True)
        .select_related("person")
        .order_by("-role", "person__name", "pk")  # "member" sorts after "lead": members first
    )
    return [m.person for m in rows[:count]]
