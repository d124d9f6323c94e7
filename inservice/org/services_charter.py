"""Writing the organisation's vision and a team's charter (decision 0036): checked whole, saved
whole or not at all.

Markdown that the page would silently drop (raw HTML, pictures, `javascript:` links) is refused
with knowledge.markup's messages. `version` is what the editor opened (0: there was nothing yet):
when someone saved since, the save is refused and nothing is overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from inservice.knowledge.markup import markup_problems
from inservice.lib.queries import unique
from inservice.org.models import Person, Team
from inservice.org.models_charter import (
    MAX_MISSION,
    MAX_STATEMENT,
    MAX_TEXT,
    VISION_PK,
    Charter,
    Vision,
)
from inservice.org.permissions_charter import can_edit_charter, can_edit_vision

Problems = dict[str, list[str]]
Saved = TypeVar("Saved", Charter, Vision)


@dataclass(frozen=True)
class CharterDraft:
    mission: str
    hours: str = ""
    reach: str = ""
    commitments: str = ""


@dataclass(frozen=True)
class VisionDraft:
    statement: str
    text: str = ""


def _too_long(text: str, limit: int) -> str:
    return _("Too long: at most %(max)s characters (this has %(n)s).") % {
        "max": f"{limit:,}",
        "n": f"{len(text):,}",
    }


def _markdown_problems(text: str, where: str) -> list[str]:
    if len(text) > MAX_TEXT:
        return [_too_long(text, MAX_TEXT)]
    return markup_problems(text, where=where) if text else []


def charter_problems(draft: CharterDraft) -> Problems:
    """Everything wrong with the draft, keyed by field (empty when it can be saved)."""
    errors: Problems = {}
    mission = draft.mission.strip()
    if not mission:
        errors["mission"] = [_("Say in a sentence what the team is for.")]
    elif len(mission) > MAX_MISSION:
        errors["mission"] = [_too_long(mission, MAX_MISSION)]
    hours = draft.hours.strip()
    if len(hours) > MAX_TEXT:
        errors["hours"] = [_too_long(hours, MAX_TEXT)]
    where = _("in a charter")
    for name in ("reach", "commitments"):
        if found := _markdown_problems(getattr(draft, name).strip(), where):
            errors[name] = found
    return errors


def vision_problems(draft: VisionDraft) -> Problems:
    errors: Problems = {}
    statement = draft.statement.strip()
    if not statement:
        errors["statement"] = [_("Write the vision statement: one or two sentences.")]
    elif len(statement) > MAX_STATEMENT:
        errors["statement"] = [_too_long(statement, MAX_STATEMENT)]
    if found := _markdown_problems(draft.text.strip(), _("in the vision")):
        errors["text"] = found
    return errors


def _save_versioned(
    rows: QuerySet[Saved],
    key: dict[str, Any],
    values: dict[str, Any],
    version: int | None,
    what: str,
) -> Saved:
    """The one row `rows` finds, written under its lock, or made; refused as stale when
    `version` (what the editor opened; 0: nothing yet) is no longer the row's."""
    stale = _stale(what)
    try:
        with transaction.atomic():
            row = unique(rows.select_for_update())
            if version is not None and version != (row.version if row else 0):
                raise stale
            if row is None:
                # Two first saves at once: the second meets the key's constraint and is told.
                return rows.model.objects.create(version=1, **key, **values)
            for name, value in values.items():
                setattr(row, name, value)
            row.version += 1
            row.save()
    except IntegrityError as exc:
        raise stale from exc
    return row


def _stale(what: str) -> ValidationError:
    return ValidationError(
        {
            "version": [
                _(
                    "Someone else changed %(what)s since you opened it: reload the page to see "
                    "their change, then make yours again."
                )
                % {"what": what}
            ]
        },
        code="stale",
    )


def save_charter(
    actor: Person,
    team: Team,
    draft: CharterDraft,
    *,
    version: int | None = None,
    at: datetime | None = None,
) -> Charter:
    """Writes the team's charter, or its first one. `version` is the one the editor opened (0
    when the team had none); None saves over whatever is there."""
    if not can_edit_charter(actor, team):
        raise PermissionDenied(_("Only the team's leads and administrators change its charter."))
    errors = charter_problems(draft)
    if errors:
        raise ValidationError(errors)
    values = {
        "mission": draft.mission.strip(),
        "hours": draft.hours.strip(),
        "reach": draft.reach.strip(),
        "commitments": draft.commitments.strip(),
        "updated_by": actor,
        "updated_at": at or timezone.now(),
    }
    return _save_versioned(
        Charter.objects.filter(team=team), {"team": team}, values, version, _("the charter")
    )


def save_vision(
    actor: Person, draft: VisionDraft, *, version: int | None = None, at: datetime | None = None
) -> Vision:
    """Writes the organisation's service vision (there is one, or none yet)."""
    if not can_edit_vision(actor):
        raise PermissionDenied(_("Only administrators change the organisation's vision."))
    errors = vision_problems(draft)
    if errors:
        raise ValidationError(errors)
    values = {
        "statement": draft.statement.strip(),
        "text": draft.text.strip(),
        "updated_by": actor,
        "updated_at": at or timezone.now(),
    }
    return _save_versioned(
        Vision.objects.filter(pk=VISION_PK), {"pk": VISION_PK}, values, version, _("the vision")
    )
