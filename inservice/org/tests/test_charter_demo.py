"""The demo's vision and charters: written through the services (as the editors would have), over
the test cast (which has the demo's IT Service Desk, Payroll and Employee Relations prefixes, but
few of its services); `[[PREFIX:Service]]` links to the service when the catalog has it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from inservice.catalog import services as catalog
from inservice.demo import charters as demo
from inservice.demo.data import (
    services_finance,
    services_it,
    services_operations,
    services_people,
    services_technology,
)
from inservice.demo.data.charters import CHARTERS, VISION_STATEMENT, VISION_TEXT
from inservice.demo.data.org import SERVICE_TEAMS
from inservice.org.models_charter import Charter, Vision
from inservice.org.services_charter import (
    CharterDraft,
    VisionDraft,
    charter_problems,
    vision_problems,
)
from inservice.test import BaseTestCase

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
DEMO_SERVICES = {
    (spec.team, spec.name)
    for module in (
        services_it,
        services_technology,
        services_people,
        services_finance,
        services_operations,
    )
    for spec in module.SERVICES
}


class DemoCharterTests(BaseTestCase):
    def build(self) -> list[str]:
        lines: list[str] = []
        self.written = demo.build_charters(NOW, lines.append)
        return lines

    def test_it_writes_the_vision_and_a_charter_for_each_team_there_is_by_its_lead(self) -> None:
        broken = catalog.create_service(
            self.it, name="Something is broken", summary="Fix it.", accountable=self.erin
        )
        lines = self.build()
        self.assertEqual(self.written, 3)
        self.assertEqual(lines, ["the vision, 3 charters"])
        vision = Vision.objects.get()
        self.assertEqual(
            (vision.updated_by, vision.updated_at), (self.root, NOW - timedelta(days=150))
        )
        by_team = {c.team: c for c in Charter.objects.select_related("updated_by")}
        self.assertEqual(set(by_team), {self.it, self.payroll, self.er})
        self.assertEqual(
            {c.updated_by for c in by_team.values()}, {self.erin, self.grace, self.frank}
        )
        it = by_team[self.it]
        self.assertIn(f"[Something is broken](/services/{broken.slug}/)", it.reach)
        # Not in the test catalog: the name alone, no link.
        self.assertIn("then Password or account locked.", " ".join(it.reach.split()))
        self.assertNotIn("[[", it.reach)
        self.assertEqual(it.updated_at, NOW - timedelta(days=40))

    def test_it_writes_nothing_the_second_time(self) -> None:
        self.build()
        self.build()
        self.assertEqual(self.written, 0)
        self.assertEqual(Charter.objects.count(), 3)


class DemoCharterDataTests(BaseTestCase):
    def test_every_charter_is_for_a_service_team_and_passes_the_editors_checks(self) -> None:
        serving = {t.prefix for t in SERVICE_TEAMS if t.serves}
        self.assertEqual({c.team for c in CHARTERS}, serving)
        for spec in CHARTERS:
            with self.subTest(team=spec.team):
                draft = CharterDraft(spec.mission, spec.hours, spec.reach, spec.commitments)
                self.assertEqual(charter_problems(draft), {})
        self.assertEqual(vision_problems(VisionDraft(VISION_STATEMENT, VISION_TEXT)), {})

    def test_every_service_a_charter_names_is_one_of_the_demo_s(self) -> None:
        for spec in CHARTERS:
            for found in demo.SERVICE_LINK.finditer(spec.reach + spec.commitments):
                with self.subTest(service=found.group(0)):
                    self.assertIn((found.group(1), found.group(2)), DEMO_SERVICES)
