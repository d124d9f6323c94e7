"""The write path of retrospectives: making one (and what is refused), the board's cards and
votes, closing (read-only after), and action items as requests of the owner's team."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from inservice.catalog import services as catalog
from inservice.catalog.choices import Audience
from inservice.catalog.models import Service
from inservice.catalog.permissions import can_ask
from inservice.insights import services_retros as retros
from inservice.insights.models_retros import (
    RetroAction,
    RetroActionService,
    RetroCard,
    Retrospective,
    RetroState,
    RetroVote,
)
from inservice.insights.tests.retros_support import NOW, RetroTestCase
from inservice.notifications.models import Notification
from inservice.org.models import Person
from inservice.sla.choices import Target
from inservice.sla.models import Clock
from inservice.tickets.choices import Status
from inservice.tickets.models import Ticket

MONDAY = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


class MakingTests(RetroTestCase):
    def problems(self, **changes: Any) -> dict[str, list[str]]:
        values: dict[str, Any] = {
            "teams": [self.it, self.payroll],
            "start": date(2026, 11, 1),
            "end": date(2026, 11, 29),
        }
        values.update(changes)
        draft = retros.RetroDraft(**values)
        with self.assertRaises(ValidationError) as caught:
            retros.create_retrospective(self.erin, draft, now=NOW)
        self.assertFalse(Retrospective.objects.exists())
        return caught.exception.message_dict

    def test_a_lead_makes_one_between_teams_titled_by_their_names(self) -> None:
        retro = self.make()
        self.assertEqual(retro.title, "IT Service Desk and Payroll")
        self.assertEqual(retro.facilitator, self.erin)
        self.assertEqual(retro.state, RetroState.OPEN)
        self.assertEqual(set(retro.teams.all()), {self.it, self.payroll})
        self.assertIsNone(retro.previous)
        self.assertEqual(self.make(title="  Onboarding  ").title, "Onboarding")

    def test_what_is_refused_names_the_field(self) -> None:
        self.assertIn("at least two", self.problems(teams=[self.it])["teams"][0])
        self.assertIn("at least two", self.problems(teams=[self.it, self.it])["teams"][0])
        self.assertIn("You lead none", self.problems(teams=[self.payroll, self.er])["teams"][0])
        self.assertIn("future", self.problems(end=date(2026, 12, 1))["end"][0])
        self.assertIn("future", self.problems(start=date(2026, 12, 1))["start"][0])
        self.assertIn("before it starts", self.problems(end=date(2026, 10, 1))["end"][0])
        self.assertIn("a year", self.problems(start=date(2025, 11, 1))["end"][0])
        self.assertIn("first day", self.problems(start=None)["start"][0])
        self.assertIn("Too long", self.problems(title="x" * 161)["title"][0])

    def test_an_administrator_makes_one_between_any_teams(self) -> None:
        retro = self.make(self.root, [self.payroll, self.er])
        self.assertEqual(retro.facilitator, self.root)


class BoardTests(RetroTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.made = self.make()

    def test_participants_add_cards_and_their_authors_edit_and_delete_them(self) -> None:
        card = retros.add_card(self.dave, self.retro(self.dave, self.made), "well", "  Fast  ")
        self.assertEqual((card.text, card.author, card.column), ("Fast", self.dave, "well"))
        retros.edit_card(self.dave, self.retro(self.dave, self.made), card, "Very fast")
        card.refresh_from_db()
        self.assertEqual(card.text, "Very fast")
        with self.assertRaises(PermissionDenied):
            retros.edit_card(self.carol, self.retro(self.carol, self.made), card, "Mine now")
        with self.assertRaises(PermissionDenied):
            retros.delete_card(self.erin, self.retro(self.erin, self.made), card)
        retros.delete_card(self.dave, self.retro(self.dave, self.made), card)
        self.assertFalse(RetroCard.objects.exists())

    def test_bad_cards_are_refused_naming_the_field(self) -> None:
        retro = self.retro(self.carol, self.made)
        for column, text, field in (
            ("well", "   ", "text"),
            ("well", "x" * 501, "text"),
            ("later", "Fine", "column"),
        ):
            with self.assertRaises(ValidationError) as caught:
                retros.add_card(self.carol, retro, column, text)
            self.assertIn(field, caught.exception.message_dict)
        self.assertFalse(RetroCard.objects.exists())

    def test_nobody_outside_the_teams_adds_a_card(self) -> None:
        retro = self.retro(self.erin, self.made)
        for outsider in (self.alice, self.root, self.frank):
            with self.assertRaises(PermissionDenied):
                retros.add_card(outsider, retro, "ideas", "Me too")

    def test_a_vote_is_one_per_person_and_toggles(self) -> None:
        card = retros.add_card(self.dave, self.retro(self.dave, self.made), "ideas", "Loaners")
        carol = self.retro(self.carol, self.made)
        self.assertTrue(retros.toggle_vote(self.carol, carol, card))
        self.assertTrue(retros.toggle_vote(self.grace, self.retro(self.grace, self.made), card))
        self.assertEqual(RetroVote.objects.filter(card=card).count(), 2)
        self.assertFalse(retros.toggle_vote(self.carol, carol, card))
        self.assertEqual(list(RetroVote.objects.values_list("person", flat=True)), [self.grace.pk])

    def test_a_card_deleted_meanwhile_is_not_voted_on_or_edited(self) -> None:
        dave = self.retro(self.dave, self.made)
        card = retros.add_card(self.dave, dave, "ideas", "Loaners")
        stale = RetroCard.objects.get(pk=card.pk)
        retros.delete_card(self.dave, dave, card)
        for refused in (
            lambda: retros.toggle_vote(self.carol, self.retro(self.carol, self.made), stale),
            lambda: retros.edit_card(self.dave, dave, stale, "Again"),
        ):
            with self.assertRaises(ValidationError) as caught:
                refused()
            self.assertIn("deleted meanwhile", " ".join(caught.exception.messages))
        self.assertFalse(RetroVote.objects.exists())

    def test_once_closed_by_the_facilitator_nothing_changes(self) -> None:
        card = retros.add_card(self.dave, self.retro(self.dave, self.made), "ideas", "Loaners")
        with self.assertRaises(PermissionDenied):
            retros.close_retrospective(self.grace, self.retro(self.grace, self.made))
        closed = retros.close_retrospective(self.erin, self.retro(self.erin, self.made), now=NOW)
        self.assertEqual((closed.state, closed.closed_at), (RetroState.CLOSED, NOW))
        dave = self.retro(self.dave, self.made)
        refusals: list[Callable[[], object]] = [
            lambda: retros.add_card(self.dave, dave, "well", "Late"),
            lambda: retros.edit_card(self.dave, dave, card, "Changed"),
            lambda: retros.delete_card(self.dave, dave, card),
            lambda: retros.toggle_vote(self.dave, dave, card),
            lambda: retros.add_action(
                self.dave, dave, retros.ActionDraft("Do it", self.dave, date(2026, 12, 30))
            ),
            lambda: retros.close_retrospective(self.erin, self.retro(self.erin, self.made)),
        ]
        for refused in refusals:
            with self.assertRaises(ValidationError) as caught:
                refused()
            self.assertIn("closed", " ".join(caught.exception.messages))
        card.refresh_from_db()
        self.assertEqual(card.text, "Loaners")
        self.assertFalse(RetroVote.objects.exists())
        self.assertFalse(RetroAction.objects.exists())


class ActionTests(RetroTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.made = self.make(now=MONDAY)

    def add(
        self,
        actor: Person | None = None,
        owner: Person | None = None,
        due: date | None = date(2026, 12, 4),
    ) -> RetroAction:
        person = actor or self.erin
        with time_machine.travel(MONDAY, tick=False):
            return retros.add_action(
                person,
                self.retro(person, self.made),
                retros.ActionDraft("Keep two loan laptops", owner or self.carol, due),
            )

    def test_an_action_opens_a_request_of_the_owners_team_due_at_the_end_of_its_day(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            action = self.add()
        ticket = Ticket.objects.select_related("service").get(pk=action.ticket_id)
        self.assertEqual(ticket.team, self.it)
        self.assertEqual(ticket.service.name, "Retrospective actions")
        self.assertEqual((ticket.requester, ticket.submitted_by), (self.erin, self.erin))
        self.assertEqual(ticket.assignee, self.carol)
        self.assertEqual(ticket.subject, "Keep two loan laptops")
        self.assertIn(f"(/insights/retros/{self.made.pk}/)", ticket.description)
        self.assertIn("Owner: Carol Agent. Due: 4 December 2026.", ticket.description)
        # Friday 4 December ends at 17:00 in the team's calendar (Monday to Friday, 9 to 5 UTC).
        friday_end = datetime(2026, 12, 4, 17, 0, tzinfo=UTC)
        self.assertEqual(ticket.due_at, friday_end)
        resolution = Clock.objects.get(ticket=ticket, target=Target.RESOLUTION)
        self.assertEqual(resolution.due_at, friday_end)
        self.assertEqual(ticket.status, Status.NEW)
        self.assertEqual(action.owner, self.carol)
        # Assigned by its maker, a lead of the team: the owner is told.
        told = Notification.objects.filter(recipient=self.carol, ticket=ticket)
        self.assertEqual(list(told.values_list("kind", flat=True)), ["assigned"])

    def test_the_team_s_service_is_made_once_for_the_retrospectives_teams(self) -> None:
        self.add()
        self.add(owner=self.erin)
        link = RetroActionService.objects.select_related("service").get()
        service = link.service
        self.assertEqual((link.team, service.team), (self.it, self.it))
        self.assertEqual(service.audience, Audience.TEAMS)
        self.assertEqual(set(service.audience_teams.all()), {self.it, self.payroll})
        self.assertEqual(Ticket.objects.filter(service=service).count(), 2)
        self.assertFalse(can_ask(self.alice, service))
        # A retrospective with another team: that team may ask for it too.
        other = self.make(teams=[self.it, self.er], now=MONDAY)
        with time_machine.travel(MONDAY, tick=False):
            retros.add_action(
                self.erin,
                self.retro(self.erin, other),
                retros.ActionDraft("Quiet room", self.erin, date(2026, 12, 10)),
            )
        self.assertEqual(Service.objects.filter(name__startswith="Retrospective").count(), 1)
        self.assertEqual(set(service.audience_teams.all()), {self.it, self.payroll, self.er})

    def test_a_payroll_owner_s_action_is_payroll_s_request(self) -> None:
        action = self.add(owner=self.dave)
        self.assertEqual(action.ticket.team, self.payroll)
        self.assertEqual(action.ticket.assignee, self.dave)
        self.assertEqual(Service.objects.filter(team=self.payroll).count(), 2)  # + payslip

    def test_a_service_of_that_name_the_team_made_itself_is_left_alone(self) -> None:
        own = catalog.create_service(
            self.it, name="Retrospective actions", summary="Ours.", accountable=self.erin
        )
        action = self.add()
        self.assertNotEqual(action.ticket.service_id, own.pk)
        self.assertEqual(action.ticket.service.name, "Retrospective actions (2)")

    def test_an_action_from_a_card_takes_its_text_when_none_is_given(self) -> None:
        retro = self.retro(self.carol, self.made)
        card = retros.add_card(self.carol, retro, "improve", "Laptops arrive late")
        with time_machine.travel(MONDAY, tick=False):
            action = retros.add_action(
                self.carol, retro, retros.ActionDraft("", self.carol, date(2026, 12, 4), card)
            )
        self.assertEqual((action.text, action.card), ("Laptops arrive late", card))

    def test_bad_actions_are_refused_naming_the_field_and_nothing_is_opened(self) -> None:
        cases: list[tuple[dict[str, Any], str, str]] = [
            ({"due": date(2026, 11, 27)}, "due_on", "in the past"),
            ({"due": None}, "due_on", "Choose a due date"),
            ({"due": date(2028, 1, 1)}, "due_on", "within a year"),
            ({"owner": self.alice}, "owner", "serves in none"),
        ]
        for changes, field, text in cases:
            with self.subTest(field=field, text=text), self.assertRaises(ValidationError) as caught:
                self.add(**changes)
            self.assertIn(text, " ".join(caught.exception.message_dict[field]))
        self.assertFalse(Ticket.objects.exists())
        self.assertFalse(Service.objects.filter(name__startswith="Retrospective").exists())

    def test_an_outside_administrator_facilitating_has_the_owner_open_it(self) -> None:
        made = self.make(self.root, now=MONDAY)
        with time_machine.travel(MONDAY, tick=False):
            action = retros.add_action(
                self.root,
                self.retro(self.root, made),
                retros.ActionDraft("Review forms", self.dave, date(2026, 12, 4)),
            )
        ticket = action.ticket
        self.assertEqual((ticket.requester, ticket.submitted_by), (self.root, self.dave))
        self.assertEqual(ticket.assignee, self.dave)


class DueTests(RetroTestCase):
    def test_a_closed_day_is_due_at_the_end_of_the_working_day_before(self) -> None:
        saturday = date(2026, 12, 5)
        self.assertEqual(
            retros.due_end(self.it, saturday, MONDAY), datetime(2026, 12, 4, 17, tzinfo=UTC)
        )

    def test_a_day_whose_work_is_over_is_due_at_its_midnight(self) -> None:
        evening = datetime(2026, 11, 30, 18, tzinfo=UTC)
        self.assertEqual(
            retros.due_end(self.it, evening.date(), evening), datetime(2026, 12, 1, tzinfo=UTC)
        )
        self.assertEqual(
            retros.due_end(self.it, date(2026, 12, 6), datetime(2026, 12, 6, 9, tzinfo=UTC)),
            datetime(2026, 12, 7, tzinfo=UTC),
        )
        self.assertGreater(retros.due_end(self.it, date(2026, 12, 1), NOW), NOW + timedelta(0))
