"""Every registered figure, in every scope it is for: the key it is registered under, a fixed
number of queries whatever the rows, nothing to show for a period with nothing in it, and the
rollups' "as of" time."""

from __future__ import annotations

from datetime import date, timedelta

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inservice.catalog import services as catalog
from inservice.insights.figures import registry
from inservice.insights.periods import Period
from inservice.insights.scope import Scope, ScopeKind
from inservice.insights.tests.rollup_support import (
    NOW,
    WEEK,
    RollupTestCase,
    ask,
    at,
    move,
    rate,
    refresh,
    reply,
)
from inservice.org import services as org
from inservice.org.choices import Role
from inservice.org.tests.api_support import make_person, make_team
from inservice.tickets import services as tickets
from inservice.tickets.choices import TransferReason

QUIET = Period(date(2025, 1, 6), date(2025, 1, 12))
YEAR = Period(date(2025, 11, 30), date(2026, 11, 29))


class FigureQueryTests(RollupTestCase):
    def scopes(self) -> dict[str, Scope]:
        return {
            "organisation": Scope.organisation(),
            "team": Scope.of_team(self.it),
            "department": Scope.of_team(self.cast.sales_dept),
            "service": Scope.of_service(self.laptop),
            "agent": Scope.of_agent(self.carol, self.it),
        }

    def counts(self, period: Period) -> dict[tuple[str, str], int]:
        found = {}
        with time_machine.travel(NOW, tick=False):
            for name, scope in self.scopes().items():
                for spec in registry.for_scope(scope.kind):
                    with CaptureQueriesContext(connection) as queries:
                        figure = spec.compute(scope, period)
                    self.assertEqual(figure.key, spec.key)
                    found[(name, spec.key)] = len(queries)
        return found

    def more_of_everything(self) -> None:
        """A new team with two agents and its own service; a dozen more requests over the week,
        transferred, answered, resolved and rated."""
        team = make_team()
        agents = [make_person(team=team) for _ in range(2)]
        for agent in agents:
            if not agent.memberships.filter(team=team).exists():
                org.add_member(team, agent, Role.MEMBER)
        desks = catalog.create_service(
            team, name="A desk", summary="A desk to work at.", accountable=agents[0]
        )
        for day in range(23, 28):
            for person in (self.alice, self.bob):
                ticket = ask(at(day, 9), person, desks)
                reply(at(day, 9, 30), agents[0], ticket, "On it.")
                move(at(day, 10), agents[1], ticket, "resolve")
                rate(at(day, 11), ticket, person, 3)
            moved = ask(at(day, 9), self.bob, self.laptop)
            with time_machine.travel(at(day, 12), tick=False):
                tickets.transfer(
                    self.carol, moved, team, "Theirs.", reason=TransferReason.WRONG_TEAM
                )
        refresh(WEEK.start, WEEK.end)

    def test_each_figure_makes_as_many_queries_with_more_rows(self) -> None:
        before = {period: self.counts(period) for period in (WEEK, YEAR)}
        self.more_of_everything()
        for period, counts in before.items():
            self.assertEqual(self.counts(period), counts)

    def test_no_figure_makes_more_than_a_handful(self) -> None:
        counts = self.counts(WEEK)
        self.assertLessEqual(max(counts.values()), 6, counts)

    def test_a_quiet_period_has_nothing_to_show(self) -> None:
        with time_machine.travel(NOW, tick=False):
            for name, scope in self.scopes().items():
                for spec in registry.for_scope(scope.kind):
                    with self.subTest(scope=name, figure=spec.key):
                        self.assertTrue(spec.compute(scope, QUIET).is_empty)

    def test_figures_say_when_their_rollups_were_refreshed(self) -> None:
        for spec in registry.for_scope(ScopeKind.ORGANISATION):
            figure = spec.compute(Scope.organisation(), WEEK)
            live = spec.key in ("nps", "training")  # read from their own tables
            self.assertEqual(figure.as_of, None if live else NOW, spec.key)
        later = NOW + timedelta(hours=1)
        refresh(date(2026, 11, 29), date(2026, 11, 29), later)
        volume = registry.get("volume")
        assert volume is not None
        self.assertEqual(volume.compute(Scope.organisation(), WEEK).as_of, later)


class RegistryTests(RollupTestCase):
    def test_figures_are_listed_once_in_the_order_dashboards_show_them(self) -> None:
        keys = [spec.key for spec in registry.FIGURES]
        self.assertEqual(
            keys,
            [
                "volume",
                "departments",
                "pain_points",
                "sla",
                "response_times",
                "resolution_times",
                "backlog",
                "bottlenecks",
                "promises",
                "reopen_rate",
                "first_contact",
                "workload",
                "csat",
                "nps",
                "sentiment",
                "training",
                "kudos",
            ],
        )
        self.assertIsNone(registry.get("nothing"))

    def test_only_workload_names_agents_and_an_agent_sees_their_own_work(self) -> None:
        self.assertEqual([s.key for s in registry.FIGURES if s.names_agents], ["workload"])
        self.assertEqual(
            [s.key for s in registry.for_scope(ScopeKind.AGENT)], ["promises", "workload"]
        )
        self.assertNotIn("workload", [s.key for s in registry.for_scope(ScopeKind.ORGANISATION)])
