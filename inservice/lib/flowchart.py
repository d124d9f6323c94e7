"""Flowcharts drawn on the server as SVG: steps in swimlanes, arrows between them. No ORM, no JS.

Describe the chart with plain values and render it twice, as a picture and as its text
alternative::

    from inservice.lib.flowchart import Arrow, Box, Chart, render_svg, render_text

    chart = Chart(
        title="Onboarding",
        lanes=("HR", "IT Service Desk"),  # top to bottom, in this order
        boxes=(
            Box("contract", "Sign the contract", "HR", lines=("due -5 working days",), status="done"),
            Box("laptop", "Order a laptop", "IT Service Desk", status="open", href="/t/IT-12/"),
        ),
        arrows=(Arrow("contract", "laptop"),),
    )
    context = {"chart": render_svg(chart), "chart_text": render_text(chart)}

and in the template ``<div class="flowchart">{{ chart }}</div>`` (the stylesheet scales it down a
little to fit, then lets it scroll) followed by ``{{ chart_text }}``, e.g. inside a <details>.

- `Box`: `key` (unique; arrows name it), `title` (wrapped to two lines, then cut short with "…";
  the whole text is in the box's tooltip), `lane`, up to two small `lines` shown (all of them in
  the tooltip and the text alternative), a `status` from `STATUSES` or "" (plain), an `href`
  (a path or an http(s) URL) that makes the box a link. Every box is
  ``<g class="fc-box fc-<status>" data-key=... data-status=...>``.
- `Arrow(source, target)`: drawn from the right edge of the source to the left edge of the
  target, with an arrowhead; ``<path class="fc-arrow" data-source=... data-target=...>``.
- Layout: a box sits one column right of its latest predecessor (its longest path from a box
  with none: `columns`); boxes of one lane in one column stack in the order given; a lane grows
  to its tallest stack. Lanes not named in `Chart.lanes` are added below, in order of first use.
- A legend of the statuses in use is drawn under the lanes; `Chart.status_labels` renames them
  (e.g. a model's own choice labels).
- `ValueError` for a cycle (naming it: "a → b → a"), a repeated key, an arrow to an unknown key,
  an unknown status or an href that is neither a path nor an http(s) URL. Callers validate their
  own data first; this is the safety net.
"""

from __future__ import annotations

import hashlib
import textwrap
from collections import defaultdict, deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Status → legend label. Colours are in STYLE below, one CSS class per status.
STATUSES: Mapping[str, StrOrPromise] = {
    "pending": gettext_lazy("Pending"),
    "open": gettext_lazy("Open"),
    "on_track": gettext_lazy("On track"),
    "done": gettext_lazy("Done"),
    "skipped": gettext_lazy("Skipped"),
    "cancelled": gettext_lazy("Cancelled"),
    "blocked": gettext_lazy("Blocked"),
    "late": gettext_lazy("Late"),
    "at_risk": gettext_lazy("At risk"),
}


@dataclass(frozen=True)
class Box:
    key: str
    title: str
    lane: str
    lines: tuple[str, ...] = ()
    status: str = ""
    href: str = ""


@dataclass(frozen=True)
class Arrow:
    source: str
    target: str


@dataclass(frozen=True)
class Chart:
    lanes: Sequence[str]
    boxes: Sequence[Box]
    arrows: Sequence[Arrow] = ()
    title: str = ""
    status_labels: Mapping[str, StrOrPromise] = field(default_factory=dict)


# -- geometry (SVG user units, i.e. CSS pixels at full size) ---------------------------------

LABEL_W = 112  # the lane labels' column
BOX_W = 160
GAP = 40  # between columns: where arrows bend
EDGE = 20  # between the label column and the first column, and after the last
CORRIDOR = 18  # above a lane's first row: arrows that skip columns run here
LANE_BOTTOM = 14
ROW_GAP = 12
PAD = 9  # inside a box
TITLE_LEADING = 15
LINE_LEADING = 13
TITLE_CHARS = 21  # ~6.6px a character of 12px semi-bold in BOX_W - 2 * PAD
LINE_CHARS = 26  # ~5.4px a character of 10.5px
LANE_CHARS = 15
SHOWN_LINES = 2
SMALLEST = 0.7  # the stylesheet may shrink a chart this far before it scrolls


@dataclass(frozen=True)
class Placed:
    box: Box
    column: int
    row: int  # within its lane and column
    x: int
    y: int


@dataclass(frozen=True)
class Band:
    name: str
    y: int
    height: int


