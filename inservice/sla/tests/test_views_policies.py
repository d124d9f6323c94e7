"""A service's service-level policies: targets per priority, set by the team's lead on a page."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inservice.browser import Visits, screenshot
from inservice.sla import services as sla
from inservice.sla.models import Policy, RequestSla
from inservice.test import BaseTestCase, Cast
from inservice.tickets.choices import Priority, Status

HTMX = {"HX-Request": "true"}


class PolicyPageTestCase(BaseTestCase):
    def url(self, name: str, *args: Any) -> str:
        return reverse(f"sla:{name}", args=[self.laptop.slug, *args])

    def policy_data(self, priority: int = Priority.URGENT, **changes: Any) -> dict[str, Any]:
        data: dict[str, Any] = {
            "first_response_hours": "1",
            "first_response_mins": "30",
            "resolution_hours": "8",
            "resolution_mins": "",
            "update_hours": "2",
            "update_mins": "0",
            "at_risk_percent": "80",
            "pause_statuses": [Status.WAITING, Status.ACKNOWLEDGED],
            "second_level_hours": "1",
            "second_level_mins": "",
        }
        data.update(changes)
        return {f"p{priority}-{k}": v for k, v in data.items() if v is not None}

    def stored(self) -> list[tuple[Any, ...]]:
        return list(
            Policy.objects.filter(service=self.laptop).values_list(
                "priority",
                "first_response_minutes",
                "resolution_minutes",
                "update_every_minutes",
                "at_risk_percent",
                "pause_statuses",
                "second_level_after_minutes",
            )
        )


class PermissionTests(PolicyPageTestCase):
    CAST = (("erin", True), ("root", True), ("grace", False), ("carol", False), ("alice", False))

    def test_it_answers_404_to_all_but_the_teams_lead_and_administrators(self) -> None:
        routes = [
            ("get", self.url("policies"), {}),
            ("get", self.url("policy", 1), {}),
            ("post", self.url("policy", 1), self.policy_data(at_risk_percent="0")),
            ("post", self.url("policy_remove", 1), {}),
        ]
        for username, allowed in self.CAST:
            self.login(getattr(self, username))
            for method, url, data in routes:
                with self.subTest(person=username, url=url):
                    response = getattr(self.client, method)(url, data)
                    if allowed:
                        self.assertIn(response.status_code, (200, 303, 422))
                    else:
                        self.assertEqual(response.status_code, 404)

    def test_it_changes_nothing_for_someone_who_may_not_manage(self) -> None:
        sla.save_policy(
            self.laptop,
            Priority.LOW,
            first_response_minutes=600,
            resolution_minutes=None,
            update_every_minutes=None,
        )
        before = self.stored()
        for person in (self.grace, self.carol, self.alice):
            self.login(person)
            self.client.post(self.url("policy", 1), self.policy_data())
            self.client.post(self.url("policy_remove", 4))
        self.assertEqual(self.stored(), before)

    def test_it_answers_404_for_a_priority_that_does_not_exist(self) -> None:
        self.login(self.erin)
        self.assertEqual(self.client.get(self.url("policy", 9)).status_code, 404)
        self.assertEqual(self.client.post(self.url("policy_remove", 0)).status_code, 404)

    def test_it_links_the_policies_from_the_service_editor(self) -> None:
        self.login(self.erin)
        response = self.client.get(reverse("manage_catalog:service", args=[self.laptop.slug]))
        self.assertContains(response, f'href="{self.url("policies")}"')


class PolicyPageTests(PolicyPageTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.login(self.erin)

    def test_it_shows_the_services_targets_for_priorities_without_a_policy(self) -> None:
        response = self.client.get(self.url("policies"))
        self.assertContains(response, "Changes apply to new requests only")
        self.assertContains(
            response, "No policy of its own: Urgent requests use the service", count=1
        )
        self.assertContains(response, "use the service's stated targets", count=4)
        self.assertContains(response, "First response: <strong>4 h</strong>", count=4)
        self.assertContains(response, "Resolution: <strong>40 h</strong>", count=4)
        self.assertContains(response, "every: <strong>no target</strong>", count=4)
        # The form starts from the service's targets and the defaults.
        self.assertContains(response, 'name="p1-first_response_hours" value="4"')
        self.assertContains(response, 'name="p1-at_risk_percent" value="75"')
        self.assertContains(response, 'name="p1-second_level_hours" value="4"')
        self.assertContains(response, 'value="waiting" id="id_p1-pause_statuses_2" checked')

    def test_it_saves_a_priority_policy(self) -> None:
        response = self.client.post(self.url("policy", 1), self.policy_data(), follow=True)
        self.assertRedirects(response, self.url("policies") + "#policy-1", status_code=303)
        self.assertContains(response, "The targets for Urgent requests are saved.")
        self.assertEqual(self.stored(), [(1, 90, 480, 120, 80, ["acknowledged", "waiting"], 60)])
        self.assertContains(response, "Urgent requests have targets of their own")
        self.assertContains(response, "First response: <strong>1 h 30 min</strong>")
        self.assertContains(response, "every: <strong>2 h</strong>")
        self.assertContains(response, "use the service's stated targets", count=3)

    def test_it_leaves_a_target_empty_for_no_target(self) -> None:
        data = self.policy_data(Priority.LOW, update_hours="", update_mins="", resolution_hours="")
        self.client.post(self.url("policy", 4), data)
        self.assertEqual(self.stored(), [(4, 90, None, None, 80, ["acknowledged", "waiting"], 60)])

    def test_it_answers_htmx_with_204_and_the_card_reloads_with_the_confirmation(self) -> None:
        response = self.client.post(self.url("policy", 2), self.policy_data(2), headers=HTMX)
        self.assertEqual(response.status_code, 204)
        self.assertEqual(response["HX-Trigger"], "policy-2-changed")
        card = self.client.get(self.url("policy", 2), headers=HTMX)
        self.assertContains(card, "The targets for High requests are saved.")
        self.assertContains(card, 'id="policy-2"')
        self.assertNotContains(card, "<html")

    def assertRefused(self, data: dict[str, Any], *messages: str) -> None:
        before = self.stored()
        response = self.client.post(self.url("policy", 1), data, headers=HTMX)
        for message in messages:
            self.assertContains(response, message, status_code=422)
        self.assertContains(response, "Nothing was saved", status_code=422)
        self.assertEqual(self.stored(), before)

    def test_it_refuses_targets_of_zero_or_negative_length(self) -> None:
        self.assertRefused(
            self.policy_data(first_response_hours="0", first_response_mins="0"),
            "The first response target must be longer than zero",
        )
        self.assertRefused(
            self.policy_data(resolution_hours="-2"), "A duration cannot be negative."
        )
        self.assertRefused(self.policy_data(update_hours="two"), "Enter a whole number.")

    def test_it_refuses_a_resolution_target_shorter_than_the_first_response(self) -> None:
        self.assertRefused(
            self.policy_data(first_response_hours="9"),
            "The resolution target is shorter than the first response target.",
        )

    def test_it_refuses_an_at_risk_percentage_outside_1_to_99(self) -> None:
        for value in ("0", "100", "-5"):
            with self.subTest(value=value):
                self.assertRefused(
                    self.policy_data(at_risk_percent=value),
                    "The at-risk point is a percentage from 1 to 99",
                )
        self.assertRefused(
            self.policy_data(at_risk_percent=""), "Give a percentage from 1 to 99, e.g. 75."
        )

    def test_it_refuses_unknown_statuses_and_no_status_at_all(self) -> None:
        self.assertRefused(
            self.policy_data(pause_statuses=["resolved"]),
            "“resolved” is not a status the clock can pause in.",
        )
        self.assertRefused(
            self.policy_data(pause_statuses=[]),
            "Choose at least one status that pauses the clock",
        )

    def test_it_removes_a_policy_so_the_service_targets_apply_again(self) -> None:
        self.client.post(self.url("policy", 1), self.policy_data())
        response = self.client.post(self.url("policy_remove", 1), headers=HTMX)
        self.assertEqual(response.status_code, 204)
        self.assertEqual(self.stored(), [])
        card = self.client.get(self.url("policy", 1), headers=HTMX)
        self.assertContains(
            card, "Urgent requests asked from now on use the service&#x27;s targets."
        )
        self.assertContains(card, "No policy of its own")

    def test_it_applies_a_change_to_new_requests_only(self) -> None:
        before = self.ask(self.alice, priority=Priority.URGENT)
        self.client.post(self.url("policy", 1), self.policy_data())
        after = self.ask(self.alice, priority=Priority.URGENT)
        self.assertEqual(RequestSla.objects.get(ticket=before).policy["source"], "service")
        self.assertEqual(
            RequestSla.objects.get(ticket=before).policy["first_response_minutes"], 240
        )
        self.assertEqual(RequestSla.objects.get(ticket=after).policy["first_response_minutes"], 90)
        self.assertEqual(RequestSla.objects.get(ticket=after).policy["source"], "policy")

    def test_it_keeps_the_query_count_whatever_the_number_of_policies(self) -> None:
        def count() -> tuple[int, str]:
            with CaptureQueriesContext(connection) as queries:
                response = self.client.get(self.url("policies"))
            self.assertEqual(response.status_code, 200)
            return len(queries), "\n".join(q["sql"] for q in queries.captured_queries)

        sla.save_policy(
            self.laptop,
            1,
            first_response_minutes=60,
            resolution_minutes=None,
            update_every_minutes=None,
        )
        few, _sql = count()
        for priority in (2, 3, 4):
            sla.save_policy(
                self.laptop,
                priority,
                first_response_minutes=60,
                resolution_minutes=600,
                update_every_minutes=120,
            )
        many, sql = count()
        self.assertEqual(many, few, sql)


class SavePolicyTests(BaseTestCase):
    def test_it_replaces_the_row_of_a_priority(self) -> None:
        first = sla.save_policy(
            self.payslip,
            3,
            first_response_minutes=60,
            resolution_minutes=None,
            update_every_minutes=None,
        )
        second = sla.save_policy(
            self.payslip,
            3,
            first_response_minutes=30,
            resolution_minutes=300,
            update_every_minutes=None,
            pause_statuses=["waiting", "waiting", "in_progress"],
        )
        self.assertEqual(first.pk, second.pk)
        second.refresh_from_db()
        self.assertEqual(
            (second.first_response_minutes, second.pause_statuses), (30, ["in_progress", "waiting"])
        )

    def test_it_refuses_bad_rows_with_every_problem_named(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            sla.save_policy(
                self.payslip,
                7,
                first_response_minutes=0,
                resolution_minutes=-5,
                update_every_minutes=None,
                at_risk_percent=100,
                pause_statuses=["new"],
                second_level_after_minutes=-1,
            )
        self.assertEqual(
            sorted(caught.exception.message_dict),
            [
                "at_risk_percent",
                "first_response_minutes",
                "pause_statuses",
                "priority",
                "resolution_minutes",
                "second_level_after_minutes",
            ],
        )
        self.assertFalse(Policy.objects.exists())


@pytest.mark.browser
def test_it_sets_a_priority_policy_in_a_real_browser(visits: Visits, cast: Cast) -> None:
    """With htmx: the card saves alone and reloads with its confirmation and new targets."""
    from playwright.sync_api import expect  # only where the browser tests run

    page = visits.signed_in(cast.erin)
    page.goto(reverse("sla:policies", args=[cast.laptop.slug]))
    card = page.locator("#policy-1")
    card.get_by_role("group", name="First response within").get_by_label("hours").fill("1")
    card.get_by_role("group", name="First response within").get_by_label("minutes").fill("30")
    card.get_by_label("Acknowledged").check()
    card.get_by_role("button", name="Save targets for Urgent").click()
    expect(card.get_by_text("The targets for Urgent requests are saved.")).to_be_visible()
    expect(card.get_by_text("1 h 30 min")).to_be_visible()
    screenshot(page, "policies")
    assert Policy.objects.get(service=cast.laptop).pause_statuses == ["acknowledged", "waiting"]
    assert visits.script_errors == []
