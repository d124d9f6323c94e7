"""The internal customer map drawn on the server as SVG (decision 0037): teams as dots, flows of
requests as arrows whose width is their volume and whose colour is their grade. No ORM, no JS;
the same input always draws the same picture. In the spirit of `inservice.lib.flowchart`.

Describe the map with plain values, then draw it::

    chart = MapChart(
        title="Customer map",
        dots=(Dot("sales-west", "Sales West", group="Sales", href="/insights/map/?focus=sales-west"),
              Dot("it", "IT Service Desk", group="Technology")),
        links=(Link("sales-west", "it", volume=12, grade="good", lines=("12 requests",)),),
        grades={"good": "4.2 or more", "fair": "3.5 to 4.2", "poor": "under 3.5", "none": "no ratings"},
        colour_label="Satisfaction (CSAT)",
    )
    svg = render_svg(chart)

Two layouts:
- **The whole map** (no dot has a `side`): dots on a circle, grouped by `group` (departments:
  the groups by name, the dots in each by label), a faint arc inside the circle for each group;
  arrows curve towards the centre, each bending to its right, so a flow and its reverse run
  side by side instead of on top of each other.
- **A team's map** (`Dot.side`): the "centre" dot in the middle, the "left" dots (its customers)
  in a column on the left and the "right" dots (its suppliers) on the right, in the order given.

Every dot is ``<g class="cm-dot" data-key=...>`` (inside ``<a href>`` when it has one), every
arrow ``<path class="cm-link cm-<grade>" data-source data-target data-volume stroke-width>``,
each with a ``<title>`` (the label and its `lines`) shown on hover. Widths grow with the square
root of the volume, from MIN_WIDTH to MAX_WIDTH at the busiest arrow; the legend under the map
shows the colours in use and three widths with their volumes. The whole is one
``<svg role="img">`` with an aria-label; the page gives the same flows as a table beside it.

`ValueError` for a repeated dot key, an arrow to an unknown dot, an unknown grade or side, or an
href that is neither a path nor an http(s) URL: callers check their own data; this is the net.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

GRADES = ("good", "fair", "poor", "none")
COLOURS = {"good": "#15803d", "fair": "#b45309", "poor": "#b42318", "none": "#94a3b8"}
SIDES = ("", "centre", "left", "right")


@dataclass(frozen=True)
class Dot:
    key: str
    label: str
    group: str = ""  # the whole map: dots of one group sit together
    side: str = ""  # a team's map: "centre", "left" or "right"
    href: str = ""
    lines: tuple[str, ...] = ()  # more words for the tooltip
    muted: bool = False  # e.g. "4 other teams": drawn grey


@dataclass(frozen=True)
class Link:
    source: str
    target: str
    volume: int
    grade: str = "none"
    lines: tuple[str, ...] = ()  # the tooltip, after "source → target"


@dataclass(frozen=True)
class MapChart:
    dots: Sequence[Dot]
    links: Sequence[Link] = ()
    title: str = ""
    grades: Mapping[str, str] = field(default_factory=dict)  # grade -> what it means
    colour_label: str = ""  # what the colours grade, for the legend
    left_heading: str = ""  # a team's map: above each column
    right_heading: str = ""


# -- geometry (SVG user units, CSS pixels at full size) ---------------------------------------

DOT_R = 10
CENTRE_R = 24
LABEL_CHARS = 28
STEP = 58  # along the circle, between two dots
MIN_RADIUS = 170
LABEL_ROOM = 190  # beyond the circle, left and right, for the labels
HEAD_ROOM = 44  # above and below it
BEND = 16  # how far an arrow bends to its right
PULL = 0.35  # how far towards the centre an arrow's control point sits (0: straight)
GROUP_LABEL = 34  # a group's name, this far inside the circle
WIDE = 980  # a team's map
SIDE_X = 270
ROW = 44
TOP = 60
MIN_WIDTH = 1.5
MAX_WIDTH = 8.0
LEGEND_H = 70
SMALLEST = 0.6  # the page may shrink the map this far before it scrolls


@dataclass(frozen=True)
class Spot:
    dot: Dot
    x: float
    y: float
    r: float
    anchor: str  # the label's text-anchor
    lx: float  # where the label goes
    ly: float


@dataclass(frozen=True)
class Plan:
    spots: dict[str, Spot]
    width: int
    height: int  # without the legend
    centre: tuple[float, float]
    groups: tuple[tuple[str, float, float], ...] = ()  # name, first and last angle (radians)
    radius: float = 0


def check(chart: MapChart) -> None:
    keys = [d.key for d in chart.dots]
    if len(set(keys)) != len(keys):
        repeated = sorted({k for k in keys if keys.count(k) > 1})
        raise ValueError(f"Dot keys must be unique: {', '.join(repeated)}")
    known = set(keys)
    for dot in chart.dots:
        if dot.side not in SIDES:
            raise ValueError(f"Unknown side {dot.side!r} of dot {dot.key}: one of {SIDES}")
        href = dot.href
        if href and not (
            (href.startswith("/") and not href.startswith("//"))
            or href.startswith(("https://", "http://", "?"))
        ):
            raise ValueError(f"The link of dot {dot.key} is not a path or an http(s) URL: {href}")
    for link in chart.links:
        for end in (link.source, link.target):
            if end not in known:
                raise ValueError(f"An arrow names an unknown dot: {end}")
        if link.grade not in GRADES:
            raise ValueError(f"Unknown grade {link.grade!r}: one of {GRADES}")


def width_of(volume: int, most: int) -> float:
    """An arrow's width for its volume, against the busiest arrow's."""
    if most <= 0 or volume <= 0:
        return MIN_WIDTH
    return round(MIN_WIDTH + (MAX_WIDTH - MIN_WIDTH) * math.sqrt(min(volume, most) / most), 1)


def layout(chart: MapChart) -> Plan:
    check(chart)
    if any(d.side for d in chart.dots):
        return _sides(chart)
    return _circle(chart)


def _circle(chart: MapChart) -> Plan:
    dots = sorted(chart.dots, key=lambda d: (d.group.casefold(), d.label.casefold(), d.key))
    count = len(dots)
    radius = max(MIN_RADIUS, count * STEP / (2 * math.pi))
    cx, cy = radius + LABEL_ROOM, radius + HEAD_ROOM
    spots: dict[str, Spot] = {}
    angles: list[float] = []
    for i, dot in enumerate(dots):
        angle = -math.pi / 2 + 2 * math.pi * i / max(count, 1)
        angles.append(angle)
        cos, sin = math.cos(angle), math.sin(angle)
        anchor = "start" if cos > 0.05 else "end" if cos < -0.05 else "middle"
        out = radius + DOT_R + 8
        spots[dot.key] = Spot(
            dot,
            cx + radius * cos,
            cy + radius * sin,
            DOT_R,
            anchor,
            cx + out * cos,
            cy + out * sin + (4 if anchor != "middle" else (14 if sin > 0 else -6)),
        )
    runs: list[tuple[str, int, int]] = []  # each group's first and last dot
    for i, dot in enumerate(dots):
        if not dot.group:
            continue
        if runs and runs[-1][0] == dot.group:
            runs[-1] = (dot.group, runs[-1][1], i)
        else:
            runs.append((dot.group, i, i))
    step = 2 * math.pi / max(count, 1)
    margin = min(step * 0.2, 0.08)
    arcs = tuple(
        (name, -math.pi / 2, 3 * math.pi / 2)  # one group all round: a whole circle
        if count > 1 and last - first + 1 == count
        else (name, angles[first] - step / 2 + margin, angles[last] + step / 2 - margin)
        for name, first, last in runs
    )
    return Plan(spots, round(2 * cx), round(2 * cy), (cx, cy), arcs, radius)


def _sides(chart: MapChart) -> Plan:
    left = [d for d in chart.dots if d.side == "left"]
    right = [d for d in chart.dots if d.side == "right"]
    centre = [d for d in chart.dots if d.side in ("centre", "")]
    rows = max(len(left), len(right), 1)
    height = TOP + rows * ROW + 30
    cx, cy = WIDE / 2, TOP + rows * ROW / 2
    spots: dict[str, Spot] = {}
    for dot in centre[:1]:
        spots[dot.key] = Spot(dot, cx, cy, CENTRE_R, "middle", cx, cy + CENTRE_R + 16)
    for column, x, anchor, shift in ((left, SIDE_X, "end", -1), (right, WIDE - SIDE_X, "start", 1)):
        top = cy - (len(column) - 1) * ROW / 2
        for i, dot in enumerate(column):
            y = top + i * ROW
            spots[dot.key] = Spot(dot, x, y, DOT_R, anchor, x + shift * (DOT_R + 8), y + 4)
    return Plan(spots, WIDE, round(height), (cx, cy))


# -- drawing ----------------------------------------------------------------------------------

STYLE = """
.cm{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif}
.cm .cm-dot circle{fill:#e0e9ff;stroke:#1d4ed8;stroke-width:1.5}
.cm .cm-centre circle{fill:#1d4ed8}
.cm .cm-muted circle{fill:#f1f3f5;stroke:#9aa5b1;stroke-dasharray:3 2}
.cm .cm-label{font-size:12px;fill:#1f2933}
.cm .cm-centre .cm-label{font-weight:700;font-size:13px}
.cm .cm-muted .cm-label{fill:#4b5563;font-style:italic}
.cm .cm-link{fill:none;stroke-opacity:.8;stroke-linecap:butt}
.cm .cm-link.cm-none{stroke-dasharray:5 3}
.cm .cm-link:hover{stroke-opacity:1}
.cm .cm-group{fill:none;stroke-width:30;stroke-linecap:round}
.cm .cm-group-0{stroke:#eef2f7}
.cm .cm-group-1{stroke:#e2e8f0}
.cm .cm-group-label{font-size:10.5px;fill:#64748b;letter-spacing:.04em;text-transform:uppercase;paint-order:stroke;stroke:#fff;stroke-width:3px}
.cm .cm-heading{font-size:12px;font-weight:600;fill:#4b5563}
.cm .cm-empty{font-size:12px;fill:#6b7280;font-style:italic}
.cm a:hover circle{stroke-width:3}
.cm a:focus-visible circle{stroke:#f59e0b;stroke-width:4}
.cm .cm-legend text{font-size:11px;fill:#4b5563}
.cm .cm-legend .cm-heading{font-size:11px}
"""


def render_svg(chart: MapChart) -> SafeString:
    """The map as an inline <svg role="img"> with a viewBox, its width and an aria-label."""
    plan = layout(chart)
    summary = _summary(chart)
    mark = _fingerprint(chart)
    legend = _legend(chart, plan)
    bands, group_labels = _groups(plan)
    width, height = plan.width, plan.height + LEGEND_H
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="cm" role="img" '
        f'aria-label="{escape(summary)}" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" style="min-width:{round(width * SMALLEST)}px;max-width:{width}px">',
        f"<title>{escape(summary)}</title>",
        f"<style>{STYLE}</style>",
        bands,
        _headings(chart, plan),
        _links(chart, plan, mark),
        group_labels,
        '<g class="cm-dots">',
        *(_dot(spot) for spot in plan.spots.values()),
        "</g>",
        legend,
        "</svg>",
    ]
    return mark_safe("".join(parts))  # every text and attribute above is escaped


def _summary(chart: MapChart) -> str:
    teams = ngettext("%(count)d team", "%(count)d teams", len(chart.dots)) % {
        "count": len(chart.dots)
    }
    flows = ngettext("%(count)d flow", "%(count)d flows", len(chart.links)) % {
        "count": len(chart.links)
    }
    return _(
        "%(title)s: a map of %(teams)s and %(flows)s of requests between them; an arrow's "
        "width shows how many requests, its colour %(colour)s. The same flows are in the table "
        "with the map."
    ) % {
        "title": chart.title or _("Customer map"),
        "teams": teams,
        "flows": flows,
        "colour": chart.colour_label or _("their grade"),
    }


def _fingerprint(chart: MapChart) -> str:
    # Ids unique to the map (two on one page), yet the same on every render.
    text = "\x1f".join([chart.title, *(f"{d.key}\x1e{d.label}" for d in chart.dots)])
    return "cm-" + hashlib.sha256(text.encode()).hexdigest()[:8]


def _groups(plan: Plan) -> tuple[str, str]:
    """Each group (department) as a pale band along the circle under its dots, and its name
    inside the circle (drawn over the arrows, so they do not hide it)."""
    if not plan.groups:
        return "", ""
    cx, cy = plan.centre
    r = plan.radius
    bands, labels = ['<g class="cm-groups">'], ['<g class="cm-group-labels">']
    for i, (name, first, last) in enumerate(plan.groups):
        css = f"cm-group cm-group-{i % 2}"
        title = f"<title>{escape(name)}</title>"
        if last - first >= 2 * math.pi - 1e-6:
            band = f'<circle class="{css}" cx="{_num(cx)}" cy="{_num(cy)}" r="{_num(r)}"/>'
        else:
            x1, y1 = cx + r * math.cos(first), cy + r * math.sin(first)
            x2, y2 = cx + r * math.cos(last), cy + r * math.sin(last)
            large = 1 if last - first > math.pi else 0
            band = (
                f'<path class="{css}" d="M{_num(x1)},{_num(y1)} '
                f'A{_num(r)},{_num(r)} 0 {large} 1 {_num(x2)},{_num(y2)}"/>'
            )
        middle = (first + last) / 2
        cos, sin = math.cos(middle), math.sin(middle)
        inside = r - GROUP_LABEL
        # Read from the dots inwards: on the right half the text ends at the band.
        anchor = "end" if cos > 0.05 else "start" if cos < -0.05 else "middle"
        label = (
            f'<text class="cm-group-label" x="{_num(cx + inside * cos)}" '
            f'y="{_num(cy + inside * sin + 4)}" text-anchor="{anchor}">{escape(_clip(name))}</text>'
        )
        bands.append(f'<g data-group="{escape(name)}">{title}{band}</g>')
        labels.append(label)
    return "".join([*bands, "</g>"]), "".join([*labels, "</g>"])


def _headings(chart: MapChart, plan: Plan) -> str:
    if plan.groups or not any(d.side for d in chart.dots):
        return ""
    parts = []
    for heading, x, side in (
        (chart.left_heading, SIDE_X, "left"),
        (chart.right_heading, WIDE - SIDE_X, "right"),
    ):
        if heading:
            parts.append(
                f'<text class="cm-heading" x="{x}" y="24" text-anchor="middle">'
                f"{escape(heading)}</text>"
            )
        if not any(d.side == side for d in chart.dots):
            parts.append(
                f'<text class="cm-empty" x="{x}" y="{_num(plan.centre[1] + 4)}" '
                f'text-anchor="middle">{escape(_("None in this period"))}</text>'
            )
    return "".join(parts)


def _links(chart: MapChart, plan: Plan, mark: str) -> str:
    most = max((link.volume for link in chart.links), default=0)
    spread = _centre_spread(chart, plan)
    defs, paths = ["<defs>"], ['<g class="cm-links">']
    for i, link in enumerate(chart.links):
        width = width_of(link.volume, most)
        head = round(7 + 1.6 * width, 1)
        marker = f"{mark}-h{i}"
        defs.append(
            f'<marker id="{marker}" viewBox="0 0 10 10" refX="0" refY="5" '
            f'markerWidth="{_num(head)}" markerHeight="{_num(head)}" '
            f'markerUnits="userSpaceOnUse" orient="auto">'
            f'<path d="M0,0 L10,5 L0,10 z" fill="{COLOURS[link.grade]}"/></marker>'
        )
        source, target = plan.spots[link.source], plan.spots[link.target]
        if plan.groups or not (source.dot.side or target.dot.side):
            d = _curve(plan, source, target, head)
        else:
            d = _across(source, target, head, spread.get((link.source, link.target), 0.0))
        tooltip = "\n".join([f"{source.dot.label} → {target.dot.label}", *link.lines])
        paths.append(
            f'<path class="cm-link cm-{link.grade}" data-source="{escape(link.source)}" '
            f'data-target="{escape(link.target)}" data-volume="{link.volume}" '
            f'stroke="{COLOURS[link.grade]}" stroke-width="{_num(width)}" d="{d}" '
            f'marker-end="url(#{marker})"><title>{escape(tooltip)}</title></path>'
        )
    defs.append("</defs>")
    paths.append("</g>")
    return "".join(defs) + "".join(paths)


def _curve(plan: Plan, source: Spot, target: Spot, head: float) -> str:
    """On the circle: a quadratic curve pulled towards the centre and bent to its right."""
    cx, cy = plan.centre
    mx, my = (source.x + target.x) / 2, (source.y + target.y) / 2
    dx, dy = target.x - source.x, target.y - source.y
    length = math.hypot(dx, dy) or 1.0
    # The right-hand normal of the direction of travel (y grows downwards).
    nx, ny = -dy / length, dx / length
    qx = cx + (mx - cx) * (1 - PULL) + BEND * nx
    qy = cy + (my - cy) * (1 - PULL) + BEND * ny
    x1, y1 = _towards(source.x, source.y, qx, qy, source.r + 1)
    tx, ty = _towards(target.x, target.y, qx, qy, target.r + 2)  # the arrow's tip
    x2, y2 = _towards(tx, ty, qx, qy, head)  # where the line stops and the head begins
    return f"M{_num(x1)},{_num(y1)} Q{_num(qx)},{_num(qy)} {_num(x2)},{_num(y2)}"


def _towards(x: float, y: float, to_x: float, to_y: float, distance: float) -> tuple[float, float]:
    dx, dy = to_x - x, to_y - y
    length = math.hypot(dx, dy) or 1.0
    return x + dx / length * distance, y + dy / length * distance


def _centre_spread(chart: MapChart, plan: Plan) -> dict[tuple[str, str], float]:
    """A team's map: where each arrow meets the centre dot, spread down its edge in the order of
    the dots at the other end, so they do not meet in one point."""
    entering: list[tuple[float, tuple[str, str]]] = []
    leaving: list[tuple[float, tuple[str, str]]] = []
    for link in chart.links:
        source, target = plan.spots[link.source], plan.spots[link.target]
        if target.dot.side in ("centre", ""):
            entering.append((source.y, (link.source, link.target)))
        elif source.dot.side in ("centre", ""):
            leaving.append((target.y, (link.source, link.target)))
    found: dict[tuple[str, str], float] = {}
    for group in (entering, leaving):
        group.sort()
        gap = min(8.0, (2 * CENTRE_R - 14) / max(len(group) - 1, 1))
        for i, (_y, key) in enumerate(group):
            found[key] = (i - (len(group) - 1) / 2) * gap
    return found


def _across(source: Spot, target: Spot, head: float, offset: float) -> str:
    """A team's map: left to right, leaving and arriving level (a cubic curve)."""
    if source.x < target.x:
        x1 = source.x + _edge(source, offset if source.r == CENTRE_R else 0)
        y1 = source.y + (offset if source.r == CENTRE_R else 0)
        end_y = target.y + (offset if target.r == CENTRE_R else 0)
        tip = target.x - _edge(target, offset if target.r == CENTRE_R else 0) - 2
        x2, y2 = tip - head, end_y
    else:  # never drawn right to left by the caller; kept straight if it is
        x1, y1 = source.x - source.r, source.y
        x2, y2 = target.x + target.r + 2 + head, target.y
    half = (x2 - x1) / 2
    return (
        f"M{_num(x1)},{_num(y1)} C{_num(x1 + half)},{_num(y1)} {_num(x2 - half)},{_num(y2)} "
        f"{_num(x2)},{_num(y2)}"
    )


def _edge(spot: Spot, offset: float) -> float:
    """How far right of its centre a dot's edge is at `offset` from its middle."""
    return math.sqrt(max(spot.r**2 - offset**2, 0.0))


def _dot(spot: Spot) -> str:
    dot = spot.dot
    css = "cm-dot"
    if dot.side == "centre":
        css += " cm-centre"
    if dot.muted:
        css += " cm-muted"
    label = _clip(dot.label)
    tooltip = "\n".join([dot.label, *dot.lines])
    drawn = (
        f'<g class="{css}" data-key="{escape(dot.key)}">'
        f"<title>{escape(tooltip)}</title>"
        f'<circle cx="{_num(spot.x)}" cy="{_num(spot.y)}" r="{spot.r}"/>'
        f'<text class="cm-label" x="{_num(spot.lx)}" y="{_num(spot.ly)}" '
        f'text-anchor="{spot.anchor}">{escape(label)}</text></g>'
    )
    if dot.href:
        return f'<a href="{escape(dot.href)}" class="cm-link-to">{drawn}</a>'
    return drawn


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1].rstrip() + "…"


def _legend(chart: MapChart, plan: Plan) -> str:
    """The colours in use with what they mean, and three widths with their volumes."""
    y = plan.height + 12
    parts = ['<g class="cm-legend">']
    used = [g for g in GRADES if any(link.grade == g for link in chart.links)]
    x = 10
    if used:
        heading = chart.colour_label or _("Colour")
        parts.append(f'<text class="cm-heading" x="{x}" y="{y + 10}">{escape(heading)}</text>')
        x += round(len(heading) * 6.2) + 16
        for grade in used:
            label = chart.grades.get(grade, grade)
            dash = ' stroke-dasharray="5 3"' if grade == "none" else ""
            parts.append(
                f'<g class="cm-key" data-grade="{grade}"><line x1="{x}" y1="{y + 6}" '
                f'x2="{x + 24}" y2="{y + 6}" stroke="{COLOURS[grade]}" stroke-width="4"{dash}/>'
                f'<text x="{x + 30}" y="{y + 10}">{escape(label)}</text></g>'
            )
            x += 30 + round(len(label) * 6) + 18
    most = max((link.volume for link in chart.links), default=0)
    if most:
        y += 28
        x = 10
        heading = _("Requests")
        parts.append(f'<text class="cm-heading" x="{x}" y="{y + 10}">{escape(heading)}</text>')
        x += round(len(heading) * 6.2) + 16
        for volume in sorted({most, max(1, round(most / 4)), 1}, reverse=True):
            width = width_of(volume, most)
            parts.append(
                f'<g class="cm-width" data-volume="{volume}"><line x1="{x}" y1="{y + 6}" '
                f'x2="{x + 30}" y2="{y + 6}" stroke="#64748b" stroke-width="{_num(width)}"/>'
                f'<text x="{x + 36}" y="{y + 10}">{volume}</text></g>'
            )
            x += 36 + len(str(volume)) * 7 + 18
    parts.append("</g>")
    return "".join(parts)


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")
