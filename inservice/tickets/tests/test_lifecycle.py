"""The transition table, exhaustively: every status, action and actor."""

from __future__ import annotations

import itertools

from django.test import SimpleTestCase

from inservice.tickets.choices import Status
from inservice.tickets.lifecycle import Action, Actor, IllegalTransition, available, find

A, R, S = Actor.AGENT, Actor.REQUESTER, Actor.SYSTEM
N, ACK, IP, W, RES, CL, CAN = (
    Status.NEW,
    Status.ACKNOWLEDGED,
    Status.IN_PROGRESS,
    Status.WAITING,
    Status.RESOLVED,
    Status.CLOSED,
    Status.CANCELLED,
)

# The whole lifecycle as the issue describes it: (from, action) -> (to, who may).
EXPECTED: dict[tuple[Status, Action], tuple[Status, set[Actor]]] = {
    (N, Action.ACKNOWLEDGE): (ACK, {A}),
    (N, Action.START): (IP, {A}),
    (ACK, Action.START): (IP, {A}),
    (N, Action.WAIT): (W, {A}),
    (ACK, Action.WAIT): (W, {A}),
    (IP, Action.WAIT): (W, {A}),
    (W, Action.RESUME): (IP, {A, S}),
    (N, Action.RESOLVE): (RES, {A}),
    (ACK, Action.RESOLVE): (RES, {A}),
    (IP, Action.RESOLVE): (RES, {A}),
    (W, Action.RESOLVE): (RES, {A}),
    (RES, Action.CLOSE): (CL, {A, S}),
    (RES, Action.REOPEN): (IP, {A, R}),
    (N, Action.CANCEL): (CAN, {A, R}),
    (ACK, Action.CANCEL): (CAN, {A, R}),
    (IP, Action.CANCEL): (CAN, {A, R}),
    (W, Action.CANCEL): (CAN, {A, R}),
    (N, Action.DUPLICATE): (CL, {A}),
    (ACK, Action.DUPLICATE): (CL, {A}),
    (IP, Action.DUPLICATE): (CL, {A}),
    (W, Action.DUPLICATE): (CL, {A}),
}


class TransitionTableTests(SimpleTestCase):
    def test_it_allows_exactly_the_expected_moves_for_every_status_action_and_actor(self) -> None:
        for status, action, actor in itertools.product(Status, Action, Actor):
            expected = EXPECTED.get((status, action))
            with self.subTest(status=status.value, action=action.value, actor=actor.value):
                if expected is not None and actor in expected[1]:
                    self.assertEqual(find(status, action, actor).target, expected[0])
                else:
                    with self.assertRaises(IllegalTransition):
                        find(status, action, actor)

    def test_it_ends_closed_and_cancelled_for_good(self) -> None:
        for status, action, actor in itertools.product((CL, CAN), Action, Actor):
            with (
                self.subTest(status=status.value, action=action.value),
                self.assertRaises(IllegalTransition),
            ):
                find(status, action, actor)

    def test_it_explains_a_refusal_in_words(self) -> None:
        with self.assertRaises(IllegalTransition) as caught:
            find(CL, Action.REOPEN, A)
        self.assertIn("Closed", caught.exception.message)
        with self.assertRaises(IllegalTransition) as caught:
            find(N, Action.ACKNOWLEDGE, R)
        self.assertIn("the team", caught.exception.message)

    def test_it_refuses_unknown_actions_and_statuses(self) -> None:
        with self.assertRaises(IllegalTransition):
            find(N, "teleport", A)
        with self.assertRaises(IllegalTransition):
            find("limbo", Action.START, A)

    def test_it_offers_buttons_per_capacity_but_never_the_duplicate_move(self) -> None:
        self.assertEqual([t.action for t in available(N, {R})], [Action.CANCEL])
        self.assertEqual(
            [t.action for t in available(N, {A})],
            [Action.ACKNOWLEDGE, Action.START, Action.WAIT, Action.RESOLVE, Action.CANCEL],
        )
        self.assertEqual([t.action for t in available(RES, {R})], [Action.REOPEN])
        self.assertEqual(available(CL, {A, R}), [])
