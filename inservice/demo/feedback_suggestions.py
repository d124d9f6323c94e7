"""The demo's suggestion box: about thirty suggestions over the last two months, made and answered
through feedback.services.suggestions as they would have been (mostly anonymous; under review,
planned, done, declined with a reason, some still new and a few overdue, escalated to their
leads), so the "you said, we did" board and each team's inbox read well; and two concerns, one
raised by the requester sign-in with IT Service Desk's lead (the lead sign-in), one about a
lead, which goes to that lead's manager.

Reads the organisation from the database (after the directory is built); writes nothing by hand.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from inservice.feedback.models.suggestions import Suggestion
from inservice.feedback.permissions_suggestions import org_owner
from inservice.feedback.services import suggestions as services
from inservice.org.choices import Role, TeamKind
from inservice.org.models import Person, Team

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Idea:
    team: str | None  # a team's request key prefix; None: the whole organisation
    title: str
    body: str
    outcome: str = ""  # the status it ends with; "" stays new
    answer: str = ""
    reason: str = ""  # why it was declined
    named: bool = False


IDEAS = (
    Idea(
        "IT",
        "Self-service password reset",
        "Half our tickets are locked accounts. Let us reset our own passwords after a second factor.",
        "done",
        "Live since Monday: 'Forgot password' on the sign-in page, with your phone as second factor.",
    ),
    Idea(
        "IT",
        "Loan laptops for visitors",
        "Guests in the Berlin office keep borrowing our laptops for presentations.",
        "planned",
        "Two loan laptops arrive next month; book them like a meeting room.",
    ),
    Idea(
        "IT",
        "Status page for outages",
        "When email is down we all raise a request. A status page would save everyone time.",
        "under_review",
        "We are comparing two tools and will decide by the end of the quarter.",
    ),
    Idea(
        "IT",
        "Faster laptop refresh",
        "Four years is too long for a developer laptop; builds take forever.",
        "declined",
        "Thank you: we looked at it closely.",
        "The refresh cycle is set by finance for the whole company; we now offer a RAM upgrade after three years instead.",
        named=True,
    ),
    Idea(
        "IT",
        "Dark mode for the portal",
        "Some of us work late; a dark theme would be easier on the eyes.",
    ),
    Idea(
        "INFRA",
        "VPN drops every hour",
        "The VPN disconnects every hour on the dot when working from home.",
        "done",
        "The session timeout was misconfigured; it now lasts a full working day.",
    ),
    Idea(
        "INFRA",
        "More meeting-room screens",
        "Half the rooms on floor 2 have no screen for video calls.",
        "planned",
        "Screens for six rooms are ordered; fitting in March.",
    ),
    Idea(
        "SEC",
        "Shorter security training",
        "The yearly training takes three hours and repeats last year's.",
        "under_review",
        "We are splitting it into short modules; a draft is being tested.",
    ),
    Idea(
        "SEC",
        "Phishing report button",
        "A button in the mail client to report phishing in one click.",
        "done",
        "The 'Report phishing' button is in every mailbox now. Thank you!",
    ),
    Idea(
        "HR",
        "Clearer parental leave guide",
        "The policy is spread over three documents. One page would help.",
        "done",
        "One page, with examples, is on the intranet under Leave.",
        named=True,
    ),
    Idea(
        "HR",
        "Onboarding buddy",
        "New colleagues would settle in faster with a buddy for the first month.",
        "planned",
        "Starting with the next intake; volunteers can sign up in the form.",
    ),
    Idea(
        "HR",
        "Flexible public holidays",
        "Let people swap a public holiday for one of their own culture.",
        "declined",
        "We understand why this matters.",
        "Local labour law in two of our countries does not allow swapping public holidays; we added two floating days instead.",
    ),
    Idea(
        "PAY",
        "Payslips by email",
        "Please send payslips by email instead of the portal only.",
        "under_review",
        "Checking with data protection whether email is safe enough.",
    ),
    Idea(
        "PAY",
        "Expenses paid weekly",
        "Waiting a month for expenses is hard for junior staff who travel.",
        "planned",
        "Weekly expense runs start next quarter.",
    ),
    Idea(
        "AP",
        "Invoice status lookup",
        "Suppliers keep asking us when they will be paid.",
        "done",
        "Suppliers can now look up an invoice's status on the supplier portal.",
    ),
    Idea(
        "PROC",
        "Preferred suppliers list",
        "Publish the list of preferred suppliers so we stop asking for quotes everywhere.",
        "done",
        "The list is on the Procurement page and kept monthly.",
    ),
    Idea(
        "PROC",
        "Faster purchase approvals",
        "Small purchases under 500 need three approvals; one should do.",
        "under_review",
        "Finance is reviewing the thresholds with us.",
    ),
    Idea(
        "LEGAL",
        "Contract templates in one place",
        "Standard NDAs and order forms are hard to find.",
        "done",
        "All templates are in the Legal library, newest version only.",
    ),
    Idea(
        "FAC",
        "Bike parking",
        "The bike racks are full by 8:30; more space would help.",
        "planned",
        "Twenty more racks in the courtyard in April.",
    ),
    Idea(
        "FAC",
        "Quiet room",
        "Open-plan floors are loud. A bookable quiet room would help focus.",
        "declined",
        "Sorry, not this year.",
        "Every room on the floor is needed for meetings until the new floor opens in the autumn; the quiet room is in its plan.",
    ),
    Idea("FAC", "Water fountains on floor 4", "Floor 4 has no water fountain at all."),
    Idea(
        "SOM",
        "Order status in the CRM",
        "Account executives cannot see order status without emailing us.",
        "planned",
        "An order status field syncs to the CRM from next release.",
    ),
    Idea(
        "SUP",
        "Shared macros for common questions",
        "We answer the same five questions all day; shared macros would help.",
        "done",
        "Ten macros are live in the support tool.",
        named=True,
    ),
    Idea(
        "PLAT",
        "Staging environment per team",
        "Teams wait for each other on the one staging environment.",
        "under_review",
        "We are costing an environment per team.",
    ),
    Idea(
        "LOG",
        "Delivery tracking links",
        "Give us tracking links for internal deliveries between offices.",
    ),
    Idea(
        None,
        "Four-day week trial",
        "Other companies tried a four-day week with good results. Could we trial it in one team?",
        "under_review",
        "The leadership team is discussing a trial for the summer.",
    ),
    Idea(
        None,
        "Recycling on every floor",
        "Only the kitchen on floor 1 has recycling bins.",
        "done",
        "Bins for paper, plastic and glass are on every floor now.",
    ),
    Idea(
        None,
        "Company-wide volunteering day",
        "One paid day a year to volunteer for a charity.",
        "planned",
        "Starting next year: one volunteering day for everyone.",
    ),
    Idea(
        None,
        "Free lunch on Fridays",
        "A shared lunch would bring teams together.",
        "declined",
        "Thank you for the idea.",
        "The budget does not allow it this year; team lunches can be expensed once a quarter instead.",
    ),
    Idea(None, "Standing desks", "Several of us have back problems; standing desks would help."),
)
# Days before now each suggestion was made, drawn from this range (older ones are answered).
MADE_DAYS_AGO = (3, 60)
OVERDUE = 3  # suggestions left new past their due time, escalated to the leads


def build_suggestions(now: datetime, rng: random.Random, progress: Progress) -> int:
    """The demo's suggestions and two concerns; returns the suggestions made."""
    teams = {t.key_prefix: t for t in Team.objects.filter(kind=TeamKind.TEAM)}
    people = list(Person.objects.filter(is_active=True, is_superuser=False).order_by("pk"))
    if not teams or not people:
        return 0
    made = 0
    overdue_left = OVERDUE
    for idea in IDEAS:
        team = teams.get(idea.team) if idea.team else None
        if idea.team and team is None:
            continue
        author = rng.choice(people)
        days_ago = rng.randint(*MADE_DAYS_AGO)
        if not idea.outcome and overdue_left:
            days_ago, overdue_left = max(days_ago, 25), overdue_left - 1
        elif not idea.outcome:
            days_ago = rng.randint(1, 6)  # still within its ten working days
        at = now - timedelta(days=days_ago, hours=rng.randint(0, 8))
        submitted = services.submit_suggestion(
            author,
            services.NewSuggestion(team, idea.title, idea.body, anonymous=not idea.named),
            at=at,
        )
        suggestion = submitted.suggestion
        if suggestion.reaches_team_at <= now:
            services.announce_suggestion(suggestion.pk, suggestion.reaches_team_at)
        if idea.outcome:
            _answer(suggestion, idea, rng, now)
        elif suggestion.due_at < now:
            services.escalate_suggestion(suggestion.pk, suggestion.due_at + timedelta(hours=1))
        made += 1
    progress(f"suggestions {made}")
    _concerns(teams, now, rng)
    progress("concerns 2")
    return made


