"""A service's intake form: built from its FormField rows, used by the portal and the API alike.

`IntakeForm` is a Django form, so the portal renders it and shows field-level messages; the API
feeds it the JSON answers through `json_to_form_data`, so both paths run the very same rules.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import PurePath
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.core.validators import RegexValidator
from django.template.defaultfilters import filesizeformat
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inservice.catalog.choices import FieldKind
from inservice.catalog.models import FormField
from inservice.org.fields import PersonField
from inservice.org.models import Person


def validate_upload(upload: UploadedFile[Any]) -> None:
    """Size and type limits from settings, for every attachment wherever it arrives."""
    limit = int(settings.ATTACHMENT_MAX_BYTES)
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            _("“%(name)s” is %(size)s; the limit is %(limit)s.")
            % {
                "name": upload.name,
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(limit),
            }
        )
    extension = PurePath(upload.name or "").suffix.lower().lstrip(".")
    allowed = settings.ATTACHMENT_ALLOWED_EXTENSIONS
    if extension not in allowed:
        raise ValidationError(
            _("Files of type “.%(ext)s” are not accepted. Accepted: %(allowed)s.")
            % {"ext": extension or "?", "allowed": ", ".join(allowed)}
        )


def _build_field(spec: FormField) -> forms.Field:
    common: dict[str, Any] = {
        "label": spec.label,
        "help_text": spec.help_text,
        "required": spec.required,
    }
    kind = spec.kind
    if kind in (FieldKind.TEXT, FieldKind.LONG_TEXT):
        validators = []
        if spec.pattern:
            message = spec.pattern_message or _("Enter a value in the expected format.")
            validators.append(RegexValidator(re.compile(rf"\A(?:{spec.pattern})\Z"), message))
        widget = (
            forms.Textarea(attrs={"rows": 4}) if kind == FieldKind.LONG_TEXT else forms.TextInput()
        )
        return forms.CharField(
            min_length=spec.min_length,
            max_length=spec.max_length or 5000,
            validators=validators,
            widget=widget,
            **common,
        )
    if kind == FieldKind.NUMBER:
        return forms.DecimalField(
            min_value=spec.min_value,
            max_value=spec.max_value,
            max_digits=18,
            decimal_places=4,
            **common,
        )
    if kind == FieldKind.DATE:
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **common)
    options = [(o, o) for o in spec.options]
    if kind == FieldKind.SINGLE_CHOICE:
        few = len(options) <= 5
        choice_widget: forms.Widget = forms.RadioSelect() if few else forms.Select()
        choices = options if few else [("", "—"), *options]
        return forms.ChoiceField(choices=choices, widget=choice_widget, **common)
    if kind == FieldKind.MULTIPLE_CHOICE:
        return forms.MultipleChoiceField(
            choices=options,
            widget=forms.CheckboxSelectMultiple(),
            validators=[_selection_count(spec.min_length, spec.max_length)],
            **common,
        )
    if kind == FieldKind.PERSON:
        return PersonField(**common)
    if kind == FieldKind.ATTACHMENT:
        return forms.FileField(validators=[validate_upload], **common)
    raise ValueError(f"unknown field kind {kind}")


def _selection_count(least: int | None, most: int | None) -> Callable[[list[str]], None]:
    """How many options a multiple-choice answer may tick (its min/max length)."""

    def check(value: list[str]) -> None:
        if least is not None and len(value) < least:
            raise ValidationError(_("Choose at least %(n)s.") % {"n": least})
        if most is not None and len(value) > most:
            raise ValidationError(_("Choose at most %(n)s.") % {"n": most})

    return check


class IntakeForm(forms.Form):
    """The intake form of one service. `cleaned_answers()` gives what a request stores."""

    def __init__(self, specs: Sequence[FormField], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.specs = list(specs)
        for spec in self.specs:
            field = _build_field(spec)
            if spec.required_when_key:
                # Shown as optional; clean() decides once the other answer is known.
                field.required = False
                field.widget.attrs["data-required-when"] = spec.required_when_key
            self.fields[spec.key] = field

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        labels = {s.key: s.label for s in self.specs}
        multiple = {s.key for s in self.specs if s.kind == FieldKind.MULTIPLE_CHOICE}
        for spec in self.specs:
            if not spec.required_when_key or spec.key in self.errors:
                continue
            other = cleaned.get(spec.required_when_key)
            triggered = (
                spec.required_when_value in other
                if spec.required_when_key in multiple and other
                else (other is not None and str(other) == spec.required_when_value)
            )
            if triggered and cleaned.get(spec.key) in (None, "", []):
                self.add_error(
                    spec.key,
                    _("Required when “%(other)s” is “%(value)s”.")
                    % {
                        "other": labels.get(spec.required_when_key, spec.required_when_key),
                        "value": spec.required_when_value,
                    },
                )
        return cleaned

    def cleaned_answers(self) -> dict[str, Any]:
        """JSON-ready answers; attachments are left out (the request stores them as files)."""
        answers: dict[str, Any] = {}
        for spec in self.specs:
            value = self.cleaned_data.get(spec.key)
            if value in (None, "", []) or spec.kind == FieldKind.ATTACHMENT:
                continue
            answers[spec.key] = to_json(value)
        return answers

    def uploads(self) -> dict[str, UploadedFile[Any]]:
        return {
            s.key: self.cleaned_data[s.key]
            for s in self.specs
            if s.kind == FieldKind.ATTACHMENT and self.cleaned_data.get(s.key)
        }


def to_json(value: Any) -> Any:
    if isinstance(value, Person):
        return {"id": value.pk, "name": value.name}
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


@dataclass
class JsonFormInput:
    data: dict[str, Any]
    files: dict[str, UploadedFile[Any]]
    errors: dict[str, str]


_JSON_TYPES: dict[str, tuple[type, ...]] = {
    FieldKind.TEXT: (str,),
    FieldKind.LONG_TEXT: (str,),
    FieldKind.NUMBER: (int, float, str),
    FieldKind.DATE: (str,),
    FieldKind.SINGLE_CHOICE: (str,),
    FieldKind.MULTIPLE_CHOICE: (list,),
    FieldKind.PERSON: (int, str),
    FieldKind.ATTACHMENT: (dict,),
}

_TYPE_MESSAGES: dict[str, Promise] = {
    FieldKind.TEXT: gettext_lazy("Expected a string."),
    FieldKind.LONG_TEXT: gettext_lazy("Expected a string."),
    FieldKind.NUMBER: gettext_lazy("Expected a number."),
    FieldKind.DATE: gettext_lazy("Expected a date as YYYY-MM-DD."),
    FieldKind.SINGLE_CHOICE: gettext_lazy("Expected one of the options as a string."),
    FieldKind.MULTIPLE_CHOICE: gettext_lazy("Expected a list of options."),
    FieldKind.PERSON: gettext_lazy("Expected a person's id, email or username."),
    FieldKind.ATTACHMENT: gettext_lazy("Expected an object with filename and content_base64."),
}


def json_to_form_data(specs: Sequence[FormField], answers: Mapping[str, Any]) -> JsonFormInput:
    """API answers as form data: JSON types checked here, every other rule by IntakeForm."""
    by_key = {s.key: s for s in specs}
    result = JsonFormInput(data={}, files={}, errors={})
    for key, value in answers.items():
        spec = by_key.get(key)
        if spec is None:
            result.errors[key] = _("This service's form has no field “%(key)s”.") % {"key": key}
            continue
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, _JSON_TYPES[spec.kind]):
            result.errors[key] = str(_TYPE_MESSAGES[spec.kind])
            continue
        if isinstance(value, list) and not all(isinstance(v, str) for v in value):
            result.errors[key] = str(_TYPE_MESSAGES[spec.kind])
        elif isinstance(value, dict):
            upload = _decode_upload(value)
            if upload is None:
                result.errors[key] = str(_TYPE_MESSAGES[spec.kind])
            else:
                result.files[key] = upload
        else:
            result.data[key] = str(value) if spec.kind == FieldKind.NUMBER else value
    return result


def _decode_upload(value: Mapping[str, Any]) -> UploadedFile[Any] | None:
    name, content = value.get("filename"), value.get("content_base64")
    if not isinstance(name, str) or not isinstance(content, str) or not name.strip():
        return None
    try:
        raw = base64.b64decode(content, validate=True)
    except (binascii.Error, ValueError):
        return None
    content_type = (
        value.get("content_type")
        if isinstance(value.get("content_type"), str)
        else "application/octet-stream"
    )
    return SimpleUploadedFile(PurePath(name).name, raw, content_type=str(content_type))
