"""Trying to find out who said what in an anonymous survey, through every channel, and failing:
the database's rows and columns, the order rows are stored in, logs, the audit trail and the
admin, task arguments, caches, the API and the export, small-group filters, subtraction of one
group from another, and timing (decision 0029)."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock

import time_machine
from celery.app.task import Task
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.urls import reverse

from inservice.feedback.models.surveys import Answer, Participation, Response, Survey
from inservice.feedback.tests.test_surveys_support import MONDAY, SurveyTestCase
from inservice.org.models import Person, Team
from inservice.org.tests.api_support import ApiTestCase

# What a column that could say who or when would be called.
REVEALING = re.compile(r"person|user|session|ip|addr|agent|time|date|created|updated|_at$|_on$")


def columns(table: str) -> set[str]:
    with connection.cursor() as cursor:
        return {c.name for c in connection.introspection.get_table_description(cursor, table)}


class Captured(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.name} {record.getMessage()} {record.__dict__}")


@contextmanager
def every_log_line() -> Iterator[Captured]:
    """Every logger at DEBUG, each record captured whatever its logger's propagation."""
    captured = Captured()
    loggers = [logging.getLogger(), *map(logging.getLogger, list(logging.root.manager.loggerDict))]
    levels = [(lg, lg.level) for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.DEBUG)
        lg.addHandler(captured)
    try:
        yield captured
    finally:
        for lg, level in levels:
            lg.setLevel(level)
            lg.removeHandler(captured)


@time_machine.travel(MONDAY, tick=False)
class StorageTests(SurveyTestCase):
    def test_responses_and_answers_have_no_column_that_names_anyone_or_a_time(self) -> None:
        for table in (Response._meta.db_table, Answer._meta.db_table):
            found = {c for c in columns(table) if REVEALING.search(c)}
            # Response.person is for named NPS campaigns only; see the row check below.
            self.assertLessEqual(
                found, {"person_id"} if table == Response._meta.db_table else set()
            )
        self.assertEqual(
            columns(Participation._meta.db_table), {"id", "survey_id", "person_id", "answered"}
        )
        survey = self.opened()
        self.answer(self.alice, survey, comment="Fine.")
        self.closed(survey)
        self.assertEqual(list(Response.objects.values_list("person_id", flat=True)), [None])

    def test_participation_and_responses_share_nothing_to_join_on(self) -> None:
        shared = columns(Participation._meta.db_table) & columns(Response._meta.db_table)
        self.assertEqual(shared, {"id", "survey_id", "person_id"})  # person_id: null, see above
        survey = self.opened()
        for person in (self.alice, self.bob, self.carol):
            self.answer(person, survey)
        participations = set(Participation.objects.values_list("pk", flat=True))
        responses = set(Response.objects.values_list("pk", flat=True))
        self.assertFalse(participations & responses)
        self.assertFalse(Response.objects.exclude(person=None).exists())
        for model in (Response, Answer):
            related = {f.related_model for f in model._meta.get_fields() if f.is_relation}
            self.assertNotIn(Participation, related)

    def test_neither_keys_nor_storage_order_follow_the_order_responses_came_in(self) -> None:
        people = self.department_of(12, "Finance")
        survey = self.opened(audience_everyone=False, audience=(self.team_of(people),))
        submitted = []
        for n, person in enumerate(people):
            self.answer(person, survey, comment=f"comment {n:02}")
            submitted.append(Answer.objects.get(text=f"comment {n:02}").response_id)
        self.assertNotEqual(submitted, sorted(submitted))  # keys are not increasing
        if connection.vendor == "sqlite":
            # The key is the rowid: rows are stored in key order from the start. A PostgreSQL
            # heap keeps arrival order until the close rewrites them (decision 0029).
            self.assertNotEqual(self.stored_order(survey), [f"comment {n:02}" for n in range(12)])
        self.closed(survey)
        after = set(Response.objects.filter(survey=survey).values_list("pk", flat=True))
        self.assertFalse(after & set(submitted))  # every key was drawn again at close
        self.assertNotEqual(self.stored_order(survey), [f"comment {n:02}" for n in range(12)])

    def stored_order(self, survey: Survey) -> list[str]:
        """Comments in the order a plain SELECT returns them: the order rows are stored in."""
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT a.text FROM {Answer._meta.db_table} a "  # noqa: S608 — table names only
                f"JOIN {Response._meta.db_table} r ON a.response_id = r.id "
                "WHERE r.survey_id = %s AND a.text != ''",
                [survey.pk],
            )
            return [row[0] for row in cursor.fetchall()]

    def team_of(self, people: list[Person]) -> Team:
        team = people[0].team
        assert team is not None
        return team


