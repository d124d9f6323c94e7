"""A team's charter on its page (with its services, hours and agreements read live) and the
leads' editor: 404 for anyone else, refusals beside their fields with 422, nothing stored then."""

from __future__ import annotations

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inservice.catalog import services as catalog
from inservice.org.models import Person
from inservice.org.models_charter import Charter
from inservice.org.services_charter import save_charter
from inservice.org.tests.api_support import make_service
from inservice.org.tests.charter_support import HTMX, agreement, draft
from inservice.sla.calendar import Interval
from inservice.sla.services.calendars import create_team_calendar
from inservice.test import BaseTestCase


def form(**values: str) -> dict[str, str]:
    data = {
        "mission": "Keep every colleague working.",
        "hours": "On call for outages at night.",
        "reach": "Email [the desk](mailto:it@example.org).",
        "commitments": "- A locked account answered within the hour.",
        "version": "0",
    }
    data.update(values)
    return data


class TeamPageTests(BaseTestCase):
    def page(self, person: Person | None = None) -> str:
        self.login(person or self.alice)
        response = self.client.get(reverse("org:team", args=[self.it.slug]))
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_it_shows_the_charter_with_live_services_hours_and_agreements(self) -> None:
        save_charter(self.erin, self.it, draft(hours="Closed <on> the 24th."))
        agreement(self.erin, self.it, self.sales, "IT and Sales West")
        agreement(self.grace, self.payroll, self.it, "Payroll and IT")
        html = self.page()
        self.assertIn('id="charter"', html)
        self.assertIn("<strong>Keep every colleague working.</strong>", html)
        self.assertIn(
            f'href="{reverse("portal:service", args=[self.laptop.slug])}">New laptop</a>', html
        )
        self.assertIn("Closed &lt;on&gt; the 24th.", html)
        self.assertIn("Monday to Friday: 09:00-17:00", html)  # no calendar: the office hours
        self.assertIn(
            '<a href="mailto:it@example.org" rel="noopener noreferrer nofollow">the desk</a>', html
        )
        self.assertIn("<li>A locked account answered within the hour.</li>", html)
        for title, side in (
            ("IT and Sales West", "provides to Sales West"),
            ("Payroll and IT", "receives from Payroll"),
        ):
            self.assertIn(f'>{title}</a> <span class="small muted">{side}</span>', html)
        self.assertIn("Updated", html)
        self.assertNotIn("Edit the charter", html)

    def test_services_and_calendar_are_read_when_shown_not_copied(self) -> None:
        save_charter(self.erin, self.it, draft())
        catalog.create_service(self.it, name="Headset", summary="For calls.", accountable=self.erin)
        create_team_calendar(
            self.it,
            name="Berlin office",
            time_zone="Europe/Berlin",
            intervals=[Interval(d, 8 * 60 + 30, 17 * 60 + 30) for d in range(5)],
            country="DE",
            subdivision="BE",
        )
        html = self.page()
        self.assertIn(">Headset</a>", html)
        self.assertIn("Working calendar “Berlin office”, in Europe/Berlin:", html)
        self.assertIn("Monday to Friday: 08:30-17:30", html)
        self.assertIn("Closed on the public holidays of DE-BE.", html)

    def test_a_team_without_a_charter_shows_none_but_its_leads_are_asked_to_write_one(self) -> None:
        self.assertNotIn('id="charter"', self.page(self.alice))
        self.assertNotIn('id="charter"', self.page(self.carol))  # a member, not a lead
        html = self.page(self.erin)
        self.assertIn("Write the charter", html)
        self.assertIn(reverse("manage_org:charter_edit", args=[self.it.slug]), html)

    def test_leads_and_administrators_see_the_edit_link(self) -> None:
        save_charter(self.erin, self.it, draft())
        self.assertIn("Edit the charter", self.page(self.erin))
        self.assertIn("Edit the charter", self.page(self.root))
        self.assertNotIn("Edit the charter", self.page(self.grace))

    def test_the_team_page_reads_a_fixed_number_of_queries_whatever_the_charter_lists(
        self,
    ) -> None:
        save_charter(self.erin, self.it, draft())
        agreement(self.erin, self.it, self.sales)
        self.login(self.alice)
        url = reverse("org:team", args=[self.it.slug])

        def count() -> tuple[int, str]:
            with CaptureQueriesContext(connection) as queries:
                self.assertEqual(self.client.get(url).status_code, 200)
            return len(queries), "\n".join(q["sql"] for q in queries.captured_queries)

        before, _ = count()
        for _n in range(4):
            make_service(self.it, self.erin)
            agreement(self.erin, self.it, self.payroll)
            agreement(self.grace, self.payroll, self.it)
        after, sql = count()
        self.assertEqual(after, before, f"query count grew with rows:\n{sql}")
        shown = re.findall(r"/workflows/agreements/\d+/", self.client.get(url).content.decode())
        self.assertEqual(len(shown), 9)  # every agreement the team is part of, linked


