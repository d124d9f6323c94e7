from django.db import models
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    EVERYONE = "everyone", _("Everyone, including contractors and vendors")
    EMPLOYEES = "employees", _("Employees only")
    TEAMS = "teams", _("Members of chosen teams or departments")


class RaciRole(models.TextChoices):
    RESPONSIBLE = "R", _("Responsible")
    CONSULTED = "C", _("Consulted")
    INFORMED = "I", _("Informed")


class FieldKind(models.TextChoices):
    TEXT = "text", _("Text")
    LONG_TEXT = "long_text", _("Long text")
    NUMBER = "number", _("Number")
    DATE = "date", _("Date")
    SINGLE_CHOICE = "single_choice", _("Single choice")
    MULTIPLE_CHOICE = "multiple_choice", _("Multiple choice")
    PERSON = "person", _("Person")
    ATTACHMENT = "attachment", _("Attachment")


CHOICE_KINDS = frozenset({FieldKind.SINGLE_CHOICE, FieldKind.MULTIPLE_CHOICE})
TEXT_KINDS = frozenset({FieldKind.TEXT, FieldKind.LONG_TEXT})
