"""On a resolved request, its requester is offered to "thank the people who helped", everyone who
worked on it preselected; the kudos it sends is tied to the request. Nobody else is offered it,
and who may not see the request gets a 404."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.urls import reverse

from inservice.kudos.helped import helpers_of
from inservice.kudos.models import Kudos
from inservice.kudos.tests.support import HTMX, MONDAY, KudosTestCase
from inservice.org import services as org
from inservice.org.choices import Role
from inservice.tickets import services as tickets
from inservice.tickets.choices import TransferReason


def block(key: str) -> str:
    return reverse("kudos:ticket_block", args=[key])


class HelpersTests(KudosTestCase):
    def test_the_assignee_and_the_team_members_who_worked_on_it_never_the_requester(self) -> None:
        ticket = self.ask(self.alice)
        tickets.reply(self.alice, ticket, "Any news?")
        tickets.reply(self.erin, ticket, "Checking stock.", internal=True)
        tickets.assign(self.erin, ticket, self.carol)
        tickets.transition(self.carol, ticket, "resolve")
        ticket.refresh_from_db()
        self.assertEqual(helpers_of(ticket), [self.carol, self.erin])

    def test_each_team_that_held_it_counts_and_outsiders_do_not(self) -> None:
        ticket = self.ask(self.alice)
        tickets.reply(self.carol, ticket, "This is a payroll matter.", internal=True)
        moved = tickets.transfer(
            self.carol,
            ticket,
            self.payroll,
            "Over to you.",
            reason=TransferReason.WRONG_TEAM,
            service=self.payslip,
        )
        tickets.transition(self.dave, moved, "resolve")
        moved.refresh_from_db()
        # root could have written a note as an administrator: he is in no serving team.
        self.assertEqual(helpers_of(moved), [self.carol, self.dave])

    def test_an_agent_who_asked_for_someone_else_is_not_thanked_by_them(self) -> None:
        ticket = self.resolved(self.carol)
        self.assertEqual(helpers_of(ticket), [])


class BlockTests(KudosTestCase):
    def test_the_requester_sees_it_with_everyone_who_helped_preselected(self) -> None:
        ticket = self.resolved()
        self.login(self.alice)
        response = self.client.get(block(ticket.key), headers=HTMX)
        self.assertContains(response, "Thank the people who helped")
        self.assertContains(
            response, f'name="people" value="{self.carol.pk}" id="id_people_0" checked'
        )
        self.assertContains(response, "Carol Agent")
        for value in ("Caring", "Competence", "Integrity", "Follow-through"):
            self.assertContains(response, value)

    def test_only_once_resolved_and_only_to_the_requester(self) -> None:
        open_request = self.ask(self.alice)
        tickets.reply(self.carol, open_request, "Looking.")
        self.login(self.alice)
        self.assertEqual(self.client.get(block(open_request.key)).content, b"")
        resolved = self.resolved()
        for person in (self.carol, self.erin):  # the team sees the request, not the offer
            self.login(person)
            self.assertEqual(self.client.get(block(resolved.key)).content, b"")
            self.assertEqual(self.client.post(block(resolved.key)).status_code, 404)
        self.login(self.bob)  # may not see the request at all
        self.assertEqual(self.client.get(block(resolved.key)).status_code, 404)

    def test_sending_thanks_ties_the_kudos_to_the_request_and_reloads_the_block(self) -> None:
        ticket = self.resolved()
        self.login(self.alice)
        with time_machine.travel(MONDAY, tick=False):
            response = self.client.post(
                block(ticket.key),
                {
                    "people": [self.carol.pk],
                    "values": ["caring", "follow-through"],
                    "message": "Ready before my pitch, thank you!",
                },
                headers=HTMX,
            )
        self.assertEqual(response.status_code, 204)
        self.assertEqual(response["HX-Trigger"], "kudos-given")
        kudos = Kudos.objects.get()
        self.assertEqual((kudos.giver, kudos.ticket), (self.alice, ticket))
        self.assertEqual([r.person for r in kudos.recipients.all()], [self.carol])
        self.assertEqual({v.slug for v in kudos.values.all()}, {"caring", "follow-through"})
        again = self.client.get(block(ticket.key), headers=HTMX)
        self.assertContains(again, "You thanked Carol Agent on 23 Nov 2026.")
        self.assertContains(again, "Thank them again")

    def test_bad_input_answers_the_block_with_the_messages_and_stores_nothing(self) -> None:
        ticket = self.resolved()
        self.login(self.alice)
        response = self.client.post(
            block(ticket.key),
            {"people": [], "values": [], "message": "  "},
            headers=HTMX,
        )
        self.assertEqual(response.status_code, 422)
        self.assertContains(response, "Choose who you are thanking", status_code=422)
        self.assertContains(response, "Choose at least one of our values", status_code=422)
        self.assertContains(response, "a kudos needs a message", status_code=422)
        stranger = self.client.post(
            block(ticket.key),
            {"people": [self.dave.pk], "values": ["caring"], "message": "Thanks"},
            headers=HTMX,
        )
        self.assertEqual(stranger.status_code, 422)  # only those who helped can be chosen here
        self.assertFalse(Kudos.objects.exists())

    def test_without_htmx_it_goes_back_to_the_request_page(self) -> None:
        ticket = self.resolved()
        self.login(self.alice)
        response = self.client.post(
            block(ticket.key), {"people": [self.carol.pk], "values": ["caring"], "message": "Ta"}
        )
        self.assertRedirects(
            response,
            reverse("tickets:detail", args=[ticket.key]),
            status_code=303,
            fetch_redirect_response=False,
        )
        self.assertEqual(Kudos.objects.count(), 1)

    def test_the_block_keeps_its_query_count_whatever_the_helpers_and_thanks(self) -> None:
        ticket = self.resolved()
        self.give(self.alice, [self.carol], ticket=ticket)
        self.login(self.alice)
        few, _sql = self.count_page_queries(block(ticket.key), **HTMX)
        for n in range(4):
            helper = org.create_person(
                username=f"helper{n}", name=f"Helper {n}", email=f"h{n}@example.org", team=self.it
            )
            org.add_member(self.it, helper, Role.MEMBER)
            with time_machine.travel(MONDAY - timedelta(minutes=30), tick=False):
                tickets.reply(helper, ticket, f"Note {n}", internal=True)
            self.give(self.alice, [helper, self.carol], ticket=ticket, message=f"Thanks {n}")
        many, sql = self.count_page_queries(block(ticket.key), **HTMX)
        self.assertEqual(few, many, sql)
