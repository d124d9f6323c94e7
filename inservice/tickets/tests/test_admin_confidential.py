"""Confidential requests in the admin: "Superusers do not read their content in the app or the
admin unless they belong to that team"."""

from __future__ import annotations

from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from inservice.factories import PASSWORD
from inservice.org import services as org
from inservice.org.models import Person
from inservice.test import BaseTestCase
from inservice.tickets import services as tickets


class AdminConfidentialTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.case = self.ask(self.alice, self.er_case, subject="Concern about my manager")
        tickets.reply(self.frank, self.case, "Thank you, we will call you about Dan.")
        self.laptop_ticket = self.ask(self.alice, self.laptop, subject="Laptop for the pitch")
        self.entries_url = reverse("admin:tickets_ticket_change", args=[self.case.pk])

    def test_it_leaves_confidential_requests_out_of_the_changelist_for_an_outside_superuser(
        self,
    ) -> None:
        self.login(self.root)
        response = self.client.get(reverse("admin:tickets_ticket_changelist"))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, self.laptop_ticket.key)
        self.assertNotContains(response, self.case.key)
        self.assertNotContains(response, "Concern about my manager")

    def test_it_finds_nothing_when_an_outside_superuser_searches_for_the_subject(self) -> None:
        self.login(self.root)
        response = self.client.get(
            reverse("admin:tickets_ticket_changelist"),
            {"q": "Concern", "is_confidential__exact": "1"},
        )
        self.assertNotContains(response, "Concern about my manager")
        self.assertNotContains(response, self.case.key)

    def test_it_answers_404_for_the_request_page_and_its_timeline(self) -> None:
        self.login(self.root)
        self.assertEqual(self.client.get(self.entries_url).status_code, 404)
        history = reverse("admin:tickets_ticket_history", args=[self.case.pk])
        self.assertEqual(self.client.get(history).status_code, 404)

    def test_it_hides_the_request_behind_its_stints(self) -> None:
        self.login(self.root)
        response = self.client.get(reverse("admin:tickets_stint_changelist"))
        self.assertContains(response, self.laptop_ticket.key)
        self.assertNotContains(response, self.case.key)
        stint = self.case.stints.get()
        url = reverse("admin:tickets_stint_change", args=[stint.pk])
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_it_does_not_name_the_request_when_deleting_its_requester(self) -> None:
        self.login(self.root)
        response = self.client.get(reverse("admin:org_person_delete", args=[self.alice.pk]))
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "Concern about my manager", status_code=200)
        self.assertNotContains(response, self.case.key, status_code=200)

    def test_it_lists_protecting_requests_without_their_subject(self) -> None:
        # What the delete confirmation lists once deleting requests is allowed: never the subject.
        request = RequestFactory().get("/")
        request.user = self.root
        person_admin = admin.site.get_model_admin(Person)
        _nested, _counts, _perms, protected = person_admin.get_deleted_objects(
            [self.alice], request
        )
        listed = " ".join(str(item) for item in protected)
        self.assertIn("a confidential request", listed)
        self.assertIn("Laptop for the pitch", listed)
        self.assertNotIn("Concern about my manager", listed)
        self.assertNotIn(self.case.key, listed)

    def test_it_shows_the_request_and_its_timeline_to_a_superuser_of_the_team(self) -> None:
        ada = org.create_person(
            username="ada",
            name="Ada Relations Admin",
            email="ada@example.org",
            password=PASSWORD,
            team=self.er,
            is_superuser=True,
        )
        self.login(ada)
        listing = self.client.get(reverse("admin:tickets_ticket_changelist"))
        self.assertContains(listing, self.case.key)
        self.assertContains(listing, "Concern about my manager")
        page = self.client.get(self.entries_url)
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, "we will call you about Dan")

    def test_it_shows_ordinary_requests_with_their_timeline_to_any_superuser(self) -> None:
        tickets.reply(self.carol, self.laptop_ticket, "The Developer model is on its way.")
        self.login(self.root)
        url = reverse("admin:tickets_ticket_change", args=[self.laptop_ticket.pk])
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "The Developer model is on its way.")
        # Read-only: the lifecycle is worked in the app, so no form field can change status.
        self.assertNotContains(response, 'name="status"')
        self.assertNotContains(response, 'name="assignee"')
