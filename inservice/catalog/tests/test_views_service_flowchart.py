"""A service's page draws its operating steps as a flowchart, with who is Responsible on each
step and the RACI beside, in a bounded number of queries."""

from __future__ import annotations

import re
from itertools import pairwise
from typing import TYPE_CHECKING
from xml.etree import ElementTree

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inservice.catalog import services as catalog
from inservice.catalog.choices import Audience, RaciRole
from inservice.catalog.flowchart import ASK_KEY, step_key
from inservice.catalog.models import OperatingStep
from inservice.org import services as org
from inservice.test import BaseTestCase

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

SVG = "{http://www.w3.org/2000/svg}"


def chart_of(response: Response) -> ElementTree.Element:
    found = re.search(r'<svg [^>]*class="fc".*?</svg>', response.content.decode(), re.DOTALL)
    assert found is not None, "no flowchart on the page"
    return ElementTree.fromstring(found.group())  # noqa: S314  # our own output


def boxes_of(svg: ElementTree.Element) -> list[ElementTree.Element]:
    return [g for g in svg.iter(f"{SVG}g") if g.get("data-key")]


class ServiceFlowchartTests(BaseTestCase):
    def page(self, slug: str = "") -> Response:
        self.login(self.alice)
        return self.client.get(reverse("portal:service", args=[slug or self.laptop.slug]))

    def test_it_draws_a_box_per_operating_step_in_order_after_the_asking(self) -> None:
        response = self.page()
        svg = chart_of(response)
        steps = list(OperatingStep.objects.filter(service=self.laptop))
        boxes = boxes_of(svg)
        self.assertEqual(
            [b.get("data-key") for b in boxes], [ASK_KEY, *(step_key(s) for s in steps)]
        )
        self.assertEqual(
            [b.findtext(f"{SVG}text") for b in boxes],
            ["Ask", "Check stock", "Image the laptop", "Deliver"],
        )
        lanes = [g.get("data-lane") for g in svg.iter(f"{SVG}g") if g.get("data-lane")]
        self.assertEqual(lanes, ["Requester", "IT Service Desk"])
        arrows = [
            (p.get("data-source"), p.get("data-target"))
            for p in svg.iter(f"{SVG}path")
            if p.get("class") == "fc-arrow"
        ]
        keys = [b.get("data-key") for b in boxes]
        self.assertEqual(arrows, list(pairwise(keys)))
        self.assertIn("What happens after you ask for New laptop", svg.get("aria-label") or "")
        # The text alternative lists the same steps in the same order.
        rows = re.findall(r'<tr data-key="([^"]+)"', response.content.decode())
        self.assertEqual(rows, keys)

    def test_it_links_the_asking_to_the_form_only_for_those_who_may_ask(self) -> None:
        links = [a.get("href") for a in chart_of(self.page()).iter(f"{SVG}a")]
        self.assertEqual(links, [reverse("tickets:ask", args=[self.laptop.slug])])
        catalog.update_service(self.laptop, audience=Audience.TEAMS, audience_teams=[self.payroll])
        self.login(self.carol)  # the owning team sees its service, but is not its audience
        response = self.client.get(reverse("portal:service", args=[self.laptop.slug]))
        self.assertEqual(list(chart_of(response).iter(f"{SVG}a")), [])

    def test_it_shows_who_is_responsible_on_each_step_and_the_raci_beside(self) -> None:
        catalog.set_operating_steps(
            self.laptop, [("Check stock", "In the Berlin store room"), ("Deliver", "")]
        )
        catalog.add_raci(self.laptop, RaciRole.INFORMED, person=self.grace)
        catalog.add_raci(self.laptop, RaciRole.RESPONSIBLE, person=self.carol, note="imaging")
        catalog.add_raci(self.laptop, RaciRole.CONSULTED, team=self.payroll)
        response = self.page()
        steps = boxes_of(chart_of(response))[1:]
        self.assertEqual(
            [[t.text for t in b.iter(f"{SVG}text")] for b in steps],
            [
                ["Check stock", "Responsible: Carol Agent", "In the Berlin store room"],
                ["Deliver", "Responsible: Carol Agent"],
            ],
        )
        table = re.search(r'<table class="raci">.*?</table>', response.content.decode(), re.DOTALL)
        assert table is not None
        roles = re.findall(r'<span class="raci-letter" aria-hidden="true">(\w)</span>', table[0])
        self.assertEqual(roles, ["R", "A", "C", "I"])
        for text in ("Carol Agent", "imaging", "Erin Lead", "Payroll", "Grace Lead"):
            self.assertIn(text, table[0])

    def test_it_escapes_step_titles_and_details(self) -> None:
        catalog.set_operating_steps(self.laptop, [("<script>alert(1)</script>", "<b>bold</b>")])
        response = self.page()
        self.assertNotContains(response, "<script>alert(1)")
        self.assertNotContains(response, "<b>bold</b>")
        self.assertContains(response, "&lt;script&gt;alert(1)&lt;/script&gt;")

    def test_it_draws_nothing_for_a_service_without_steps(self) -> None:
        response = self.page(self.payslip.slug)
        self.assertNotContains(response, 'class="fc"')
        self.assertContains(response, "The team has not written down its steps yet.")

    def test_it_reads_the_page_with_a_bounded_number_of_queries(self) -> None:
        def count() -> list[str]:
            with CaptureQueriesContext(connection) as queries:
                self.assertEqual(self.page().status_code, 200)
            return [q["sql"] for q in queries.captured_queries]

        catalog.add_raci(self.laptop, RaciRole.RESPONSIBLE, person=self.carol)
        self.page()  # the first request of a session reads what later ones keep (session, caches)
        before = count()
        catalog.set_operating_steps(self.laptop, [(f"Step {n}", f"detail {n}") for n in range(12)])
        for n in range(6):
            team = org.create_team(name=f"Helpers {n}", key_prefix=f"H{chr(65 + n)}")
            catalog.add_raci(self.laptop, RaciRole.CONSULTED, team=team)
            catalog.add_raci(self.laptop, RaciRole.INFORMED, person=self.bob)
        after = count()
        self.assertEqual(len(after), len(before), "\n".join(after))
        self.assertEqual(len(boxes_of(chart_of(self.page()))), 13)
