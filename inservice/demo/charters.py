"""The demo's service vision, written by an administrator, and its service teams' charters, each
written by the team's lead a few weeks or months ago, through org.services_charter as the
editors would have (so the Markdown is checked as theirs is).

`[[PREFIX:Service name]]` in the declared text becomes a link to the service's page in the
portal, read from the catalog (the name alone when there is no such service). Made after the
directory and the catalog exist; does nothing when a vision or a charter is already there.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta

from django.urls import reverse

from inservice.catalog.models import Service
from inservice.demo.data.charters import CHARTERS, VISION_STATEMENT, VISION_TEXT
from inservice.org import services_charter
from inservice.org.choices import Role
from inservice.org.models import Membership, Person, Team
from inservice.org.models_charter import Charter, Vision

Progress = Callable[[str], None]

VISION_AGE_DAYS = 150
SERVICE_LINK = re.compile(r"\[\[([A-Z]+):([^\]]+)\]\]")


def build_charters(now: datetime, progress: Progress) -> int:
    """The vision and the charters; returns the charters written."""
    if Vision.objects.exists() or Charter.objects.exists():
        return 0
    admins = Person.objects.filter(is_superuser=True, is_active=True).order_by("pk")
    admin = admins.filter(username="admin").first() or admins.first()  # the demo's sign-in
    if admin is not None:
        vision = services_charter.VisionDraft(VISION_STATEMENT, VISION_TEXT)
        services_charter.save_vision(admin, vision, at=now - timedelta(days=VISION_AGE_DAYS))
    teams = {
        t.key_prefix: t for t in Team.objects.filter(key_prefix__in=[c.team for c in CHARTERS])
    }
    links = _service_links()
    written = 0
    for spec in CHARTERS:
        team = teams.get(spec.team)
        lead = _lead(team) if team else None
        if team is None or lead is None:
            continue
        draft = services_charter.CharterDraft(
            mission=spec.mission,
            hours=spec.hours,
            reach=_linked(spec.reach, links),
            commitments=_linked(spec.commitments, links),
        )
        at = now - timedelta(days=spec.age_days)
        services_charter.save_charter(lead, team, draft, at=at)
        written += 1
    progress(f"the vision{'' if admin else ' (no administrator: left out)'}, {written} charters")
    return written


def _lead(team: Team) -> Person | None:
    lead = (
        Membership.objects.filter(team=team, role=Role.LEAD, person__is_active=True)
        .select_related("person")
        .order_by("pk")
        .first()
    )
    return lead.person if lead else None


def _service_links() -> dict[tuple[str, str], str]:
    rows = Service.objects.filter(is_active=True).values_list("team__key_prefix", "name", "slug")
    return {(prefix, name): reverse("portal:service", args=[slug]) for prefix, name, slug in rows}


def _linked(text: str, links: dict[tuple[str, str], str]) -> str:
    def link(found: re.Match[str]) -> str:
        name = found.group(2)
        url = links.get((found.group(1), name))
        return f"[{name}]({url})" if url else name

    return SERVICE_LINK.sub(link, text)
