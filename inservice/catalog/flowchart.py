"""A service's standard operating steps as a flowchart (`inservice.lib.flowchart`), and its RACI.

The requester asks in their own lane; the owning team's steps follow in order in the team's lane.
Who is Responsible (RACI) is a line on every step. Reads only what the caller loaded: no queries
beyond `service.team` and `service.accountable`, which the portal's fetcher joins.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from django.utils.translation import gettext as _

from inservice.catalog.choices import RaciRole
from inservice.catalog.models import OperatingStep, RaciAssignment, Service
from inservice.lib.flowchart import Arrow, Box, Chart

ASK_KEY = "ask"


def step_key(step: OperatingStep) -> str:
    return f"step-{step.pk}"


def service_chart(
    service: Service,
    steps: Sequence[OperatingStep],
    raci: Sequence[RaciAssignment],
    *,
    ask_url: str = "",
) -> Chart:
    """The asking, then each step after the one before. `ask_url` makes the first box a link."""
    responsible = [_who(r) for r in raci if r.role == RaciRole.RESPONSIBLE]
    lines: list[str] = []
    if responsible:
        lines.append(_("Responsible: %(names)s") % {"names": ", ".join(responsible)})
    requester, team = _("Requester"), service.team.name
    boxes = [Box(ASK_KEY, _("Ask"), requester, lines=(service.name,), href=ask_url)]
    boxes += [
        Box(step_key(s), s.title, team, lines=tuple(lines + ([s.detail] if s.detail else [])))
        for s in steps
    ]
    arrows = [Arrow(a.key, b.key) for a, b in pairwise(boxes)]
    return Chart(
        lanes=(requester, team),
        boxes=boxes,
        arrows=arrows,
        title=_("What happens after you ask for %(service)s") % {"service": service.name},
    )


@dataclass(frozen=True)
class RaciRow:
    letter: str
    role: str
    who: str
    note: str = ""


def raci_rows(service: Service, raci: Sequence[RaciAssignment]) -> list[RaciRow]:
    """The compact RACI table: Responsible, Accountable (the service's), Consulted, Informed."""
    rows = [RaciRow(r.role, str(r.get_role_display()), _who(r), r.note) for r in raci]
    if service.accountable:
        rows.append(RaciRow("A", _("Accountable"), service.accountable.name))
    order = "RACI"
    return sorted(rows, key=lambda row: order.index(row.letter))


def _who(assignment: RaciAssignment) -> str:
    if assignment.person:
        return assignment.person.name
    return assignment.team.name if assignment.team else ""
