"""The scorecard against the hand-computed quarters of health_support: each line's number, the
quarter before, the target and the light; an empty quarter all grey; the highlights under the
anonymity rules; and the lights' rules on their own."""

from __future__ import annotations

from datetime import date
from typing import Any

import time_machine

from inservice.feedback.services import suggestions
from inservice.feedback.services.suggestions import NewSuggestion
from inservice.insights import scorecard
from inservice.insights.figures.base import Unit
from inservice.insights.periods import Period
from inservice.insights.scorecard import Light, light_of
from inservice.insights.tests.health_support import (
    HARSH,
    NOW,
    PRAISE,
    Q3,
    QuarterTestCase,
    on,
    refresh,
)
from inservice.insights.tests.rollup_support import ask, move, rate, reply
from inservice.org.models import Team
from inservice.test import BaseTestCase


def build(team: Team, quarter: Period = Q3) -> dict[str, Any]:
    with time_machine.travel(NOW, tick=False):
        return scorecard.build(team, quarter)


def lines(snapshot: dict[str, Any]) -> dict[str, tuple[Any, Any, Any, str]]:
    """key -> (value, previous, target, light)."""
    return {
        line["key"]: (line["value"], line["previous"], line["target"], line["light"])
        for line in snapshot["lines"]
    }


class ScorecardTests(QuarterTestCase):
    def test_each_line_against_its_target_and_the_quarter_before(self) -> None:
        found = lines(build(self.it))
        self.assertEqual(
            found,
            {
                "response_compliance": (50.0, 100.0, 90.0, "red"),
                "resolution_compliance": (100.0, 100.0, 90.0, "green"),
                "median_response": (60.0, 45.0, None, "amber"),
                "median_resolution": (240.0, 90.0, None, "amber"),
                "backlog": (0, 0, None, "green"),
                "backlog_old": (0, 0, None, "green"),
                "reopen_rate": (0.0, 0.0, 5.0, "green"),
                "first_contact": (100.0, 100.0, 60.0, "green"),
                "promise_kept": (None, None, 90.0, "grey"),
                "csat": (3.5, 4.0, 4.2, "red"),
                "nps": (None, None, None, "grey"),
                "sentiment": (50.0, None, None, "green"),
                "training": (None, None, 90.0, "grey"),
                "kudos_received": (1, 0, None, "green"),
                "kudos_across": (100.0, None, None, "green"),
            },
        )

    def test_the_summary_counts_each_light(self) -> None:
        snapshot = build(self.it)
        self.assertEqual(snapshot["summary"], {"green": 8, "amber": 2, "red": 2, "grey": 3})
        self.assertEqual(
            scorecard.summary_sentence(snapshot["summary"]),
            "Some measures need action. 8 on track, 2 to watch, 2 needing action, 3 without data.",
        )
        self.assertEqual(snapshot["period"], {"start": "2026-07-01", "end": "2026-09-30"})
        self.assertEqual(snapshot["previous"], {"start": "2026-04-01", "end": "2026-06-30"})

    def test_an_empty_quarter_is_grey_throughout(self) -> None:
        snapshot = build(self.payroll, Period(date(2026, 1, 1), date(2026, 3, 31)))
        self.assertEqual({light for *_n, light in lines(snapshot).values()}, {"grey"})
        self.assertEqual(snapshot["summary"], {"green": 0, "amber": 0, "red": 0, "grey": 15})
        self.assertEqual(snapshot["feedback"]["positive"], [])
        self.assertEqual(snapshot["kudos"], {"messages": []})

    def test_the_highlights_quote_the_most_positive_and_critical_comments(self) -> None:
        feedback = build(self.it)["feedback"]
        self.assertEqual(
            feedback["positive"],
            [{"score": 5, "text": PRAISE, "service": "New laptop", "on": "2026-07-07"}],
        )
        self.assertEqual(
            feedback["critical"],
            [{"score": 2, "text": HARSH, "service": "New laptop", "on": "2026-07-09"}],
        )
        kudos = build(self.it)["kudos"]
        self.assertEqual(
            kudos,
            {"messages": [{"giver": "Alice Asker", "text": "Quick laptop!", "on": "2026-07-10"}]},
        )

    def test_the_same_words_are_quoted_once(self) -> None:
        again = ask(on(7, 20, 10), self.bob, self.laptop)
        move(on(7, 20, 11), self.carol, again, "resolve")
        rate(on(7, 20, 12), again, self.bob, 5, comment=PRAISE.upper())
        positive = build(self.it)["feedback"]["positive"]
        self.assertEqual([c["on"] for c in positive], ["2026-07-20"])  # the newer, once

    def test_a_department_counts_its_teams(self) -> None:
        # Sales (the department) holds nothing itself; its team Sales West serves nobody.
        snapshot = build(self.cast.sales_dept)
        self.assertEqual(lines(snapshot)["csat"][3], "grey")


