"""Templates and runs as flowcharts: one lane per team, a box per step, arrows for what waits on
what (drawn by lib.flowchart as server-side SVG, with its text alternative)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from inservice.lib.flowchart import Arrow, Box, Chart, render_svg, render_text
from inservice.workflows.choices import StepState
from inservice.workflows.models import StepDefinition
from inservice.workflows.progress import Progress


@dataclass(frozen=True)
class Drawing:
    svg: SafeString
    text: SafeString

    def __str__(self) -> str:
        return str(self.svg)


def offset_words(days: int) -> str:
    if days == 0:
        return _("due on the anchor date")
    if days < 0:
        return ngettext("due %(n)s working day before", "due %(n)s working days before", -days) % {
            "n": -days
        }
    return ngettext("due %(n)s working day after", "due %(n)s working days after", days) % {
        "n": days
    }


def _lanes(team_names: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(team_names))


def _arrows(steps: Sequence[tuple[str, Sequence[str]]]) -> list[Arrow]:
    keys = {key for key, _deps in steps}
    return [Arrow(dep, key) for key, deps in steps for dep in deps if dep in keys]


def draw_version(steps: Sequence[StepDefinition], title: str = "") -> Drawing:
    """A template version: each step with its due offset, in its team's lane."""
    boxes = [
        Box(
            key=s.key,
            title=s.name,
            lane=s.team.name,
            lines=tuple(
                filter(
                    None,
                    [
                        offset_words(s.offset_days),
                        _("only when a condition holds") if s.conditions else "",
                    ],
                )
            ),
        )
        for s in steps
    ]
    chart = Chart(
        lanes=_lanes([s.team.name for s in steps]),
        boxes=boxes,
        arrows=_arrows([(s.key, s.depends_on) for s in steps]),
        title=title,
    )
    return Drawing(render_svg(chart), render_text(chart, lane_heading=_("Team")))


def draw_run(shown: Progress, visible: Collection[int] = ()) -> Drawing:
    """A run: each step coloured by its live state (late and at risk included), linked to its
    request where the viewer may see it."""
    boxes = []
    for row in shown.rows:
        step = row.step
        when = formats.date_format(timezone.localtime(step.due_at), "D j M") if step.due_at else ""
        lines: list[str] = [
            _("due %(when)s") % {"when": when} if when else "",
            str(step.state_enum.label),
        ]
        href = ""
        if step.ticket is not None and step.ticket_id in visible:
            href = reverse("tickets:detail", args=[step.ticket.key])
        status = row.colour if step.state != StepState.SKIPPED else "skipped"
        boxes.append(
            Box(
                key=step.key,
                title=step.name,
                lane=step.team.name,
                lines=tuple(filter(None, lines)),
                status=status,
                href=href,
            )
        )
    chart = Chart(
        lanes=_lanes([r.step.team.name for r in shown.rows]),
        boxes=boxes,
        arrows=_arrows([(r.step.key, r.step.depends_on) for r in shown.rows]),
        title=shown.run.title,
    )
    return Drawing(render_svg(chart), render_text(chart, lane_heading=_("Team")))
