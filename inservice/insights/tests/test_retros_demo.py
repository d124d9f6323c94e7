"""The demo's retrospectives: IT Service Desk and HR Operations (made here beside the cast, with
the demo's key prefixes), a closed one with cards, votes and three actions whose outcomes are
done, overdue and open, and an open one that starts with them; made once."""

from __future__ import annotations

from django.utils import timezone

from inservice.demo import retros as demo
from inservice.insights import periods, retro_board
from inservice.insights.models_retros import RetroCard, Retrospective, RetroState, RetroVote
from inservice.insights.retro_board import Outcome
from inservice.insights.tests.retros_support import RetroTestCase
from inservice.org import services as org
from inservice.org.choices import Role
from inservice.org.tests.api_support import make_person


class DemoRetroTests(RetroTestCase):
    def hr_operations(self) -> None:
        # Enough people for every card's votes: three each side.
        org.add_member(self.it, make_person(name="IT Person"), Role.MEMBER)
        hr = org.create_team(name="HR Operations", key_prefix="HR")
        for n in range(3):
            org.add_member(
                hr, make_person(name=f"HR Person {n}"), Role.LEAD if n == 0 else Role.MEMBER
            )

    def test_it_makes_a_closed_and_an_open_retrospective_with_the_previous_actions(self) -> None:
        self.hr_operations()
        lines: list[str] = []
        self.assertEqual(demo.build_retros(timezone.now(), lines.append), 2)
        self.assertEqual(lines, ["2 retrospectives, 3 actions"])
        closed, current = Retrospective.objects.order_by("created_at")
        self.assertEqual((closed.state, current.state), (RetroState.CLOSED, RetroState.OPEN))
        self.assertEqual(current.previous_id, closed.pk)
        self.assertEqual(closed.facilitator, self.erin)
        self.assertEqual(RetroCard.objects.filter(retro=closed).count(), len(demo.CLOSED_CARDS))
        self.assertEqual(RetroCard.objects.filter(retro=current).count(), len(demo.OPEN_CARDS))
        self.assertEqual(
            RetroVote.objects.filter(card__retro=closed).count(),
            sum(spec.votes for spec in demo.CLOSED_CARDS),
        )
        lines_seen = retro_board.action_lines(closed.pk, self.erin, periods.today())
        self.assertEqual(
            [line.outcome for line in lines_seen],
            [Outcome.DONE, Outcome.OVERDUE, Outcome.OPEN],
        )
        self.assertEqual(
            [line.action.ticket.team.key_prefix for line in lines_seen], ["HR", "IT", "IT"]
        )
        self.assertEqual(demo.build_retros(timezone.now(), lines.append), 0)
        self.assertEqual(Retrospective.objects.count(), 2)

    def test_without_hr_operations_it_makes_nothing(self) -> None:
        lines: list[str] = []
        self.assertEqual(demo.build_retros(timezone.now(), lines.append), 0)
        self.assertEqual(lines, ["no IT Service Desk or HR Operations: left out"])
