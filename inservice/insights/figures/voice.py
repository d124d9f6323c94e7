"""What internal customers say: satisfaction ratings, internal NPS campaigns, and how what they
write reads (sentiment), every anonymous figure under the feedback app's anonymity rules."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, timedelta

from django.db.models import Q
from django.utils.translation import gettext as _

from inservice.feedback import nps_results
from inservice.feedback.anonymity import DEFAULT_MIN_GROUP, may_show
from inservice.feedback.models.surveys import Survey, SurveyState
from inservice.feedback.nps_score import NpsScore, from_counts
from inservice.insights.figures.base import Cell, ChartKind, Figure, Series, Stat, Unit
from inservice.insights.figures.reading import (
    as_of,
    buckets_of,
    each_team_rows,
    in_scope,
    outcome_rows,
    per_bucket,
    percent,
    ratio,
    sums_by_day,
    team_rows,
    totals,
    with_previous,
)
from inservice.insights.figures.targets import TARGETS
from inservice.insights.periods import Period
from inservice.insights.scope import Scope
from inservice.lib.sentiment import Tone

CSAT = ("csat_count", "csat_sum", "csat_satisfied")
NAMED = ("replies", "ratings", "suggestions", "nps")
ANONYMOUS = ("anonymous_suggestions", "anonymous_nps")
TONES = (Tone.POSITIVE.value, Tone.NEUTRAL.value, Tone.NEGATIVE.value)


def csat(scope: Scope, period: Period) -> Figure:
    """Ratings per day (or week) by the day the request was first resolved: two queries."""
    by_day = sums_by_day(outcome_rows(scope, with_previous(period)), CSAT)
    buckets = buckets_of(period)
    sums = per_bucket(by_day, buckets, CSAT)
    now = totals(by_day, period, CSAT)
    before = totals(by_day, period.previous(), CSAT)
    return Figure(
        key="csat",
        title=_("Satisfaction (CSAT)"),
        description=_(
            "Ratings (1 to 5) of requests first resolved each day, whenever they were given; "
            "satisfied: a rating of 4 or 5."
        ),
        chart=ChartKind.LINE,
        unit=Unit.SCORE,
        labels=[b.label for b in buckets],
        series=[Series(_("Average rating"), [ratio(s["csat_sum"], s["csat_count"]) for s in sums])],
        columns=[_("Day or week"), _("Ratings"), _("Average"), _("Satisfied %")],
        rows=[
            [
                b.label,
                s["csat_count"],
                ratio(s["csat_sum"], s["csat_count"]),
                percent(s["csat_satisfied"], s["csat_count"]),
            ]
            for b, s in zip(buckets, sums, strict=True)
        ]
        if now["csat_count"]
        else [],
        stats=[
            Stat(
                _("Average rating"),
                ratio(now["csat_sum"], now["csat_count"]),
                ratio(before["csat_sum"], before["csat_count"]),
                Unit.SCORE,
                target=TARGETS["csat"],
            ),
            Stat(
                _("Satisfied"),
                percent(now["csat_satisfied"], now["csat_count"]),
                percent(before["csat_satisfied"], before["csat_count"]),
                Unit.PERCENT,
                target=TARGETS["satisfied"],
            ),
        ],
        as_of=as_of(period),
    )


def nps(scope: Scope, period: Period) -> Figure:
    """The internal NPS campaigns of the scope's teams that closed in the period, each score as
    far as the feedback app's anonymity rules allow (feedback.nps_results): three queries."""
    span = with_previous(period)
    surveys = (
        Survey.objects.nps()
        .filter(closes_on__gte=span.start, closes_on__lte=span.end)
        .exclude(state=SurveyState.DRAFT)
    )
    found = list(
        in_scope(surveys, scope, "owner").select_related("owner").order_by("closes_on", "pk")
    )
    scores = nps_results.scores_of(found)
    current = [s for s in found if s.closes_on >= period.start]
    previous = [s for s in found if s.closes_on < period.start]
    words = {
        "shown": "",
        "too_few_answers": _("Too few answers to show"),
        "released_at_close": _("Released when it closes"),
        "no_answers": _("No answers"),
    }
    rows: list[list[Cell]] = []
    for survey in current:
        score = scores[survey.pk]
        status = nps_results.status_of(survey, score)
        rows.append(
            [
                survey.owner.name,
                survey.title,
                survey.closes_on.isoformat(),
                score.answers if score else None,
                score.score if score else None,
                words.get(status, ""),
            ]
        )
    return Figure(
        key="nps",
        title=_("Internal NPS"),
        description=_(
            "Campaigns that closed in the period: % promoters (9-10) minus % detractors (0-6) of "
            "the people the team served. A campaign with too few answers shows no score, and "
            "the headline adds up only the campaigns that show one."
        ),
        chart=ChartKind.BAR,
        unit=Unit.SCORE,
        labels=[f"{s.owner.name} · {s.closes_on.isoformat()}" for s in current],
        series=[
            Series(
                _("NPS"),
                [_score(scores[s.pk]) for s in current],
            )
        ],
        columns=[_("Team"), _("Campaign"), _("Closed on"), _("Answers"), _("NPS"), _("Note")],
        rows=rows,
        stats=[
            Stat(
                _("Internal NPS"),
                _overall([scores[s.pk] for s in current]),
                _overall([scores[s.pk] for s in previous]),
                Unit.SCORE,
            )
        ],
        as_of=None,  # read live from the campaigns
        note=_("Anonymous campaigns show a score only from their minimum group of answers."),
    )