def _answer(suggestion: Suggestion, idea: Idea, rng: random.Random, now: datetime) -> None:
    """Answered within its due time most often, late now and then; a status on the way first."""
    answerer = _answerer(suggestion)
    if answerer is None:
        return
    span = suggestion.due_at - suggestion.reaches_team_at
    late = rng.random() < 0.2
    first = suggestion.reaches_team_at + span * (
        rng.uniform(1.05, 1.6) if late else rng.uniform(0.1, 0.8)
    )
    first = min(first, now - timedelta(hours=2))
    if idea.outcome in ("done", "planned") and rng.random() < 0.5:
        services.answer_suggestion(
            answerer,
            suggestion,
            status="under_review",
            body="Thanks: we are looking at it.",
            at=first,
        )
        first = min(first + timedelta(days=rng.randint(2, 9)), now - timedelta(hours=1))
    services.answer_suggestion(
        answerer, suggestion, status=idea.outcome, body=idea.answer, reason=idea.reason, at=first
    )


def _answerer(suggestion: Suggestion) -> Person | None:
    """A lead of the owning team (the whole organisation's: its owning team, else an
    administrator)."""
    team = suggestion.team or org_owner()
    if team is not None:
        lead = (
            Person.objects.filter(
                is_active=True, memberships__team=team, memberships__role=Role.LEAD
            )
            .order_by("pk")
            .first()
        )
        if lead is not None:
            return lead
    return Person.objects.filter(is_active=True, is_superuser=True).order_by("pk").first()


def _concerns(teams: dict[str, Team], now: datetime, rng: random.Random) -> None:
    requester = Person.objects.filter(username="requester").first()
    it, facilities = teams.get("IT"), teams.get("FAC")
    if requester is not None and it is not None:
        services.raise_concern(
            requester,
            services.NewConcern(
                team=it,
                body="My laptop request was closed twice without anyone reading my answers. "
                "I lost two days of work waiting.",
            ),
            at=now - timedelta(days=2, hours=3),
        )
    if facilities is not None:
        raiser = rng.choice(list(Person.objects.filter(is_active=True, is_superuser=False)[:50]))
        services.raise_concern(
            raiser,
            services.NewConcern(
                team=facilities,
                body="The team lead dismissed my accessibility request in front of colleagues.",
                about_lead=True,
            ),
            at=now - timedelta(days=1, hours=5),
        )
