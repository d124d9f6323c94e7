"""Kudos: thanks from one colleague to others (people or a whole team), tagged with the
organisation's values and optionally tied to the request the help was given on.

- `Value`: one of the organisation's values (caring, competence...), kept by administrators;
  retired values stay on old kudos but cannot be chosen any more.
- `Kudos`: who gave it, the message, the values, the request, when; `told_at` once its
  recipients heard of it (after the giver's delete window); hidden by a lead with a reason.
- `Recipient`: one person or one team a kudos went to, with the recipient's home team as it was
  when given (a team: itself) and whether that differs from the giver's (`cross_team`: help
  across teams, counted separately). Fixed when given: a later move changes no old count.
- `KudosSetting`: a person's choice whether their manager hears of their kudos (no row: yes).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import models
from django.db.models import Exists, F, OuterRef, Prefetch, Q
from django.utils.translation import gettext_lazy as _

from inservice.org.models import Person, Team
from inservice.tickets.models import Ticket

MAX_MESSAGE = 1_000
MAX_PEOPLE = 20
MAX_TEAMS = 5
DELETE_WINDOW = timedelta(minutes=10)  # the giver may take a kudos back; nobody is told before


class ValueQuerySet(models.QuerySet["Value"]):
    def active(self) -> ValueQuerySet:
        return self.filter(is_active=True)

    def in_order(self) -> ValueQuerySet:
        return self.order_by("position", "name")


class Value(models.Model):
    """One of the organisation's values, which every kudos names at least one of."""

    name = models.CharField(_("name"), max_length=60)
    slug = models.SlugField(_("slug"), max_length=60)
    description = models.CharField(_("what it means"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(
        _("can be chosen"),
        default=True,
        help_text=_("Retired values stay on the kudos that named them."),
    )

    objects = ValueQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="kudos_value_slug_unique"),
            models.UniqueConstraint(fields=["name"], name="kudos_value_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class KudosQuerySet(models.QuerySet["Kudos"]):
    def shown(self) -> KudosQuerySet:
        """Not hidden by a lead: what the wall, profiles, counts and digests show."""
        return self.filter(hidden_at__isnull=True)

    def visible_to(self, person: Person) -> KudosQuerySet:
        """What the person sees: every kudos shown, and the hidden ones they may see as "hidden
        by a lead" (their own; those they could have hidden; every one for administrators)."""
        if person.is_superuser:
            return self.all()
        placeholders = Q(giver=person)
        leads = sorted(person.lead_team_ids())
        if leads:
            led = Recipient.objects.filter(kudos=OuterRef("pk"), home_team_id__in=leads)
            placeholders |= Q(giver_team_id__in=leads) | Q(Exists(led))
        return self.filter(Q(hidden_at__isnull=True) | placeholders)

    def for_cards(self, viewer: Person) -> KudosQuerySet:
        """With what a card shows, in a fixed number of queries whatever the rows: giver,
        recipients, values, and whether the viewer may see the request (never named to anyone
        who may not: a confidential one least of all)."""
        visible = Ticket.objects.visible_to(viewer).filter(pk=OuterRef("ticket_id"))
        recipients = Recipient.objects.select_related("person", "team").order_by("pk")
        return (
            self.select_related("giver", "ticket", "hidden_by")
            .prefetch_related(
                Prefetch("recipients", queryset=recipients),
                Prefetch("values", queryset=Value.objects.in_order()),
            )
            .annotate(request_visible=Exists(visible))
        )

    def newest_first(self) -> KudosQuerySet:
        return self.order_by("-created_at", "-id")

    def between(self, start: datetime | None, end: datetime | None = None) -> KudosQuerySet:
        found = self
        if start is not None:
            found = found.filter(created_at__gte=start)
        if end is not None:
            found = found.filter(created_at__lt=end)
        return found

    def to_teams(self, team_ids: list[int]) -> KudosQuerySet:
        """Given to one of these teams or to someone whose home team it was."""
        to = Recipient.objects.filter(kudos=OuterRef("pk"), home_team_id__in=team_ids)
        return self.filter(Exists(to))

    def with_value(self, value: Value | int) -> KudosQuerySet:
        return self.filter(values=value)

    def received_by(self, person: Person | int) -> KudosQuerySet:
        to = Recipient.objects.filter(kudos=OuterRef("pk"), person=person)
        return self.filter(Exists(to))

    def given_by(self, person: Person | int) -> KudosQuerySet:
        return self.filter(giver=person)

    def to_tell(self, now: datetime) -> KudosQuerySet:
        """Past the giver's delete window, nobody told yet (partial index kudos_untold_idx)."""
        return self.filter(told_at__isnull=True, created_at__lte=now - DELETE_WINDOW)


class Kudos(models.Model):
    """Thanks from one colleague to people or teams, for the organisation to read."""

    # No index of its own where a composite index below leads with the column.
    giver = models.ForeignKey(
        Person,
        verbose_name=_("from"),
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
    )
    # The giver's home team when it was given: the leads who may hide it, cross-team counts.
    giver_team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    message = models.TextField(_("message"))
    values = models.ManyToManyField(Value, verbose_name=_("values"), related_name="+")
    ticket = models.ForeignKey(
        Ticket,
        verbose_name=_("request"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    # Some recipient's home team differs from the giver's: help across teams.
    cross_team = models.BooleanField(_("across teams"), default=False)
    created_at = models.DateTimeField(_("given at"))
    told_at = models.DateTimeField(null=True, blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hidden_reason = models.TextField(_("why it is hidden"), blank=True)

    objects = KudosQuerySet.as_manager()

    class Meta:
        verbose_name = _("kudos")
        verbose_name_plural = _("kudos")
        constraints = [
            models.CheckConstraint(condition=~Q(message=""), name="kudos_says_something"),
            models.CheckConstraint(
                condition=Q(hidden_at__isnull=True) | ~Q(hidden_reason=""),
                name="kudos_hidden_with_reason",
            ),
        ]
        indexes = [
            # The wall, newest first. Not partial: a lead's wall also lists the hidden ones they
            # may see, and hidden kudos are too few to be worth skipping in the index.
            models.Index(F("created_at").desc(), F("id").desc(), name="kudos_wall_idx"),
            # The daily limit, and what someone gave.
            models.Index(fields=["giver", "created_at"], name="kudos_giver_idx"),
            # Help a team's people gave across teams.
            models.Index(fields=["giver_team", "created_at"], name="kudos_giver_team_idx"),
            # The minute's telling: kudos past their delete window, nobody told yet.
            models.Index(
                fields=["created_at"],
                condition=Q(told_at__isnull=True),
                name="kudos_untold_idx",
            ),
            # The request page's block: thanks already given for this request.
            models.Index(
                fields=["ticket"], condition=Q(ticket__isnull=False), name="kudos_ticket_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.giver_id}: {self.message[:40]}"

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    def deletable_until(self) -> datetime:
        return self.created_at + DELETE_WINDOW


class RecipientQuerySet(models.QuerySet["Recipient"]):
    def shown(self) -> RecipientQuerySet:
        return self.filter(kudos__hidden_at__isnull=True)

    def between(self, start: datetime, end: datetime) -> RecipientQuerySet:
        return self.filter(created_at__gte=start, created_at__lt=end)


class Recipient(models.Model):
    """One person or one team a kudos went to."""

    kudos = models.ForeignKey(Kudos, on_delete=models.CASCADE, related_name="recipients")
    # No index of their own where a composite index below leads with the column.
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # The person's home team when given (a team: itself); fixed, as is `cross_team`.
    home_team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    cross_team = models.BooleanField(default=False)
    created_at = models.DateTimeField()  # the kudos' own: counts by period need no join

    objects = RecipientQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False, team__isnull=True)
                | Q(person__isnull=True, team__isnull=False),
                name="kudos_recipient_person_or_team",
            ),
            models.UniqueConstraint(
                fields=["kudos", "person"],
                condition=Q(person__isnull=False),
                name="kudos_recipient_person_once",
            ),
            models.UniqueConstraint(
                fields=["kudos", "team"],
                condition=Q(team__isnull=False),
                name="kudos_recipient_team_once",
            ),
        ]
        indexes = [
            # A person's kudos received (profile, counts).
            models.Index(
                fields=["person", "created_at"],
                condition=Q(person__isnull=False),
                name="kudos_recipient_person_idx",
            ),
            # A team's kudos (the wall's team filter, the team block, the digest's top teams).
            models.Index(fields=["home_team", "created_at"], name="kudos_recipient_team_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kudos_id} to {self.person_id or self.team_id}"

    @property
    def name(self) -> str:
        if self.person is not None:
            return self.person.name
        return self.team.name if self.team is not None else ""


class KudosSetting(models.Model):
    """A person's kudos preference. No row: their manager hears of the kudos they receive."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="kudos_setting")
    tell_manager = models.BooleanField(
        _("Tell my manager when someone thanks me"),
        default=True,
    )

    def __str__(self) -> str:
        return f"{self.person_id}: tell manager {self.tell_manager}"
