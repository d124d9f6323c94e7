"""The organisation's values, kept by administrators (the admin goes through here)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from inservice.kudos.models import Value

MAX_NAME = 60
MAX_DESCRIPTION = 300

Problems = dict[str, list[str]]


def value_problems(name: str, description: str, slug: str, value: Value | None = None) -> Problems:
    errors: Problems = {}
    others = Value.objects.exclude(pk=value.pk) if value is not None else Value.objects.all()
    if not name:
        errors["name"] = [_("Name the value, e.g. Caring.")]
    elif len(name) > MAX_NAME:
        errors["name"] = [_("Keep the name to %(n)s characters or fewer.") % {"n": MAX_NAME}]
    elif not slug:
        errors["name"] = [_("Use letters or digits in the name.")]
    elif others.filter(name__iexact=name).exists() or others.filter(slug=slug).exists():
        errors["name"] = [_("There is a value “%(name)s” already.") % {"name": name}]
    if len(description) > MAX_DESCRIPTION:
        errors["description"] = [
            _("Keep the description to %(n)s characters or fewer.") % {"n": MAX_DESCRIPTION}
        ]
    return errors


def save_value(
    value: Value | None,
    *,
    name: str,
    description: str = "",
    position: int = 0,
    is_active: bool = True,
) -> Value:
    """Creates a value (`value` None) or changes one. Its slug follows the name when it is
    made and never changes after, so links and API clients naming it keep working; a value is
    retired (`is_active` False), never deleted, so the kudos that named it keep it."""
    name, description = name.strip(), description.strip()
    slug = value.slug if value is not None else slugify(name)[:60]
    errors = value_problems(name, description, slug, value)
    if position < 0:
        errors["position"] = [_("Use a position of 0 or more.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if value is None:
            return Value.objects.create(
                name=name,
                slug=slug,
                description=description,
                position=position,
                is_active=is_active,
            )
        locked = Value.objects.select_for_update().get(pk=value.pk)
        locked.name, locked.description = name, description
        locked.position, locked.is_active = position, is_active
        locked.save(update_fields=["name", "description", "position", "is_active"])
        return locked