@dataclass(frozen=True)
class Layout:
    boxes: dict[str, Placed]  # in the order given
    lanes: tuple[Band, ...]
    arrows: tuple[Arrow, ...]  # without repeats
    box_height: int
    width: int
    lanes_height: int


def columns(boxes: Sequence[Box], arrows: Sequence[Arrow]) -> dict[str, int]:
    """Each box's column: 0 without predecessors, else one more than its latest predecessor's."""
    keys = [b.key for b in boxes]
    if len(set(keys)) != len(keys):
        repeated = sorted({k for k in keys if keys.count(k) > 1})
        raise ValueError(f"Box keys must be unique: {', '.join(repeated)}")
    preds: dict[str, list[str]] = {k: [] for k in keys}
    succs: dict[str, list[str]] = {k: [] for k in keys}
    for arrow in _distinct(arrows):
        for end in (arrow.source, arrow.target):
            if end not in preds:
                raise ValueError(f"An arrow names an unknown box: {end}")
        preds[arrow.target].append(arrow.source)
        succs[arrow.source].append(arrow.target)
    waiting = {k: len(preds[k]) for k in keys}
    ready = deque(k for k in keys if not waiting[k])
    column: dict[str, int] = {}
    while ready:  # Kahn's order: every predecessor is placed before its successors
        key = ready.popleft()
        column[key] = max((column[p] + 1 for p in preds[key]), default=0)
        for succ in succs[key]:
            waiting[succ] -= 1
            if not waiting[succ]:
                ready.append(succ)
    if len(column) < len(keys):
        cycle = _a_cycle(keys, preds, set(column))
        raise ValueError(f"The arrows form a cycle: {' → '.join(cycle)}")
    return {k: column[k] for k in keys}


def _distinct(arrows: Iterable[Arrow]) -> tuple[Arrow, ...]:
    return tuple(dict.fromkeys(arrows))


def _a_cycle(keys: list[str], preds: dict[str, list[str]], placed: set[str]) -> list[str]:
    # Every box left unplaced has an unplaced predecessor, so walking back through them must
    # come round to a box already seen.
    order = {k: i for i, k in enumerate(keys)}
    key = next(k for k in keys if k not in placed)
    path: list[str] = []
    seen: dict[str, int] = {}
    while key not in seen:
        seen[key] = len(path)
        path.append(key)
        key = next(p for p in preds[key] if p not in placed)
    cycle = path[seen[key] :][::-1]  # walked backwards: turn it round
    first = min(range(len(cycle)), key=lambda i: order[cycle[i]])
    cycle = cycle[first:] + cycle[:first]
    return [*cycle, cycle[0]]


def layout(chart: Chart) -> Layout:
    """Where every box and lane goes. Validates the chart (see the module's docstring)."""
    for box in chart.boxes:
        _check_box(box)
    column = columns(chart.boxes, chart.arrows)
    lane_names = list(dict.fromkeys([*chart.lanes, *(b.lane for b in chart.boxes)]))
    stacks: dict[tuple[str, int], list[Box]] = defaultdict(list)
    for box in chart.boxes:
        stacks[box.lane, column[box.key]].append(box)
    rows = dict.fromkeys(lane_names, 1)
    for (lane, _col), stack in stacks.items():
        rows[lane] = max(rows[lane], len(stack))

    title_lines = max((len(_title_lines(b.title)) for b in chart.boxes), default=1)
    small_lines = max((min(len(b.lines), SHOWN_LINES) for b in chart.boxes), default=0)
    box_h = 2 * PAD + title_lines * TITLE_LEADING + small_lines * LINE_LEADING
    bands: list[Band] = []
    y = 0
    for name in lane_names:
        height = CORRIDOR + rows[name] * (box_h + ROW_GAP) - ROW_GAP + LANE_BOTTOM
        height = max(height, 16 + 14 * len(_lane_lines(name)))
        bands.append(Band(name, y, height))
        y += height
    band_of = {band.name: band for band in bands}
    placed: dict[str, Placed] = {}
    for (lane, col), stack in stacks.items():
        for row, box in enumerate(stack):
            top = band_of[lane].y + CORRIDOR + row * (box_h + ROW_GAP)
            placed[box.key] = Placed(box, col, row, _column_x(col), top)
    count = max(column.values(), default=0) + 1
    return Layout(
        boxes={b.key: placed[b.key] for b in chart.boxes},
        lanes=tuple(bands),
        arrows=_distinct(chart.arrows),
        box_height=box_h,
        width=LABEL_W + 2 * EDGE + count * BOX_W + (count - 1) * GAP,
        lanes_height=y,
    )