def _score(score: NpsScore | None) -> float | None:
    return None if score is None or score.score is None else float(score.score)


def _overall(scores: list[NpsScore | None]) -> float | None:
    """The score over the answers of the campaigns that show one (never a hidden one's)."""
    shown = [s for s in scores if s is not None and s.answers]
    if not shown:
        return None
    total = from_counts(
        {
            10: sum(s.promoters for s in shown),
            7: sum(s.passives for s in shown),
            0: sum(s.detractors for s in shown),
        }
    )
    return None if total.score is None else float(total.score)


def sentiment(scope: Scope, period: Period) -> Figure:
    """Scored texts per week and tone (requesters' replies, rating comments, suggestions, NPS
    reasons), whole weeks: three queries. Anonymous texts count per team and week only when at
    least the minimum group wrote them, so a total over teams adds only groups shown alone."""
    mondays = [date.fromisoformat(w.label) for w in buckets_of(period, weekly=True)]
    earlier = [m - timedelta(weeks=len(mondays)) for m in mondays]
    whole = Period(earlier[0], mondays[-1] + timedelta(days=6))
    named: dict[date, Counter[str]] = defaultdict(Counter)
    anonymous: dict[tuple[date, int], Counter[str]] = defaultdict(Counter)
    for day, tones in team_rows(scope, whole).values_list("day", "tones"):
        for source in NAMED:
            named[day - timedelta(days=day.weekday())].update(tones.get(source, {}))
    # Anonymous texts by team: only the (few) rows that have any.
    came = Q(tones__has_key=ANONYMOUS[0]) | Q(tones__has_key=ANONYMOUS[1])
    for day, team, tones in (
        each_team_rows(scope, whole).filter(came).values_list("day", "team_id", "tones")
    ):
        for source in ANONYMOUS:
            anonymous[(day - timedelta(days=day.weekday()), team)].update(tones.get(source, {}))
    withheld: set[date] = set()
    for (monday, _team), counts in anonymous.items():
        if may_show(sum(counts.values()), DEFAULT_MIN_GROUP):
            named[monday].update(counts)
        elif counts:
            withheld.add(monday)
    rows: list[list[Cell]] = []
    for monday in mondays:
        c = named.get(monday, Counter())
        texts = sum(c[t] for t in TONES)
        rows.append(
            [
                monday.isoformat(),
                *(c[t] for t in TONES),
                texts,
                percent(c[Tone.NEGATIVE.value], texts),
                _("Yes") if monday in withheld else "",
            ]
        )

    def share(days: list[date]) -> float | None:
        c: Counter[str] = Counter()
        for m in days:
            c.update(named.get(m, Counter()))
        return percent(c[Tone.NEGATIVE.value], sum(c[t] for t in TONES))

    seen = any(sum(named.get(m, Counter()).values()) for m in mondays)
    return Figure(
        key="sentiment",
        title=_("Sentiment"),
        description=_(
            "How the texts written about the team's service read, per whole week: requesters' "
            "replies, rating comments, suggestions and NPS reasons."
        ),
        chart=ChartKind.STACKED,
        unit=Unit.COUNT,
        labels=[m.isoformat() for m in mondays],
        series=[
            Series(str(Tone(t).label), [float(named.get(m, Counter())[t]) for m in mondays])
            for t in TONES
        ],
        columns=[
            _("Week of"),
            *(str(Tone(t).label) for t in TONES),
            _("Texts"),
            _("Negative %"),
            _("Anonymous texts withheld"),
        ],
        rows=rows if seen or withheld else [],
        stats=[
            Stat(
                _("Texts reading negative"),
                share(mondays),
                share(earlier),
                Unit.PERCENT,
                higher_is_better=False,
            )
        ],
        as_of=as_of(period),
        note=_(
            "Anonymous texts count in a team's week only when at least %(n)s of them were "
            "written that week."
        )
        % {"n": DEFAULT_MIN_GROUP},
    )
