"""The suggestion box, its "you said, we did" board, and concerns about a service received.

A `Suggestion` goes to a team, or to the whole organisation (no team: the team named by
settings.FEEDBACK_ORG_SUGGESTIONS_TEAM answers, else the administrators). It is anonymous by
default, and then nothing links it to an account, which the database checks:
- no author; its submitter follows it through a private link whose secret only they hold (the
  SHA-256 `follow_digest` is stored, as for API tokens);
- its times are kept to the day (midnight in the owning team's time zone), and it reaches the
  team at the end of that day (`reaches_team_at`): the inbox, the leads' notification and the
  emails cannot be matched against who was at their desk when;
- rows have random keys (feedback.models.surveys.RandomKeyField), so their order tells nothing
  either. Named suggestions reach the team at once.
A `SuggestionMessage` is one message of its thread, from the submitter or the team; a team
message may set a new status (the first one must). A `Concern` is named and confidential: only
its raiser and the person it was raised with (the team's lead, or the lead's manager when it is
about the lead; administrators when there is nobody) see it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import models
from django.db.models import Case, Count, F, IntegerField, Q, Value, When
from django.utils.translation import gettext_lazy as _

from inservice.feedback.models.surveys import RandomKeyField, json_safe_key
from inservice.lib.sentiment import Tone
from inservice.org.models import Person, Team

MAX_TITLE = 200
MAX_TEXT = 5_000


class SuggestionStatus(models.TextChoices):
    NEW = "new", _("New")
    UNDER_REVIEW = "under_review", _("Under review")
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Done")
    DECLINED = "declined", _("Declined")

    @property
    def badge(self) -> str:
        return STATUS_BADGES[self]


STATUS_BADGES = {
    SuggestionStatus.NEW: "info",
    SuggestionStatus.UNDER_REVIEW: "warn",
    SuggestionStatus.PLANNED: "accent",
    SuggestionStatus.DONE: "ok",
    SuggestionStatus.DECLINED: "muted",
}
# The statuses a team answers with; a suggestion never goes back to new.
ANSWER_STATUSES = (
    SuggestionStatus.UNDER_REVIEW,
    SuggestionStatus.PLANNED,
    SuggestionStatus.DONE,
    SuggestionStatus.DECLINED,
)
OPEN_STATUSES = (SuggestionStatus.NEW, SuggestionStatus.UNDER_REVIEW, SuggestionStatus.PLANNED)


class Side(models.TextChoices):
    SUBMITTER = "submitter", _("The person who suggested it")
    TEAM = "team", _("The team")


@dataclass(frozen=True)
class SuggestionMeasures:
    """One team's suggestions received in a period: how many, how many were answered by their
    due time out of those answered or already due, how many were done, how many wait past due."""

    team_id: int | None
    received: int
    answered_in_time: int
    came_due: int
    implemented: int
    open_overdue: int

    @property
    def percent_in_time(self) -> int | None:
        if not self.came_due:
            return None
        return round(100 * self.answered_in_time / self.came_due)


class SuggestionQuerySet(models.QuerySet["Suggestion"]):
    def of_team(self, team: Team | int | None) -> SuggestionQuerySet:
        """A team's suggestions, or (None) those to the whole organisation."""
        if team is None:
            return self.filter(team__isnull=True)
        return self.filter(team=team)

    def on_board(self) -> SuggestionQuerySet:
        """Answered ones: the board shows what came of each."""
        return self.exclude(status=SuggestionStatus.NEW)

    def reached(self, now: datetime) -> SuggestionQuerySet:
        """Those the team may see by now (anonymous ones from the end of their day)."""
        return self.filter(reaches_team_at__lte=now)

    def by_author(self, person: Person) -> SuggestionQuerySet:
        return self.filter(author=person, anonymous=False)

    def to_announce(self, now: datetime) -> SuggestionQuerySet:
        return self.filter(announced_at__isnull=True, reaches_team_at__lte=now)

    def to_escalate(self, now: datetime) -> SuggestionQuerySet:
        """Past due with no answer, not escalated yet (partial index suggestion_escalate_idx)."""
        return self.filter(
            first_answered_at__isnull=True, escalated_at__isnull=True, due_at__lt=now
        )

    def received_between(self, start: datetime, end: datetime) -> SuggestionQuerySet:
        return self.filter(created_at__gte=start, created_at__lt=end)

    def for_board(self) -> SuggestionQuerySet:
        """Newest answer first, with what the rows show: team, named author, the latest answer."""
        return self.on_board().select_related("team", "author", "latest_answer__author")

    def for_inbox(self) -> SuggestionQuerySet:
        """Waiting for a first answer first, then the open ones, then the rest; soonest due first."""
        rank = Case(
            When(status=SuggestionStatus.NEW, then=Value(0)),
            When(status__in=OPEN_STATUSES, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
        return self.select_related("author").annotate(rank=rank).order_by("rank", "due_at", "id")

    def measures(self, now: datetime) -> dict[int | None, SuggestionMeasures]:
        """SuggestionMeasures per team (None: the whole organisation), in one aggregate query."""
        answered = Q(first_answered_at__isnull=False)
        rows = (
            self.order_by()
            .values("team_id")
            .annotate(
                received=Count("id"),
                answered_in_time=Count(
                    "id", filter=answered & Q(first_answered_at__lte=F("due_at"))
                ),
                came_due=Count("id", filter=answered | Q(due_at__lte=now)),
                implemented=Count("id", filter=Q(status=SuggestionStatus.DONE)),
                open_overdue=Count("id", filter=Q(first_answered_at__isnull=True, due_at__lt=now)),
            )
        )
        return {row["team_id"]: SuggestionMeasures(**row) for row in rows}


class Suggestion(models.Model):
    """A suggestion to a team or to the whole organisation, and what came of it."""

    id = RandomKeyField(default=json_safe_key)
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty: the whole organisation."),
    )
    title = models.CharField(_("title"), max_length=MAX_TITLE)
    body = models.TextField(_("suggestion"))
    tone = models.CharField(max_length=8, choices=Tone.choices, blank=True)
    tone_score = models.FloatField(null=True, blank=True)
    anonymous = models.BooleanField(_("anonymous"), default=True)
    author = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    follow_digest = models.CharField(max_length=64, blank=True, editable=False)
    status = models.CharField(
        _("status"), max_length=16, choices=SuggestionStatus.choices, default=SuggestionStatus.NEW
    )
    decline_reason = models.TextField(_("why it was declined"), blank=True)
    created_at = models.DateTimeField()
    reaches_team_at = models.DateTimeField()
    due_at = models.DateTimeField(_("answer due"))
    announced_at = models.DateTimeField(null=True, blank=True)
    first_answered_at = models.DateTimeField(null=True, blank=True)
    last_answered_at = models.DateTimeField(null=True, blank=True)
    latest_answer = models.ForeignKey(
        "SuggestionMessage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    escalated_at = models.DateTimeField(null=True, blank=True)

    objects = SuggestionQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["follow_digest"],
                condition=~Q(follow_digest=""),
                name="suggestion_follow_digest_unique",
            ),
            # An anonymous suggestion names no one and is followed by its private link alone.
            models.CheckConstraint(
                condition=Q(anonymous=False) | (Q(author__isnull=True) & ~Q(follow_digest="")),
                name="suggestion_anonymous_unlinked",
            ),
            models.CheckConstraint(
                condition=Q(status__in=SuggestionStatus.values), name="suggestion_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=SuggestionStatus.DECLINED) | ~Q(decline_reason=""),
                name="suggestion_declined_with_reason",
            ),
        ]
        indexes = [
            # The hourly escalation: unanswered suggestions by due time, not yet escalated.
            models.Index(
                fields=["due_at"],
                condition=Q(first_answered_at__isnull=True, escalated_at__isnull=True),
                name="suggestion_escalate_idx",
            ),
            # The hourly announcement: suggestions that have reached their team, not yet told.
            models.Index(
                fields=["reaches_team_at"],
                condition=Q(announced_at__isnull=True),
                name="suggestion_announce_idx",
            ),
            # The board, newest answer first (answered ones only).
            models.Index(
                F("last_answered_at").desc(),
                F("id").desc(),
                condition=~Q(status=SuggestionStatus.NEW),
                name="suggestion_board_idx",
            ),
            # A team's inbox and the board's team filter.
            models.Index(fields=["team", "status", "due_at"], name="suggestion_team_status_idx"),
            # Measures over a period, per team.
            models.Index(fields=["team", "created_at"], name="suggestion_team_created_idx"),
            models.Index(
                fields=["author", "created_at"],
                condition=Q(author__isnull=False),
                name="suggestion_author_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def status_enum(self) -> SuggestionStatus:
        return SuggestionStatus(self.status)

    def is_overdue(self, now: datetime) -> bool:
        return self.first_answered_at is None and self.due_at < now


class SuggestionMessageQuerySet(models.QuerySet["SuggestionMessage"]):
    def thread(self) -> SuggestionMessageQuerySet:
        """In the order written (random keys: `position` keeps it)."""
        return self.select_related("author").order_by("position")

    def seen_by_team(self, now: datetime) -> SuggestionMessageQuerySet:
        return self.filter(reaches_team_at__lte=now)

    def from_team(self) -> SuggestionMessageQuerySet:
        return self.filter(side=Side.TEAM)

    def to_announce(self, now: datetime) -> SuggestionMessageQuerySet:
        """The submitter's replies that have reached the team, not yet told."""
        return self.filter(side=Side.SUBMITTER, announced_at__isnull=True, reaches_team_at__lte=now)


class SuggestionMessage(models.Model):
    """One message of a suggestion's thread: the submitter's reply, or the team's public answer
    (possibly with a new status, and a reason when declining)."""

    id = RandomKeyField(default=json_safe_key)
    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="messages")
    position = models.PositiveIntegerField()
    side = models.CharField(max_length=10, choices=Side.choices)
    # The team member who answered, or a named submitter; nobody for an anonymous submitter.
    author = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(blank=True)
    reason = models.TextField(blank=True)
    tone = models.CharField(max_length=8, choices=Tone.choices, blank=True)
    tone_score = models.FloatField(null=True, blank=True)
    is_status_change = models.BooleanField(default=False)
    new_status = models.CharField(max_length=16, choices=SuggestionStatus.choices, blank=True)
    created_at = models.DateTimeField()
    reaches_team_at = models.DateTimeField()
    announced_at = models.DateTimeField(null=True, blank=True)

    objects = SuggestionMessageQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["suggestion", "position"], name="suggestionmessage_position_unique"
            ),
            models.CheckConstraint(
                condition=Q(side__in=Side.values), name="suggestionmessage_side_valid"
            ),
            models.CheckConstraint(
                condition=Q(is_status_change=False) | ~Q(new_status=""),
                name="suggestionmessage_status_named",
            ),
            models.CheckConstraint(
                condition=~Q(body="") | Q(is_status_change=True),
                name="suggestionmessage_says_something",
            ),
        ]
        indexes = [
            models.Index(
                fields=["reaches_team_at"],
                condition=Q(announced_at__isnull=True, side=Side.SUBMITTER),
                name="suggestionmsg_announce_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.suggestion_id}#{self.position}"

    @property
    def from_team(self) -> bool:
        return self.side == Side.TEAM

    @property
    def new_status_badge(self) -> str:
        return SuggestionStatus(self.new_status).badge if self.new_status else ""


# -- concerns -------------------------------------------------------------------------------


class ConcernQuerySet(models.QuerySet["Concern"]):
    def visible_to(self, person: Person) -> ConcernQuerySet:
        """Raised by the person, or raised with them (administrators: those with nobody else)."""
        mine = Q(raiser=person) | Q(addressee=person) | Q(escalated_to=person)
        if person.is_superuser:
            mine |= Q(addressee__isnull=True) | Q(
                escalated_at__isnull=False, escalated_to__isnull=True
            )
        return self.filter(mine)

    def raised_with(self, person: Person) -> ConcernQuerySet:
        """Those the person is to answer (see visible_to), not those they raised."""
        return self.visible_to(person).exclude(raiser=person)

    def open(self) -> ConcernQuerySet:
        return self.filter(answered_at__isnull=True)

    def to_escalate(self, now: datetime) -> ConcernQuerySet:
        """Past due with no answer, not escalated yet (partial index concern_escalate_idx)."""
        return self.filter(answered_at__isnull=True, escalated_at__isnull=True, due_at__lt=now)

    def for_list(self) -> ConcernQuerySet:
        return self.select_related("team", "raiser", "addressee", "ticket").order_by(
            "-created_at", "-id"
        )


class Concern(models.Model):
    """A named, confidential concern about the service a team gave (or one request of it)."""

    raiser = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.PROTECT, related_name="+"
    )
    ticket = models.ForeignKey(
        "tickets.Ticket", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    about_lead = models.BooleanField(_("about the team's lead"), default=False)
    # Who answers: the team's lead, or the lead's manager when it is about the lead. Nobody:
    # the administrators (no lead, or no manager above the lead).
    addressee = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("your concern"))
    tone = models.CharField(max_length=8, choices=Tone.choices, blank=True)
    tone_score = models.FloatField(null=True, blank=True)
    created_at = models.DateTimeField()
    due_at = models.DateTimeField(_("answer due"))
    answer = models.TextField(_("answer"), blank=True)
    answer_tone = models.CharField(max_length=8, choices=Tone.choices, blank=True)
    answer_tone_score = models.FloatField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Past due unanswered: also raised with the addressee's manager (nobody: administrators).
    escalated_at = models.DateTimeField(null=True, blank=True)
    escalated_to = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ConcernQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True) | ~Q(answer=""),
                name="concern_answered_with_text",
            ),
        ]
        indexes = [
            # The hourly escalation: unanswered concerns by due time, not yet escalated.
            models.Index(
                fields=["due_at"],
                condition=Q(answered_at__isnull=True, escalated_at__isnull=True),
                name="concern_escalate_idx",
            ),
            models.Index(fields=["raiser", "created_at"], name="concern_raiser_idx"),
            models.Index(fields=["addressee", "created_at"], name="concern_addressee_idx"),
            models.Index(
                fields=["escalated_to"],
                condition=Q(escalated_to__isnull=False),
                name="concern_escalated_to_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.team_id}: {self.body[:40]}"

    @property
    def administrators_hold(self) -> bool:
        """Whether the administrators are the ones to answer it (no one else to raise it with)."""
        return self.addressee_id is None or (
            self.escalated_at is not None and self.escalated_to_id is None
        )

    def is_overdue(self, now: datetime) -> bool:
        return self.answered_at is None and self.due_at < now
