"""A lead's team management page: members and roles, key contacts and the team's services."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inservice.catalog import services as catalog
from inservice.org import services as org
from inservice.org.choices import Role
from inservice.org.models import KeyContact, Membership, Person
from inservice.test import BaseTestCase

HTMX = {"HX-Request": "true"}


def make_person(name: str) -> Person:
    username = name.lower().replace(" ", ".")
    return org.create_person(username=username, name=name, email=f"{username}@example.org")


class ManageTeamTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.page = reverse("manage_org:team", args=[self.it.slug])

    def url(self, name: str, *args: Any) -> str:
        return reverse(f"manage_org:{name}", args=[self.it.slug, *args])

    def role_of(self, person: Person) -> str | None:
        return (
            Membership.objects.filter(team=self.it, person=person)
            .values_list("role", flat=True)
            .first()
        )

    def count_queries(self, url: str, **headers: str) -> tuple[int, str]:
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url, headers=headers)
        self.assertEqual(response.status_code, 200)
        return len(queries), "\n".join(q["sql"] for q in queries.captured_queries)


class PermissionTests(ManageTeamTestCase):
    def write_routes(self) -> list[tuple[str, dict[str, str]]]:
        contact = org.set_key_contact(self.it, self.carol, "laptops")
        return [
            (self.url("members"), {"person": "bob@example.org", "role": Role.MEMBER}),
            (self.url("member_role", self.carol.pk), {"role": Role.LEAD}),
            (self.url("member_remove", self.carol.pk), {}),
            (self.url("contacts"), {"person": "bob@example.org", "topics": "printers"}),
            (self.url("contact_edit", contact.pk), {f"contact-{contact.pk}-topics": "phones"}),
            (self.url("contact_remove", contact.pk), {}),
        ]

    def test_it_shows_the_pages_to_the_teams_lead_and_administrators_only(self) -> None:
        pages = [self.page, self.url("members"), self.url("contacts")]
        cast = [
            (self.erin, 200),  # lead of the team
            (self.grace, 404),  # lead of another team
            (self.carol, 404),  # member, not lead
            (self.alice, 404),  # employee
            (self.root, 200),  # administrator
        ]
        for person, status in cast:
            self.login(person)
            for url in pages:
                with self.subTest(person=person.username, url=url):
                    self.assertEqual(self.client.get(url).status_code, status)

    def test_it_answers_404_to_every_write_of_someone_who_may_not_manage(self) -> None:
        routes = self.write_routes()
        for person in (self.grace, self.carol, self.alice):
            self.login(person)
            for url, data in routes:
                with self.subTest(person=person.username, url=url):
                    self.assertEqual(self.client.post(url, data).status_code, 404)
        self.assertEqual(self.role_of(self.carol), Role.MEMBER)
        self.assertIsNone(self.role_of(self.bob))
        self.assertEqual(
            list(KeyContact.objects.filter(team=self.it).values_list("topics", flat=True)),
            ["laptops"],
        )

    def test_it_lets_the_lead_and_an_administrator_make_every_write(self) -> None:
        for person in (self.erin, self.root):
            self.login(person)
            org.add_member(self.it, self.carol, Role.MEMBER)
            for url, data in self.write_routes():
                with self.subTest(person=person.username, url=url):
                    self.assertEqual(self.client.post(url, data).status_code, 303)
            org.remove_member(self.it, self.bob)
            KeyContact.objects.filter(team=self.it).delete()

    def test_it_has_no_get_that_writes(self) -> None:
        self.login(self.erin)
        for url in (
            self.url("member_role", self.carol.pk),
            self.url("member_remove", self.carol.pk),
        ):
            self.assertEqual(self.client.get(url).status_code, 405)
        self.assertEqual(self.role_of(self.carol), Role.MEMBER)

    def test_it_links_the_team_page_to_management_for_those_who_may_manage(self) -> None:
        team_page = reverse("org:team", args=[self.it.slug])
        for person, shown in ((self.erin, True), (self.root, True), (self.carol, False)):
            self.login(person)
            response = self.client.get(team_page)
            with self.subTest(person=person.username):
                self.assertEqual(f'href="{self.page}"' in response.content.decode(), shown)


class MemberTests(ManageTeamTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.login(self.erin)

    def test_it_lists_members_with_their_roles(self) -> None:
        response = self.client.get(self.page)
        self.assertContains(response, "Erin Lead")
        self.assertContains(response, "Carol Agent")
        self.assertContains(response, "Make Carol Agent a lead")
        self.assertContains(response, "Make Erin Lead a member instead of a lead")

    def test_it_adds_a_member_through_the_page(self) -> None:
        response = self.client.post(
            self.url("members"), {"person": "bob", "role": Role.MEMBER}, follow=True
        )
        self.assertRedirects(response, self.page, status_code=303)
        self.assertContains(response, "Bob Bystander joined the team as a member.")
        self.assertEqual(self.role_of(self.bob), Role.MEMBER)

    def test_it_adds_a_member_with_htmx_and_the_section_reloads_with_the_news(self) -> None:
        response = self.client.post(
            self.url("members"), {"person": "bob@example.org", "role": Role.LEAD}, headers=HTMX
        )
        self.assertEqual(response.status_code, 204)
        self.assertEqual(response["HX-Trigger"], "members-changed")
        self.assertEqual(self.role_of(self.bob), Role.LEAD)
        section = self.client.get(self.url("members"), headers=HTMX)
        self.assertNotContains(section, "<html")
        self.assertContains(section, "Bob Bystander joined the team as a lead.")
        self.assertContains(section, 'hx-trigger="members-changed from:body"')

    def test_it_refuses_bad_input_with_a_specific_message_and_changes_nothing(self) -> None:
        cases = [
            ({"person": "", "role": Role.MEMBER}, "Name the person by email or username."),
            ({"person": "nobody@example.org", "role": Role.MEMBER}, "Nobody in the directory"),
            ({"person": "bob", "role": "boss"}, "Select a valid choice."),
            ({"person": "carol", "role": Role.LEAD}, "Carol Agent is already in this team"),
        ]
        for data, message in cases:
            for headers in ({}, HTMX):
                with self.subTest(data=data, htmx=bool(headers)):
                    response = self.client.post(self.url("members"), data, headers=headers)
                    self.assertContains(response, message, status_code=422)
        self.assertIsNone(self.role_of(self.bob))
        self.assertEqual(self.role_of(self.carol), Role.MEMBER)

    def test_it_makes_a_member_a_lead_and_back(self) -> None:
        response = self.client.post(self.url("member_role", self.carol.pk), {"role": Role.LEAD})
        self.assertRedirects(response, self.page, status_code=303, fetch_redirect_response=False)
        self.assertEqual(self.role_of(self.carol), Role.LEAD)
        response = self.client.post(
            self.url("member_role", self.carol.pk), {"role": Role.MEMBER}, headers=HTMX
        )
        self.assertEqual(response.status_code, 204)
        self.assertEqual(self.role_of(self.carol), Role.MEMBER)

    def test_it_refuses_a_role_that_does_not_exist(self) -> None:
        response = self.client.post(self.url("member_role", self.carol.pk), {"role": "boss"})
        self.assertContains(response, "Choose member or lead.", status_code=422)
        self.assertEqual(self.role_of(self.carol), Role.MEMBER)

    def test_it_keeps_at_least_one_lead_and_says_so(self) -> None:
        for url, data in (
            (self.url("member_role", self.erin.pk), {"role": Role.MEMBER}),
            (self.url("member_remove", self.erin.pk), {}),
        ):
            for headers in ({}, HTMX):
                with self.subTest(url=url, htmx=bool(headers)):
                    response = self.client.post(url, data, headers=headers)
                    self.assertContains(response, "A team keeps at least one lead", status_code=422)
        self.assertEqual(self.role_of(self.erin), Role.LEAD)

    def test_it_sends_a_lead_who_steps_down_to_the_teams_own_page(self) -> None:
        org.add_member(self.it, self.carol, Role.LEAD)
        response = self.client.post(
            self.url("member_role", self.erin.pk), {"role": Role.MEMBER}, headers=HTMX
        )
        self.assertEqual(response.status_code, 204)
        self.assertEqual(response["HX-Redirect"], reverse("org:team", args=[self.it.slug]))
        self.assertEqual(self.role_of(self.erin), Role.MEMBER)
        self.assertEqual(self.client.get(self.page).status_code, 404)

    def test_it_removes_a_member(self) -> None:
        response = self.client.post(self.url("member_remove", self.carol.pk), follow=True)
        self.assertContains(response, "Carol Agent is no longer in the team.")
        self.assertIsNone(self.role_of(self.carol))

    def test_it_answers_404_for_someone_who_is_not_in_the_team(self) -> None:
        response = self.client.post(self.url("member_remove", self.alice.pk))
        self.assertEqual(response.status_code, 404)

    def test_it_reads_a_fixed_number_of_queries_whatever_the_number_of_members(self) -> None:
        for i in range(3):
            org.add_member(self.it, make_person(f"Early {i}"))
        page, sql = self.count_queries(self.page)
        section, _sql = self.count_queries(self.url("members"), **HTMX)
        for i in range(12):
            org.add_member(self.it, make_person(f"Late {i}"), Role.LEAD if i % 2 else Role.MEMBER)
        self.assertEqual(self.count_queries(self.page)[0], page, sql)
        self.assertEqual(self.count_queries(self.url("members"), **HTMX)[0], section)


class KeyContactTests(ManageTeamTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.login(self.erin)

    def topics(self) -> dict[str, str]:
        return {
            c.person.username: c.topics
            for c in KeyContact.objects.filter(team=self.it).select_related("person")
        }

    def test_it_adds_a_key_contact(self) -> None:
        response = self.client.post(
            self.url("contacts"), {"person": "carol", "topics": "laptops, VPN"}, follow=True
        )
        self.assertContains(response, "Colleagues can now find Carol Agent for: laptops, VPN.")
        self.assertEqual(self.topics(), {"carol": "laptops, VPN"})
        directory = self.client.get(reverse("org:team", args=[self.it.slug]))
        self.assertContains(directory, "laptops, VPN")

    def test_it_edits_and_removes_a_key_contact(self) -> None:
        contact = org.set_key_contact(self.it, self.carol, "laptops")
        response = self.client.post(
            self.url("contact_edit", contact.pk),
            {f"contact-{contact.pk}-topics": "phones"},
            headers=HTMX,
        )
        self.assertEqual(response.status_code, 204)
        self.assertEqual(response["HX-Trigger"], "contacts-changed")
        self.assertEqual(self.topics(), {"carol": "phones"})
        section = self.client.get(self.url("contacts"), headers=HTMX)
        self.assertContains(section, "The topics of Carol Agent are saved.")
        self.client.post(self.url("contact_remove", contact.pk))
        self.assertEqual(self.topics(), {})

    def test_it_refuses_bad_input_with_a_specific_message_and_changes_nothing(self) -> None:
        contact = org.set_key_contact(self.it, self.carol, "laptops")
        edit = self.url("contact_edit", contact.pk)
        field = f"contact-{contact.pk}-topics"
        cases: list[tuple[str, dict[str, str], str]] = [
            (self.url("contacts"), {"person": "erin", "topics": ""}, "Say which topics"),
            (self.url("contacts"), {"person": "", "topics": "x"}, "Name the person by email"),
            (self.url("contacts"), {"person": "zed", "topics": "x"}, "Nobody in the directory"),
            (self.url("contacts"), {"person": "carol", "topics": "x"}, "already a key contact"),
            (self.url("contacts"), {"person": "erin", "topics": "x" * 301}, "at most 300"),
            (edit, {field: "  "}, "Say which topics this person covers."),
        ]
        for url, data, message in cases:
            for headers in ({}, HTMX):
                with self.subTest(data=data, htmx=bool(headers)):
                    response = self.client.post(url, data, headers=headers)
                    self.assertContains(response, message, status_code=422)
        self.assertEqual(self.topics(), {"carol": "laptops"})

    def test_it_answers_404_for_a_contact_of_another_team(self) -> None:
        other = org.set_key_contact(self.payroll, self.dave, "payslips")
        response = self.client.post(self.url("contact_remove", other.pk))
        self.assertEqual(response.status_code, 404)
        self.assertTrue(KeyContact.objects.filter(pk=other.pk).exists())

    def test_it_reads_a_fixed_number_of_queries_whatever_the_number_of_contacts(self) -> None:
        for i in range(3):
            org.set_key_contact(self.it, make_person(f"Early {i}"), f"topic {i}")
        page, sql = self.count_queries(self.page)
        section, _sql = self.count_queries(self.url("contacts"), **HTMX)
        for i in range(12):
            org.set_key_contact(self.it, make_person(f"Late {i}"), f"topic {i}")
        self.assertEqual(self.count_queries(self.page)[0], page, sql)
        self.assertEqual(self.count_queries(self.url("contacts"), **HTMX)[0], section)


class TeamServicesTests(ManageTeamTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.login(self.erin)

    def test_it_lists_the_teams_services_with_links_to_edit_them(self) -> None:
        hidden = catalog.create_service(
            self.it, name="Retired thing", summary="Gone.", accountable=self.erin, is_active=False
        )
        response = self.client.get(self.page)
        for service in (self.laptop, hidden):
            self.assertContains(response, reverse("manage_catalog:service", args=[service.slug]))
            self.assertContains(response, reverse("manage_catalog:form", args=[service.slug]))
        self.assertContains(response, "Not offered")
        self.assertContains(response, reverse("manage_catalog:new", args=[self.it.slug]))
        self.assertNotContains(response, self.payslip.name)

    def test_it_reads_a_fixed_number_of_queries_whatever_the_number_of_services(self) -> None:
        def add(n: int, start: int) -> None:
            for i in range(start, start + n):
                catalog.create_service(
                    self.it, name=f"Service {i}", summary="s", accountable=make_person(f"P {i}")
                )

        add(3, 0)
        before, sql = self.count_queries(self.page)
        add(12, 3)
        self.assertEqual(self.count_queries(self.page)[0], before, sql)


class LastLeadTests(BaseTestCase):
    def test_it_never_lets_a_team_lose_its_last_lead(self) -> None:
        for change in (
            lambda: org.add_member(self.it, self.erin, Role.MEMBER),
            lambda: org.set_role(self.it, self.erin, Role.MEMBER),
            lambda: org.remove_member(self.it, self.erin),
        ):
            with self.assertRaises(ValidationError):
                change()
        self.assertEqual(self.erin.membership_roles()[self.it.pk], Role.LEAD)
        org.add_member(self.it, self.carol, Role.LEAD)
        org.set_role(self.it, self.erin, Role.MEMBER)
        self.erin.forget_memberships()
        self.assertEqual(self.erin.membership_roles()[self.it.pk], Role.MEMBER)
