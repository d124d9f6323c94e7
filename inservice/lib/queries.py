"""Small read helpers shared by the apps."""

from __future__ import annotations

from typing import TypeVar

from django.db import models

M = TypeVar("M", bound=models.Model)


def unique(queryset: models.QuerySet[M]) -> M | None:
    """The one row a lookup by a unique column finds, or None.

    Unlike `.first()` it asks for no order: `.first()` sorts by the model's default ordering,
    which for some models joins other tables only to sort a single row.
    """
    return next(iter(queryset.order_by()[:1]), None)