@time_machine.travel(MONDAY, tick=False)
class SubmissionLeavesNoTraceTests(SurveyTestCase, ApiTestCase):
    COMMENT = "My manager Quentin shouts at the team."

    def setUp(self) -> None:
        super().setUp()
        self.survey = self.opened()
        self.url = reverse("feedback:survey_answer", args=[self.survey.pk])

    def post_answers(self) -> None:
        data = {f"q{k}": v for k, v in self.answers(self.survey, comment=self.COMMENT).items()}
        response = self.client.post(self.url, data)
        self.assertEqual(response.status_code, 303)

    def names_alice(self, text: str) -> bool:
        return any(s in text for s in ("alice", "Alice Asker", "Quentin", "shouts"))

    def test_nothing_in_any_log_names_the_person_or_their_answers(self) -> None:
        self.login(self.alice)
        with every_log_line() as log:
            self.post_answers()
            refused = self.client.post(self.url, {"q1": "Quentin shouts"})  # a second try
        self.assertEqual(refused.status_code, 422)
        self.assertTrue(log.lines)  # the refusal's warning: the log was on
        self.assertFalse([line for line in log.lines if self.names_alice(line)])
        self.assertEqual(Response.objects.count(), 1)

    def test_not_even_the_sql_debug_log_of_a_development_server(self) -> None:
        self.login(self.alice)
        with override_settings(DEBUG=True), every_log_line() as log:
            self.post_answers()
        self.assertTrue(log.lines)  # the log was on: the request's other statements are there
        self.assertFalse([line for line in log.lines if self.names_alice(line)])
        self.assertFalse([line for line in log.lines if "feedback_answer" in line])
        self.assertFalse([line for line in log.lines if "feedback_participation" in line])

    def test_no_audit_entry_and_no_admin_page_for_responses(self) -> None:
        before = LogEntry.objects.count()
        self.login(self.alice)
        self.post_answers()
        self.assertEqual(LogEntry.objects.count(), before)
        for model in (Response, Answer, Participation):
            self.assertNotIn(model, admin.site._registry)

    def test_no_task_is_queued_and_no_notification_made(self) -> None:
        self.login(self.alice)
        with (
            mock.patch.object(Task, "apply_async") as queued,
            self.captureOnCommitCallbacks() as callbacks,
        ):
            self.post_answers()
            self.post(f"/surveys/{self.survey.pk}/responses", self.bob, self.api_answers())
        queued.assert_not_called()
        self.assertEqual(callbacks, [])
        self.assertEqual(Response.objects.count(), 2)

    def test_the_cache_is_left_alone(self) -> None:
        self.login(self.alice)
        self.client.get(self.url)  # whatever a page reads into the cache is read now
        writes = ("set", "add", "set_many", "incr", "decr", "get_or_set", "touch", "delete")
        with mock.patch.multiple(cache, **dict.fromkeys(writes, mock.DEFAULT)) as patched:
            self.post_answers()
            self.post(f"/surveys/{self.survey.pk}/responses", self.bob, self.api_answers())
        for name, method in patched.items():
            with self.subTest(method=name):
                method.assert_not_called()

    def api_answers(self) -> dict[str, Any]:
        return {"answers": {str(k): v for k, v in self.answers(self.survey).items()}}