class EditorTests(BaseTestCase):
    url = ""

    def setUp(self) -> None:
        super().setUp()
        self.url = reverse("manage_org:charter_edit", args=[self.it.slug])

    def test_a_lead_writes_the_charter_and_lands_on_the_team_page(self) -> None:
        self.login(self.erin)
        page = self.client.get(self.url)
        self.assertEqual(page.status_code, 200)
        self.assertEqual(page.context["form"].initial["version"], 0)
        self.assertContains(page, "New laptop")  # the live parts shown beside the form
        self.assertContains(page, "Monday to Friday: 09:00-17:00")
        response = self.client.post(self.url, form())
        team_url = reverse("org:team", args=[self.it.slug])
        self.assertRedirects(
            response, team_url + "#charter", status_code=303, fetch_redirect_response=False
        )
        charter = Charter.objects.get(team=self.it)
        self.assertEqual(
            (charter.mission, charter.updated_by, charter.version),
            ("Keep every colleague working.", self.erin, 1),
        )
        self.assertContains(self.client.get(team_url), "The charter is saved")

    def test_the_editor_opens_with_the_charter_and_htmx_saves_answer_204_with_a_redirect(
        self,
    ) -> None:
        save_charter(self.erin, self.it, draft(mission="Before."))
        self.login(self.root)
        page = self.client.get(self.url)
        self.assertEqual(page.context["form"].initial["mission"], "Before.")
        self.assertEqual(page.context["form"].initial["version"], 1)
        response = self.client.post(self.url, form(mission="After.", version="1"), headers=HTMX)
        self.assertEqual(response.status_code, 204)
        self.assertEqual(
            response["HX-Redirect"], reverse("org:team", args=[self.it.slug]) + "#charter"
        )
        self.assertEqual(Charter.objects.get().mission, "After.")

    def test_it_answers_404_to_anyone_but_the_leads_and_administrators(self) -> None:
        for person in (self.alice, self.carol, self.grace):
            self.login(person)
            with self.subTest(person=person.username):
                self.assertEqual(self.client.get(self.url).status_code, 404)
                self.assertEqual(self.client.post(self.url, form()).status_code, 404)
        self.login(self.erin)
        missing = reverse("manage_org:charter_edit", args=["nope"])
        self.assertEqual(self.client.get(missing).status_code, 404)
        self.assertFalse(Charter.objects.exists())

    def test_htmx_refusals_answer_422_with_the_form_and_store_nothing(self) -> None:
        self.login(self.erin)
        response = self.client.post(
            self.url,
            form(
                mission="",
                reach="<script>alert(1)</script>",
                commitments="[x](javascript:alert(1))",
            ),
            headers=HTMX,
        )
        self.assertEqual(response.status_code, 422)
        self.assertTemplateUsed(response, "org/partials/charter_form.html")
        self.assertTemplateNotUsed(response, "base.html")
        errors = response.context["form"].errors
        self.assertEqual(errors["mission"], ["Say in a sentence what the team is for."])
        self.assertIn("found <script>", errors["reach"][0])
        self.assertIn("found javascript:", errors["commitments"][0])
        self.assertContains(response, "Nothing was saved", status_code=422)
        self.assertNotContains(response, "<script>alert(1)</script>", status_code=422)
        self.assertFalse(Charter.objects.exists())

    def test_without_htmx_a_refusal_answers_the_whole_page(self) -> None:
        self.login(self.erin)
        response = self.client.post(self.url, form(mission="m" * 301))
        self.assertEqual(response.status_code, 422)
        self.assertTemplateUsed(response, "org/charter_edit.html")
        self.assertIn("at most 300 characters", response.context["form"].errors["mission"][0])

    def test_a_save_from_a_page_opened_before_another_save_is_refused(self) -> None:
        self.login(self.erin)
        self.client.post(self.url, form(mission="Erin's."))
        self.login(self.root)
        response = self.client.post(
            self.url, form(mission="Root's, from an old page.", version="0"), headers=HTMX
        )
        self.assertContains(
            response, "Someone else changed the charter since you opened it", status_code=422
        )
        self.assertEqual(Charter.objects.get().mission, "Erin's.")

    def test_the_team_management_page_links_to_the_editor(self) -> None:
        self.login(self.erin)
        response = self.client.get(reverse("manage_org:team", args=[self.it.slug]))
        self.assertContains(response, self.url)
