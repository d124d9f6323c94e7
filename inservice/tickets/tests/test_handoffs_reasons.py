"""Every transfer gives a reason from the list: the service refuses one without, the request page
and the API ask for it, and it is kept on the receiving team's stint and the handoff note."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.urls import reverse

from inservice.org.tests.api_support import ApiTestCase
from inservice.test import BaseTestCase
from inservice.tickets import services
from inservice.tickets.choices import EntryKind, TransferReason
from inservice.tickets.models import Stint, Ticket

HTMX = {"HX-Request": "true"}


class TransferReasonServiceTests(BaseTestCase):
    def test_it_keeps_the_reason_on_the_new_stint_and_the_handoff_note(self) -> None:
        ticket = services.transfer(
            self.carol, self.ask(), self.payroll, "Payroll's", reason=TransferReason.NEXT_STEP
        )
        first, second = Stint.objects.filter(ticket=ticket)
        self.assertEqual((first.team, first.reason), (self.it, ""))
        self.assertEqual((second.team, second.reason), (self.payroll, "next_step"))
        handoff = services.latest_handoff(ticket)
        assert handoff is not None
        self.assertEqual(handoff.datum("reason"), "next_step")
        moved = ticket.entries.get(kind=EntryKind.MOVED)
        self.assertEqual((moved.datum("transfers"), moved.datum("reason")), (1, None))

    def test_it_refuses_a_missing_or_unknown_reason_and_changes_nothing(self) -> None:
        ticket = self.ask()
        for reason in ("", "bored", "Sent to the wrong team"):
            with self.subTest(reason=reason):
                with self.assertRaises(ValidationError) as caught:
                    services.transfer(self.carol, ticket, self.payroll, "Yours", reason=reason)
                self.assertEqual(
                    caught.exception.message_dict,
                    {"reason": ["Choose why the request goes to another team."]},
                )
        ticket.refresh_from_db()
        self.assertEqual((ticket.team, ticket.transfer_count), (self.it, 0))
        self.assertEqual(Stint.objects.filter(ticket=ticket).count(), 1)
        self.assertFalse(ticket.entries.filter(kind=EntryKind.HANDOFF).exists())

    def test_it_names_every_missing_part_at_once(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            services.transfer(self.carol, self.ask(), self.payroll, " ", reason="")
        self.assertEqual(set(caught.exception.message_dict), {"reason", "note"})


class TransferFormTests(BaseTestCase):
    def url(self, ticket: Ticket) -> str:
        return reverse("tickets:transfer", args=[ticket.key])

    def test_it_asks_the_team_why_on_the_request_page(self) -> None:
        ticket = self.ask()
        self.login(self.carol)
        page = self.client.get(reverse("tickets:detail", args=[ticket.key]))
        self.assertContains(page, '<select id="id_transfer_reason" name="reason" required>')
        for value, label in TransferReason.choices:
            self.assertContains(page, f'<option value="{value}">{label}</option>', html=True)
        self.login(self.alice)
        page = self.client.get(reverse("tickets:detail", args=[ticket.key]))
        self.assertNotContains(page, 'name="reason"')

    def test_it_transfers_with_the_reason_chosen(self) -> None:
        ticket = self.ask()
        self.login(self.carol)
        response = self.client.post(
            self.url(ticket),
            {"team": self.payroll.pk, "reason": "expertise", "note": "Pay matters", "version": 1},
            headers=HTMX,
        )
        self.assertEqual(response.status_code, 204)
        self.assertEqual(response["HX-Redirect"], reverse("tickets:detail", args=[ticket.key]))
        stint = Stint.objects.get(ticket=ticket, ended_at__isnull=True)
        self.assertEqual((stint.team, stint.reason), (self.payroll, "expertise"))

    def test_it_answers_422_without_a_reason_and_changes_nothing(self) -> None:
        ticket = self.ask()
        self.login(self.carol)
        for reason in ("", "bored"):
            with self.subTest(reason=reason):
                response = self.client.post(
                    self.url(ticket),
                    {"team": self.payroll.pk, "reason": reason, "note": "Pay matters"},
                    headers=HTMX,
                )
                self.assertContains(
                    response, "Choose why the request goes to another team.", status_code=422
                )
        ticket.refresh_from_db()
        self.assertEqual((ticket.team, ticket.transfer_count), (self.it, 0))


class TransferReasonApiTests(ApiTestCase):
    def test_it_transfers_with_a_reason_and_shows_it_to_the_team(self) -> None:
        ticket = self.ask(self.alice)
        body = {"team": "payroll", "reason": "approval", "note": "Needs sign-off"}
        response = self.post(f"/requests/{ticket.key}/transfer", self.carol, body)
        self.assertEqual(response.status_code, 200, response.content)
        timeline = self.get(f"/requests/{ticket.key}", self.dave).json()["timeline"]
        handoff = next(e for e in timeline if e["kind"] == EntryKind.HANDOFF)
        self.assertEqual(handoff["data"]["reason"], "approval")
        self.assertEqual(Stint.objects.get(ticket=ticket, team=self.payroll).reason, "approval")

    def test_it_names_a_missing_or_unknown_reason(self) -> None:
        ticket = self.ask(self.alice)
        path = f"/requests/{ticket.key}/transfer"
        self.assertProblem(
            self.post(path, self.carol, {"team": "payroll", "note": "x"}),
            ["body", "reason"],
            "required",
        )
        self.assertProblem(
            self.post(path, self.carol, {"team": "payroll", "reason": "bored", "note": "x"}),
            ["body", "reason"],
            "Choose why the request goes to another team.",
        )
        ticket.refresh_from_db()
        self.assertEqual((ticket.team, ticket.transfer_count), (self.it, 0))
