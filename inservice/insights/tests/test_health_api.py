"""The health checks over the API: a team's list and one check, for the pages' people; 404 for
anyone else, 422 for a quarter written wrong; the list's queries do not grow with checks."""

from __future__ import annotations

from datetime import date
from typing import Any

import time_machine

from inservice.insights import services_health
from inservice.insights.periods import Period
from inservice.insights.services_health import NotesDraft
from inservice.insights.tests.health_support import NOW, QuarterTestCase, generate
from inservice.org.models import Person
from inservice.org.tests.api_support import ApiTestCase

LIST = "/teams/it-service-desk/health-checks"
ONE = LIST + "/2026-Q3"


class HealthApiTests(QuarterTestCase, ApiTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.check = generate(self.it)

    def call(self, path: str, person: Person) -> Any:
        with time_machine.travel(NOW, tick=False):
            return self.get(path, person)

    def test_the_list_for_a_lead_drafts_included(self) -> None:
        body = self.call(LIST, self.erin).json()
        self.assertEqual(body["team"], {"slug": "it-service-desk", "name": "IT Service Desk"})
        (item,) = body["items"]
        self.assertEqual(item["quarter"], "2026-Q3")
        self.assertEqual((item["start"], item["end"]), ("2026-07-01", "2026-09-30"))
        self.assertFalse(item["published"])
        self.assertEqual(item["summary"], {"green": 8, "amber": 2, "red": 2, "grey": 3})
        self.assertEqual(item["url"], "/insights/teams/it-service-desk/health/2026-Q3/")

    def test_members_list_published_checks_only(self) -> None:
        self.assertEqual(self.call(LIST, self.carol).json()["items"], [])
        services_health.publish_check(self.erin, self.check)
        self.assertEqual(len(self.call(LIST, self.carol).json()["items"]), 1)

    def test_one_check_whole(self) -> None:
        services_health.save_notes(
            self.erin, self.check, NotesDraft("**Better** soon.", "Reply by noon | 2026-11-30")
        )
        body = self.call(ONE, self.erin).json()
        first = body["lines"][0]
        self.assertEqual(
            first,
            {
                "key": "response_compliance",
                "label": "First responses in time",
                "unit": "percent",
                "value": 50.0,
                "previous": 100.0,
                "target": 90.0,
                "higher_is_better": True,
                "light": "red",
            },
        )
        self.assertEqual(len(body["lines"]), 15)
        self.assertEqual(
            (body["previous_start"], body["previous_end"]), ("2026-04-01", "2026-06-30")
        )
        self.assertIsNone(body["generated_by"])
        self.assertEqual(body["commentary_html"], "<p><strong>Better</strong> soon.</p>")
        self.assertEqual(body["commitments"], [{"text": "Reply by noon", "due": "2026-11-30"}])
        self.assertEqual(body["version"], 2)
        self.assertEqual(body["feedback"]["positive"][0]["score"], 5)
        self.assertEqual(body["kudos"]["messages"][0]["text"], "Quick laptop!")
        self.assertTrue(body["summary_text"].startswith("Some measures need action."))

    def test_what_one_may_not_see_is_404(self) -> None:
        self.assertEqual(self.call(ONE, self.carol).status_code, 404)  # a draft
        self.assertEqual(self.call(ONE, self.alice).status_code, 404)
        self.assertEqual(self.call(LIST, self.alice).status_code, 404)
        self.assertEqual(self.call(LIST + "/2026-Q2", self.erin).status_code, 404)
        self.assertEqual(self.call("/teams/nobody/health-checks", self.erin).status_code, 404)

    def test_a_quarter_written_wrong_is_422(self) -> None:
        self.assertProblem(self.call(LIST + "/Q3-2026", self.erin), ["path", "quarter"], "2026-Q1")

    def test_the_lists_queries_do_not_grow_with_the_checks(self) -> None:
        with time_machine.travel(NOW, tick=False):
            one = self.count_queries(LIST, self.erin)
            for start in (date(2025, 10, 1), date(2026, 1, 1), date(2026, 4, 1)):
                services_health.generate_check(self.it.pk, Period.quarter_of(start))
            four = self.count_queries(LIST, self.erin)
        self.assertEqual(len(self.call(LIST, self.erin).json()["items"]), 4)
        self.assertEqual(four, one, self._last_sql)
