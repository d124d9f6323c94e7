"""Internal NPS campaigns per team: the only write path (callers: `from inservice.feedback.services
import nps`).

A campaign is a survey of kind "nps" (models.surveys) about one team, built and run by the survey
engine (services.surveys): two questions, "How likely are you to recommend working with <team>
to a colleague?" (0-10) and "What is the main reason?" (optional), asked of a random sample of
the people who asked the team for something in a period (its requests' requesters, active, not
the team's own people). Named or anonymous; an anonymous one obeys every anonymity rule of the
engine and of nps_results.

Quarterly campaigns need no schedule of their own: a team whose campaign covered a whole
calendar quarter gets the next quarter's automatically, on the first working day of the quarter
after it (from then on, so a missed day is caught up), with the same settings, open for
OPEN_DAYS days (`start_quarterly_campaign`, run daily by tasks_nps).
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import formats
from django.utils.translation import gettext as _

from inservice.feedback import tasks_nps
from inservice.feedback.anonymity import DEFAULT_MIN_GROUP
from inservice.feedback.models.surveys import (
    Question,
    QuestionKind,
    Survey,
    SurveyKind,
    SurveyState,
)
from inservice.feedback.nps_score import SCALE_MAX, SCALE_MIN, previous_quarter, quarter_of
from inservice.feedback.permissions_nps import can_run_campaigns
from inservice.feedback.services import surveys
from inservice.lib.queries import unique
from inservice.lib.tasks import enqueue_on_commit
from inservice.notifications.choices import Kind
from inservice.org.choices import Role
from inservice.org.models import Membership, Person, Team
from inservice.sla import business
from inservice.tickets.models import Ticket
from inservice.workflows.schedule import is_working_day

MAX_SAMPLE = 2_000  # people asked in one campaign
# Distinct requesters read to draw a sample from: one team's requesters in a period stay far
# below this; the cap keeps the read bounded whatever the history.
MAX_POOL = 50_000
OPEN_DAYS = 14  # a quarterly campaign is open this many days
BATCH = 500  # campaigns the daily task opens or closes per run

Problems = dict[str, list[str]]


# -- the campaign ---------------------------------------------------------------------------


def score_question(team: Team) -> str:
    return _("How likely are you to recommend working with %(team)s to a colleague?") % {
        "team": team.name
    }


def reason_question() -> str:
    return _("What is the main reason?")


def default_title(team: Team, period_start: date, period_end: date) -> str:
    """ "IT Service Desk: NPS Q3 2026" for a calendar quarter, else the period's dates."""
    if (period_start, period_end) == quarter_of(period_start):
        quarter = (period_start.month - 1) // 3 + 1
        return _("%(team)s: NPS Q%(quarter)s %(year)s") % {
            "team": team.name,
            "quarter": quarter,
            "year": period_start.year,
        }
    return _("%(team)s: NPS %(start)s to %(end)s") % {
        "team": team.name,
        "start": formats.date_format(period_start, "j M Y"),
        "end": formats.date_format(period_end, "j M Y"),
    }


def campaign_problems(
    team: Team,
    *,
    period_start: date,
    period_end: date,
    sample_size: int,
    opens_on: date,
    closes_on: date,
    today: date,
) -> Problems:
    """What is wrong with a campaign before the engine checks the survey itself (empty when
    nothing): the period, the sample and the dates, by field."""
    errors: Problems = {}

    def refuse(where: str, message: str) -> None:
        errors.setdefault(where, []).append(message)

    if period_end < period_start:
        refuse("period_end", _("The period ends before it starts."))
    if period_start > today:
        refuse("period_start", _("The period has not begun: choose requests already made."))
    elif period_end > today:
        refuse(
            "period_end",
            _("The period ends in the future: end it today (%(today)s) at the latest.")
            % {"today": formats.date_format(today, "j M Y")},
        )
    if sample_size < 1:
        refuse("sample_size", _("Ask at least one person."))
    elif sample_size > MAX_SAMPLE:
        refuse("sample_size", _("Ask at most %(n)s people.") % {"n": f"{MAX_SAMPLE:,}"})
    if opens_on < today:
        refuse("opens_on", _("A campaign cannot open in the past."))
    if closes_on <= opens_on:
        refuse(
            "closes_on",
            _("The campaign closes after it opens (%(date)s).")
            % {"date": formats.date_format(opens_on, "j M Y")},
        )
    periods_ok = "period_start" not in errors and "period_end" not in errors
    if periods_ok and not requesters_of(team, period_start, period_end).exists():
        refuse(
            "period_start",
            _(
                "No one outside %(team)s asked it for anything from %(start)s to %(end)s: "
                "there is no one to ask."
            )
            % {
                "team": team.name,
                "start": formats.date_format(period_start, "j M Y"),
                "end": formats.date_format(period_end, "j M Y"),
            },
        )
    return errors


