"""The demo's service agreements: made through the services by the providers' leads, with both
sides measured from the demo's own history (requests asked, waits on the requester and why,
workflow runs)."""

from __future__ import annotations

from datetime import date, timedelta

from django.test import TestCase
from django.utils import timezone

from inservice.demo.load import load_demo
from inservice.org.models import Person
from inservice.sla import policies
from inservice.tickets.choices import EntryKind, Priority, Status, WaitReason
from inservice.tickets.models import Ticket, TimelineEntry
from inservice.workflows import services
from inservice.workflows.agreement_measures import measure, period_of, terms_of
from inservice.workflows.models import Agreement

DAYS = 40
IT_SALES = "IT Service Desk and Sales"


def quiet(text: str) -> None:
    pass


class DemoAgreementTests(TestCase):
    today: date

    @classmethod
    def setUpTestData(cls) -> None:
        # The full organisation with a short history: enough requests from Sales to IT.
        load_demo(days=DAYS, per_day=30, progress=quiet)
        cls.today = timezone.localdate()

    def agreement(self, title: str) -> Agreement:
        return Agreement.objects.select_related("provider__calendar", "receiver").get(title=title)

    def test_it_makes_three_agreements_each_by_a_lead_of_the_provider_with_both_sides(
        self,
    ) -> None:
        expected = {
            IT_SALES: (
                "IT Service Desk",
                "Sales",
                {"New laptop or equipment", "Software access or licence"},
                {"New-hire onboarding": 10},
            ),
            "Accounts Payable and Marketing": (
                "Finance — Accounts Payable",
                "Marketing",
                {"Pay a supplier invoice", "Payment status"},
                {"Month-end figures": 5},
            ),
            "Payroll and HR Operations": (
                "Payroll",
                "HR Operations",
                {"Payslip question"},
                {"New-hire onboarding": 10, "Leaver offboarding": 10},
            ),
        }
        self.assertEqual(set(Agreement.objects.values_list("title", flat=True)), set(expected))
        for title, (provider, receiver, committed, notices) in expected.items():
            with self.subTest(title):
                agreement = self.agreement(title)
                terms = terms_of(agreement)
                self.assertEqual(agreement.provider.name, provider)
                self.assertEqual(agreement.receiver.name, receiver)
                assert agreement.created_by is not None
                self.assertIn(agreement.provider_id, agreement.created_by.lead_team_ids())
                self.assertEqual({row.service.name for row in terms.services}, committed)
                self.assertEqual({n.template.name: n.notice_days for n in terms.notices}, notices)
                self.assertTrue(agreement.complete_information)
                self.assertTrue(agreement.answer_within_minutes)
                self.assertLess(agreement.starts_on, self.today)
                for row in terms.services:  # stricter than the service's own, as it must be
                    own = policies.snapshot(row.service, Priority.NORMAL)
                    for key in ("first_response_minutes", "resolution_minutes"):
                        agreed = getattr(row, key)
                        if agreed is not None:
                            self.assertLessEqual(agreed, own[key])

    def test_one_review_comes_up_within_two_weeks_the_others_months_ahead(self) -> None:
        self.assertEqual(services.reviews_due(self.today), [self.agreement(IT_SALES).pk])
        for agreement in Agreement.objects.exclude(title=IT_SALES):
            self.assertGreater(agreement.review_on, self.today + timedelta(days=60))

    def test_requests_from_sales_start_with_the_agreed_targets(self) -> None:
        agreement = self.agreement(IT_SALES)
        seller = Person.objects.filter(team__parent=agreement.receiver).order_by("pk").first()
        assert seller is not None
        for row in terms_of(agreement).services:
            with self.subTest(row.service.name):
                asked = policies.snapshot(row.service, Priority.NORMAL, seller)
                self.assertEqual(asked["first_response_minutes"], row.first_response_minutes)
                self.assertEqual(asked["resolution_minutes"], row.resolution_minutes)
                self.assertEqual(asked["agreements"], [agreement.pk])

    def test_the_history_says_why_requests_waited_and_marks_those_missing_information(
        self,
    ) -> None:
        waits = TimelineEntry.objects.filter(kind=EntryKind.STATUS, data__to=Status.WAITING)
        reasons = list(waits.values_list("data__reason", flat=True))
        self.assertTrue(reasons)
        self.assertEqual(set(reasons), set(WaitReason.values))
        missing = reasons.count(WaitReason.MISSING_INFORMATION)
        self.assertGreater(missing, len(reasons) / 2)  # most are for missing information
        incomplete = set(
            Ticket.objects.filter(incomplete_on_arrival=True).values_list("pk", flat=True)
        )
        asked_for_more = set(
            waits.filter(data__reason=WaitReason.MISSING_INFORMATION).values_list(
                "ticket_id", flat=True
            )
        )
        # Every wait in the history comes before the request's first resolution.
        self.assertEqual(incomplete, asked_for_more)

    def test_the_it_and_sales_agreement_has_numbers_on_both_sides(self) -> None:
        agreement = self.agreement(IT_SALES)
        zone = timezone.get_current_timezone()
        period = period_of(self.today - timedelta(days=DAYS), self.today, zone)
        found = measure(agreement, terms_of(agreement), period)
        provider, receiver = found.provider, found.receiver
        self.assertGreater(provider.requests, 0)
        self.assertGreater(provider.first_response.total, 0)
        self.assertGreater(provider.resolution.total, 0)
        # Complete on arrival: most, not all.
        self.assertEqual(receiver.complete.total, provider.requests)
        self.assertGreater(receiver.complete.done, 0)
        self.assertLess(receiver.complete.done, receiver.complete.total)
        # Questions answered, with a median in the provider's business minutes.
        self.assertGreater(receiver.answered, 0)
        assert receiver.median_answer_minutes is not None
        self.assertGreater(receiver.median_answer_minutes, 0)
        assert receiver.answered_in_time is not None
        self.assertEqual(receiver.answered_in_time.total, receiver.answered)
        # The requester sign-in (Sales EMEA) starts an onboarding four weeks ahead: in time.
        self.assertGreaterEqual(receiver.notice.total, 1)
        self.assertGreaterEqual(receiver.notice.done, 1)
