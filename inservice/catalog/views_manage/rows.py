"""Ordered lists edited as a whole: a service's intake fields and its operating steps.

Each row's inputs are named `<prefix>-<i>-<attribute>` with `<prefix>-count` beside them. Adding,
removing and moving rows are edits of the posted list that the server answers by re-rendering
it (with htmx, or as a plain form post); nothing is written until the lead saves the whole list,
which the service layer validates and replaces in one transaction.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

Row = dict[str, str]


@dataclass
class Edit:
    rows: list[Row]
    focus_index: int | None = None  # the row whose control gets keyboard focus after the edit
    focus_control: str = ""  # "up", "down", "label"...; "add" for the add button
    removed: Row | None = None


def read_rows(data: Mapping[str, str], prefix: str, attrs: Sequence[str], limit: int) -> list[Row]:
    """The posted rows as raw text, so whatever the lead typed survives a re-render."""
    count = str(data.get(f"{prefix}-count", ""))
    if not count.isdigit():
        # Without the count an empty list would look like "remove everything".
        raise ValidationError(_("The page sent an incomplete list: reload it and try again."))
    if int(count) > limit:
        raise ValidationError(_("Keep it to %(n)s entries.") % {"n": limit})
    return [
        {attr: str(data.get(f"{prefix}-{i}-{attr}", "")) for attr in attrs}
        for i in range(int(count))
    ]


def as_data(rows: Sequence[Row], prefix: str) -> dict[str, str]:
    """Rows back into form data named like the inputs (for binding the row forms)."""
    data = {f"{prefix}-count": str(len(rows))}
    for i, row in enumerate(rows):
        for attr, value in row.items():
            if value != "":
                data[f"{prefix}-{i}-{attr}"] = value
    return data


def apply(rows: list[Row], op: str, blank: Row, limit: int) -> Edit:
    """One edit named by the button pressed: add, remove-<i>, up-<i> or down-<i>."""
    verb, _sep, number = op.partition("-")
    index = int(number) if number.isdigit() else -1
    rows = list(rows)
    if verb == "add":
        if len(rows) >= limit:
            raise ValidationError(_("Keep it to %(n)s entries.") % {"n": limit})
        rows.append(dict(blank))
        return Edit(rows, len(rows) - 1, "label")
    if not 0 <= index < len(rows):
        return Edit(rows)
    if verb == "remove":
        removed = rows.pop(index)
        return Edit(rows, None, "add", removed=removed)
    if verb == "up" and index > 0:
        rows[index - 1], rows[index] = rows[index], rows[index - 1]
        moved = index - 1
        return Edit(rows, moved, "up" if moved > 0 else "down")
    if verb == "down" and index < len(rows) - 1:
        rows[index + 1], rows[index] = rows[index], rows[index + 1]
        moved = index + 1
        return Edit(rows, moved, "down" if moved < len(rows) - 1 else "up")
    return Edit(rows)
