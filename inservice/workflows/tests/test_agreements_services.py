"""Making, changing and ending a service agreement: checked whole, written whole or not at all,
by the leads who may."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from inservice.catalog import services as catalog
from inservice.sla import services as sla
from inservice.tickets.choices import Priority
from inservice.workflows import services
from inservice.workflows.models import Agreement, AgreementNotice, AgreementService
from inservice.workflows.tests.agreements_support import MONDAY, AgreementTestCase


def terms(agreement: Agreement) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    return (
        list(
            AgreementService.objects.filter(agreement=agreement)
            .order_by("service_id")
            .values_list("service_id", "first_response_minutes", "resolution_minutes")
        ),
        list(
            AgreementNotice.objects.filter(agreement=agreement).values_list(
                "template_id", "notice_days"
            )
        ),
    )


@time_machine.travel(MONDAY, tick=False)
class CreateTests(AgreementTestCase):
    def test_it_makes_an_agreement_with_both_sides_terms(self) -> None:
        agreement = self.agree(title="  IT and Sales West  ", notes="Reviewed twice a year.")
        agreement.refresh_from_db()
        self.assertEqual(agreement.title, "IT and Sales West")
        self.assertEqual((agreement.provider, agreement.receiver), (self.it, self.sales))
        self.assertEqual(agreement.created_by, self.erin)
        self.assertEqual((agreement.created_at, agreement.updated_at), (MONDAY, MONDAY))
        self.assertEqual(agreement.answer_within_minutes, 120)
        self.assertEqual(
            terms(agreement), ([(self.laptop.pk, 60, 480)], [(self.onboarding.pk, 10)])
        )

    def test_it_refuses_each_problem_naming_where_it_is_and_writes_nothing(self) -> None:
        other = catalog.create_service(
            self.it, name="Monitor", summary="A screen.", accountable=self.erin
        )
        cases: list[tuple[dict[str, Any], str, str]] = [
            ({"title": "  "}, "title", "Give the agreement a title"),
            ({"title": "x" * 161}, "title", "under 160"),
            ({"receiver": self.it}, "receiver", "between two sides"),
            ({"review_on": date(2026, 11, 1)}, "review_on", "comes after the agreement starts"),
            ({"answer_within_minutes": 0}, "answer_within_minutes", "longer than zero"),
            (
                {"services": [services.Commitment(self.payslip, 30, None)]},
                "services.0.service",
                "not a service of IT Service Desk",
            ),
            (
                {"services": [services.Commitment(self.laptop, 0, None)]},
                "services.0.first_response_minutes",
                "longer than zero",
            ),
            (
                {"services": [services.Commitment(self.laptop, 301, None)]},
                "services.0.first_response_minutes",
                "already promises a first response within 5 business hours",
            ),
            (
                {"services": [services.Commitment(self.laptop, None, 2401)]},
                "services.0.resolution_minutes",
                "can only make it shorter",
            ),
            (
                {"services": [services.Commitment(self.laptop, 120, 60)]},
                "services.0.resolution_minutes",
                "sooner than the first response",
            ),
            (
                {
                    "services": [
                        services.Commitment(other, 60, None),
                        services.Commitment(self.laptop, 60, None),
                        services.Commitment(self.laptop, 30, None),
                    ]
                },
                "services.2.service",
                "listed twice",
            ),
            (
                {"notices": [services.NoticeTerm(self.onboarding, 0)]},
                "notices.0.notice_days",
                "from 1 to 250",
            ),
            (
                {
                    "notices": [
                        services.NoticeTerm(self.onboarding, 5),
                        services.NoticeTerm(self.onboarding, 10),
                    ]
                },
                "notices.1.template",
                "named twice",
            ),
        ]
        # The laptop's own first response is 4 h: make it 5 h for normal requests by policy,
        # so the check is seen to read the policy, not the service's stated target.
        sla.save_policy(
            self.laptop,
            Priority.NORMAL,
            first_response_minutes=300,
            resolution_minutes=2400,
            update_every_minutes=None,
        )
        for changes, where, message in cases:
            with self.subTest(where=where, changes=changes):
                with self.assertRaises(ValidationError) as caught:
                    self.agree(**changes)
                errors = caught.exception.message_dict
                self.assertIn(where, errors)
                self.assertIn(message, " ".join(errors[where]))
        self.assertFalse(Agreement.objects.exists())
        self.assertFalse(AgreementService.objects.exists())
        self.assertFalse(AgreementNotice.objects.exists())

    def test_a_target_as_strict_as_the_services_own_is_accepted(self) -> None:
        agreement = self.agree(services=[services.Commitment(self.laptop, 240, 2400)])
        self.assertEqual(terms(agreement)[0], [(self.laptop.pk, 240, 2400)])

    def test_only_a_lead_of_the_providing_team_or_an_administrator_makes_one(self) -> None:
        for person in (self.carol, self.bob, self.grace, self.alice):
            with self.subTest(person=person.username), self.assertRaises(PermissionDenied):
                services.create_agreement(person, self.draft())
        self.assertFalse(Agreement.objects.exists())
        made = services.create_agreement(self.root, self.draft())
        self.assertEqual(made.created_by, self.root)


@time_machine.travel(MONDAY, tick=False)
class UpdateTests(AgreementTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.agreement = self.agree()

    def test_a_lead_of_either_side_changes_it_whole(self) -> None:
        later = MONDAY + timedelta(hours=1)
        with time_machine.travel(later, tick=False):
            services.update_agreement(
                self.bob,
                self.agreement,
                self.draft(
                    title="IT and Sales West, 2027",
                    answer_within_minutes=None,
                    services=[services.Commitment(self.laptop, 30, None)],
                    notices=[],
                ),
            )
        self.agreement.refresh_from_db()
        self.assertEqual(self.agreement.title, "IT and Sales West, 2027")
        self.assertIsNone(self.agreement.answer_within_minutes)
        self.assertEqual(self.agreement.updated_at, later)
        self.assertEqual(self.agreement.created_by, self.erin)
        self.assertEqual(terms(self.agreement), ([(self.laptop.pk, 30, None)], []))

    def test_nobody_else_may_change_or_end_it(self) -> None:
        for person in (self.carol, self.alice, self.grace, self.dave):
            with self.subTest(person=person.username):
                with self.assertRaises(PermissionDenied):
                    services.update_agreement(person, self.agreement, self.draft(title="Mine"))
                with self.assertRaises(PermissionDenied):
                    services.end_agreement(person, self.agreement)
        self.agreement.refresh_from_db()
        self.assertEqual(self.agreement.title, "IT and Sales West")

    def test_a_refused_change_leaves_every_term_as_it_was(self) -> None:
        before = terms(self.agreement)
        bad = self.draft(
            title="Changed",
            services=[services.Commitment(self.laptop, 30, 240)],
            notices=[services.NoticeTerm(self.onboarding, 0)],
        )
        with self.assertRaises(ValidationError) as caught:
            services.update_agreement(self.erin, self.agreement, bad)
        self.assertEqual(list(caught.exception.message_dict), ["notices.0.notice_days"])
        self.agreement.refresh_from_db()
        self.assertEqual(self.agreement.title, "IT and Sales West")
        self.assertEqual(terms(self.agreement), before)

    def test_the_two_sides_stay_the_same(self) -> None:
        for changes, where in (
            ({"receiver": self.payroll}, "receiver"),
            ({"provider": self.payroll, "services": []}, "provider"),
        ):
            with self.subTest(where=where), self.assertRaises(ValidationError) as caught:
                services.update_agreement(self.erin, self.agreement, self.draft(**changes))
            self.assertIn("make a new one", " ".join(caught.exception.message_dict[where]))

    def test_a_new_review_date_earns_its_own_reminder(self) -> None:
        Agreement.objects.filter(pk=self.agreement.pk).update(review_reminded_on=date(2027, 4, 17))
        services.update_agreement(self.erin, self.agreement, self.draft(title="Same date"))
        self.agreement.refresh_from_db()
        self.assertEqual(self.agreement.review_reminded_on, date(2027, 4, 17))
        services.update_agreement(
            self.erin, self.agreement, self.draft(review_on=date(2027, 11, 1))
        )
        self.agreement.refresh_from_db()
        self.assertIsNone(self.agreement.review_reminded_on)

    def test_ending_it_removes_its_terms(self) -> None:
        services.end_agreement(self.bob, self.agreement)
        self.assertFalse(Agreement.objects.exists())
        self.assertFalse(AgreementService.objects.exists())
        self.assertFalse(AgreementNotice.objects.exists())
