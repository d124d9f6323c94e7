from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from inservice.catalog.choices import Audience, FieldKind, RaciRole
from inservice.org.choices import EmploymentType
from inservice.org.models import Person, Team
from inservice.tickets.choices import Priority


class ServiceQuerySet(models.QuerySet["Service"]):
    def active(self) -> ServiceQuerySet:
        return self.filter(is_active=True)

    def offered_to(self, person: Person) -> ServiceQuerySet:
        """Services this person may ask for: the audience rule of each service, in SQL."""
        audience = models.Q(audience=Audience.EVERYONE) | models.Q(
            audience=Audience.TEAMS, audience_teams__in=sorted(person.audience_team_ids())
        )
        if person.employment_type == EmploymentType.EMPLOYEE:
            audience |= models.Q(audience=Audience.EMPLOYEES)
        return self.active().filter(audience).distinct()

    def search(self, text: str) -> ServiceQuerySet:
        return self.filter(
            models.Q(name__icontains=text)
            | models.Q(summary__icontains=text)
            | models.Q(keywords__icontains=text)
            | models.Q(team__name__icontains=text)
        )


class Service(models.Model):
    team = models.ForeignKey(
        Team, verbose_name=_("owning team"), on_delete=models.PROTECT, related_name="services"
    )
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    summary = models.CharField(
        _("summary"), max_length=240, help_text=_("One line shown in the catalog.")
    )
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    keywords = models.CharField(_("search keywords"), max_length=240, blank=True)
    audience = models.CharField(
        _("audience"), max_length=12, choices=Audience.choices, default=Audience.EVERYONE
    )
    audience_teams = models.ManyToManyField(
        Team, verbose_name=_("audience teams"), blank=True, related_name="+"
    )
    accountable = models.ForeignKey(
        Person,
        verbose_name=_("accountable person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="accountable_for",
    )
    default_priority = models.IntegerField(
        _("default priority"), choices=Priority.choices, default=Priority.NORMAL
    )
    is_confidential = models.BooleanField(
        _("confidential"),
        default=False,
        help_text=_(
            "Requests are visible only to the owning team, the requester and watchers the team adds."
        ),
    )
    is_active = models.BooleanField(_("offered in the catalog"), default=True)
    response_target_minutes = models.PositiveIntegerField(
        _("first response target (business minutes)"), null=True, blank=True
    )
    resolution_target_minutes = models.PositiveIntegerField(
        _("resolution target (business minutes)"), null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        ordering = ["team__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["team", "name"], name="service_team_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class RaciAssignment(models.Model):
    """Who is Responsible, Consulted or Informed for a service (Accountable is Service.accountable)."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="raci")
    role = models.CharField(_("role"), max_length=1, choices=RaciRole.choices)
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    note = models.CharField(_("for what"), max_length=200, blank=True)

    class Meta:
        ordering = ["role", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(person__isnull=False, team__isnull=True)
                | models.Q(person__isnull=True, team__isnull=False),
                name="raci_person_xor_team",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.person or self.team}"


class OperatingStep(models.Model):
    """One standard operating step: what happens after someone asks."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("title"), max_length=160)
    detail = models.TextField(_("detail"), blank=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title


class FormField(models.Model):
    """One field of a service's intake form, with the rules that make a request complete."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="fields")
    position = models.PositiveSmallIntegerField(default=0)
    key = models.SlugField(
        _("key"), max_length=60, help_text=_("Stable name used by the API, e.g. start_date.")
    )
    label = models.CharField(_("label"), max_length=160)
    kind = models.CharField(_("type"), max_length=16, choices=FieldKind.choices)
    required = models.BooleanField(_("required"), default=False)
    help_text = models.CharField(_("help text"), max_length=300, blank=True)
    min_value = models.DecimalField(
        _("minimum"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    max_value = models.DecimalField(
        _("maximum"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    min_length = models.PositiveIntegerField(_("minimum length"), null=True, blank=True)
    max_length = models.PositiveIntegerField(_("maximum length"), null=True, blank=True)
    pattern = models.CharField(
        _("pattern"),
        max_length=200,
        blank=True,
        help_text=_("A regular expression the whole answer must match."),
    )
    pattern_message = models.CharField(
        _("message when the pattern fails"), max_length=200, blank=True
    )
    options = models.JSONField(_("options"), default=list, blank=True)
    required_when_key = models.SlugField(_("required when field"), max_length=60, blank=True)
    required_when_value = models.CharField(_("has the value"), max_length=160, blank=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["service", "key"], name="formfield_service_key_unique")
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.get_kind_display()})"
