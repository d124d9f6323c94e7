"""Satisfaction after each request (CSAT) and closing the loop on low ratings.

- `SurveyRule`: per service, how often its requesters are asked (one in N resolved requests)
  and at most once per person per so many days; no row means every request, no cap.
- `Rating`: one per request, written when the request is first resolved and sampled; the score
  (1-5) and an optional comment come later, once, from the request page, the email's link or
  the API.
- `FollowUp`: a rating of 2 or less asks the team's leads to answer the requester by a target
  of working days; their answer closes the loop.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import models
from django.db.models import Avg, Count, F, Q
from django.utils.translation import gettext_lazy as _

from inservice.catalog.models import Service
from inservice.lib.sentiment import Tone
from inservice.org.models import Person, Team
from inservice.tickets.models import Ticket

LOW_SCORE = 2  # this score and below opens a follow-up and may reopen the request


class RatingScore(models.IntegerChoices):
    VERY_POOR = 1, _("Very poor")
    POOR = 2, _("Poor")
    OKAY = 3, _("Okay")
    GOOD = 4, _("Good")
    EXCELLENT = 5, _("Excellent")


class RatingChannel(models.TextChoices):
    APP = "app", _("Request page")
    EMAIL = "email", _("Email link")
    API = "api", _("API")


class RatingState(models.TextChoices):
    PENDING = "pending", _("Waiting for a rating")
    RATED = "rated", _("Rated")
    EXPIRED = "expired", _("Not rated in time")


class SurveyRule(models.Model):
    """How often a service's requesters are asked. Without a row: after every request, no cap."""

    service = models.OneToOneField(Service, on_delete=models.CASCADE, related_name="survey_rule")
    # Ask after one in `every` first resolutions of the service's requests (1: every one).
    every = models.PositiveIntegerField(_("ask one in"), default=1)
    # At most one survey per person per `cap_days` days, across services (0: no cap).
    cap_days = models.PositiveSmallIntegerField(_("at most once per (days)"), default=0)
    # First resolutions counted so far: the one-in-N sampling's counter.
    resolved_count = models.PositiveBigIntegerField(default=0, editable=False)
    updated_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(every__gte=1), name="csat_rule_every_positive"),
            models.CheckConstraint(
                condition=Q(cap_days__gte=0, cap_days__lte=365), name="csat_rule_cap_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service_id}: 1 in {self.every}, cap {self.cap_days}d"


@dataclass(frozen=True)
class Summary:
    """A team's ratings over a period: how many were asked, answered, and how they scored."""

    asked: int
    answered: int
    average: float | None
    distribution: tuple[int, int, int, int, int]  # answers that scored 1, 2, 3, 4 and 5

    @property
    def response_rate(self) -> int | None:
        """Answered of asked, a whole percentage (None when nobody was asked)."""
        return round(100 * self.answered / self.asked) if self.asked else None

    def bars(self) -> list[tuple[int, int, int]]:
        """(score, answers, percent of answers) per score, 5 first, for the page's bars."""
        return [
            (score, count, round(100 * count / self.answered) if self.answered else 0)
            for score, count in reversed(list(enumerate(self.distribution, start=1)))
        ]


class RatingQuerySet(models.QuerySet["Rating"]):
    def for_team(self, team: Team | int) -> RatingQuerySet:
        return self.filter(team=team)

    def asked_since(self, start: datetime) -> RatingQuerySet:
        return self.filter(asked_at__gte=start)

    def rated(self) -> RatingQuerySet:
        return self.filter(score__isnull=False)

    def with_comment(self) -> RatingQuerySet:
        return self.rated().exclude(comment="")

    def newest_rated_first(self) -> RatingQuerySet:
        return self.order_by("-rated_at", "-id")

    def asked_of(self, person: Person | int) -> RatingQuerySet:
        """The ratings a person was asked for (with `asked_since`: the per-person cap)."""
        return self.filter(requester=person)

    def summary(self) -> Summary:
        """Asked, answered, average and distribution of these ratings, in one query."""
        by_score = {f"s{n}": Count("pk", filter=Q(score=n)) for n in RatingScore.values}
        row = self.order_by().aggregate(
            asked=Count("pk"), answered=Count("score"), average=Avg("score"), **by_score
        )
        average = row["average"]
        return Summary(
            asked=row["asked"],
            answered=row["answered"],
            average=round(float(average), 2) if average is not None else None,
            distribution=(row["s1"], row["s2"], row["s3"], row["s4"], row["s5"]),
        )


class Rating(models.Model):
    """One request's satisfaction rating: asked once, when it is first resolved; given once."""

    ticket = models.OneToOneField(Ticket, on_delete=models.CASCADE, related_name="rating")
    requester = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    # The team and service that resolved it: a later transfer does not move the rating.
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+", db_index=False)
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+")
    asked_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    rated_at = models.DateTimeField(null=True, blank=True)
    score = models.PositiveSmallIntegerField(choices=RatingScore.choices, null=True, blank=True)
    comment = models.TextField(blank=True)
    tone = models.CharField(max_length=8, choices=Tone.choices, blank=True)
    tone_score = models.FloatField(null=True, blank=True)
    channel = models.CharField(max_length=8, choices=RatingChannel.choices, blank=True)
    # The requester chose to reopen the request with a low rating.
    reopened = models.BooleanField(default=False)

    objects = RatingQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=1, score__lte=5),
                name="csat_rating_score_range",
            ),
            # Given once, whole: a score and the moment it came, or neither.
            models.CheckConstraint(
                condition=Q(score__isnull=True, rated_at__isnull=True)
                | Q(score__isnull=False, rated_at__isnull=False),
                name="csat_rating_scored_when_rated",
            ),
            models.CheckConstraint(
                condition=Q(expires_at__gt=F("asked_at")), name="csat_rating_expires_after_ask"
            ),
            models.CheckConstraint(
                condition=Q(reopened=False) | Q(score__lte=LOW_SCORE),
                name="csat_rating_reopen_when_low",
            ),
        ]
        indexes = [
            # The team's results page and API: a team's ratings asked in a period.
            models.Index(fields=["team", "asked_at"], name="csat_rating_team_asked_idx"),
            # The per-person cap, read on every resolution of a capped service.
            models.Index(fields=["requester", "asked_at"], name="csat_rating_person_asked_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id}: {self.score or '-'}"

    def state_at(self, now: datetime) -> RatingState:
        if self.score is not None:
            return RatingState.RATED
        return RatingState.PENDING if now < self.expires_at else RatingState.EXPIRED

    @property
    def is_low(self) -> bool:
        return self.score is not None and self.score <= LOW_SCORE

    def follow_up_or_none(self) -> FollowUp | None:
        try:
            return self.follow_up
        except FollowUp.DoesNotExist:
            return None


class FollowUpQuerySet(models.QuerySet["FollowUp"]):
    def open(self) -> FollowUpQuerySet:
        return self.filter(answered_at__isnull=True)

    def for_teams(self, team_ids: frozenset[int] | list[int]) -> FollowUpQuerySet:
        return self.filter(team_id__in=sorted(team_ids))

    def visible_to(self, person: Person) -> FollowUpQuerySet:
        """permissions_csat's rule in SQL: the leads of the team; administrators every one
        but those of confidential requests, which stay with the team."""
        rule = Q(team_id__in=sorted(person.lead_team_ids()))
        if person.is_superuser:
            rule |= Q(rating__ticket__is_confidential=False)
        return self.filter(rule)

    def open_first(self) -> FollowUpQuerySet:
        """Open ones first, the soonest due at the top; then the answered, newest first."""
        return self.order_by(F("answered_at").desc(nulls_first=True), "due_at", "id")

    def for_list(self) -> FollowUpQuerySet:
        return self.select_related("team", "rating__ticket", "rating__requester", "answered_by")


class FollowUp(models.Model):
    """Closing the loop on a low rating: a lead of the team answers the requester by `due_at`."""

    rating = models.OneToOneField(Rating, on_delete=models.CASCADE, related_name="follow_up")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+", db_index=False)
    created_at = models.DateTimeField()
    due_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answer = models.TextField(blank=True)
    tone = models.CharField(max_length=8, choices=Tone.choices, blank=True)
    tone_score = models.FloatField(null=True, blank=True)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True, answer="")
                | (Q(answered_at__isnull=False) & ~Q(answer="")),
                name="csat_followup_answer_whole",
            ),
        ]
        indexes = [
            # The leads' list and the team block: a team's open follow-ups by due time.
            models.Index(
                fields=["team", "due_at"],
                name="csat_followup_open_idx",
                condition=Q(answered_at__isnull=True),
            ),
            models.Index(fields=["team", "answered_at"], name="csat_followup_team_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.rating_id}: {'answered' if self.answered_at else 'open'}"

    def is_overdue(self, now: datetime) -> bool:
        return self.answered_at is None and self.due_at < now
