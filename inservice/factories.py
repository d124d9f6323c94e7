"""factory-boy factories for tests and benchmarks. They build through the apps' services."""

from __future__ import annotations

from typing import Any

from factory.base import Factory
from factory.declarations import LazyAttribute, Sequence, SubFactory

from inservice.catalog import services as catalog
from inservice.catalog.models import Service
from inservice.org import services as org
from inservice.org.models import Person, Team
from inservice.tickets import services as tickets
from inservice.tickets.models import Ticket

PASSWORD = "correct horse battery staple"  # noqa: S105 — the cast's shared test password


class TeamFactory(Factory[Team]):
    class Meta:
        model = Team

    name = Sequence(lambda n: f"Team {n}")
    key_prefix = Sequence(lambda n: "T" + "".join(chr(65 + int(d)) for d in str(n)).rjust(2, "A"))

    @classmethod
    def _create(cls, model_class: type[Team], *args: Any, **kwargs: Any) -> Team:
        return org.create_team(**kwargs)


class PersonFactory(Factory[Person]):
    class Meta:
        model = Person

    username = Sequence(lambda n: f"person{n}")
    name = Sequence(lambda n: f"Person {n}")
    email = LazyAttribute(lambda p: f"{p.username}@example.org")
    password = PASSWORD

    @classmethod
    def _create(cls, model_class: type[Person], *args: Any, **kwargs: Any) -> Person:
        return org.create_person(**kwargs)


class ServiceFactory(Factory[Service]):
    class Meta:
        model = Service

    name = Sequence(lambda n: f"Service {n}")
    summary = "A service for tests."
    accountable = SubFactory(PersonFactory)

    @classmethod
    def _create(cls, model_class: type[Service], *args: Any, **kwargs: Any) -> Service:
        team = kwargs.pop("team")
        return catalog.create_service(team, **kwargs)


class TicketFactory(Factory[Ticket]):
    class Meta:
        model = Ticket

    subject = Sequence(lambda n: f"Request number {n}")
    description = "Please help."

    @classmethod
    def _create(cls, model_class: type[Ticket], *args: Any, **kwargs: Any) -> Ticket:
        actor = kwargs.pop("requester")
        return tickets.open_ticket(actor, tickets.NewRequest(**kwargs))