def _check_box(box: Box) -> None:
    if box.status and box.status not in STATUSES:
        raise ValueError(f"Unknown status {box.status!r} of box {box.key}: one of {list(STATUSES)}")
    href = box.href
    if href and not (
        (href.startswith("/") and not href.startswith("//"))
        or href.startswith(("https://", "http://", "#", "?"))
    ):
        raise ValueError(f"The link of box {box.key} is not a path or an http(s) URL: {href}")


def _column_x(col: int) -> int:
    return LABEL_W + EDGE + col * (BOX_W + GAP)


def _title_lines(title: str) -> list[str]:
    return _wrap(title, TITLE_CHARS, 2)


def _lane_lines(name: str) -> list[str]:
    return _wrap(name, LANE_CHARS, 3)


def _wrap(text: str, width: int, most: int) -> list[str]:
    return textwrap.wrap(" ".join(text.split()), width, max_lines=most, placeholder="…") or [""]


def _clip(text: str, limit: int) -> str:
    return _wrap(text, limit, 1)[0]


# -- drawing ----------------------------------------------------------------------------------

STYLE = """
.fc{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif}
.fc .fc-lane{fill:#fff;stroke:#d9dee4}
.fc .fc-lane-odd{fill:#f8fafc}
.fc .fc-lane-head{fill:#eef2f7;stroke:#d9dee4}
.fc .fc-lane-label{font-size:12px;font-weight:600;fill:#1f2933}
.fc .fc-box>rect,.fc .fc-key>rect{fill:#fff;stroke:#64748b;stroke-width:1.5}
.fc .fc-title{font-size:12px;font-weight:600;fill:#1f2933}
.fc .fc-line{font-size:10.5px;fill:#4b5563}
.fc .fc-arrow{fill:none;stroke:#64748b;stroke-width:1.5}
.fc .fc-pending>rect{fill:#f1f3f5;stroke:#9aa5b1}
.fc .fc-open>rect,.fc .fc-on-track>rect{fill:#e0e9ff;stroke:#1d4ed8}
.fc .fc-done>rect{fill:#dcfce7;stroke:#166534}
.fc .fc-skipped>rect{fill:#fff;stroke:#9aa5b1;stroke-dasharray:5 3}
.fc .fc-cancelled>rect{fill:#eef0f3;stroke:#6b7280}
.fc .fc-blocked>rect,.fc .fc-late>rect{fill:#fde8e6;stroke:#b42318;stroke-width:2}
.fc .fc-at-risk>rect{fill:#fff1dc;stroke:#b45309;stroke-width:2}
.fc .fc-pending .fc-title,.fc .fc-skipped .fc-title,.fc .fc-cancelled .fc-title{fill:#4b5563}
.fc .fc-cancelled .fc-title{text-decoration:line-through}
.fc a:hover rect{stroke-width:2.5}
.fc a:focus-visible rect{stroke:#f59e0b;stroke-width:3}
.fc .fc-legend text{font-size:11px;fill:#4b5563}
"""


def status_class(status: str) -> str:
    """The CSS class of a status: "fc-at-risk" for "at_risk", "fc-plain" for none."""
    return "fc-" + (status.replace("_", "-") or "plain")


def render_svg(chart: Chart) -> SafeString:
    """The chart as an inline <svg role="img"> with a viewBox, its width and an aria-label."""
    plan = layout(chart)
    labels = _labels(chart)
    legend, legend_h = _legend(plan, labels)
    width, height = plan.width, plan.lanes_height + legend_h
    summary = _summary(chart, plan)
    marker = f"fc-{_fingerprint(chart)}-head"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="fc" role="img" '
        f'aria-label="{escape(summary)}" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" style="min-width:{round(width * SMALLEST)}px;max-width:{width}px">',
        f"<title>{escape(summary)}</title>",
        f"<style>{STYLE}</style>",
        f'<defs><marker id="{marker}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#64748b"/>'
        "</marker></defs>",
        _lanes(plan),
        _arrows(plan, marker),
        '<g class="fc-boxes">',
        *(_box(placed, plan.box_height, labels) for placed in plan.boxes.values()),
        "</g>",
        legend,
        "</svg>",
    ]
    return mark_safe("".join(parts))  # every text and attribute above is escaped


