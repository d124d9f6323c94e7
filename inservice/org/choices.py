from django.db import models
from django.utils.translation import gettext_lazy as _


class EmploymentType(models.TextChoices):
    EMPLOYEE = "employee", _("Employee")
    CONTRACTOR = "contractor", _("Contractor")
    VENDOR = "vendor", _("Vendor")


class TeamKind(models.TextChoices):
    DEPARTMENT = "department", _("Department")
    TEAM = "team", _("Team")


class Role(models.TextChoices):
    MEMBER = "member", _("Member")
    LEAD = "lead", _("Lead")


class TokenScope(models.TextChoices):
    READ = "read", _("Read only")
    WRITE = "write", _("Read and write")


class ImportStatus(models.TextChoices):
    INVALID = "invalid", _("Invalid: nothing imported")
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Importing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Failed: nothing imported")


class Availability(models.TextChoices):
    AVAILABLE = "available", _("Available")
    BUSY = "busy", _("Busy")
    AWAY = "away", _("Away")
    OUT_OF_OFFICE = "out_of_office", _("Out of office")

    @property
    def badge(self) -> str:
        return AVAILABILITY_BADGES[self]


# Away or out of office: requests assigned to them wait unless someone steps in.
ABSENT = (Availability.AWAY, Availability.OUT_OF_OFFICE)

AVAILABILITY_BADGES = {
    Availability.AVAILABLE: "ok",
    Availability.BUSY: "warn",
    Availability.AWAY: "muted",
    Availability.OUT_OF_OFFICE: "danger",
}
