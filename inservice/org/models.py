from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from inservice.org.choices import (
    ABSENT,
    Availability,
    EmploymentType,
    ImportStatus,
    Role,
    TeamKind,
    TokenScope,
)


class Location(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC")
    country = models.CharField(_("country code"), max_length=2, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TeamQuerySet(models.QuerySet["Team"]):
    def service_teams(self) -> TeamQuerySet:
        return self.filter(kind=TeamKind.TEAM)

    def search(self, text: str) -> TeamQuerySet:
        return self.filter(models.Q(name__icontains=text) | models.Q(description__icontains=text))


class Team(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    kind = models.CharField(
        _("kind"), max_length=12, choices=TeamKind.choices, default=TeamKind.TEAM
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    key_prefix = models.CharField(
        _("request key prefix"),
        max_length=8,
        unique=True,
        help_text=_("Two to eight capital letters, e.g. IT for requests IT-1042."),
    )
    description = models.TextField(_("description"), blank=True)
    email = models.EmailField(_("team email"), blank=True)
    # The last request number handed out; tickets.services takes the next one under a row lock.
    ticket_counter = models.PositiveBigIntegerField(default=0, editable=False)
    calendar = models.ForeignKey(
        "sla.Calendar",
        verbose_name=_("working calendar"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="teams",
        help_text=_("When the team works; service levels count only this time."),
    )

    objects = TeamQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PersonQuerySet(models.QuerySet["Person"]):
    def active(self) -> PersonQuerySet:
        return self.filter(is_active=True)

    def search(self, text: str) -> PersonQuerySet:
        return self.filter(
            models.Q(name__icontains=text)
            | models.Q(email__icontains=text)
            | models.Q(username__icontains=text)
        )

    def with_card(self) -> PersonQuerySet:
        """The joins a person card needs: team, department, manager, location."""
        return self.select_related("team__parent", "manager", "location")

    def absent(self) -> PersonQuerySet:
        """Away or out of office: work assigned to them waits unless someone steps in."""
        return self.filter(availability__in=ABSENT)


class PersonManager(UserManager["Person"]):
    def get_queryset(self) -> PersonQuerySet:
        return PersonQuerySet(self.model, using=self._db)

    def active(self) -> PersonQuerySet:
        return self.get_queryset().active()

    def search(self, text: str) -> PersonQuerySet:
        return self.get_queryset().search(text)

    def with_card(self) -> PersonQuerySet:
        return self.get_queryset().with_card()

    def absent(self) -> PersonQuerySet:
        return self.get_queryset().absent()


class Person(AbstractUser):
    """Everyone who asks or serves: employees, contractors and vendors."""

    name = models.CharField(_("full name"), max_length=150)
    email = models.EmailField(_("email address"))
    title = models.CharField(_("job title"), max_length=120, blank=True)
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
        help_text=_("Where the person sits in the organisation chart."),
    )
    manager = models.ForeignKey(
        "self",
        verbose_name=_("manager"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
    )
    location = models.ForeignKey(
        Location, verbose_name=_("location"), null=True, blank=True, on_delete=models.SET_NULL
    )
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC")
    employment_type = models.CharField(
        _("employment type"),
        max_length=12,
        choices=EmploymentType.choices,
        default=EmploymentType.EMPLOYEE,
    )
    availability = models.CharField(
        _("availability"),
        max_length=16,
        choices=Availability.choices,
        default=Availability.AVAILABLE,
    )
    away_until = models.DateField(_("out of office until"), null=True, blank=True)
    delegate = models.ForeignKey(
        "self",
        verbose_name=_("delegate while out of office"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="delegating",
    )

    objects = PersonManager()  # type: ignore[misc]  # narrows UserManager to our QuerySet

    REQUIRED_FIELDS = ["email"]

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="person_email_unique_ci"),
        ]

    def __str__(self) -> str:
        return self.name or self.username

    def get_full_name(self) -> str:
        return self.name or self.username

    def get_short_name(self) -> str:
        return (self.name or self.username).split(" ")[0]

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    @property
    def is_absent(self) -> bool:
        """Away or out of office (see PersonQuerySet.absent)."""
        return self.availability in ABSENT

    @property
    def availability_badge(self) -> str:
        return Availability(self.availability).badge

    def _memberships(self) -> list[tuple[int, str, int | None]]:
        """(team, role, the team's department) for every team the person serves in: one query,
        read once per instance. No order: Membership's default ordering would join to sort."""
        cached: list[tuple[int, str, int | None]] | None = getattr(self, "_membership_rows", None)
        if cached is None:
            rows = Membership.objects.filter(person=self).order_by()
            cached = list(rows.values_list("team_id", "role", "team__parent_id"))
            self._membership_rows = cached
        return cached

    def membership_roles(self) -> dict[int, str]:
        """Team id → role for every team the person serves in."""
        return {team: role for team, role, _ in self._memberships()}

    def team_ids(self) -> frozenset[int]:
        return frozenset(team for team, _, _ in self._memberships())

    def lead_team_ids(self) -> frozenset[int]:
        return frozenset(team for team, role, _ in self._memberships() if role == Role.LEAD)

    def audience_team_ids(self) -> frozenset[int]:
        """The teams a service's audience may name to include this person: their home team, the
        teams they serve in, and the departments above those."""
        ids = {team for team, _, _ in self._memberships()}
        ids |= {parent for _, _, parent in self._memberships() if parent is not None}
        if self.team_id and self.team_id not in ids:
            # A home team they do not serve in (rare: services add that membership).
            ids.add(self.team_id)
            parent = (
                Team.objects.filter(pk=self.team_id).values_list("parent_id", flat=True).first()
            )
            if parent is not None:
                ids.add(parent)
        return frozenset(ids)

    def forget_memberships(self) -> None:
        self.__dict__.pop("_membership_rows", None)

    def refresh_from_db(self, *args: Any, **kwargs: Any) -> None:
        self.forget_memberships()
        super().refresh_from_db(*args, **kwargs)


class Membership(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=8, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["team__name", "person__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "team"], name="membership_person_team_unique"
            ),
        ]
        indexes = [models.Index(fields=["team", "role"], name="membership_team_role_idx")]

    def __str__(self) -> str:
        return f"{self.person} in {self.team} ({self.get_role_display()})"


class KeyContact(models.Model):
    """'Who to ask about what': a person and the topics they cover for a team."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="key_contacts")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="key_contact_for")
    topics = models.CharField(_("topics"), max_length=300)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["team__name", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "person"], name="keycontact_team_person_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.topics}"


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def live(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 digest is stored; the secret is shown once."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=80)
    prefix = models.CharField(max_length=12, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    scope = models.CharField(_("scope"), max_length=8, choices=TokenScope.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class ImportJob(models.Model):
    """A CSV import of people and teams: validated whole, then imported whole or not at all."""

    created_by = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    filename = models.CharField(max_length=200)
    content = models.TextField()
    status = models.CharField(max_length=10, choices=ImportStatus.choices)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    summary = models.JSONField(default=dict, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        return 100 if not self.total_rows else int(100 * self.processed_rows / self.total_rows)


# The vision and the charters live in their own module; imported here so Django finds them.
from inservice.org.models_charter import Charter, Vision  # noqa: E402, F401