def create_campaign(
    actor: Person,
    team: Team,
    *,
    title: str | None = None,
    period_start: date,
    period_end: date,
    sample_size: int,
    anonymous: bool,
    opens_on: date,
    closes_on: date,
    today: date,
    min_group: int = DEFAULT_MIN_GROUP,
) -> Survey:
    """A new campaign about `team`, as one of its leads or an administrator: checked whole (the
    period, the sample, the dates, then the survey by the engine; ValidationError keyed by
    field), written as a draft survey of the two questions. One opening today is launched
    after the commit; a later one by the daily task (tasks_nps.open_due_campaigns)."""
    if not can_run_campaigns(actor, team):
        raise PermissionDenied(
            _("Only the leads of %(team)s can run its NPS campaigns.") % {"team": team.name}
        )
    problems = campaign_problems(
        team,
        period_start=period_start,
        period_end=period_end,
        sample_size=sample_size,
        opens_on=opens_on,
        closes_on=closes_on,
        today=today,
    )
    if problems:
        raise ValidationError(problems)
    draft = surveys.SurveyDraft(
        title=(title or "").strip() or default_title(team, period_start, period_end),
        intro=_(
            "%(team)s would like to know how working with them has been for you, to learn what "
            "to keep and what to change."
        )
        % {"team": team.name},
        owner=team,
        opens_on=opens_on,
        closes_on=closes_on,
        questions=(
            surveys.QuestionDraft(
                kind=QuestionKind.SCALE,
                text=score_question(team),
                scale_min=SCALE_MIN,
                scale_max=SCALE_MAX,
                required=True,
            ),
            surveys.QuestionDraft(kind=QuestionKind.TEXT, text=reason_question(), required=False),
        ),
        min_group=min_group,
        anonymous=anonymous,
        kind=SurveyKind.NPS,
        period_start=period_start,
        period_end=period_end,
        sample_size=sample_size,
    )
    with transaction.atomic():
        survey = surveys.create_survey(actor, draft, today=today)
        if opens_on <= today:
            enqueue_on_commit(tasks_nps.launch_campaign, survey.pk, today.isoformat())
    return survey


# -- who is asked ---------------------------------------------------------------------------


def requesters_of(team: Team, period_start: date, period_end: date) -> QuerySet[Ticket, int]:
    """The distinct people who asked `team` for something from `period_start` to `period_end`
    (whole days in the team's calendar's zone), active, neither members of the team nor
    placed in it, in person order."""
    zone = business.for_team(team).zone
    since = datetime.combine(period_start, time(), tzinfo=zone)
    until = datetime.combine(period_end + timedelta(days=1), time(), tzinfo=zone)
    members = Membership.objects.filter(team=team).values("person_id")
    return (
        Ticket.objects.filter(
            team=team, created_at__gte=since, created_at__lt=until, requester__is_active=True
        )
        .exclude(requester_id__in=members)
        .exclude(requester__team=team)
        .order_by("requester_id")
        .values_list("requester_id", flat=True)
        .distinct()
    )


def sample(
    team: Team, period_start: date, period_end: date, size: int, rng: random.Random
) -> list[int]:
    """At most `size` of the team's requesters in the period (see `requesters_of`), drawn at
    random with `rng`, in person order: one query, of at most MAX_POOL rows."""
    pool = list(requesters_of(team, period_start, period_end)[:MAX_POOL])
    return sorted(rng.sample(pool, min(max(size, 0), len(pool))))


def launch_campaign(survey_id: int, today: date, seed: int) -> bool:
    """Opens a draft campaign whose day has come: draws its sample (with `seed`) and has the
    engine write their participations and invite each (Kind.NPS_INVITE). Idempotent: False
    when the campaign is not a draft due to open (already open, closed, not yet due)."""
    survey = unique(
        Survey.objects.nps()
        .select_related("owner__calendar")
        .filter(pk=survey_id, state=SurveyState.DRAFT, opens_on__lte=today)
    )
    if survey is None or survey.period_start is None or survey.period_end is None:
        return False
    people = sample(
        survey.owner,
        survey.period_start,
        survey.period_end,
        survey.sample_size or 0,
        random.Random(seed),  # noqa: S311 — a sample of colleagues, not a secret
    )
    return surveys.open_survey(survey.pk, today, people=people, invite=Kind.NPS_INVITE)


# -- answering and closing ------------------------------------------------------------------


def questions_of(survey: Survey) -> tuple[Question, Question]:
    """The campaign's score question and its reason question."""
    rows = list(Question.objects.filter(survey=survey).order_by("position"))
    score = next(q for q in rows if q.kind == QuestionKind.SCALE)
    reason = next(q for q in rows if q.kind == QuestionKind.TEXT)
    return score, reason


