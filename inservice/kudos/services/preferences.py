"""A person's kudos preference: whether their manager hears of the kudos they receive."""

from __future__ import annotations

from inservice.kudos.models import KudosSetting
from inservice.org.models import Person


def tells_manager(person: Person) -> bool:
    setting = KudosSetting.objects.filter(person=person).values_list("tell_manager", flat=True)
    return next(iter(setting), True)


def set_tell_manager(person: Person, tell: bool) -> None:
    """Stores whether the person's manager hears when someone thanks them (the default: yes)."""
    KudosSetting.objects.update_or_create(person=person, defaults={"tell_manager": tell})