def _labels(chart: Chart) -> dict[str, str]:
    return {s: str(chart.status_labels.get(s, label)) for s, label in STATUSES.items()}


def _summary(chart: Chart, plan: Layout) -> str:
    steps = ngettext("%(count)d step", "%(count)d steps", len(plan.boxes)) % {
        "count": len(plan.boxes)
    }
    return _("%(title)s: a flowchart of %(steps)s, left to right, in lanes %(lanes)s.") % {
        "title": chart.title or _("Flowchart"),
        "steps": steps,
        "lanes": ", ".join(band.name for band in plan.lanes),
    }


def _fingerprint(chart: Chart) -> str:
    # Ids unique to the chart (two charts on one page), yet the same on every render.
    text = "\x1f".join([chart.title, *(f"{b.key}\x1e{b.title}\x1e{b.lane}" for b in chart.boxes)])
    return hashlib.sha256(text.encode()).hexdigest()[:8]


def _lanes(plan: Layout) -> str:
    parts = ['<g class="fc-lanes">']
    for i, band in enumerate(plan.lanes):
        odd = " fc-lane-odd" if i % 2 else ""
        lines = _lane_lines(band.name)
        first = band.y + band.height / 2 - (len(lines) - 1) * 7 + 4
        parts.append(
            f'<g data-lane="{escape(band.name)}"><title>{escape(band.name)}</title>'
            f'<rect class="fc-lane{odd}" x="0" y="{band.y}" width="{plan.width}" '
            f'height="{band.height}"/><rect class="fc-lane-head" x="0" y="{band.y}" '
            f'width="{LABEL_W}" height="{band.height}"/>'
        )
        parts.extend(
            f'<text class="fc-lane-label" x="10" y="{_num(first + 14 * n)}">{escape(line)}</text>'
            for n, line in enumerate(lines)
        )
        parts.append("</g>")
    parts.append("</g>")
    return "".join(parts)


def _arrows(plan: Layout, marker: str) -> str:
    place = plan.boxes
    outs: dict[str, list[tuple[Placed, Arrow]]] = defaultdict(list)
    ins: dict[str, list[tuple[Placed, Arrow]]] = defaultdict(list)
    for arrow in plan.arrows:
        outs[arrow.source].append((place[arrow.target], arrow))
        ins[arrow.target].append((place[arrow.source], arrow))
    starts, ends = _spread(plan, outs), _spread(plan, ins)
    parts = ['<g class="fc-arrows">']
    for arrow in plan.arrows:
        source, target = place[arrow.source], place[arrow.target]
        x1, y1 = source.x + BOX_W, starts[arrow]
        x2, y2 = target.x, ends[arrow]
        if _blocked(plan, source.column, target.column, min(y1, y2), max(y1, y2)):
            # Over the boxes in between: along the source lane's corridor, above its first row.
            lane = next(b for b in plan.lanes if b.name == source.box.lane)
            yc, h = lane.y + CORRIDOR / 2, GAP / 2
            d = (
                f"M{_num(x1)},{_num(y1)} C{_num(x1 + h)},{_num(y1)} {_num(x1 + h)},{_num(yc)} "
                f"{_num(x1 + GAP)},{_num(yc)} H{_num(x2 - GAP)} C{_num(x2 - h)},{_num(yc)} "
                f"{_num(x2 - h)},{_num(y2)} {_num(x2)},{_num(y2)}"
            )
        else:
            h = GAP / 2
            d = (
                f"M{_num(x1)},{_num(y1)} C{_num(x1 + h)},{_num(y1)} {_num(x2 - h)},{_num(y2)} "
                f"{_num(x2)},{_num(y2)}"
            )
        parts.append(
            f'<path class="fc-arrow" data-source="{escape(arrow.source)}" '
            f'data-target="{escape(arrow.target)}" d="{d}" marker-end="url(#{marker})"/>'
        )
    parts.append("</g>")
    return "".join(parts)


def _spread(plan: Layout, groups: dict[str, list[tuple[Placed, Arrow]]]) -> dict[Arrow, float]:
    """Where each arrow meets a box's edge: several arrows leaving (or entering) one box are spread
    down its edge in the order of the boxes at their other ends, so they do not cross there."""
    at: dict[Arrow, float] = {}
    for key, far_ends in groups.items():
        far_ends.sort(key=lambda end: (end[0].y, end[0].x))
        for i, (_far, arrow) in enumerate(far_ends):
            at[arrow] = plan.boxes[key].y + plan.box_height * (i + 1) / (len(far_ends) + 1)
    return at


