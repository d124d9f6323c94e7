"""The live preview of an unsaved intake form, built by the portal's own IntakeForm."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from inservice.catalog.intake import IntakeForm
from inservice.catalog.models import FormField, Service
from inservice.catalog.views_manage.definition import bound_forms, judge, posted_rows


def preview_context(
    service: Service, data: Mapping[str, Any], files: Mapping[str, Any], *, check: bool
) -> dict[str, Any]:
    """The preview's IntakeForm; fields with problems wait outside it until they are fixed."""
    try:
        rows = posted_rows(data)
    except ValidationError as exc:
        return {"service": service, "intake": None, "preview_error": " ".join(exc.messages)}
    forms = bound_forms(rows)
    problems = judge(forms)
    broken = sorted({int(k.partition(".")[0]) for k in problems if k.partition(".")[0].isdigit()})
    fields = [
        FormField(service=service, position=i, **asdict(form.spec()))
        for i, form in enumerate(forms)
        if i not in broken
    ]
    try:
        intake = IntakeForm(
            fields, data if check else None, files if check else None, prefix="answers"
        )
    except (ValueError, re.error):
        # check_form should have caught it; a preview must never break the builder page.
        return {"service": service, "intake": None, "preview_error": _("No preview yet.")}
    return {
        "service": service,
        "intake": intake,
        "checked": check,
        "accepted": check and intake.is_valid(),
        "skipped": [rows[i]["label"] or _("Field %(n)s") % {"n": i + 1} for i in broken],
        "keys": [row["key"] for row in rows if row["key"]],
    }
