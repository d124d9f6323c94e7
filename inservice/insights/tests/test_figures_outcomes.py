"""Rates in the two weeks of rollup_support: promises (P1 kept, T3's broken), reopenings
(T1 on Wednesday), first-contact resolution (P1 yes; T1 reopened, T2 transferred)."""

from __future__ import annotations

from inservice.insights.figures import outcomes
from inservice.insights.figures.targets import TARGETS
from inservice.insights.scope import Scope
from inservice.insights.tests.rollup_support import WEEK, RollupTestCase, series, stat


class RateTests(RollupTestCase):
    def test_promises_kept_against_the_week_before(self) -> None:
        figure = outcomes.promises(Scope.organisation(), WEEK)
        self.assertEqual(stat(figure, "Promises kept"), (0.0, 100.0))
        self.assertEqual(figure.rows[2], ["2026-11-25", 0, 1, 0, 0.0])
        self.assertEqual(figure.stats[0].target, TARGETS["promise_kept"])

    def test_an_agent_sees_the_promises_they_made(self) -> None:
        mine = outcomes.promises(Scope.of_agent(self.carol, self.it), WEEK)
        self.assertEqual(stat(mine, "Promises kept"), (0.0, 100.0))
        theirs = outcomes.promises(Scope.of_agent(self.dave, self.payroll), WEEK)
        self.assertEqual(stat(theirs, "Promises kept"), (None, None))

    def test_reopen_rate_is_of_the_resolutions(self) -> None:
        figure = outcomes.reopen_rate(Scope.organisation(), WEEK)
        self.assertEqual(stat(figure, "Reopen rate"), (33.3, 0.0))
        self.assertEqual(series(figure, "Reopen rate")[:3], [0.0, None, 100.0])
        self.assertFalse(figure.stats[0].higher_is_better)

    def test_first_contact_resolution(self) -> None:
        figure = outcomes.first_contact(Scope.organisation(), WEEK)
        self.assertEqual(stat(figure, "First-contact resolution"), (0.0, 100.0))
        self.assertEqual(figure.rows[0], ["2026-11-23", 2, 0, 0.0])
        laptop = outcomes.first_contact(Scope.of_service(self.laptop), WEEK)
        self.assertEqual(stat(laptop, "First-contact resolution"), (0.0, 100.0))
