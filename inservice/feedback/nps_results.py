"""What a team's NPS campaigns say, for pages, the API and the CSV. Reads only.

Scores come from one aggregate query over the answers (a campaign's, or a team's campaigns'
at once, for the trend), an anonymous campaign's reasons from the engine (`results.
question_results`); every figure passes the anonymity rules before anyone sees it,
administrators included (feedback.anonymity, and the engine's `results.visible_departments`
for the breakdown):

- an anonymous campaign shows nothing before it closes (its results are released at close,
  never one response at a time); a named one shows its answers as they come;
- an anonymous campaign's score, its breakdown by requesting department (the respondent's
  department when they answered), its reasons and their tone show only over at least the
  campaign's minimum group; departments too small to show are folded into "other departments"
  when together they reach the minimum, and hidden otherwise, so that no department can be
  worked out by subtracting the others from the total; reasons come in random order, without
  department or score;
- a named campaign shows every department, and each reason with who gave it and their score,
  by department and then name.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.translation import gettext as _

from inservice.feedback import anonymity, results
from inservice.feedback.models.surveys import Answer, QuestionKind, Survey, SurveyState
from inservice.feedback.nps_score import NpsScore, from_counts, sparkline
from inservice.lib.sentiment import Tone
from inservice.org.models import Team

TREND_LENGTH = 12  # closed campaigns in a team's trend: three years of quarters
CAMPAIGNS_LISTED = 100  # on the team's page and in the API, newest first


@dataclass(frozen=True)
class Group:
    """One requesting department's score (department None: people in no department)."""

    department_id: int | None
    name: str
    score: NpsScore


@dataclass(frozen=True)
class Reason:
    text: str
    tone: str
    department: str = ""  # named campaigns only
    person: str = ""  # named campaigns only
    person_id: int | None = None
    score: int | None = None  # named campaigns only

    @property
    def tone_label(self) -> str:
        return str(Tone(self.tone).label) if self.tone else ""


@dataclass(frozen=True)
class CampaignResults:
    survey: Survey
    released: bool  # anything may be shown at all
    score: NpsScore | None  # None: not released, or too few answers in an anonymous campaign
    groups: list[Group] = field(default_factory=list)
    other: NpsScore | None = None  # the departments too small to show, together
    reasons: list[Reason] | None = None  # None: hidden, or not for this reader
    tones: dict[str, int] | None = None  # None: hidden


@dataclass(frozen=True)
class TrendPoint:
    survey: Survey
    score: NpsScore | None  # None: too few answers to show (anonymous) or none at all
    status: str  # see status_of

    @property
    def too_few(self) -> bool:
        return self.status == "too_few_answers"


def is_released(survey: Survey) -> bool:
    """Whether a campaign's figures may be shown at all: an anonymous one's at close only."""
    if survey.anonymous:
        return survey.is_released
    return survey.state in (SurveyState.OPEN, SurveyState.CLOSED)


def shown(survey: Survey, answers: int) -> bool:
    """Whether a figure over `answers` people of this campaign may be shown."""
    return not survey.anonymous or anonymity.may_show(answers, survey.min_group)


def campaign_results(survey: Survey, *, with_reasons: bool) -> CampaignResults:
    """The campaign's score, breakdown and (when `with_reasons`, for those who run the team's
    campaigns) its reasons and their tone, each as far as the rules above allow."""
    if not is_released(survey):
        return CampaignResults(survey=survey, released=False, score=None)
    rows = list(
        Answer.objects.filter(question__survey=survey, question__kind=QuestionKind.SCALE)
        .values_list("response__department_id", "response__department__name", "number")
        .annotate(n=Count("id"))
        .order_by()
    )
    by_department: dict[int | None, Counter[int]] = defaultdict(Counter)
    names: dict[int | None, str] = {}
    for department_id, name, number, count in rows:
        if number is not None:
            by_department[department_id][number] += count
        names[department_id] = name or _("No department")
    total: Counter[int] = Counter()
    for counts in by_department.values():
        total.update(counts)
    overall = from_counts(total)
    if not shown(survey, overall.answers):
        return CampaignResults(survey=survey, released=True, score=None)
    visible = set(by_department) if not survey.anonymous else results.visible_departments(survey)
    groups = sorted(
        (
            Group(pk, names[pk], from_counts(counts))
            for pk, counts in by_department.items()
            if pk in visible
        ),
        key=lambda g: (g.name.casefold(), g.department_id or 0),
    )
    hidden: Counter[int] = Counter()
    for pk, counts in by_department.items():
        if pk not in visible:
            hidden.update(counts)
    folded = from_counts(hidden)
    other = folded if folded.answers and shown(survey, folded.answers) else None
    result = CampaignResults(
        survey=survey, released=True, score=overall, groups=groups, other=other
    )
    if not with_reasons:
        return result
    found = _named_reasons(survey) if not survey.anonymous else _anonymous_reasons(survey)
    if found is None:
        return result
    reasons, tones = found
    return CampaignResults(
        survey=survey,
        released=True,
        score=overall,
        groups=groups,
        other=other,
        reasons=reasons,
        tones=tones,
    )


