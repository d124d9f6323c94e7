"""The agreement pages: the list, one agreement with both sides side by side, the leads' create and
edit pages, and the list on a team's page."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inservice.catalog import services as catalog
from inservice.org.tests.api_support import make_team
from inservice.tickets import services as tickets
from inservice.tickets.choices import WaitReason
from inservice.workflows import services
from inservice.workflows.forms_agreements import hours_to_minutes, minutes_to_hours
from inservice.workflows.models import Agreement, AgreementService
from inservice.workflows.tests.agreements_support import MONDAY, AgreementTestCase, onboarding

HTMX = {"HX-Request": "true"}


def form_data(
    rows: list[tuple[Any, str, str]], notices: list[tuple[Any, str]], **main: Any
) -> dict[str, Any]:
    """What the create and edit pages post: the agreement, then its two lists of rows."""
    data: dict[str, Any] = {
        "title": "IT and Sales West",
        "receiver": "",
        "starts_on": "2026-11-01",
        "review_on": "2027-05-01",
        "complete_information": "on",
        "answer_within_hours": "2",
        "notes": "",
        "services-TOTAL_FORMS": str(len(rows)),
        "services-INITIAL_FORMS": "0",
        "notices-TOTAL_FORMS": str(len(notices)),
        "notices-INITIAL_FORMS": "0",
    }
    for i, (service, first, resolution) in enumerate(rows):
        data[f"services-{i}-service"] = service
        data[f"services-{i}-first_response_hours"] = first
        data[f"services-{i}-resolution_hours"] = resolution
    for i, (template, days) in enumerate(notices):
        data[f"notices-{i}-template"] = template
        data[f"notices-{i}-notice_days"] = days
    data.update(main)
    return {k: v for k, v in data.items() if v is not None}


@time_machine.travel(MONDAY, tick=False)
class AgreementPageTests(AgreementTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.agreement = self.agree(notes="Reviewed **twice** a year.")
        self.url = reverse("workflows:agreement_detail", args=[self.agreement.pk])

    def count_queries(self, url: str, **headers: str) -> tuple[int, str]:
        self.client.get(url, headers=headers)  # the provider's calendar is read once, then cached
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url, headers=headers)
        self.assertEqual(response.status_code, 200)
        return len(queries), "\n".join(q["sql"] for q in queries.captured_queries)

    def test_everyone_sees_both_sides_side_by_side_with_the_review_date(self) -> None:
        ticket = self.ask(self.alice)
        tickets.transition(self.carol, ticket, "wait", reason=WaitReason.MISSING_INFORMATION)
        self.login(self.dave)  # in neither team: agreements are published to everyone
        response = self.client.get(self.url)
        self.assertContains(response, "What IT Service Desk commits to")
        self.assertContains(response, "What Sales West owes")
        self.assertContains(response, "New laptop")
        self.assertContains(response, "1 business hour")  # the agreed first response
        self.assertContains(response, "Notice of 10 working days before starting “Onboarding”")
        self.assertContains(response, "Answers to the provider's questions within 2 business hours")
        self.assertContains(response, '<dd id="review-date">1 May 2027</dd>', html=True)
        self.assertContains(response, "<strong>twice</strong>", html=True)
        self.assertContains(response, "Measured from 26 Aug 2026 to 23 Nov 2026.")
        self.assertContains(response, '<dd data-measure="requests">1</dd>', html=True)
        self.assertContains(response, "0%")  # complete on arrival: 0 of 1
        self.assertNotContains(
            response, reverse("workflows:agreement_edit", args=[self.agreement.pk])
        )

    def test_the_leads_of_both_sides_see_how_to_change_it(self) -> None:
        for lead in (self.erin, self.bob, self.root):
            self.login(lead)
            with self.subTest(lead=lead.username):
                response = self.client.get(self.url)
                self.assertContains(
                    response, reverse("workflows:agreement_edit", args=[self.agreement.pk])
                )

    def test_a_chosen_period_is_measured_and_htmx_gets_the_measures_alone(self) -> None:
        self.login(self.alice)
        response = self.client.get(
            self.url, {"start": "2026-11-02", "end": "2026-11-20"}, headers=HTMX
        )
        self.assertEqual(response.status_code, 200)
        self.assertTemplateUsed(response, "workflows/partials/agreement_measures.html")
        self.assertNotContains(response, "<html")
        self.assertContains(response, "Measured from 2 Nov 2026 to 20 Nov 2026.")

    def test_a_period_that_makes_no_sense_answers_422_saying_why(self) -> None:
        self.login(self.alice)
        for params, message in (
            ({"start": "2026-11-20", "end": "2026-11-02"}, "The period ends before it starts."),
            ({"start": "2026-12-01"}, "The period starts in the future"),
            ({"start": "yesterday"}, "Enter a valid date."),
        ):
            with self.subTest(params=params):
                response = self.client.get(self.url, params)
                self.assertContains(response, message, status_code=422)
                self.assertNotContains(response, "Measured from", status_code=422)
                fragment = self.client.get(self.url, params, headers=HTMX)
                self.assertContains(fragment, message, status_code=422)

    def test_a_missing_agreement_is_a_404(self) -> None:
        self.login(self.alice)
        response = self.client.get(
            reverse("workflows:agreement_detail", args=[self.agreement.pk + 99])
        )
        self.assertEqual(response.status_code, 404)

    def test_the_page_keeps_its_query_count_whatever_the_history_and_the_terms(self) -> None:
        self.login(self.alice)
        few, _sql = self.count_queries(self.url)
        few_fragment, _sql = self.count_queries(self.url, **HTMX)
        for _ in range(3):
            ticket = self.ask(self.alice)
            tickets.transition(self.carol, ticket, "wait", reason=WaitReason.QUESTION)
            tickets.reply(self.alice, ticket, "Here.")
        with time_machine.travel(MONDAY + timedelta(minutes=1), tick=False):
            extra = [
                catalog.create_service(
                    self.it, name=f"Extra {n}", summary="More.", accountable=self.erin
                )
                for n in range(3)
            ]
            leaving = onboarding(self.grace, self.payroll, self.payslip, name="Leaving")
            services.update_agreement(
                self.erin,
                self.agreement,
                self.draft(
                    services=[
                        services.Commitment(self.laptop, 60, 480),
                        *(services.Commitment(service, 30, None) for service in extra),
                    ],
                    notices=[
                        services.NoticeTerm(self.onboarding, 10),
                        services.NoticeTerm(leaving, 5),
                    ],
                ),
            )
        many, sql = self.count_queries(self.url)
        self.assertEqual(many, few, sql)
        many_fragment, sql = self.count_queries(self.url, **HTMX)
        self.assertEqual(many_fragment, few_fragment, sql)


@time_machine.travel(MONDAY, tick=False)
class AgreementListTests(AgreementTestCase):
    url = reverse("workflows:agreement_list")

    def test_everyone_sees_every_agreement_and_leads_may_start_one(self) -> None:
        agreement = self.agree()
        self.login(self.alice)
        response = self.client.get(self.url)
        self.assertContains(response, reverse("workflows:agreement_detail", args=[agreement.pk]))
        self.assertNotContains(response, reverse("workflows:agreement_new", args=[self.it.slug]))
        self.login(self.erin)
        response = self.client.get(self.url)
        self.assertContains(response, reverse("workflows:agreement_new", args=[self.it.slug]))

    def test_it_narrows_to_a_team_or_to_those_due_for_review(self) -> None:
        soon = self.agree(title="Soon", review_on=MONDAY.date() + timedelta(days=10))
        later = self.agree(title="Later", receiver=self.payroll)
        self.login(self.alice)
        response = self.client.get(self.url, {"review": "due"})
        self.assertContains(response, f'data-agreement="{soon.pk}"')
        self.assertNotContains(response, f'data-agreement="{later.pk}"')
        response = self.client.get(self.url, {"team": self.payroll.slug})
        self.assertContains(response, f'data-agreement="{later.pk}"')
        self.assertNotContains(response, f'data-agreement="{soon.pk}"')
        self.assertEqual(self.client.get(self.url, {"team": "nobody"}).status_code, 404)

    def test_the_list_keeps_its_query_count_whatever_the_number_of_agreements(self) -> None:
        self.login(self.erin)

        def count() -> tuple[int, str]:
            with CaptureQueriesContext(connection) as queries:
                response = self.client.get(self.url)
            self.assertEqual(response.status_code, 200)
            return len(queries), "\n".join(q["sql"] for q in queries.captured_queries)

        self.agree()
        few, _sql = count()
        for n in range(4):
            receiver = make_team()
            self.agree(title=f"Agreement {n}", receiver=receiver)
        many, sql = count()
        self.assertEqual(many, few, sql)


@time_machine.travel(MONDAY, tick=False)
class TeamPageTests(AgreementTestCase):
    def test_each_side_lists_the_agreement_and_a_department_for_its_teams(self) -> None:
        mine = self.agree()
        departmental = self.agree(title="IT and all of Sales", receiver=self.sales_dept)
        self.login(self.dave)
        for team, expected in (
            (self.it, [mine, departmental]),
            (self.sales, [mine, departmental]),
            (self.sales_dept, [departmental]),
            (self.payroll, []),
        ):
            with self.subTest(team=team.name):
                response = self.client.get(
                    reverse("workflows:agreement_team", args=[team.slug]), headers=HTMX
                )
                for agreement in (mine, departmental):
                    shown = f'data-agreement="{agreement.pk}"'
                    if agreement in expected:
                        self.assertContains(response, shown)
                    else:
                        self.assertNotContains(response, shown)
        page = self.client.get(reverse("org:team", args=[self.it.slug]))
        self.assertContains(page, reverse("workflows:agreement_team", args=[self.it.slug]))

    def test_the_teams_list_keeps_its_query_count(self) -> None:
        url = reverse("workflows:agreement_team", args=[self.it.slug])
        self.login(self.erin)

        def count() -> tuple[int, str]:
            with CaptureQueriesContext(connection) as queries:
                response = self.client.get(url, headers=HTMX)
            self.assertContains(response, "New agreement")
            return len(queries), "\n".join(q["sql"] for q in queries.captured_queries)

        self.agree()
        few, _sql = count()
        for n in range(4):
            self.agree(title=f"Agreement {n}", receiver=make_team())
        many, sql = count()
        self.assertEqual(many, few, sql)


@time_machine.travel(MONDAY, tick=False)
class CreateAndEditTests(AgreementTestCase):
    def new_url(self, slug: str | None = None) -> str:
        return reverse("workflows:agreement_new", args=[slug or self.it.slug])

    def test_a_lead_of_the_provider_makes_one_from_the_page(self) -> None:
        self.login(self.erin)
        self.assertContains(self.client.get(self.new_url()), "New service agreement")
        data = form_data(
            [(self.laptop.pk, "1", "8"), ("", "", "")],
            [(self.onboarding.pk, "10"), ("", "")],
            receiver=self.sales.pk,
        )
        response = self.client.post(self.new_url(), data)
        agreement = Agreement.objects.get()
        self.assertRedirects(
            response,
            reverse("workflows:agreement_detail", args=[agreement.pk]),
            status_code=303,
        )
        self.assertEqual((agreement.receiver, agreement.answer_within_minutes), (self.sales, 120))
        self.assertEqual(
            list(
                agreement.services.values_list(
                    "service_id", "first_response_minutes", "resolution_minutes"
                )
            ),
            [(self.laptop.pk, 60, 480)],
        )
        self.assertEqual(list(agreement.notices.values_list("notice_days", flat=True)), [10])

    def test_bad_input_answers_422_with_the_form_saying_where_and_writes_nothing(self) -> None:
        self.login(self.erin)
        cases = [
            (
                form_data([], [], receiver=self.sales.pk, review_on="2026-10-01"),
                "comes after the agreement starts",
            ),
            (form_data([], [], receiver=self.it.pk), "between two sides"),
            (
                form_data([(self.laptop.pk, "5", "")], [], receiver=self.sales.pk),
                "already promises a first response within 4 business hours",
            ),
            (
                form_data([(self.laptop.pk, "soon", "")], [], receiver=self.sales.pk),
                "Enter a number.",
            ),
            (
                form_data([], [(self.onboarding.pk, "")], receiver=self.sales.pk),
                "Name the notice in working days.",
            ),
            (form_data([], [], receiver=self.sales.pk, starts_on=None), "This field is required."),
        ]
        for data, message in cases:
            with self.subTest(message=message):
                response = self.client.post(self.new_url(), data)
                self.assertContains(response, message, status_code=422)
                self.assertContains(response, "Nothing was saved", status_code=422)
                fragment = self.client.post(self.new_url(), data, headers=HTMX)
                self.assertContains(fragment, message, status_code=422)
                self.assertNotContains(fragment, "<html", status_code=422)
        self.assertFalse(Agreement.objects.exists())

    def test_a_form_without_its_lists_is_refused(self) -> None:
        self.login(self.erin)
        data = form_data([], [], receiver=self.sales.pk)
        del data["services-TOTAL_FORMS"]
        response = self.client.post(self.new_url(), data)
        self.assertEqual(response.status_code, 422)
        self.assertFalse(Agreement.objects.exists())

    def test_an_htmx_post_that_succeeds_redirects_the_page(self) -> None:
        self.login(self.erin)
        data = form_data([], [], receiver=self.sales.pk)
        response = self.client.post(self.new_url(), data, headers=HTMX)
        self.assertEqual(response.status_code, 204)
        agreement = Agreement.objects.get()
        self.assertEqual(
            response["HX-Redirect"], reverse("workflows:agreement_detail", args=[agreement.pk])
        )

    def test_only_the_providers_leads_and_administrators_reach_the_new_page(self) -> None:
        for person, allowed in (
            (self.erin, True),
            (self.root, True),
            (self.carol, False),
            (self.bob, False),
            (self.grace, False),
            (self.alice, False),
        ):
            self.login(person)
            with self.subTest(person=person.username):
                get = self.client.get(self.new_url())
                post = self.client.post(
                    self.new_url(), form_data([], [], receiver=self.sales.pk, title=person.username)
                )
                self.assertEqual(get.status_code, 200 if allowed else 404)
                self.assertEqual(post.status_code, 303 if allowed else 404)
        self.assertEqual(
            sorted(Agreement.objects.values_list("title", flat=True)), ["erin", "root"]
        )

    def test_leads_of_either_side_edit_and_everyone_else_gets_404(self) -> None:
        agreement = self.agree()
        edit = reverse("workflows:agreement_edit", args=[agreement.pk])
        end = reverse("workflows:agreement_end", args=[agreement.pk])
        for person in (self.carol, self.alice, self.grace, self.dave):
            self.login(person)
            with self.subTest(person=person.username):
                self.assertEqual(self.client.get(edit).status_code, 404)
                post = form_data([], [], title="Taken over")
                self.assertEqual(self.client.post(edit, post).status_code, 404)
                self.assertEqual(self.client.post(end).status_code, 404)
        agreement.refresh_from_db()
        self.assertEqual(agreement.title, "IT and Sales West")

        self.login(self.bob)  # the receiving team's lead
        page = self.client.get(edit)
        self.assertContains(page, 'value="1"')  # the agreed hour, in hours
        self.assertContains(page, 'name="receiver" required disabled')
        with time_machine.travel(MONDAY + timedelta(minutes=1), tick=False):
            response = self.client.post(
                edit,
                form_data(
                    [(self.laptop.pk, "0.5", "")],
                    [],
                    title="IT and Sales West, 2027",
                    receiver=self.payroll.pk,  # ignored: the sides stay the same
                ),
            )
        self.assertRedirects(
            response, reverse("workflows:agreement_detail", args=[agreement.pk]), status_code=303
        )
        agreement.refresh_from_db()
        self.assertEqual(
            (agreement.title, agreement.receiver), ("IT and Sales West, 2027", self.sales)
        )
        self.assertEqual(
            list(
                AgreementService.objects.values_list("first_response_minutes", "resolution_minutes")
            ),
            [(30, None)],
        )

    def test_a_lead_ends_it(self) -> None:
        agreement = self.agree()
        self.login(self.bob)
        response = self.client.post(reverse("workflows:agreement_end", args=[agreement.pk]))
        self.assertRedirects(response, reverse("workflows:agreement_list"), status_code=303)
        self.assertFalse(Agreement.objects.exists())

    def test_nothing_changes_on_get(self) -> None:
        agreement = self.agree()
        self.login(self.erin)
        response = self.client.get(reverse("workflows:agreement_end", args=[agreement.pk]))
        self.assertEqual(response.status_code, 405)
        self.assertTrue(Agreement.objects.exists())
        self.assertEqual(date(2027, 5, 1), Agreement.objects.get().review_on)


class HoursTests(AgreementTestCase):
    def test_targets_are_typed_in_hours_and_read_back_as_typed(self) -> None:
        for minutes, shown in ((600, "10"), (90, "1.5"), (100, "1.67"), (30, "0.5"), (2400, "40")):
            with self.subTest(minutes=minutes):
                self.assertEqual(str(minutes_to_hours(minutes)), shown)
        self.assertEqual(hours_to_minutes(Decimal("1.67")), 100)
        self.assertEqual(hours_to_minutes(Decimal("0.5")), 30)
        self.assertIsNone(hours_to_minutes(None))
