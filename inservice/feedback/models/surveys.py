"""Surveys: anonymous pulse and engagement surveys, and internal NPS campaigns (decision 0029).

Anonymity holds by construction, in what is stored:
- a `Response` names no one in an anonymous survey: no person, session, address, user agent or
  time; only the group it counts in (the respondent's department), for breakdowns;
- who has answered is a `Participation` (one row per person invited, written when the survey
  opens, flagged when they answer), which shares nothing with responses: no key, no time;
- responses and answers have random keys (`RandomKeyField`), so neither their keys nor the
  order rows are stored in (on SQLite the key is the rowid) follows the order they arrived in;
  closing a survey rewrites its responses under fresh keys (services.surveys.close_survey).
An NPS campaign is a survey of two questions about one team, sent to a sample of the people who
asked it for something; a named campaign's responses name their person, an anonymous one's obey
every rule above.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from inservice.feedback.anonymity import DEFAULT_MIN_GROUP
from inservice.lib.sentiment import Tone
from inservice.org.models import Person, Team


def random_key() -> int:
    """A positive 62-bit random number: a key that says nothing of when its row was written."""
    return secrets.randbits(62) + 1


def json_safe_key() -> int:
    """A random key that JavaScript reads exactly (below 2**53), for rows the API names: fewer
    bits, for tables of thousands of rows rather than millions."""
    return secrets.randbits(52) + 1


class RandomKeyField(models.BigIntegerField[int, int]):
    """A primary key drawn at random. On SQLite the column is declared `integer`, which makes it
    the table's rowid, so rows are stored in key order rather than in the order they came."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("primary_key", True)
        kwargs.setdefault("default", random_key)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def db_type(self, connection: BaseDatabaseWrapper) -> str | None:
        if connection.vendor == "sqlite":
            return "integer"
        return super().db_type(connection)


class SurveyKind(models.TextChoices):
    PULSE = "pulse", _("Pulse survey")
    NPS = "nps", _("Internal NPS")


class SurveyState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class QuestionKind(models.TextChoices):
    SCALE = "scale", _("Scale")
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    TEXT = "text", _("Free text")


class SurveyQuerySet(models.QuerySet["Survey"]):
    def pulse(self) -> SurveyQuerySet:
        return self.filter(kind=SurveyKind.PULSE)

    def nps(self) -> SurveyQuerySet:
        return self.filter(kind=SurveyKind.NPS)

    def open(self) -> SurveyQuerySet:
        return self.filter(state=SurveyState.OPEN)


class Survey(models.Model):
    kind = models.CharField(max_length=8, choices=SurveyKind.choices, default=SurveyKind.PULSE)
    title = models.CharField(max_length=200)
    intro = models.TextField(blank=True)
    # The team running it; for an NPS campaign, the team people are asked about.
    owner = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="surveys")
    created_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    anonymous = models.BooleanField(default=True)
    # Who is asked (pulse): everyone, or the members of these teams and departments (a
    # department's people include its teams'). An NPS campaign asks a sample instead.
    audience_everyone = models.BooleanField(default=False)
    audience = models.ManyToManyField(Team, blank=True, related_name="+")
    opens_on = models.DateField()
    closes_on = models.DateField()
    # Fixed once the survey opens: no figure over fewer respondents is ever shown.
    min_group = models.PositiveSmallIntegerField(default=DEFAULT_MIN_GROUP)
    state = models.CharField(max_length=8, choices=SurveyState.choices, default=SurveyState.DRAFT)
    invited = models.PositiveIntegerField(default=0)
    reminded_on = models.DateField(null=True, blank=True)
    # NPS campaigns: the requests whose requesters are sampled, and how many are asked.
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    sample_size = models.PositiveIntegerField(null=True, blank=True)

    objects = SurveyQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gt=models.F("opens_on")), name="survey_closes_after_open"
            ),
            models.CheckConstraint(
                condition=Q(min_group__gte=3), name="survey_min_group_at_least_3"
            ),
            models.CheckConstraint(
                condition=Q(kind="nps") | Q(anonymous=True), name="survey_pulse_is_anonymous"
            ),
        ]
        indexes = [
            # The periodic task's look for surveys to open or close.
            models.Index(fields=["state", "opens_on"], name="survey_state_opens_idx"),
            models.Index(fields=["owner", "kind", "closes_on"], name="survey_owner_kind_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_released(self) -> bool:
        """Results are released when the survey closes, never one response at a time."""
        return self.state == SurveyState.CLOSED


class Question(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=8, choices=QuestionKind.choices)
    text = models.CharField(max_length=300)
    options = models.JSONField(default=list, blank=True)  # single and multiple choice
    scale_min = models.SmallIntegerField(default=1)
    scale_max = models.SmallIntegerField(default=5)
    required = models.BooleanField(default=True)

    class Meta:
        ordering = ["survey", "position"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "position"], name="question_position_uniq"),
            models.CheckConstraint(
                condition=Q(scale_max__gt=models.F("scale_min")), name="question_scale_order"
            ),
        ]

    def __str__(self) -> str:
        return self.text


class Participation(models.Model):
    """One person asked to answer one survey, and whether they have. Written for the whole
    audience when the survey opens, in the order of people, so neither its rows nor its keys
    say who answered when; nothing here points at a response."""

    id = RandomKeyField()
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="participations")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    answered = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "person"], name="participation_survey_person_uniq"
            )
        ]
        indexes = [
            # Reminders: who in a survey has not answered yet.
            models.Index(fields=["survey", "answered"], name="participation_answered_idx")
        ]

    def __str__(self) -> str:
        return f"{self.survey_id}:{self.person_id}"


class Response(models.Model):
    """One person's answers, with nothing that says who (unless the campaign is named) or when."""

    id = RandomKeyField()
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    # The respondent's department when they answered: the only group responses are counted in.
    department = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Named NPS campaigns only; services.surveys never sets it in an anonymous survey.
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["survey", "department"], name="response_survey_dept_idx")]

    def __str__(self) -> str:
        return f"{self.survey_id}:{self.pk}"


class Answer(models.Model):
    id = RandomKeyField()
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    number = models.SmallIntegerField(null=True, blank=True)  # a scale's value, NPS's 0-10
    chosen = models.JSONField(default=list, blank=True)  # the options picked
    text = models.TextField(blank=True)
    tone = models.CharField(max_length=8, choices=Tone.choices, blank=True)
    tone_score = models.FloatField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="answer_response_question_uniq"
            )
        ]
        indexes = [models.Index(fields=["question", "number"], name="answer_question_number_idx")]

    def __str__(self) -> str:
        return f"{self.response_id}:{self.question_id}"
