"""The customer map as the page, its CSV and the API show it (decision 0037): each flow graded
by satisfaction or by resolution on time, the drawing's input (`map_svg.MapChart`) and the
same flows as a table (a `Figure` with no chart: its rows are the text alternative on the page
and the CSV, through insights.exports). Reads nothing from the database.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from inservice.insights.customer_flows import (
    MAX_EDGES,
    MAX_SIDE,
    SHARE,
    Counts,
    Edge,
    Folded,
    Network,
    Node,
    Role,
    TeamInfo,
)
from inservice.insights.exports import number_text
from inservice.insights.figures.base import Cell, ChartKind, Figure, Unit
from inservice.insights.figures.targets import TARGETS
from inservice.insights.map_svg import Dot, Link, MapChart

# Below the target and above these is "fair"; below these, "poor".
FAIR_CSAT = 3.5
FAIR_SLA = 75.0


class Colour(models.TextChoices):
    CSAT = "csat", gettext_lazy("Satisfaction (CSAT)")
    SLA = "sla", gettext_lazy("Resolution on time (SLA)")


def grade(counts: Counts, colour: str) -> str:
    """good (the target met), fair, poor, or none (nothing to grade)."""
    if colour == Colour.SLA:
        value, target, fair = counts.sla, TARGETS["resolution_compliance"], FAIR_SLA
    else:
        value, target, fair = counts.csat, TARGETS["csat"], FAIR_CSAT
    if value is None:
        return "none"
    return "good" if value >= target else "fair" if value >= fair else "poor"


def grades(colour: str) -> dict[str, str]:
    """What each grade means, for the legend."""
    if colour == Colour.SLA:
        target, fair = number_text(TARGETS["resolution_compliance"]), number_text(FAIR_SLA)
        return {
            "good": _("%(target)s%% or more on time (the target)") % {"target": target},
            "fair": _("%(fair)s%% to %(target)s%%") % {"fair": fair, "target": target},
            "poor": _("under %(fair)s%%") % {"fair": fair},
            "none": _("no resolution due"),
        }
    target, fair = number_text(TARGETS["csat"]), number_text(FAIR_CSAT)
    return {
        "good": _("%(target)s or more (the target)") % {"target": target},
        "fair": _("%(fair)s to %(target)s") % {"fair": fair, "target": target},
        "poor": _("under %(fair)s") % {"fair": fair},
        "none": _("no ratings"),
    }


def team_name(team: TeamInfo | None) -> str:
    return team.name if team is not None else _("People in no team")


def counts_lines(counts: Counts) -> tuple[str, ...]:
    """A flow in words, for tooltips."""
    asked = ngettext("%(n)s request", "%(n)s requests", counts.asked) % {"n": counts.asked}
    if counts.csat is None:
        csat = _("CSAT: no ratings")
    else:
        csat = ngettext(
            "CSAT %(score)s (%(n)s rating)", "CSAT %(score)s (%(n)s ratings)", counts.ratings
        ) % {"score": number_text(counts.csat), "n": counts.ratings}
    decided = counts.met + counts.breached
    if counts.sla is None:
        sla = _("Resolved on time: none due")
    else:
        sla = _("Resolved on time: %(percent)s%% of %(n)s") % {
            "percent": number_text(counts.sla),
            "n": decided,
        }
    return (asked, csat, sla)


LinkTo = Callable[[TeamInfo], str]  # a team's dot links here ("" for no link)


def chart_of(network: Network, colour: str, link_to: LinkTo) -> MapChart:
    """The drawing's input: the whole map on a circle, or a team's map in three columns."""
    dots = [_dot(node, link_to) for node in network.nodes]
    links = [_link(*edge_ends(network, e), e.counts, colour) for e in network.edges]
    legend, label = grades(colour), str(Colour(colour).label)
    focus = network.focus
    if focus is None:
        return MapChart(dots, links, title=_("The customer map"), grades=legend, colour_label=label)
    centre = Node(focus, Role.FOCUS).key
    for role, side in ((Role.CUSTOMER, "left"), (Role.SUPPLIER, "right")):
        folded = network.folded.get(role)
        if folded is None:
            continue
        key = f"{role}:other"
        lines = counts_lines(folded.counts)
        dots.append(Dot(key, _others(folded), side=side, lines=lines, muted=True))
        ends = (key, centre) if role == Role.CUSTOMER else (centre, key)
        links.append(_link(*ends, folded.counts, colour))
    return MapChart(
        dots,
        links,
        title=_("The customer map of %(team)s") % {"team": focus.name},
        left_heading=_("Its customers: they ask %(team)s") % {"team": focus.name},
        right_heading=_("Its suppliers: %(team)s asks them") % {"team": focus.name},
        grades=legend,
        colour_label=label,
    )


def _key(team: TeamInfo | None) -> str:
    return Node(team).key


def _link(source: str, target: str, counts: Counts, colour: str) -> Link:
    return Link(source, target, counts.asked, grade(counts, colour), counts_lines(counts))


def _others(folded: Folded) -> str:
    return ngettext("%(n)s other team", "%(n)s other teams", folded.teams - 1) % {
        "n": folded.teams - 1  # the focused team is one end of each folded flow
    }


def _dot(node: Node, link_to: LinkTo) -> Dot:
    team = node.team
    side = {Role.FOCUS: "centre", Role.CUSTOMER: "left", Role.SUPPLIER: "right"}.get(node.role, "")
    lines: list[str] = []
    if team is not None and team.department and team.department != team.name:
        lines.append(_("Department: %(name)s") % {"name": team.department})
    if node.role == Role.CUSTOMER:
        lines.append(_("Asked: %(n)s requests") % {"n": node.asked})
    elif node.role == Role.SUPPLIER:
        lines.append(_("Was asked: %(n)s requests") % {"n": node.received})
    elif not node.role:
        lines.append(_("Asked other teams: %(n)s requests") % {"n": node.asked})
        lines.append(_("Asked by other teams: %(n)s requests") % {"n": node.received})
    href = link_to(team) if team is not None and node.role != Role.FOCUS else ""
    return Dot(
        node.key,
        team_name(team),
        group=team.department if team is not None else "",
        side=side,
        href=href,
        lines=tuple(lines),
    )


# -- the same flows as a table ------------------------------------------------------------------


def table_of(network: Network) -> Figure:
    """Every flow drawn, and the folded ones as one row each: the page's table, the CSV."""
    rows = [_row(team_name(e.source), team_name(e.target), e.counts) for e in network.edges]
    focus = network.focus
    for role, folded in network.folded.items():
        if role == Role.CUSTOMER and focus is not None:
            rows.append(_row(_others(folded), focus.name, folded.counts))
        elif role == Role.SUPPLIER and focus is not None:
            rows.append(_row(focus.name, _others(folded), folded.counts))
        else:
            words = ngettext("%(n)s smaller flow", "%(n)s smaller flows", folded.flows) % {
                "n": folded.flows
            }
            rows.append(_row(words, _("Other teams"), folded.counts))
    title = (
        _("Flows between teams")
        if focus is None
        else _("Flows to and from %(team)s") % {"team": focus.name}
    )
    return Figure(
        key="customer_map",
        title=title,
        description=_(
            "Requests each team's people asked of another team in the period, the ratings "
            "they gave (CSAT, 1-5) and the share of resolution targets met on time."
        ),
        chart=ChartKind.NONE,
        unit=Unit.COUNT,
        columns=[
            _("From (the customer)"),
            _("To (the supplier)"),
            _("Requests"),
            _("Ratings"),
            _("CSAT"),
            _("Resolved on time (%)"),
        ],
        rows=rows,
        as_of=network.as_of,
        note=note_of(network),
    )


