"""Reading a team's charter with what is live beside it, in a fixed number of queries.

The charter holds only what people write (mission, hours in words, how to reach the team, its
commitments). Its services come from the catalog, its working hours from the team's calendar and
its agreements from the workflows app, read when shown, so the charter never says something the
rest of Inservice has since changed. Used by the team page's block and the API alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.safestring import SafeString

from inservice.catalog.models import Service
from inservice.lib.markdown import render_markdown
from inservice.lib.queries import unique
from inservice.org.charter_hours import HoursLine, describe_week
from inservice.org.models import Person, Team
from inservice.org.models_charter import VISION_PK, Charter, Vision
from inservice.org.permissions_charter import can_edit_charter
from inservice.sla.business import DEFAULT
from inservice.sla.models import Calendar
from inservice.workflows.models import Agreement, AgreementQuerySet

AGREEMENTS_SHOWN = 20  # more link to the agreements list, filtered to the team


@dataclass(frozen=True)
class WorkingWeek:
    """The team's calendar: its name (empty: the default office hours), zone and weekly hours."""

    name: str
    time_zone: str
    lines: list[HoursLine]
    holidays: str = ""  # "DE-BE": the public holidays it closes on


@dataclass(frozen=True)
class CharterView:
    team: Team
    charter: Charter | None
    can_edit: bool
    week: WorkingWeek | None = None
    services: list[Service] = field(default_factory=list)
    agreements: list[Agreement] = field(default_factory=list)
    more_agreements: bool = False

    @property
    def reach_html(self) -> SafeString:
        return render_markdown(self.charter.reach if self.charter else "")

    @property
    def commitments_html(self) -> SafeString:
        return render_markdown(self.charter.commitments if self.charter else "")


def get_charter(team: Team) -> Charter | None:
    return unique(Charter.objects.select_related("updated_by").filter(team=team))


def get_vision() -> Vision | None:
    return unique(Vision.objects.select_related("updated_by").filter(pk=VISION_PK))


def charter_view(team: Team, viewer: Person, services: list[Service] | None = None) -> CharterView:
    """The team's charter and what is live beside it, as `viewer` may see it. `services`: the
    team's services offered to the viewer, when the caller has read them already (the team
    page has); else they are read here. No charter: nothing else is read."""
    charter = get_charter(team)
    can_edit = can_edit_charter(viewer, team)
    if charter is None:
        return CharterView(team=team, charter=None, can_edit=can_edit)
    if services is None:
        services = list(
            Service.objects.offered_to(viewer)
            .filter(team=team)
            .only("slug", "name")
            .order_by("name")
        )
    agreements = list(agreements_of(team)[: AGREEMENTS_SHOWN + 1])
    return CharterView(
        team=team,
        charter=charter,
        can_edit=can_edit,
        week=working_week(team),
        services=services,
        agreements=agreements[:AGREEMENTS_SHOWN],
        more_agreements=len(agreements) > AGREEMENTS_SHOWN,
    )


def agreements_of(team: Team) -> AgreementQuerySet:
    """The agreements the team is part of: as provider, as receiver, or as a team of the
    receiving department (as the agreements block on the team page counts them). Everyone
    reads every agreement (workflows.permissions_agreements), so no viewer narrows them."""
    sides = Q(provider=team) | Q(receiver=team)
    if team.parent_id is not None:
        sides |= Q(receiver_id=team.parent_id)
    return Agreement.objects.for_list().filter(sides)


def working_week(team: Team) -> WorkingWeek:
    """The hours the team's service levels count in: its calendar's, or the default office
    hours when it has none (sla.business.DEFAULT)."""
    if team.calendar_id is None:
        lines = describe_week((i.weekday, i.start, i.end) for i in DEFAULT.intervals)
        return WorkingWeek(name="", time_zone=DEFAULT.zone, lines=lines)
    calendar = Calendar.objects.prefetch_related("intervals").get(pk=team.calendar_id)
    lines = describe_week(
        (i.weekday, i.start_minute, i.end_minute) for i in calendar.intervals.all()
    )
    holidays = "-".join(part for part in (calendar.country, calendar.subdivision) if part)
    return WorkingWeek(calendar.name, calendar.time_zone, lines, holidays)
