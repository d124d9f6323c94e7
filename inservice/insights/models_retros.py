"""Cross-department retrospectives (decision 0039).

- `Retrospective`: two or more teams look back over a period of whole days. Its facilitator
  (who made it) closes it; from then on it is read-only. `previous` is the last closed one
  between exactly the same teams when it was made (`team_key` finds it with one indexed query).
- `RetroTeam`: the teams it is between (members and leads of each take part).
- `RetroCard`: a note on the board in one of three columns; `RetroVote`: one per person and card.
- `RetroAction`: an action item with an owner and a due date; each one is a tracked request
  (`ticket`), opened through tickets.services for the owner's team.
- `RetroActionService`: the one "Retrospective actions" service of a team, made on first need.

Written only by insights.services_retros; read by insights.retro_packet and retro_board.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from inservice.catalog.models import Service
from inservice.org.models import Person, Team
from inservice.tickets.models import Ticket

MAX_TITLE = 160
MAX_TEXT = 500  # a card's or an action's text
MIN_TEAMS = 2
MAX_TEAMS = 6  # every ordered pair is a row of the packet: 6 teams make 30
MAX_DAYS = 366


class RetroState(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class RetroColumn(models.TextChoices):
    WENT_WELL = "well", _("Went well")
    TO_IMPROVE = "improve", _("To improve")
    IDEAS = "ideas", _("Ideas")


def team_key(team_ids: Iterable[int]) -> str:
    """The set of teams as one comparable value: "3,7,12" (ids in order, each once)."""
    return ",".join(str(pk) for pk in sorted(set(team_ids)))


class RetrospectiveQuerySet(models.QuerySet["Retrospective"]):
    def with_participant(self, person: Person) -> RetrospectiveQuerySet:
        """Those the person takes part in: they facilitate it or serve in one of its teams."""
        teams = sorted(person.team_ids())
        mine = Q(facilitator=person)
        if teams:
            member = RetroTeam.objects.filter(retro=OuterRef("pk"), team_id__in=teams)
            mine |= Q(Exists(member))
        return self.filter(mine)

    def including(self, team: Team) -> RetrospectiveQuerySet:
        """Those between this team and others."""
        return self.filter(Exists(RetroTeam.objects.filter(retro=OuterRef("pk"), team=team)))

    def newest_first(self) -> RetrospectiveQuerySet:
        return self.order_by("-created_at", "-id")

    def last_closed_between(self, key: str) -> Retrospective | None:
        """The last closed retrospective between exactly these teams (partial index)."""
        found = self.filter(team_key=key, state=RetroState.CLOSED).order_by("-closed_at", "-id")
        return found.first()


class Retrospective(models.Model):
    title = models.CharField(_("title"), max_length=MAX_TITLE)
    teams = models.ManyToManyField(Team, through="RetroTeam", related_name="+")
    team_key = models.CharField(max_length=100)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    facilitator = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(max_length=8, choices=RetroState.choices, default=RetroState.OPEN)
    created_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)
    previous = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = RetrospectiveQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="retro_period_ordered"
            ),
            models.CheckConstraint(
                condition=Q(state__in=RetroState.values), name="retro_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(state=RetroState.OPEN, closed_at__isnull=True)
                | Q(state=RetroState.CLOSED, closed_at__isnull=False),
                name="retro_closed_when_closed_at",
            ),
        ]
        indexes = [
            # Finding the previous retrospective between the same teams when one is made.
            models.Index(
                fields=["team_key", "closed_at"],
                condition=Q(state=RetroState.CLOSED),
                name="retro_previous_idx",
            ),
            models.Index(fields=["facilitator", "created_at"], name="retro_facilitator_idx"),
            models.Index(fields=["created_at", "id"], name="retro_created_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.state == RetroState.OPEN


class RetroTeam(models.Model):
    retro = models.ForeignKey(Retrospective, on_delete=models.CASCADE, related_name="team_rows")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["retro", "team"], name="retroteam_unique"),
        ]
        # "Mine": the retrospectives of the teams one serves in.
        indexes = [models.Index(fields=["team", "retro"], name="retroteam_team_idx")]

    def __str__(self) -> str:
        return f"{self.retro_id}: {self.team_id}"


class RetroCard(models.Model):
    retro = models.ForeignKey(Retrospective, on_delete=models.CASCADE, related_name="cards")
    column = models.CharField(max_length=8, choices=RetroColumn.choices)
    text = models.CharField(max_length=MAX_TEXT)
    author = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(column__in=RetroColumn.values), name="retrocard_column_valid"
            ),
            models.CheckConstraint(condition=~Q(text=""), name="retrocard_says_something"),
        ]

    def __str__(self) -> str:
        return f"{self.retro_id}/{self.column}: {self.text[:40]}"


class RetroVote(models.Model):
    card = models.ForeignKey(RetroCard, on_delete=models.CASCADE, related_name="votes")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["card", "person"], name="retrovote_once"),
        ]

    def __str__(self) -> str:
        return f"{self.card_id}: {self.person_id}"


class RetroAction(models.Model):
    retro = models.ForeignKey(Retrospective, on_delete=models.CASCADE, related_name="actions")
    card = models.ForeignKey(
        RetroCard, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.CharField(_("action"), max_length=MAX_TEXT)
    owner = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField(_("due"))
    # The tracked request: its status is the action's outcome.
    ticket = models.OneToOneField(Ticket, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="retroaction_says_something"),
        ]

    def __str__(self) -> str:
        return f"{self.retro_id}: {self.text[:40]}"


class RetroActionService(models.Model):
    """The team's "Retrospective actions" service, which its action items are requests of."""

    team = models.OneToOneField(Team, on_delete=models.CASCADE, related_name="+")
    service = models.OneToOneField(Service, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.team_id}: {self.service_id}"
