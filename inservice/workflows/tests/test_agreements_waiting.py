"""Waiting on the requester names why: missing information before any resolution marks the request
incomplete on arrival (the receiver's side of an agreement), on the request page and the API."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.urls import reverse

from inservice.org.tests.api_support import ApiTestCase
from inservice.tickets import services as tickets
from inservice.tickets.choices import EntryKind, Status, WaitReason
from inservice.tickets.models import Ticket, TimelineEntry
from inservice.workflows.tests.agreements_support import AgreementTestCase


def last_move(ticket: Ticket) -> dict[str, object]:
    entry = TimelineEntry.objects.filter(ticket=ticket, kind=EntryKind.STATUS).last()
    assert entry is not None
    return dict(entry.data)


class WaitReasonTests(AgreementTestCase):
    def test_missing_information_marks_the_request_incomplete_on_arrival(self) -> None:
        ticket = self.ask(self.alice)
        tickets.transition(self.carol, ticket, "wait", reason=WaitReason.MISSING_INFORMATION)
        ticket.refresh_from_db()
        self.assertTrue(ticket.incomplete_on_arrival)
        self.assertEqual(
            last_move(ticket),
            {"from": "new", "to": "waiting", "action": "wait", "reason": "missing_information"},
        )

    def test_another_question_does_not_and_is_the_default(self) -> None:
        asked = self.ask(self.alice)
        tickets.transition(self.carol, asked, "wait", reason=WaitReason.QUESTION)
        plain = self.ask(self.alice)
        tickets.transition(self.carol, plain, "wait")
        for ticket in (asked, plain):
            ticket.refresh_from_db()
            self.assertFalse(ticket.incomplete_on_arrival)
            self.assertEqual(last_move(ticket)["reason"], "question")

    def test_missing_information_after_a_resolution_is_about_something_new(self) -> None:
        ticket = self.ask(self.alice)
        tickets.transition(self.carol, ticket, "resolve")
        tickets.transition(self.alice, ticket, "reopen")
        tickets.transition(self.carol, ticket, "wait", reason=WaitReason.MISSING_INFORMATION)
        ticket.refresh_from_db()
        self.assertEqual(ticket.status, Status.WAITING)
        self.assertFalse(ticket.incomplete_on_arrival)

    def test_a_reason_goes_with_waiting_only_and_must_be_known(self) -> None:
        ticket = self.ask(self.alice)
        for action, reason in (("start", WaitReason.QUESTION), ("wait", "because")):
            with self.subTest(action=action), self.assertRaises(ValidationError) as caught:
                tickets.transition(self.carol, ticket, action, reason=reason)
            self.assertIn("reason", caught.exception.message_dict)
        ticket.refresh_from_db()
        self.assertEqual((ticket.status, ticket.incomplete_on_arrival), (Status.NEW, False))

    def test_the_request_page_offers_the_choice_and_sends_it(self) -> None:
        ticket = self.ask(self.alice)
        self.login(self.carol)
        page = self.client.get(reverse("tickets:detail", args=[ticket.key]))
        self.assertContains(page, '<option value="missing_information">Missing information')
        response = self.client.post(
            reverse("tickets:transition", args=[ticket.key]),
            {"action": "wait", "reason": "missing_information", "version": ticket.version},
        )
        self.assertEqual(response.status_code, 303)
        ticket.refresh_from_db()
        self.assertTrue(ticket.incomplete_on_arrival)

    def test_the_request_page_refuses_an_unknown_reason_and_changes_nothing(self) -> None:
        ticket = self.ask(self.alice)
        self.login(self.carol)
        response = self.client.post(
            reverse("tickets:transition", args=[ticket.key]),
            {"action": "wait", "reason": "tired"},
            headers={"HX-Request": "true"},
        )
        self.assertEqual(response.status_code, 422)
        self.assertContains(response, "Choose why the request waits", status_code=422)
        ticket.refresh_from_db()
        self.assertEqual(ticket.status, Status.NEW)


class WaitReasonApiTests(ApiTestCase):
    def test_it_takes_the_reason_and_names_the_field_when_it_is_wrong(self) -> None:
        ticket = self.ask(self.alice)
        url = f"/requests/{ticket.key}/transition"
        refused = self.post(url, self.carol, {"action": "wait", "reason": "tired"})
        self.assertProblem(refused, ["body", "reason"], "Choose why the request waits")
        refused = self.post(url, self.carol, {"action": "start", "reason": "question"})
        self.assertProblem(refused, ["body", "reason"], "only with waiting")
        response = self.post(url, self.carol, {"action": "wait", "reason": "missing_information"})
        self.assertEqual(response.status_code, 200, response.content)
        ticket.refresh_from_db()
        self.assertTrue(ticket.incomplete_on_arrival)
        self.assertEqual(last_move(ticket)["reason"], "missing_information")