def answer_campaign(person: Person, survey: Survey, score: int | None, reason: str) -> None:
    """The person's answer, through the engine's `submit` (which refuses a closed campaign,
    someone not invited, a second answer, a score outside 0-10, a reason too long; keyed
    "questions.<id>" or "survey", nothing stored). Like `submit`, it logs and announces
    nothing: an answer leaves no trace but itself."""
    score_q, reason_q = questions_of(survey)
    answers: dict[int, object] = {}
    if score is not None:
        answers[score_q.pk] = score
    if reason.strip():
        answers[reason_q.pk] = reason.strip()
    surveys.submit(person, survey, answers)


def field_names(survey: Survey) -> Mapping[str, str]:
    """The engine's error keys for this campaign's questions, by the name forms and the API
    use: {"questions.12": "score", "questions.13": "reason"}."""
    score_q, reason_q = questions_of(survey)
    return {f"questions.{score_q.pk}": "score", f"questions.{reason_q.pk}": "reason"}


def close_campaign(actor: Person, survey: Survey) -> None:
    """Closes an open campaign before its day, as one of the team's leads or an administrator
    (the engine's close_now: results are released)."""
    if not can_run_campaigns(actor, survey.owner_id):
        raise PermissionDenied(_("Only the team's leads can close this campaign."))
    surveys.close_now(actor, survey)


# -- the daily work -------------------------------------------------------------------------


def campaigns_to_open(today: date) -> list[int]:
    # A draft whose closing day has passed never opens (the engine refuses it): left out, so
    # it cannot take a place in every batch.
    due = Survey.objects.nps().filter(
        state=SurveyState.DRAFT, opens_on__lte=today, closes_on__gt=today
    )
    return list(due.order_by("opens_on", "pk").values_list("pk", flat=True)[:BATCH])


def campaigns_to_close(today: date) -> list[int]:
    due = Survey.objects.nps().filter(state=SurveyState.OPEN, closes_on__lte=today)
    return list(due.order_by("closes_on", "pk").values_list("pk", flat=True)[:BATCH])


def first_working_day(team: Team, start: date) -> date:
    """The first working day of the team's calendar from `start` on."""
    table = business.for_team(team)
    day = start
    while not is_working_day(table, day) and day < start + timedelta(days=31):
        day += timedelta(days=1)
    return day


def quarterly_due(today: date) -> list[int]:
    """Teams due their next quarterly campaign: a campaign covered the quarter before the last
    one, and none covers the last one yet."""
    last = previous_quarter(today)
    before = previous_quarter(last[0])
    chained = Survey.objects.nps().filter(period_start=before[0], period_end=before[1])
    done = Survey.objects.nps().filter(period_start=last[0], period_end=last[1])
    teams = Team.objects.filter(pk__in=chained.values("owner_id")).exclude(
        pk__in=done.values("owner_id")
    )
    return list(teams.order_by("pk").values_list("pk", flat=True)[:BATCH])


def start_quarterly_campaign(team_id: int, today: date) -> Survey | None:
    """The team's campaign about last quarter, with the settings of its campaign about the
    quarter before, opening today (when today is the quarter's first working day of the
    team's calendar or later) for OPEN_DAYS days; run by the previous campaign's creator when
    they still lead the team, else by a lead of the team. Idempotent: None when the team has
    one already, has no lead, or nobody outside it asked it for anything last quarter."""
    last = previous_quarter(today)
    before = previous_quarter(last[0])
    with transaction.atomic():
        # The team's row lock: two runs of the daily task make one campaign, not two.
        team = unique(Team.objects.select_for_update().filter(pk=team_id))
        if team is None or today < first_working_day(team, quarter_of(today)[0]):
            return None
        campaigns = Survey.objects.nps().filter(owner=team)
        if campaigns.filter(period_start=last[0], period_end=last[1]).exists():
            return None
        previous = (
            campaigns.filter(period_start=before[0], period_end=before[1])
            .select_related("created_by")
            .order_by("-closes_on", "-pk")
            .first()
        )
        if previous is None:
            return None
        actor = _runner(team, previous.created_by)
        if actor is None:
            return None
        try:
            return create_campaign(
                actor,
                team,
                period_start=last[0],
                period_end=last[1],
                sample_size=previous.sample_size or 1,
                anonymous=previous.anonymous,
                opens_on=today,
                closes_on=today + timedelta(days=OPEN_DAYS),
                today=today,
                min_group=previous.min_group,
            )
        except ValidationError:
            return None  # nobody to ask about last quarter: the chain stops here


def _runner(team: Team, creator: Person) -> Person | None:
    if creator.is_active and can_run_campaigns(creator, team):
        return creator
    leads = Person.objects.filter(
        is_active=True, memberships__team=team, memberships__role=Role.LEAD
    )
    return leads.order_by("name", "pk").first()
