"""Forms for asking and serving. Each cleans input; the services decide and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from inservice.catalog.intake import validate_upload
from inservice.org.fields import PeopleField, PersonField
from inservice.org.models import Person, Team
from inservice.sla.choices import Health
from inservice.tickets.choices import Priority, Status, TransferReason, WaitReason
from inservice.tickets.services import MAX_BODY

MAX_FILES = 10


def assignable(team: Team) -> QuerySet[Person]:
    """Who a request held by `team` may be assigned to: its active members."""
    return Person.objects.filter(memberships__team=team, is_active=True).order_by("name")


def transfer_targets(current: Team) -> QuerySet[Team]:
    """Where a request may be transferred: every other team that offers a service."""
    return (
        Team.objects.filter(services__is_active=True)
        .exclude(pk=current.pk)
        .distinct()
        .order_by("name")
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by the services' upload rules."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        items = list(data) if isinstance(data, list | tuple) else [data]
        files = [super(MultipleFileField, self).clean(d, initial) for d in items if d]
        if len(files) > MAX_FILES:
            raise forms.ValidationError(
                _("Attach at most %(n)s files at a time.") % {"n": MAX_FILES}
            )
        for upload in files:
            validate_upload(upload)
        return files


class RequestForm(forms.Form):
    subject = forms.CharField(
        label=_("Subject"), max_length=200, help_text=_("What you need, in a few words.")
    )
    description = forms.CharField(
        label=_("Details"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=MAX_BODY,
        help_text=_("Markdown is fine. Anything that helps the team act without asking back."),
    )
    on_behalf_of = PersonField(
        label=_("Asking for someone else?"),
        required=False,
        help_text=_("Their email or username. Leave empty if it is for you."),
    )
    watchers = PeopleField(label=_("Keep others informed"), required=False)
    attachments = MultipleFileField(label=_("Attach files"))

    def __init__(self, *args: Any, confidential: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if confidential:
            # Only the team adds watchers to a confidential request.
            del self.fields["watchers"]


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Message"), widget=forms.Textarea(attrs={"rows": 4}), max_length=MAX_BODY
    )
    internal = forms.BooleanField(label=_("Internal note (only the teams see it)"), required=False)
    attachments = MultipleFileField(label=_("Attach files"))


class TransitionForm(forms.Form):
    action = forms.CharField(max_length=20)
    message = forms.CharField(widget=forms.Textarea, required=False, max_length=MAX_BODY)
    version = forms.IntegerField(required=False)
    # Only with "wait": missing information or another question (tickets.services.transition).
    reason = forms.ChoiceField(
        label=_("Why"),
        choices=[("", ""), *WaitReason.choices],
        required=False,
        error_messages={"invalid_choice": _("Choose why the request waits on the requester.")},
    )


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        required=False,
        label=_("Assignee"),
        empty_label=_("Unassigned"),
    )

    def __init__(self, *args: Any, team: Team, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["assignee"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = assignable(team)


class PriorityForm(forms.Form):
    priority = forms.TypedChoiceField(choices=Priority.choices, coerce=int, label=_("Priority"))


class TransferForm(forms.Form):
    team = forms.ModelChoiceField(queryset=Team.objects.none(), label=_("To team"))
    reason = forms.ChoiceField(
        label=_("Reason for the transfer"),
        choices=TransferReason.choices,
        error_messages={
            "required": _("Choose why the request goes to another team."),
            "invalid_choice": _("Choose why the request goes to another team."),
        },
    )
    note = forms.CharField(
        label=_("Handoff note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=MAX_BODY,
        help_text=_("What the receiving team needs to know: they read it first."),
    )

    def __init__(self, *args: Any, current: Team, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["team"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = transfer_targets(current)


class KeyForm(forms.Form):
    key = forms.CharField(label=_("Request key"), max_length=20, help_text=_("e.g. IT-1042"))


class WatcherForm(forms.Form):
    person = PersonField(label=_("Add a watcher"))


class AnyOfField(forms.TypedMultipleChoiceField):
    """Several choices where the select's empty "Any" option means no filter, not a bad value."""

    def to_python(self, value: Any) -> list[str]:
        return [v for v in super().to_python(value) if v != ""]


class QueueFilterForm(forms.Form):
    """The queue's filters, read from the query string. Invalid values are named, never guessed."""

    status = AnyOfField(
        choices=[("open", _("Open")), *Status.choices], required=False, label=_("Status")
    )
    priority = AnyOfField(choices=Priority.choices, coerce=int, required=False, label=_("Priority"))
    assignee = forms.CharField(required=False, label=_("Assignee"))
    service = forms.IntegerField(required=False, label=_("Service"))
    q = forms.CharField(required=False, max_length=100, label=_("Key or text"))
    health = AnyOfField(
        choices=[(h.value, h.label) for h in Health if h.value],
        required=False,
        label=_("Service level"),
    )
    sort = forms.ChoiceField(
        choices=[
            ("due", _("Due soonest")),
            ("priority", _("Priority, then oldest")),
            ("oldest", _("Oldest first")),
            ("newest", _("Newest first")),
            ("updated", _("Recently updated")),
        ],
        required=False,
        label=_("Sort"),
    )

    def clean_assignee(self) -> str:
        value: str = self.cleaned_data.get("assignee") or ""
        if value not in ("", "me", "none") and not value.isdigit():
            raise forms.ValidationError(_("Choose me, unassigned or a person."))
        return value
