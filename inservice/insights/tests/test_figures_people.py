"""People in the two weeks of rollup_support: the agents' workload (carol resolved T1
twice; dave resolved T2 and has T4), kudos (alice thanked carol), and training completion."""

from __future__ import annotations

from datetime import date

import time_machine

from inservice.insights.figures import people
from inservice.insights.figures.targets import TARGETS
from inservice.insights.scope import Scope
from inservice.insights.tests.rollup_support import (
    NOW,
    WEEK,
    RollupTestCase,
    at,
    series,
    stat,
)
from inservice.learning import services as learning
from inservice.learning.tests.support import make_course
from inservice.test import BaseTestCase


class WorkloadTests(RollupTestCase):
    def test_a_team_sees_each_agents_resolutions_replies_and_open_requests(self) -> None:
        it = people.workload(Scope.of_team(self.it), WEEK)
        self.assertEqual(it.rows, [["Carol Agent", 2, 1, 0, 100.0]])
        self.assertEqual(stat(it, "Resolved"), (2, 1))
        self.assertEqual(stat(it, "Largest share of resolutions by one agent"), (100.0, None))
        payroll = people.workload(Scope.of_team(self.payroll), WEEK)
        self.assertEqual(payroll.labels, ["Dave Payroll"])
        self.assertEqual(payroll.rows, [["Dave Payroll", 1, 1, 1, 100.0]])
        self.assertEqual(stat(payroll, "Open and assigned at the end"), (1, None))

    def test_an_agent_sees_their_own_rows_only(self) -> None:
        mine = people.workload(Scope.of_agent(self.dave, self.payroll), WEEK)
        self.assertEqual([row[0] for row in mine.rows], ["Dave Payroll"])
        self.assertEqual(
            [s.label for s in mine.stats], ["Resolved", "Open and assigned at the end"]
        )
        self.assertEqual(people.workload(Scope.of_agent(self.dave, self.it), WEEK).rows, [])


class KudosTests(RollupTestCase):
    def test_it_counts_kudos_given_and_received_across_teams(self) -> None:
        figure = people.kudos(Scope.organisation(), WEEK)
        self.assertEqual(series(figure, "Given")[:4], [0, 0, 1, 0])
        self.assertEqual(series(figure, "Received across teams")[:4], [0, 0, 1, 0])
        self.assertEqual(stat(figure, "Kudos received"), (1, 0))
        self.assertEqual(stat(figure, "Received across teams"), (100.0, None))

    def test_a_team_counts_what_its_people_gave_and_got(self) -> None:
        it = people.kudos(Scope.of_team(self.it), WEEK)
        self.assertEqual(stat(it, "Kudos received"), (1, 0))
        sales = people.kudos(Scope.of_team(self.cast.sales_dept), WEEK)
        self.assertEqual(series(sales, "Given across teams")[2], 1)
        self.assertEqual(stat(sales, "Kudos received"), (0, None))


class TrainingTests(BaseTestCase):
    """Carol and erin (IT) have a course due on Wednesday 25 November; carol finished it on
    the Tuesday. Dave (Payroll) had it due on the 18th, and finished it."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        with time_machine.travel(at(2, 10), tick=False):
            course = make_course(cls.erin, cls.it, "Promises we keep", quiz=False)
            for person, due in ((cls.carol, 25), (cls.erin, 25), (cls.dave, 18)):
                learning.assign(cls.root, course, people=[person], due_on=date(2026, 11, due))
        module = course.modules.get()
        learning.complete_module(cls.carol, module, at=at(24, 10))
        learning.complete_module(cls.dave, module, at=at(17, 10))

    def test_it_counts_assignments_due_in_the_period_per_team(self) -> None:
        with time_machine.travel(NOW, tick=False):
            figure = people.training(Scope.organisation(), WEEK)
        self.assertEqual(figure.rows, [["IT Service Desk", 2, 1, 1, 50.0]])
        self.assertEqual(stat(figure, "Training completed"), (50.0, 100.0))
        self.assertEqual(stat(figure, "Assignments overdue"), (1, 0))
        self.assertEqual(figure.stats[0].target, TARGETS["training"])

    def test_a_team_sees_its_own_people(self) -> None:
        with time_machine.travel(NOW, tick=False):
            payroll = people.training(Scope.of_team(self.payroll), WEEK)
            empty = people.training(Scope.of_team(self.er), WEEK)
        self.assertEqual(payroll.rows, [])  # nothing due this week
        self.assertEqual(stat(payroll, "Training completed"), (None, 100.0))
        self.assertTrue(empty.is_empty)
