"""A lead's service editor: the service itself, its RACI and its standard operating steps."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inservice.catalog import services as catalog
from inservice.catalog.choices import Audience, RaciRole
from inservice.catalog.models import RaciAssignment, Service
from inservice.org import services as org
from inservice.org.models import Person
from inservice.test import BaseTestCase
from inservice.tickets.choices import Priority

HTMX = {"HX-Request": "true"}


def make_person(name: str) -> Person:
    username = name.lower().replace(" ", ".")
    return org.create_person(username=username, name=name, email=f"{username}@example.org")


class ManageServiceTestCase(BaseTestCase):
    def url(self, name: str, *args: Any, service: Service | None = None) -> str:
        return reverse(f"manage_catalog:{name}", args=[(service or self.laptop).slug, *args])

    def service_data(self, **changes: Any) -> dict[str, Any]:
        data: dict[str, Any] = {
            "name": "Docking station",
            "summary": "A dock for your desk.",
            "description": "We **deliver** it.",
            "keywords": "dock, usb-c",
            "audience": Audience.EMPLOYEES,
            "accountable": "erin@example.org",
            "default_priority": str(Priority.HIGH.value),
            "is_active": "on",
            "response_target_hours": "1.5",
            "resolution_target_hours": "16",
        }
        data.update(changes)
        return {k: v for k, v in data.items() if v is not None}

    def stored(self, service: Service) -> dict[str, Any]:
        fresh = Service.objects.get(pk=service.pk)
        return {
            "name": fresh.name,
            "summary": fresh.summary,
            "audience": fresh.audience,
            "teams": sorted(fresh.audience_teams.values_list("slug", flat=True)),
            "accountable": fresh.accountable_id,
            "priority": fresh.default_priority,
            "confidential": fresh.is_confidential,
            "active": fresh.is_active,
            "response": fresh.response_target_minutes,
            "resolution": fresh.resolution_target_minutes,
        }

    def steps(self, service: Service | None = None) -> list[tuple[str, str]]:
        return list((service or self.laptop).steps.values_list("title", "detail"))

    def steps_data(self, *steps: tuple[str, str], op: str = "save") -> dict[str, str]:
        data = {"steps-count": str(len(steps)), "op": op}
        for i, (title, detail) in enumerate(steps):
            data[f"steps-{i}-title"] = title
            data[f"steps-{i}-detail"] = detail
        return data

    def count_queries(self, url: str, **headers: str) -> tuple[int, str]:
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url, headers=headers)
        self.assertEqual(response.status_code, 200)
        return len(queries), "\n".join(q["sql"] for q in queries.captured_queries)


class PermissionTests(ManageServiceTestCase):
    CAST = (("erin", True), ("grace", False), ("carol", False), ("alice", False), ("root", True))

    def routes(self) -> list[tuple[str, str, dict[str, str]]]:
        entry = catalog.add_raci(self.laptop, RaciRole.INFORMED, team=self.payroll)
        new = reverse("manage_catalog:new", args=[self.it.slug])
        return [
            ("get", new, {}),
            ("post", new, {"name": ""}),
            ("get", self.url("service"), {}),
            ("post", self.url("service"), {"name": ""}),
            ("get", self.url("raci"), {}),
            ("post", self.url("raci"), {"role": "X"}),
            ("post", self.url("raci_remove", entry.pk), {}),
            ("get", self.url("steps"), {}),
            ("post", self.url("steps"), {"op": "add"}),
        ]

    def test_it_answers_404_to_all_but_the_teams_lead_and_administrators(self) -> None:
        for username, allowed in self.CAST:
            self.login(getattr(self, username))
            for method, url, data in self.routes():
                with self.subTest(person=username, method=method, url=url):
                    response = getattr(self.client, method)(url, data)
                    if allowed:
                        self.assertIn(response.status_code, (200, 303, 422))
                    else:
                        self.assertEqual(response.status_code, 404)
            RaciAssignment.objects.filter(service=self.laptop).delete()

    def test_it_changes_nothing_for_someone_who_may_not_manage(self) -> None:
        before = self.stored(self.laptop)
        entry = catalog.add_raci(self.laptop, RaciRole.INFORMED, team=self.payroll)
        for person in (self.grace, self.carol, self.alice):
            self.login(person)
            self.client.post(self.url("service"), self.service_data())
            self.client.post(self.url("raci_remove", entry.pk))
            self.client.post(self.url("steps"), self.steps_data(("Hack", "")))
            self.client.post(
                reverse("manage_catalog:new", args=[self.it.slug]), self.service_data()
            )
        self.assertEqual(self.stored(self.laptop), before)
        self.assertTrue(RaciAssignment.objects.filter(pk=entry.pk).exists())
        self.assertEqual(len(self.steps()), 3)
        self.assertFalse(Service.objects.filter(name="Docking station").exists())

    def test_it_links_the_catalog_page_to_the_editor_for_those_who_may_manage(self) -> None:
        page = reverse("portal:service", args=[self.laptop.slug])
        for person, shown in ((self.erin, True), (self.root, True), (self.carol, False)):
            self.login(person)
            response = self.client.get(page)
            with self.subTest(person=person.username):
                html = response.content.decode()
                self.assertEqual(f'href="{self.url("service")}"' in html, shown)
                self.assertEqual(f'href="{self.url("form")}"' in html, shown)


class ServiceEditorTests(ManageServiceTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.login(self.erin)
        self.new = reverse("manage_catalog:new", args=[self.it.slug])

    def test_it_creates_a_service_for_the_team(self) -> None:
        page = self.client.get(self.new)
        self.assertContains(page, 'value="erin@example.org"')  # the lead is a sensible default
        response = self.client.post(
            self.new,
            self.service_data(audience=Audience.TEAMS, audience_teams=[self.sales.pk]),
        )
        service = Service.objects.get(name="Docking station")
        self.assertRedirects(response, self.url("service", service=service), status_code=303)
        self.assertEqual(service.team, self.it)
        self.assertEqual(
            self.stored(service),
            {
                "name": "Docking station",
                "summary": "A dock for your desk.",
                "audience": Audience.TEAMS,
                "teams": [self.sales.slug],
                "accountable": self.erin.pk,
                "priority": Priority.HIGH,
                "confidential": False,
                "active": True,
                "response": 90,
                "resolution": 960,
            },
        )

    def test_it_shows_the_stored_service_in_the_editor(self) -> None:
        response = self.client.get(self.url("service"))
        self.assertContains(response, 'value="New laptop"')
        self.assertContains(response, 'value="erin@example.org"')
        self.assertContains(response, 'name="response_target_hours" value="4"')
        self.assertContains(response, 'name="resolution_target_hours" value="40"')
        self.assertContains(response, "Check stock")
        self.assertContains(response, self.url("form"))

    def test_it_saves_every_attribute(self) -> None:
        data = self.service_data(
            name="New laptop",
            audience=Audience.TEAMS,
            audience_teams=[self.sales.pk, self.payroll.pk],
            accountable="carol",
            is_confidential="on",
            is_active=None,
            response_target_hours="0.5",
            resolution_target_hours="",
        )
        response = self.client.post(self.url("service"), data, follow=True)
        self.assertRedirects(response, self.url("service"), status_code=303)
        self.assertContains(response, "The service is saved.")
        self.assertEqual(
            self.stored(self.laptop),
            {
                "name": "New laptop",
                "summary": "A dock for your desk.",
                "audience": Audience.TEAMS,
                "teams": sorted([self.sales.slug, self.payroll.slug]),
                "accountable": self.carol.pk,
                "priority": Priority.HIGH,
                "confidential": True,
                "active": False,
                "response": 30,
                "resolution": None,
            },
        )

    def test_it_forgets_chosen_teams_when_the_audience_is_not_chosen_teams(self) -> None:
        catalog.update_service(self.laptop, audience=Audience.TEAMS, audience_teams=[self.sales])
        self.client.post(self.url("service"), self.service_data(audience_teams=[self.sales.pk]))
        self.assertEqual(self.stored(self.laptop)["teams"], [])

    def test_it_refuses_bad_input_with_a_specific_message_and_changes_nothing(self) -> None:
        catalog.create_service(
            self.it, name="Docking station", summary="Taken.", accountable=self.erin
        )
        before = self.stored(self.laptop)
        cases: list[tuple[dict[str, Any], str]] = [
            ({"accountable": ""}, "Every service has an accountable person."),
            ({"accountable": "nobody"}, "Nobody in the directory matches"),
            ({"name": ""}, "This field is required."),
            ({"summary": "x" * 241}, "at most 240 characters"),
            ({"audience": Audience.TEAMS}, "Choose at least one team or department who may ask."),
            ({"audience": "martians"}, "Select a valid choice."),
            ({"audience_teams": ["999999"]}, "Select a valid choice."),
            ({"default_priority": "9"}, "Select a valid choice."),
            ({"response_target_hours": "-1"}, "greater than or equal to 0.01"),
            ({"response_target_hours": "soon"}, "Enter a number."),
            ({"response_target_hours": "8", "resolution_target_hours": "2"}, "shorter than"),
            ({}, "The team already has a service called “Docking station”."),
        ]
        for changes, message in cases:
            with self.subTest(changes=changes):
                response = self.client.post(self.url("service"), self.service_data(**changes))
                self.assertContains(response, message, status_code=422)
                self.assertContains(response, "Nothing was saved", status_code=422)
        self.assertEqual(self.stored(self.laptop), before)

    def test_it_shows_the_stored_name_when_the_new_one_is_refused(self) -> None:
        catalog.create_service(self.it, name="Taken", summary="s", accountable=self.erin)
        response = self.client.post(self.url("service"), self.service_data(name="Taken"))
        self.assertContains(response, "<h1>Edit New laptop</h1>", status_code=422)

    def test_it_refuses_a_new_service_with_bad_input_and_creates_nothing(self) -> None:
        count = Service.objects.count()
        response = self.client.post(self.new, self.service_data(accountable=""))
        self.assertContains(response, "Every service has an accountable person.", status_code=422)
        self.assertEqual(Service.objects.count(), count)


class RaciTests(ManageServiceTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.login(self.erin)

    def raci(self) -> list[tuple[str, str | None, str | None, str]]:
        return [
            (
                r.role,
                r.person.username if r.person else None,
                r.team.slug if r.team else None,
                r.note,
            )
            for r in self.laptop.raci.select_related("person", "team")
        ]

    def test_it_adds_a_person_and_a_team(self) -> None:
        response = self.client.post(
            self.url("raci"),
            {"role": RaciRole.RESPONSIBLE, "person": "carol", "note": "images laptops"},
            follow=True,
        )
        self.assertRedirects(response, self.url("service") + "#raci", status_code=303)
        self.assertContains(response, "Carol Agent is Responsible for this service.")
        response = self.client.post(
            self.url("raci"), {"role": RaciRole.INFORMED, "team": self.payroll.pk}, headers=HTMX
        )
        self.assertEqual(response.status_code, 204)
        self.assertEqual(response["HX-Trigger"], "raci-changed")
        self.assertEqual(
            sorted(self.raci()),
            [("I", None, "payroll", ""), ("R", "carol", None, "images laptops")],
        )
        section = self.client.get(self.url("raci"), headers=HTMX)
        self.assertContains(section, "Payroll is Informed for this service.")
        self.assertContains(section, "images laptops")
        catalog_page = self.client.get(reverse("portal:service", args=[self.laptop.slug]))
        self.assertContains(catalog_page, "images laptops")

    def test_it_removes_an_assignment(self) -> None:
        entry = catalog.add_raci(self.laptop, RaciRole.CONSULTED, person=self.dave)
        response = self.client.post(self.url("raci_remove", entry.pk), headers=HTMX)
        self.assertEqual(response.status_code, 204)
        self.assertEqual(self.raci(), [])

    def test_it_answers_404_for_an_assignment_of_another_service(self) -> None:
        other = catalog.add_raci(self.payslip, RaciRole.CONSULTED, person=self.dave)
        self.assertEqual(self.client.post(self.url("raci_remove", other.pk)).status_code, 404)
        self.assertTrue(RaciAssignment.objects.filter(pk=other.pk).exists())

    def test_it_refuses_bad_input_with_a_specific_message_and_changes_nothing(self) -> None:
        catalog.add_raci(self.laptop, RaciRole.RESPONSIBLE, person=self.carol)
        cases: list[tuple[dict[str, Any], str]] = [
            ({"role": RaciRole.CONSULTED}, "Name a person or choose a team."),
            (
                {"role": RaciRole.CONSULTED, "person": "dave", "team": self.payroll.pk},
                "Name a person or a team, not both.",
            ),
            ({"role": "A", "person": "dave"}, "Select a valid choice."),
            ({"role": RaciRole.CONSULTED, "person": "zed"}, "Nobody in the directory matches"),
            ({"role": RaciRole.CONSULTED, "team": "999999"}, "Select a valid choice."),
            ({"role": RaciRole.CONSULTED, "person": "dave", "note": "x" * 201}, "at most 200"),
            ({"role": RaciRole.RESPONSIBLE, "person": "carol"}, "already Responsible"),
        ]
        for data, message in cases:
            for headers in ({}, HTMX):
                with self.subTest(data=data, htmx=bool(headers)):
                    response = self.client.post(self.url("raci"), data, headers=headers)
                    self.assertContains(response, message, status_code=422)
        self.assertEqual(self.raci(), [("R", "carol", None, "")])

    def test_it_reads_a_fixed_number_of_queries_whatever_the_number_of_assignments(self) -> None:
        def add(n: int, start: int) -> None:
            for i in range(start, start + n):
                catalog.add_raci(self.laptop, RaciRole.CONSULTED, person=make_person(f"P {i}"))
                catalog.add_raci(self.laptop, RaciRole.INFORMED, team=self.payroll, note=str(i))

        add(2, 0)
        section, sql = self.count_queries(self.url("raci"), **HTMX)
        page, _sql = self.count_queries(self.url("service"))
        add(10, 2)
        self.assertEqual(self.count_queries(self.url("raci"), **HTMX)[0], section, sql)
        self.assertEqual(self.count_queries(self.url("service"))[0], page)


class StepsTests(ManageServiceTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.login(self.erin)
        self.saved = [("Check stock", ""), ("Image the laptop", ""), ("Deliver", "")]

    def test_it_shows_the_steps_in_order(self) -> None:
        section = self.client.get(self.url("steps"), headers=HTMX)
        self.assertContains(section, 'name="steps-count" value="3"')
        self.assertContains(section, 'name="steps-1-title" value="Image the laptop"')

    def test_it_adds_moves_and_removes_steps_without_saving_until_asked(self) -> None:
        response = self.client.post(
            self.url("steps"), self.steps_data(*self.saved, op="add"), headers=HTMX
        )
        self.assertContains(response, 'name="steps-count" value="4"')
        self.assertContains(response, 'name="steps-3-title" maxlength="160" autofocus')
        response = self.client.post(
            self.url("steps"), self.steps_data(*self.saved, op="up-2"), headers=HTMX
        )
        self.assertContains(response, 'name="steps-1-title" value="Deliver"')
        response = self.client.post(
            self.url("steps"), self.steps_data(*self.saved, op="remove-0"), headers=HTMX
        )
        self.assertContains(response, 'name="steps-count" value="2"')
        self.assertContains(response, 'name="steps-0-title" value="Image the laptop"')
        self.assertEqual(self.steps(), self.saved)

    def test_it_saves_the_steps_as_edited(self) -> None:
        edited = [("Image the laptop", "Takes a day."), ("Check stock", ""), ("Hand over", "")]
        response = self.client.post(self.url("steps"), self.steps_data(*edited), headers=HTMX)
        self.assertEqual(response.status_code, 204)
        self.assertEqual(response["HX-Trigger"], "steps-changed")
        self.assertEqual(self.steps(), edited)
        section = self.client.get(self.url("steps"), headers=HTMX)
        self.assertContains(section, "The steps are saved: 3 steps.")
        catalog_page = self.client.get(reverse("portal:service", args=[self.laptop.slug]))
        self.assertContains(catalog_page, "Takes a day.")

    def test_it_saves_without_javascript_and_drops_empty_rows(self) -> None:
        response = self.client.post(self.url("steps"), self.steps_data(("Only", ""), ("", "")))
        self.assertRedirects(response, self.url("service") + "#steps", status_code=303)
        self.assertEqual(self.steps(), [("Only", "")])

    def test_it_refuses_bad_input_with_a_specific_message_and_changes_nothing(self) -> None:
        cases: list[tuple[dict[str, str], str]] = [
            (self.steps_data(("Check", ""), ("", "No title")), "Give this step a title"),
            (self.steps_data(("x" * 161, "")), "at most 160 characters"),
            ({"op": "save", "steps-0-title": "Only"}, "The page sent an incomplete list"),
            ({"op": "save", "steps-count": "1000"}, "Keep it to 40 entries."),
        ]
        for data, message in cases:
            for headers in ({}, HTMX):
                with self.subTest(data=data, htmx=bool(headers)):
                    response = self.client.post(self.url("steps"), data, headers=headers)
                    self.assertContains(response, message, status_code=422)
        self.assertEqual(self.steps(), self.saved)

    def test_it_reads_a_fixed_number_of_queries_whatever_the_number_of_steps(self) -> None:
        catalog.set_operating_steps(self.laptop, [(f"Step {i}", "d") for i in range(3)])
        section, sql = self.count_queries(self.url("steps"), **HTMX)
        catalog.set_operating_steps(self.laptop, [(f"Step {i}", "d") for i in range(30)])
        self.assertEqual(self.count_queries(self.url("steps"), **HTMX)[0], section, sql)