def _blocked(plan: Layout, first: int, last: int, top: float, bottom: float) -> bool:
    """Whether a box of a column between `first` and `last` overlaps the band top..bottom."""
    return any(
        first < p.column < last and p.y - 4 < bottom and p.y + plan.box_height + 4 > top
        for p in plan.boxes.values()
    )


def _box(placed: Placed, height: int, labels: Mapping[str, str]) -> str:
    box = placed.box
    tooltip = [box.title, *box.lines]
    if box.status:
        tooltip.append(labels[box.status])
    parts = [
        f'<g class="fc-box {status_class(box.status)}" data-key="{escape(box.key)}" '
        f'data-status="{escape(box.status)}" transform="translate({placed.x},{placed.y})">',
        f"<title>{escape(chr(10).join(tooltip))}</title>",
        f'<rect width="{BOX_W}" height="{height}" rx="6"/>',
    ]
    y = PAD + 12
    for line in _title_lines(box.title):
        parts.append(f'<text class="fc-title" x="{PAD}" y="{y}">{escape(line)}</text>')
        y += TITLE_LEADING
    y += 1
    for line in box.lines[:SHOWN_LINES]:
        text = escape(_clip(line, LINE_CHARS))
        parts.append(f'<text class="fc-line" x="{PAD}" y="{y}">{text}</text>')
        y += LINE_LEADING
    parts.append("</g>")
    drawn = "".join(parts)
    if box.href:
        return f'<a href="{escape(box.href)}" class="fc-link">{drawn}</a>'
    return drawn


def _legend(plan: Layout, labels: Mapping[str, str]) -> tuple[str, int]:
    used = {p.box.status for p in plan.boxes.values()}
    shown = [s for s in STATUSES if s in used]
    if not shown:
        return "", 0
    parts = ['<g class="fc-legend">']
    x, y = 10, plan.lanes_height + 10
    for status in shown:
        label = labels[status]
        wide = 26 + round(len(label) * 6) + 14
        if x + wide > plan.width and x > 10:
            x, y = 10, y + 20
        parts.append(
            f'<g class="fc-key {status_class(status)}" data-status="{escape(status)}">'
            f'<rect x="{x}" y="{y}" width="18" height="12" rx="3"/>'
            f'<text x="{x + 24}" y="{y + 10}">{escape(label)}</text></g>'
        )
        x += wide
    parts.append("</g>")
    return "".join(parts), y + 12 + 10 - plan.lanes_height


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


# -- the text alternative -----------------------------------------------------------------------


def render_text(chart: Chart, *, lane_heading: str = "") -> SafeString:
    """The same chart as an HTML table, read left to right: each step, its lane, what it follows,
    its status and all its lines. For the page, beside the SVG (which is one image to a reader)."""
    plan = layout(chart)
    labels = _labels(chart)
    lane_order = {band.name: i for i, band in enumerate(plan.lanes)}
    after: dict[str, list[str]] = defaultdict(list)
    for arrow in plan.arrows:
        after[arrow.target].append(plan.boxes[arrow.source].box.title)
    with_status = any(p.box.status for p in plan.boxes.values())
    ordered = sorted(plan.boxes.values(), key=lambda p: (p.column, lane_order[p.box.lane], p.row))
    headings = [_("Step"), lane_heading or _("Who"), _("After")]
    if with_status:
        headings.append(_("Status"))

    def row(placed: Placed) -> SafeString:
        box = placed.box
        title = format_html('<a href="{}">{}</a>', box.href, box.title) if box.href else box.title
        lines = (
            format_html('<div class="muted small">{}</div>', " · ".join(box.lines))
            if box.lines
            else ""
        )
        cells = [
            format_html("{}{}", title, lines),
            box.lane,
            ", ".join(after[box.key]) or "—",
        ]
        if with_status:
            cells.append(labels[box.status] if box.status else "—")
        return format_html(
            '<tr data-key="{}">{}</tr>',
            box.key,
            format_html_join("", '<td data-label="{}">{}</td>', zip(headings, cells, strict=True)),
        )

    return format_html(
        '<table class="list responsive fc-text"><caption class="sr-only">{}</caption>'
        "<thead><tr>{}</tr></thead><tbody>{}</tbody></table>",
        chart.title or _("Flowchart"),
        format_html_join("", '<th scope="col">{}</th>', ((h,) for h in headings)),
        format_html_join("", "{}", ((row(p),) for p in ordered)),
    )
