"""Settled promises for the promise-kept measure, made the way people make them: acknowledged,
then kept by a reply, broken by the lapse check, or renegotiated in time."""

from __future__ import annotations

from datetime import datetime, timedelta

import time_machine

from inservice.org.models import Person
from inservice.sla import services as sla
from inservice.sla.choices import PromiseState, PromiseStep
from inservice.sla.models import Promise
from inservice.tickets import services as tickets
from inservice.tickets.models import Ticket


def settled_promise(maker: Person, ticket: Ticket, state: str, at: datetime) -> Promise:
    """`maker` (a member of the team holding `ticket`) promises an update an hour after `at`;
    the promise is settled as `state` within that hour (broken: at the hour)."""
    due = at + timedelta(hours=1)
    with time_machine.travel(at, tick=False):
        promise = sla.acknowledge(maker, ticket, due, PromiseStep.UPDATE)
    with time_machine.travel(at + timedelta(minutes=30), tick=False):
        if state == PromiseState.KEPT:
            tickets.reply(maker, ticket, "An update")
        elif state == PromiseState.RENEGOTIATED:
            sla.renegotiate(maker, ticket, due + timedelta(days=1), "More time")
    if state == PromiseState.BROKEN:
        sla.lapse(promise.pk, due + timedelta(minutes=1))
    promise.refresh_from_db()
    assert promise.state == state, promise.state
    return promise