Reasons = tuple[list[Reason], dict[str, int]]


def _anonymous_reasons(survey: Survey) -> Reasons | None:
    """The reasons and their tone counts as the engine releases them: only when at least the
    minimum wrote one, the reasons in random order with nothing beside them. None: hidden."""
    for found in results.question_results(survey):
        if found.question.kind != QuestionKind.TEXT:
            continue
        if found.hidden:
            return None
        # Tone counts apart from the texts: a tone beside each reason would let a reader sort
        # them, and the engine gives them apart for that reason.
        reasons = [Reason(text=text, tone="") for text in found.comments]
        return reasons, {tone.value: count for tone, count in found.tones}
    return None


def _named_reasons(survey: Survey) -> Reasons:
    """Each reason with who gave it and their score: by department, then name."""
    scores = dict(
        Answer.objects.filter(question__survey=survey, question__kind=QuestionKind.SCALE)
        .values_list("response_id", "number")
        .order_by()
    )
    texts = (
        Answer.objects.filter(question__survey=survey, question__kind=QuestionKind.TEXT)
        .exclude(text="")
        .values_list(
            "response_id",
            "text",
            "tone",
            "response__department__name",
            "response__person_id",
            "response__person__name",
        )
        .order_by()
    )
    reasons = [
        Reason(
            text=text,
            tone=tone,
            department=department or _("No department"),
            person=person or _("Someone who has left"),
            person_id=person_id,
            score=scores.get(response_id),
        )
        for response_id, text, tone, department, person_id, person in texts
    ]
    reasons.sort(key=lambda r: (r.department.casefold(), r.person.casefold()))
    tones = Counter(r.tone for r in reasons if r.tone)
    return reasons, {tone.value: tones.get(tone.value, 0) for tone in Tone}


# -- a team's campaigns ---------------------------------------------------------------------


def campaigns_of(team: Team) -> list[Survey]:
    """The team's campaigns, newest first (at most CAMPAIGNS_LISTED)."""
    rows = Survey.objects.nps().filter(owner=team).order_by("-opens_on", "-pk")
    return list(rows[:CAMPAIGNS_LISTED])


def scores_of(surveys: Sequence[Survey]) -> dict[int, NpsScore | None]:
    """Each campaign's score, as far as the rules allow (None: hidden or no answers), in one
    query whatever the number of campaigns."""
    released = [s for s in surveys if is_released(s)]
    counts: dict[int, Counter[int]] = {s.pk: Counter() for s in released}
    if released:
        rows = (
            Answer.objects.filter(
                question__survey__in=[s.pk for s in released], question__kind=QuestionKind.SCALE
            )
            .values_list("question__survey_id", "number")
            .annotate(n=Count("id"))
            .order_by()
        )
        for survey_id, number, count in rows:
            if number is not None:
                counts[survey_id][number] += count
    out: dict[int, NpsScore | None] = {s.pk: None for s in surveys}
    for survey in released:
        score = from_counts(counts[survey.pk])
        out[survey.pk] = score if score.answers and shown(survey, score.answers) else None
    return out


def status_of(survey: Survey, score: NpsScore | None) -> str:
    """How a campaign's score stands, for lists and the API: "not_open" (a draft),
    "released_at_close" (an open anonymous campaign), "no_answers", "too_few_answers" (an
    anonymous campaign below its minimum) or "shown"."""
    if survey.state == SurveyState.DRAFT:
        return "not_open"
    if not is_released(survey):
        return "released_at_close"
    if score is not None:
        return "shown"
    return "too_few_answers" if survey.anonymous else "no_answers"


def trend(team: Team, campaigns: Iterable[Survey] | None = None) -> list[TrendPoint]:
    """The team's closed campaigns in order of closing (the last TREND_LENGTH), each with its
    score, or "too few answers"; from `campaigns` when the caller has read them already."""
    if campaigns is None:
        closed = list(
            Survey.objects.nps()
            .filter(owner=team, state=SurveyState.CLOSED)
            .order_by("-closes_on", "-pk")[:TREND_LENGTH]
        )
    else:
        closed = sorted(
            (s for s in campaigns if s.state == SurveyState.CLOSED),
            key=lambda s: (s.closes_on, s.pk),
            reverse=True,
        )[:TREND_LENGTH]
    closed.reverse()
    scores = scores_of(closed)
    return [
        TrendPoint(survey, scores[survey.pk], status_of(survey, scores[survey.pk]))
        for survey in closed
    ]


def trend_line(points: Sequence[TrendPoint]) -> str:
    """The trend as text bars (a dot where a campaign has too few answers)."""
    return sparkline([p.score.score if p.score else None for p in points])


def last_closed(points: Sequence[TrendPoint]) -> TrendPoint | None:
    return points[-1] if points else None