@time_machine.travel(MONDAY, tick=False)
class SmallGroupTests(SurveyTestCase, ApiTestCase):
    """The same groups are hidden on the page, in the export and over the API, for everyone."""

    def survey_of(self, *sizes: int) -> tuple[Survey, list[Team]]:
        groups = [self.department_of(n, "Dept") for n in sizes]
        teams = [g[0].team for g in groups if g[0].team is not None]
        survey = self.opened(audience_everyone=False, audience=tuple(teams))
        for n, group in enumerate(groups):
            for person in group:
                self.answer(person, survey, comment=f"Said in department {n}.")
        return self.closed(survey), teams

    def shown(self, survey: Survey, team: Team) -> dict[str, bool]:
        """Whether each channel shows the department's figures, as the superuser."""
        self.login(self.root)
        page_url = reverse("feedback:survey_results", args=[survey.pk])
        page = self.client.get(page_url, {"department": team.pk}).content.decode()
        csv_url = reverse("feedback:survey_results_csv", args=[survey.pk])
        export = self.client.get(csv_url, {"department": team.pk}).content.decode()
        api = self.get(f"/surveys/{survey.pk}/results", self.root, department=str(team.pk)).json()
        offered = f'value="{team.pk}"' in self.client.get(page_url).content.decode()
        return {
            "page": "data-question" in page,
            "export": "How was your week?" in export,
            "api": bool(api["questions"]),
            "offered": offered,
            "listed": any(d["param"] == str(team.pk) for d in api["departments"]),
        }

    def test_a_department_of_three_is_hidden_everywhere_even_for_the_superuser(self) -> None:
        survey, (big, small, middle) = self.survey_of(8, 3, 6)
        self.assertEqual(set(self.shown(survey, small).values()), {False})
        # 17 - 8 - 6 = 3: the two shown ones would give the small one away; the smaller goes.
        self.assertEqual(set(self.shown(survey, middle).values()), {False})
        self.assertEqual(set(self.shown(survey, big).values()), {True})

    def test_subtraction_six_and_four_of_ten_hides_both(self) -> None:
        survey, (six, four) = self.survey_of(6, 4)
        for team in (six, four):
            with self.subTest(team=team.name):
                self.assertEqual(set(self.shown(survey, team).values()), {False})
        self.login(self.root)
        everyone = self.client.get(reverse("feedback:survey_results", args=[survey.pk]))
        self.assertContains(everyone, "10 respondents in this group.")

    def test_hidden_departments_adding_up_to_the_minimum_leave_the_others_visible(self) -> None:
        survey, (six, three, other) = self.survey_of(6, 3, 3)
        self.assertEqual(set(self.shown(survey, six).values()), {True})
        for team in (three, other):
            self.assertEqual(set(self.shown(survey, team).values()), {False})


@time_machine.travel(MONDAY, tick=False)
class TimingTests(SurveyTestCase, ApiTestCase):
    def test_one_more_response_while_open_changes_nothing_shown_but_the_count(self) -> None:
        people = self.department_of(7, "Finance")
        survey = self.opened(audience_everyone=False, audience=(people[0].team,))
        for person in people[:6]:
            self.answer(person, survey, comment="All fine.")
        before = self.everything_shown(survey)
        self.answer(people[6], survey, scale=1, comment="Something is badly wrong here.")
        after = self.everything_shown(survey)
        self.assertEqual(before["api"] | {"respondents": 7}, after["api"])
        self.assertEqual(before["page"], after["page"])
        self.assertEqual(before["export"], after["export"])
        self.assertNotIn("All fine.", str(after))

    def test_after_closing_nothing_tells_when_anyone_answered(self) -> None:
        people = self.department_of(6, "Finance")
        survey = self.opened(audience_everyone=False, audience=(people[0].team,))
        for person in people:
            self.answer(person, survey)
        self.closed(survey)
        for model in (Response, Answer, Participation):
            found = [
                c for c in columns(model._meta.db_table) if re.search(r"time|date|_at$|_on$", c)
            ]
            self.assertEqual(found, [], model.__name__)
        body = self.get(f"/surveys/{survey.pk}/results", self.erin).json()
        self.assertNotRegex(str(body["questions"]), r"\d{4}-\d{2}-\d{2}")

    def everything_shown(self, survey: Survey) -> dict[str, Any]:
        self.login(self.erin)
        page = self.client.get(reverse("feedback:survey_results", args=[survey.pk]))
        export = self.client.get(reverse("feedback:survey_results_csv", args=[survey.pk]))
        api = self.get(f"/surveys/{survey.pk}/results", self.erin).json()
        html = page.content.decode()
        main = html[html.index('<div id="survey-results">') : html.index("</main>")]
        main = re.sub(r'<p id="respondents">.*?</p>', "", main)  # the response rate may move
        return {"page": main, "export": export.content.decode(), "api": api}