def _row(source: str, target: str, counts: Counts) -> list[Cell]:
    return [source, target, counts.asked, counts.ratings, counts.csat, counts.sla]


def note_of(network: Network) -> str:
    """What the map leaves out, in words."""
    notes = []
    if network.folded:
        if network.focus is None:
            notes.append(
                _(
                    "With more than %(most)s flows, those under %(share)s%% of the requests "
                    "(and any past the busiest %(most)s) are added up in one row and not drawn."
                )
                % {"most": MAX_EDGES, "share": number_text(SHARE * 100)}
            )
        else:
            notes.append(
                _(
                    "With more than %(most)s teams on a side, those under %(share)s%% of the "
                    "requests (and any past the busiest %(most)s) are drawn as one."
                )
                % {"most": MAX_SIDE, "share": number_text(SHARE * 100)}
            )
    if network.internal:
        notes.append(
            ngettext(
                "%(n)s request a team asked of itself is not shown.",
                "%(n)s requests teams asked of themselves are not shown.",
                network.internal,
            )
            % {"n": network.internal}
        )
    notes.append(
        _(
            "A request counts where it was first asked; ratings and resolutions for the team "
            "holding it then."
        )
    )
    return " ".join(notes)


def edge_ends(network: Network, edge: Edge) -> tuple[str, str]:
    """The dots an edge joins (their keys), as the chart names them."""
    if network.focus is None:
        return _key(edge.source), _key(edge.target)
    if edge.target.pk == network.focus.pk:
        return Node(edge.source, Role.CUSTOMER).key, Node(network.focus, Role.FOCUS).key
    return Node(network.focus, Role.FOCUS).key, Node(edge.target, Role.SUPPLIER).key
