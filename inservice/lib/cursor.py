"""Keyset ("cursor") pagination over several ordering columns.

Offset pagination reads and throws away every earlier row; a keyset cursor starts the next page
with an indexed comparison on the last row's sort values, so page 1,000 costs what page 1 does.
The cursor is opaque to clients: base64 of the last row's sort values.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import F, Q
from django.db.models.expressions import OrderBy

M = TypeVar("M", bound=models.Model)


class BadCursor(ValueError):
    pass


@dataclass
class Page(Generic[M]):
    items: list[M]
    next_cursor: str | None


def _encode_value(value: Any) -> Any:
    return {"dt": value.isoformat()} if isinstance(value, datetime) else value


def _decode_value(value: Any) -> Any:
    if isinstance(value, dict) and "dt" in value:
        return datetime.fromisoformat(value["dt"])
    return value


def encode(values: list[Any]) -> str:
    raw = json.dumps([_encode_value(v) for v in values], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(cursor: str, width: int) -> list[Any]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
    except (binascii.Error, ValueError) as exc:
        raise BadCursor("This cursor is not one Inservice gave out.") from exc
    if not isinstance(values, list) or len(values) != width:
        raise BadCursor("This cursor is not one Inservice gave out.")
    return [_decode_value(v) for v in values]


def _after(ordering: list[str], values: list[Any], nullable: frozenset[str] = frozenset()) -> Q:
    """Rows strictly after `values` in `ordering` (each column ascending, or descending with '-').

    Nullable columns sort their nulls last: after a value come the greater ones and the nulls;
    after a null, only rows tied on it (`name=None` is an IS NULL test)."""
    condition = Q()
    for i, column in enumerate(ordering):
        name = column.lstrip("-")
        op = "lt" if column.startswith("-") else "gt"
        if name in nullable and values[i] is None:
            continue
        step = Q(**{f"{name}__{op}": values[i]})
        if name in nullable:
            step |= Q(**{f"{name}__isnull": True})
        for earlier, value in zip(ordering[:i], values[:i], strict=True):
            step &= Q(**{earlier.lstrip("-"): value})
        condition |= step
    return condition


def paginate(
    queryset: models.QuerySet[M], ordering: list[str], cursor: str | None, size: int
) -> Page[M]:
    """One page of `queryset` in `ordering` (which must end in a unique column), after `cursor`."""
    nullable = _nullable(queryset.model, ordering)
    qs = queryset.order_by(*(_order(c, c.lstrip("-") in nullable) for c in ordering))
    if cursor:
        qs = qs.filter(_after(ordering, decode(cursor, len(ordering)), nullable))
    rows = list(qs[: size + 1])
    items = rows[:size]
    next_cursor = None
    if len(rows) > size:
        last = items[-1]
        next_cursor = encode([_attr(last, c.lstrip("-")) for c in ordering])
    return Page(items=items, next_cursor=next_cursor)


def _nullable(model: type[models.Model], ordering: list[str]) -> frozenset[str]:
    """The ordering's columns that may hold nulls (on SQLite nulls sort first, on PostgreSQL
    last: both are told to sort them last)."""
    found = set()
    for column in ordering:
        name = column.lstrip("-")
        try:
            if model._meta.get_field(name).null:
                found.add(name)
        except FieldDoesNotExist:
            continue  # a related path or an annotation: never null in our orderings
    return frozenset(found)


def _order(column: str, nullable: bool) -> str | OrderBy:
    if not nullable:
        return column
    if column.startswith("-"):
        return F(column[1:]).desc(nulls_last=True)
    return F(column).asc(nulls_last=True)


def _attr(obj: models.Model, path: str) -> Any:
    value: Any = obj
    for part in path.split("__"):
        value = getattr(value, part)
    return value
