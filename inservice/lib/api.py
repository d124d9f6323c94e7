"""How the JSON API says no: 422 bodies shaped like ninja's own, whatever raised them.

Every problem is `{"loc": [...], "msg": "...", "type": "..."}` under `detail`, so a client reads
pydantic's schema errors, the intake form's field errors and the services' refusals the same way.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from ninja import Field, Schema
from ninja.errors import HttpError
from ninja.errors import ValidationError as ApiValidationError

from inservice.lib.cursor import Page, paginate
from inservice.tickets.lifecycle import IllegalTransition

Loc = tuple[str | int, ...]
M = TypeVar("M", bound=models.Model)

# Every body parameter of the API is named `payload`; ninja puts that name in each error's loc,
# which tells a client nothing, so it is taken out: ["body", "payload", "subject"] -> ["body", "subject"].
BODY_PARAM = "payload"

# One short message per pydantic error type (pydantic's own are long and not translated).
_MESSAGES: dict[str, Promise] = {
    "missing": gettext_lazy("This field is required."),
    "extra_forbidden": gettext_lazy("This field is not accepted here."),
    "string_type": gettext_lazy("Expected a string."),
    "int_type": gettext_lazy("Expected a whole number."),
    "int_parsing": gettext_lazy("Expected a whole number."),
    "int_from_float": gettext_lazy("Expected a whole number."),
    "bool_type": gettext_lazy("Expected true or false."),
    "bool_parsing": gettext_lazy("Expected true or false."),
    "list_type": gettext_lazy("Expected a list."),
    "dict_type": gettext_lazy("Expected an object."),
    "model_type": gettext_lazy("Expected a JSON object."),
    "model_attributes_type": gettext_lazy("Expected a JSON object."),
    "literal_error": gettext_lazy("Expected one of: %(expected)s."),
    "greater_than_equal": gettext_lazy("Must be at least %(ge)s."),
    "less_than_equal": gettext_lazy("Must be at most %(le)s."),
}


def problem(loc: Loc, msg: str, type_: str) -> dict[str, Any]:
    return {"loc": list(loc), "msg": msg, "type": type_}


class Unprocessable(ApiValidationError):
    """A 422 whose problems Inservice wrote itself (pydantic's go through `tidy` first)."""


def unprocessable(problems: Sequence[dict[str, Any]]) -> Unprocessable:
    """A 422 carrying these problems (the API's handler renders it)."""
    return Unprocessable(list(problems))


def tidy(errors: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Ninja's pydantic errors with our short messages, the body parameter's name left out."""
    result = []
    for error in errors:
        loc = tuple(error.get("loc", ()))
        if loc[:2] == ("body", BODY_PARAM):
            loc = ("body", *loc[2:])
        type_ = str(error.get("type", "invalid"))
        result.append(problem(loc, _message(type_, error), type_))
    return result


def _message(type_: str, error: Mapping[str, Any]) -> str:
    ctx = error.get("ctx") or {}
    if type_ == "string_too_short":
        n = int(ctx.get("min_length", 1))
        if n == 1:
            return _("This field cannot be empty.")
        return ngettext(
            "Too short: at least %(n)s character.", "Too short: at least %(n)s characters.", n
        ) % {"n": n}
    if type_ == "string_too_long":
        n = int(ctx.get("max_length", 0))
        return ngettext(
            "Too long: at most %(n)s character.", "Too long: at most %(n)s characters.", n
        ) % {"n": n}
    if type_ == "too_long":
        n = int(ctx.get("max_length", 0))
        return ngettext("At most %(n)s item.", "At most %(n)s items.", n) % {"n": n}
    template = _MESSAGES.get(type_)
    if template is None:
        return str(error.get("msg", _("This value is not valid.")))
    try:
        return str(template) % {k: str(v) for k, v in ctx.items()}
    except (KeyError, ValueError):
        return str(error.get("msg", _("This value is not valid.")))


def django_problems(
    exc: DjangoValidationError, where: Mapping[str, Loc] | None = None, prefix: Loc = ("body",)
) -> list[dict[str, Any]]:
    """A Django ValidationError as problems: field `f` at `where[f]`, else at prefix + (f,)."""
    where = where or {}
    if not hasattr(exc, "error_dict"):
        return [problem(prefix, str(m), _code(e)) for e in exc.error_list for m in e.messages]
    problems: list[dict[str, Any]] = []
    for name, errors in exc.error_dict.items():
        loc = prefix if name == NON_FIELD_ERRORS else where.get(name, (*prefix, name))
        problems.extend(problem(loc, str(m), _code(e)) for e in errors for m in e.messages)
    return problems


def _code(error: DjangoValidationError) -> str:
    return str(getattr(error, "code", None) or "invalid")


@contextmanager
def service_call(
    where: Mapping[str, Loc] | None = None, illegal: Loc = ("body", "action")
) -> Iterator[None]:
    """Turns a service's refusal into the API's answer; the service has changed nothing.

    `where` renames the service's field names to the request's paths (e.g. the service's
    `requester` is the body's `on_behalf_of`); an illegal lifecycle move is reported at `illegal`.
    """
    try:
        yield
    except DjangoValidationError as exc:
        raise unprocessable(django_problems(exc, where)) from exc
    except IllegalTransition as exc:
        raise unprocessable([problem(illegal, exc.message, "illegal_transition")]) from exc
    except PermissionDenied as exc:
        raise HttpError(403, str(exc) or _("You may not do this.")) from exc


class PageQuery(Schema):
    """Keyset pagination: pass the `next_cursor` of one page to get the next."""

    cursor: str | None = Field(None, description="The next_cursor of the previous page.")
    limit: int = Field(50, ge=1, le=100, description="Rows per page.")


def page_or_422(
    queryset: models.QuerySet[M], ordering: Sequence[str], cursor: str | None, size: int
) -> Page[M]:
    """One keyset page; a cursor Inservice did not give out is a 422 naming `cursor`."""
    columns = list(ordering)
    if cursor:
        try:
            # Building the filter on an empty queryset checks every value against its column's
            # type without running a query: a forged cursor fails here, not inside the database.
            paginate(queryset.none(), columns, cursor, 1)
        except (ValueError, TypeError, DjangoValidationError) as exc:
            raise unprocessable(
                [
                    problem(
                        ("query", "cursor"),
                        _("This cursor is not one Inservice gave out: start again without it."),
                        "cursor",
                    )
                ]
            ) from exc
    return paginate(queryset, columns, cursor, size)


def form_problems(
    form: forms.Form, prefix: Loc, skip: Collection[str] = ()
) -> list[dict[str, Any]]:
    """A bound, invalid Django form's errors as problems under `prefix` (fields in `skip` left out)."""
    problems: list[dict[str, Any]] = []
    for name, errors in form.errors.as_data().items():
        if name in skip:
            continue
        loc = prefix if name == NON_FIELD_ERRORS else (*prefix, name)
        problems.extend(problem(loc, str(m), _code(e)) for e in errors for m in e.messages)
    return problems