class AnonymityTests(QuarterTestCase):
    def suggest(self, count: int) -> None:
        """`count` anonymous suggestions to IT on Thu 16 July."""
        with time_machine.travel(on(7, 16, 10), tick=False):
            for n in range(count):
                suggestions.submit_suggestion(
                    self.bob, NewSuggestion(self.it, f"Idea {n}", "Longer opening hours.")
                )

    def anonymous(self) -> dict[str, Any]:
        found: dict[str, Any] = build(self.it)["feedback"]["anonymous"]
        return found

    def test_anonymous_suggestions_are_not_quoted_below_the_minimum_group(self) -> None:
        self.suggest(4)
        self.assertEqual(self.anonymous(), {"count": 4, "minimum": 5, "titles": []})

    def test_from_the_minimum_group_a_few_are_quoted(self) -> None:
        self.suggest(5)
        found = self.anonymous()
        self.assertEqual(found["count"], 5)
        self.assertEqual(len(found["titles"]), 3)
        self.assertLessEqual(set(found["titles"]), {f"Idea {n}" for n in range(5)})

    def test_comments_on_confidential_requests_stay_out(self) -> None:
        ticket = ask(on(7, 13, 10), self.alice, self.er_case)
        reply(on(7, 13, 11), self.frank, ticket, "We will talk in person.")
        move(on(7, 13, 12), self.frank, ticket, "resolve")
        rate(on(7, 14, 9), ticket, self.alice, 1, comment=HARSH)
        refresh(Q3.start, Q3.end)
        snapshot = build(self.er)
        self.assertEqual(lines(snapshot)["csat"][0], 1.0)  # counted
        self.assertEqual(snapshot["feedback"]["critical"], [])  # not quoted


class SuggestionOutcomeTests(QuarterTestCase):
    def test_it_counts_the_quarters_suggestions_and_what_came_of_them(self) -> None:
        with time_machine.travel(on(7, 20, 10), tick=False):
            made = suggestions.submit_suggestion(
                self.bob,
                NewSuggestion(self.it, "Spare chargers", "Keep spares at the desk.", False),
            ).suggestion
            suggestions.submit_suggestion(
                self.alice, NewSuggestion(self.it, "Evening cover", "Until 19:00.", False)
            )
        with time_machine.travel(on(7, 21, 10), tick=False):
            suggestions.answer_suggestion(
                self.erin, made, status="done", body="Ten spares are at the desk."
            )
        found = build(self.it)["suggestions"]
        self.assertEqual(
            found,
            {
                "received": 2,
                "answered_in_time": 1,
                "came_due": 2,  # the other is past its due date when the check is made
                "open_overdue": 1,
                "by_status": {
                    "new": 1,
                    "under_review": 0,
                    "planned": 0,
                    "done": 1,
                    "declined": 0,
                },
                "you_said_we_did": [
                    {
                        "title": "Spare chargers",
                        "status": "done",
                        "answer": "Ten spares are at the desk.",
                    }
                ],
            },
        )


class LightTests(BaseTestCase):
    def light(
        self,
        value: float | None,
        previous: float | None = None,
        target: float | None = None,
        *,
        higher: bool = True,
        unit: Unit = Unit.PERCENT,
        margin: float | None = 5.0,
    ) -> Light:
        return light_of(value, previous, target, higher_is_better=higher, unit=unit, margin=margin)

    def test_against_a_target(self) -> None:
        self.assertEqual(self.light(90.0, target=90.0), Light.GREEN)
        self.assertEqual(self.light(85.0, target=90.0), Light.AMBER)  # by the margin exactly
        self.assertEqual(self.light(84.9, target=90.0), Light.RED)
        self.assertEqual(self.light(7.0, target=5.0, higher=False, margin=2.0), Light.AMBER)
        self.assertEqual(self.light(7.1, target=5.0, higher=False, margin=2.0), Light.RED)
        self.assertEqual(self.light(3.0, target=5.0, higher=False, margin=2.0), Light.GREEN)

    def test_without_a_target_against_the_quarter_before(self) -> None:
        self.assertEqual(self.light(40.0, 42.0), Light.GREEN)  # 2 points: a wobble
        self.assertEqual(self.light(39.9, 42.0), Light.AMBER)
        # Minutes, lower is better: 5% of last quarter's is a wobble.
        minutes = Unit.MINUTES
        self.assertEqual(self.light(105.0, 100.0, unit=minutes, higher=False), Light.GREEN)
        self.assertEqual(self.light(105.1, 100.0, unit=minutes, higher=False), Light.AMBER)
        self.assertEqual(self.light(3, 0, unit=Unit.COUNT, higher=False), Light.AMBER)
        self.assertEqual(self.light(12.0), Light.GREEN)  # nothing to compare

    def test_no_data_is_grey_whatever_else(self) -> None:
        self.assertEqual(self.light(None, 80.0, 90.0), Light.GREY)

    def test_quarters_by_name(self) -> None:
        self.assertEqual(scorecard.parse_quarter("2026-Q3"), Q3)
        self.assertEqual(
            scorecard.parse_quarter("2024-Q1"), Period(date(2024, 1, 1), date(2024, 3, 31))
        )
        for wrong in ("2026-Q5", "2026-Q0", "26-Q1", "2026Q1", "1999-Q4", "2026-q1", ""):
            self.assertIsNone(scorecard.parse_quarter(wrong), wrong)
        self.assertEqual(
            scorecard.previous_quarter(Period(date(2026, 1, 1), date(2026, 3, 31))),
            Period(date(2025, 10, 1), date(2025, 12, 31)),
        )
