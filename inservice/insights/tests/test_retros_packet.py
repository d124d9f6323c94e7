"""The data packet against the week of retros_support, counted by hand: requests both ways,
the handoff, the agreement's two sides, suggestions, rating comments as each viewer may read
them, and the previous retrospective's actions with their outcomes."""

from __future__ import annotations

from datetime import date, timedelta

import time_machine

from inservice.insights import retro_packet
from inservice.insights import services_retros as retros
from inservice.insights.retro_board import Outcome
from inservice.insights.tests.retros_support import NOW, WEEK, WeekTestCase, at
from inservice.org.models import Person
from inservice.tickets import services as tickets
from inservice.workflows import services as workflows

IT, PAYROLL = "IT Service Desk", "Payroll"


class PacketTests(WeekTestCase):
    def packet(self, person: Person) -> retro_packet.Packet:
        retro = self.make()
        return retro_packet.build(self.retro(person, retro), person, now=NOW)

    def test_it_counts_the_requests_between_the_teams_both_ways(self) -> None:
        table = self.packet(self.erin).table("requests")
        assert table is not None
        # Payroll asked IT twice (R1, R2: both resolved in time, rated 5 and 4); IT asked
        # Payroll once (R3: no resolution target, rated 2). Alice's R4 is Sales West's, and R0
        # was the week before.
        self.assertEqual(
            table.rows,
            [
                [IT, PAYROLL, 1, 0, 0, None, 1, 2.0],
                [PAYROLL, IT, 2, 2, 0, 100.0, 2, 4.5],
            ],
        )

    def test_it_counts_the_handoffs_between_the_teams_with_their_delay(self) -> None:
        table = self.packet(self.erin).table("handoffs")
        assert table is not None
        # One transfer IT → Payroll, acted on after 60 minutes: the median and 90th percentile
        # are read within the 60-120 minute bucket, as the bottlenecks figure reads them.
        self.assertEqual(
            table.rows, [[IT, PAYROLL, 1, 1, 0, 90.0, 114.0], [PAYROLL, IT, 0, 0, 0, None, None]]
        )

    def test_it_measures_both_sides_of_the_agreements_between_the_teams(self) -> None:
        # One between Payroll and a team outside the retrospective is left out.
        workflows.create_agreement(
            self.grace,
            workflows.AgreementDraft(
                title="Payroll for Employee Relations",
                provider=self.payroll,
                receiver=self.er,
                starts_on=date(2026, 1, 1),
                review_on=date(2027, 6, 1),
            ),
        )
        table = self.packet(self.erin).table("agreements")
        assert table is not None
        self.assertEqual(len(table.rows), 1)
        row = table.rows[0]
        # R1 and R2, from Payroll to the laptop: both resolved within the target, complete on
        # arrival; no notices named, no time to answer agreed.
        self.assertEqual(row[:4], ["Laptops for Payroll", IT, PAYROLL, 2])
        self.assertEqual(row[5], 100.0)
        self.assertEqual(row[7], 100.0)
        self.assertEqual((row[8], row[9]), (None, None))

    def test_suggestions_are_counted_by_status_and_anonymous_ones_only_counted(self) -> None:
        packet = self.packet(self.erin)
        table = packet.table("suggestions")
        assert table is not None
        self.assertEqual(
            table.columns,
            [
                "Team",
                "Received",
                "Of them anonymous",
                "New",
                "Under review",
                "Planned",
                "Done",
                "Declined",
            ],
        )
        self.assertEqual(table.rows, [[IT, 2, 1, 1, 0, 1, 0, 0], [PAYROLL, 1, 0, 1, 0, 0, 0, 0]])
        # Named and answered, from a Payroll member to IT: listed; alice is in neither team and
        # hers is not answered; the anonymous one never is.
        named = [(s.title, s.team.name, s.author, s.status) for s in packet.named_suggestions]
        self.assertEqual(named, [("Loan laptops", IT, "Dave Payroll", "planned")])

    def test_rating_comments_are_shown_only_as_the_ratings_own_rule_allows(self) -> None:
        def comments(person: Person) -> list[tuple[str, str, int, str]]:
            return [
                (p.source.name, p.target.name, c.score, c.text)
                for p in self.packet(person).commented_pairs
                for c in p.comments
            ]

        about_it = (PAYROLL, IT, 5, "Quick and friendly.")
        about_payroll = (IT, PAYROLL, 2, "Took a while.")
        # The team that served reads its ratings; the requester their own.
        self.assertEqual(comments(self.erin), [about_it])
        self.assertEqual(comments(self.grace), [about_payroll])
        self.assertEqual(comments(self.carol), [about_payroll, about_it])
        self.assertEqual(comments(self.dave), [about_payroll, about_it])

    def test_an_empty_period_has_empty_tables(self) -> None:
        quiet = self.make(start=date(2026, 6, 1), end=date(2026, 6, 7))
        packet = retro_packet.build(self.retro(self.erin, quiet), self.erin, now=NOW)
        for key in ("requests", "handoffs", "suggestions"):
            table = packet.table(key)
            assert table is not None
            self.assertTrue(table.is_empty, key)
        self.assertIsNone(packet.as_of)
        self.assertIsNone(packet.table("previous_actions"))

    def test_the_next_retrospective_opens_with_the_previous_actions_and_their_outcomes(
        self,
    ) -> None:
        first = self.make(now=at(30, 9))
        view = self.retro(self.erin, first)
        with time_machine.travel(at(30, 9), tick=False):
            done = retros.add_action(
                self.erin, view, retros.ActionDraft("Spare laptops", self.carol, date(2026, 12, 4))
            )
            retros.add_action(
                self.erin, view, retros.ActionDraft("Payslip FAQ", self.dave, date(2026, 12, 1))
            )
            retros.add_action(
                self.erin, view, retros.ActionDraft("Order forms", self.grace, date(2026, 12, 31))
            )
            tickets.transition(self.carol, done.ticket, "resolve")
            retros.close_retrospective(self.erin, view)
        # Between other teams, or the same teams and one more: not the same set.
        self.make(teams=[self.it, self.er], now=at(30, 10))
        self.make(teams=[self.it, self.payroll, self.er], now=at(30, 10))
        later = WEEK.end + timedelta(days=7)
        second = self.make(start=WEEK.end, end=later, now=at(30, 10) + timedelta(days=7))
        self.assertEqual(second.previous_id, first.pk)

        def outcomes(person: Person) -> list[tuple[str, Outcome, str | None]]:
            with time_machine.travel(at(30, 10) + timedelta(days=7), tick=False):
                packet = retro_packet.build(self.retro(person, second), person)
            return [
                (a.action.text, a.outcome, a.request.key if a.request else None)
                for a in packet.previous_actions
            ]

        # Dec 7: the FAQ was due Dec 1 and is still open; the order forms are due later.
        found = outcomes(self.erin)  # IT's lead: its own team's requests, and she asked them all
        self.assertEqual(
            [(text, outcome) for text, outcome, _key in found],
            [
                ("Spare laptops", Outcome.DONE),
                ("Payslip FAQ", Outcome.OVERDUE),
                ("Order forms", Outcome.OPEN),
            ],
        )
        self.assertTrue(all(key for _text, _outcome, key in found))
        # Carol serves in IT: the Payroll actions' requests are not hers to see, their
        # outcomes are the retrospective's.
        found = outcomes(self.carol)
        self.assertEqual([key is not None for _t, _o, key in found], [True, False, False])
        self.assertEqual(found[1][1], Outcome.OVERDUE)
