"""The "you said, we did" board, a team's inbox and the block on a team's page: what each shows,
to whom, the measures per team, and query counts that do not grow with the rows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import time_machine
from django.test import override_settings
from django.urls import reverse

from inservice.feedback.models.suggestions import Suggestion
from inservice.feedback.tests.test_suggestions_support import (
    MONDAY,
    TUESDAY,
    SuggestionTestCase,
)
from inservice.org.tests.api_support import make_team

BOARD = "/feedback/suggestions/"
# Three weeks on: everything made on MONDAY is past due.
LATER = datetime(2026, 12, 14, 12, 0, tzinfo=UTC)


class BoardTests(SuggestionTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.planned = self.suggest(self.alice, title="Longer hours").suggestion
        self.answer(self.planned, "planned", "From January we open until six.")
        self.done = self.suggest(
            self.bob, self.payroll, anonymous=False, title="Payslips by email"
        ).suggestion
        self.answer(self.done, "done", "They go out by email now.", person=self.grace)
        self.new = self.suggest(self.alice, title="A second printer").suggestion
        self.declined = self.suggest(self.bob, None, anonymous=False, title="Free lunch").suggestion
        self.answer(self.declined, "declined", "", person=self.root, reason="No budget this year.")

    def test_everyone_reads_what_came_of_answered_suggestions_never_an_anonymous_name(
        self,
    ) -> None:
        self.login(self.dave)
        response = self.client.get(BOARD)
        for title in ("Longer hours", "Payslips by email", "Free lunch"):
            self.assertContains(response, title)
        self.assertNotContains(response, "A second printer")  # not answered yet
        self.assertContains(response, "From January we open until six.")
        self.assertContains(response, "No budget this year.")
        self.assertContains(response, "Bob Bystander")  # he gave his name
        self.assertNotContains(response, "Alice Asker")  # she did not
        self.assertContains(response, "anonymous")

    def test_it_filters_by_team_the_whole_organisation_and_status(self) -> None:
        self.login(self.dave)
        for params, shown, hidden in (
            ({"team": self.it.slug}, "Longer hours", "Payslips by email"),
            ({"team": "organisation"}, "Free lunch", "Longer hours"),
            ({"status": "done"}, "Payslips by email", "Free lunch"),
            ({"status": "nonsense"}, "Free lunch", "A second printer"),
        ):
            with self.subTest(params=params):
                response = self.client.get(BOARD, params)
                self.assertContains(response, shown)
                self.assertNotContains(response, hidden)
        self.assertEqual(self.client.get(BOARD, {"team": "nobody"}).status_code, 404)

    def test_it_pages_by_25_newest_answer_first(self) -> None:
        for n in range(24):
            s = self.suggest(title=f"Idea {n:02}").suggestion
            self.answer(s, "under_review", at=TUESDAY + timedelta(minutes=n + 1))
        self.login(self.dave)
        first = self.client.get(BOARD)
        self.assertEqual(len(first.context["suggestions"]), 25)
        self.assertEqual(first.context["suggestions"][0].title, "Idea 23")
        second = self.client.get(BOARD, {"page": 2})
        self.assertEqual(len(second.context["suggestions"]), 2)

    def test_the_board_keeps_its_query_count_whatever_the_rows_and_teams(self) -> None:
        self.login(self.dave)
        few, _sql = self.count_page_queries(BOARD)
        for n in range(6):
            team = make_team()
            s = self.suggest(self.bob, team, anonymous=n % 2 == 0, title=f"Idea {n}").suggestion
            self.answer(s, "planned", person=self.root)
        many, sql = self.count_page_queries(BOARD)
        self.assertEqual(few, many, sql)


class MeasureTests(SuggestionTestCase):
    def test_each_team_s_share_answered_in_time_implemented_and_overdue(self) -> None:
        in_time = self.suggest(title="One").suggestion
        self.answer(in_time, "done")
        late = self.suggest(title="Two").suggestion
        self.answer(late, "planned", at=datetime(2026, 12, 8, 9, tzinfo=UTC))
        self.suggest(title="Three")  # never answered: overdue by LATER
        self.suggest(title="Four", at=datetime(2026, 12, 10, 10, tzinfo=UTC))  # not due yet
        # Sent an hour ago: until it reaches IT tonight, no count may say it was sent.
        self.suggest(title="Five", at=LATER - timedelta(hours=1))
        self.login(self.dave)
        with time_machine.travel(LATER, tick=False):
            response = self.client.get(BOARD)
        row = next(r for r in response.context["measures"] if r.slug == self.it.slug)
        m = row.measures
        self.assertEqual((m.received, m.answered_in_time, m.came_due), (4, 1, 3))
        self.assertEqual((m.percent_in_time, m.implemented, m.open_overdue), (33, 1, 1))
        self.assertContains(response, "33%")


class InboxTests(SuggestionTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.url = reverse("feedback:suggestion_inbox", args=[self.it.slug])

    def test_the_team_sees_the_unanswered_first_with_the_overdue_marked(self) -> None:
        answered = self.suggest(title="Answered one").suggestion
        self.answer(answered, "planned")
        self.suggest(title="Overdue one")
        self.suggest(title="Fresh one", at=datetime(2026, 12, 10, 10, tzinfo=UTC))
        self.suggest(title="Made today", at=LATER - timedelta(hours=1))  # reaches IT tonight
        self.login(self.carol)
        with time_machine.travel(LATER, tick=False):
            response = self.client.get(self.url)
        titles = [row.suggestion.title for row in response.context["rows"]]
        self.assertEqual(titles, ["Overdue one", "Fresh one", "Answered one"])
        self.assertEqual([row.overdue for row in response.context["rows"]], [True, False, False])
        self.assertContains(response, 'data-overdue="true"')

    def test_nobody_outside_the_team_opens_its_inbox(self) -> None:
        for person in (self.alice, self.dave, self.grace):
            self.login(person)
            with self.subTest(person=person.username):
                self.assertEqual(self.client.get(self.url).status_code, 404)
        self.login(self.root)
        self.assertEqual(self.client.get(self.url).status_code, 200)

    @override_settings(FEEDBACK_ORG_SUGGESTIONS_TEAM="PAY")
    def test_the_organisation_s_box_is_the_owning_team_s(self) -> None:
        self.suggest(team=None, title="Free lunch")
        url = reverse("feedback:suggestion_inbox_org")
        self.login(self.dave)
        with time_machine.travel(TUESDAY, tick=False):
            self.assertContains(self.client.get(url), "Free lunch")
        self.login(self.erin)
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_without_an_owning_team_the_organisation_s_box_is_the_administrators(self) -> None:
        url = reverse("feedback:suggestion_inbox_org")
        self.login(self.erin)
        self.assertEqual(self.client.get(url).status_code, 404)
        self.login(self.root)
        self.assertContains(self.client.get(url), "The administrators answer these.")

    def test_the_inbox_keeps_its_query_count(self) -> None:
        self.login(self.carol)
        self.suggest()
        with time_machine.travel(LATER, tick=False):
            few, _sql = self.count_page_queries(self.url)
        for n in range(5):
            s = self.suggest(self.bob, anonymous=n % 2 == 0, title=f"Idea {n}").suggestion
            if n % 2:
                self.answer(s, "planned")
        with time_machine.travel(LATER, tick=False):
            many, sql = self.count_page_queries(self.url)
        self.assertEqual(few, many, sql)


class TeamBlockTests(SuggestionTestCase):
    def test_the_block_shows_the_team_s_measures_and_who_may_answer(self) -> None:
        url = reverse("feedback:suggestion_team_block", args=[self.it.slug])
        self.answer(self.suggest().suggestion, "done")
        self.login(self.dave)
        response = self.client.get(url, headers={"HX-Request": "true"})
        self.assertNotContains(response, "<html")
        self.assertContains(response, '<dd data-measure="received">1</dd>', html=True)
        self.assertContains(response, '<dd data-measure="done">1</dd>', html=True)
        self.assertContains(response, f"/feedback/suggestions/concerns/new/?team={self.it.slug}")
        self.assertNotContains(response, "Answer suggestions")
        self.login(self.carol)
        self.assertContains(self.client.get(url), "Answer suggestions")

    def test_the_block_keeps_its_query_count(self) -> None:
        url = reverse("feedback:suggestion_team_block", args=[self.it.slug])
        self.login(self.carol)
        few, _sql = self.count_page_queries(url)
        for n in range(4):
            self.answer(self.suggest(title=f"Idea {n}", at=MONDAY).suggestion, "done")
        many, sql = self.count_page_queries(url)
        self.assertEqual(few, many, sql)
        self.assertEqual(Suggestion.objects.count(), 4)
