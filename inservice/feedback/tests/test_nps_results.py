"""A campaign's results on its page and in its CSV, under the anonymity rules: an anonymous
campaign shows nothing before it closes, no department of fewer than the minimum (not even to an
administrator), nothing that subtraction could give away, reasons only when enough were written
and in random order; a named campaign shows every department and who said what."""

from __future__ import annotations

import csv
import io

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inservice.feedback.models.surveys import Survey
from inservice.feedback.tests.test_nps_support import ASKED_AT, NOW, NpsTestCase, ask
from inservice.org import services as org
from inservice.org.choices import TeamKind
from inservice.org.models import Person
from inservice.org.tests.api_support import make_person


def more_requesters(case: NpsTestCase) -> list[Person]:
    """Fifteen more people in three more departments who asked IT for something in Q3."""
    extra = []
    for n in range(3):
        department = org.create_team(
            name=f"Department {n}", key_prefix=f"DEP{'ABC'[n]}", kind=TeamKind.DEPARTMENT
        )
        extra += [make_person(team=department) for _ in range(5)]
    with time_machine.travel(ASKED_AT, tick=False):
        for person in extra:
            ask(person, case.laptop)
    return extra


def rows_of(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode())))


class ResultsTestCase(NpsTestCase):
    sql = ""

    def count(self, survey: Survey) -> int:
        self.login(self.erin)
        url = reverse("feedback:nps_campaign", args=[survey.pk])
        self.client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.sql = "\n".join(q["sql"] for q in queries.captured_queries)
        return len(queries)


@time_machine.travel(NOW, tick=False)
class AnonymousResultsTests(ResultsTestCase):
    def page(self, survey: Survey, person: Person | None = None) -> str:
        self.login(person or self.erin)
        response = self.client.get(reverse("feedback:nps_campaign", args=[survey.pk]))
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def csv_rows(self, survey: Survey) -> list[dict[str, str]]:
        self.login(self.erin)
        response = self.client.get(reverse("feedback:nps_csv", args=[survey.pk]))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        return rows_of(response.content)

    def test_nothing_is_shown_before_the_campaign_closes(self) -> None:
        survey = self.campaign()
        self.answer_all(survey)
        for person in (self.erin, self.root, self.carol):
            with self.subTest(person=person.username):
                page = self.page(survey, person)
                self.assertIn("Results are released when the campaign closes, on 19 Oct 2026", page)
                self.assertNotIn('id="nps-score"', page)
                self.assertNotIn("Reason ", page)
        rows = self.csv_rows(survey)
        self.assertEqual([r["section"] for r in rows], ["note"])
        self.assertIn("Results are released when the campaign closes", rows[0]["text"])

    def test_after_close_a_department_of_two_is_folded_into_other_departments(self) -> None:
        survey = self.campaign()
        self.answer_all(survey)
        survey = self.close(survey)
        # 11 answers: Sales 6 (all 10), Finance 3 (all 8), Marketing 2 (all 3) -> 55 - 18 = 36.
        for person in (self.erin, self.root):
            with self.subTest(person=person.username):
                page = self.page(survey, person)
                self.assertInHTML(
                    '<strong id="nps-score" data-score="36" style="font-size:2.4rem">+36</strong>',
                    page,
                )
                self.assertIn(f'data-department="{self.cast.sales_dept.pk}"', page)
                self.assertNotIn(f'data-department="{self.marketing.pk}"', page)
                self.assertNotIn(f'data-department="{self.finance.pk}"', page)
                self.assertNotIn(">Marketing<", page)
                # Finance (3) and Marketing (2) together: 5 answers, 0 promoters, 3 passives.
                self.assertInHTML(
                    '<tr data-department="other"><td data-label="Requesting department">Other departments</td>'
                    '<td data-label="Answers">5</td><td data-label="Score">\u221240</td>'
                    '<td data-label="Promoters">0</td><td data-label="Passives">3</td>'
                    '<td data-label="Detractors">2</td></tr>',
                    page,
                )
        rows = self.csv_rows(survey)
        figures = [(r["section"], r["department"], r["answers"], r["score"]) for r in rows[:3]]
        self.assertEqual(
            figures,
            [
                ("overall", "All departments", "11", "36"),
                ("department", "Sales", "6", "100"),
                ("department", "Other departments", "5", "-40"),
            ],
        )
        self.assertNotIn("Marketing", "".join(",".join(r.values()) for r in rows))

    def test_no_department_shows_when_the_rest_could_be_worked_out_by_subtraction(self) -> None:
        survey = self.campaign()
        for person in [*self.sales_people, *self.marketing_people]:
            self.answer(survey, person, 9 if person in self.sales_people else 2)
        survey = self.close(survey)
        # Sales 6 and Marketing 2: showing Sales would give Marketing away as the total minus it.
        page = self.page(survey, self.root)
        self.assertInHTML(
            '<strong id="nps-score" data-score="50" style="font-size:2.4rem">+50</strong>', page
        )
        self.assertNotIn(f'data-department="{self.cast.sales_dept.pk}"', page)
        self.assertNotIn(">Sales<", page)
        self.assertIn('data-department="other"', page)
        sections = [(r["section"], r["department"], r["answers"]) for r in self.csv_rows(survey)]
        self.assertEqual(
            sections[:2],
            [("overall", "All departments", "8"), ("department", "Other departments", "8")],
        )

    def test_too_few_answers_show_no_score_to_anyone(self) -> None:
        survey = self.campaign()
        for person in self.sales_people[:4]:
            self.answer(survey, person, 10, "Great help")
        survey = self.close(survey)
        page = self.page(survey, self.root)
        self.assertIn("Too few answers to show: nothing is shown over fewer than 5 people.", page)
        self.assertNotIn('id="nps-score"', page)
        self.assertNotIn("Great help", page)
        self.assertEqual([r["section"] for r in self.csv_rows(survey)], ["note"])

    def test_reasons_come_in_random_order_for_the_leads_only_with_their_tones(self) -> None:
        survey = self.campaign()
        self.answer_all(survey)
        survey = self.close(survey)
        page = self.page(survey, self.erin)
        for person in self.requesters():
            self.assertIn(f"Reason {person.name}: quick and friendly help", page)
        self.assertIn("In random order, with nothing that says who wrote them.", page)
        self.assertIn("11 read positive · 0 neutral · 0 negative", page)
        member = self.page(survey, self.carol)
        self.assertIn("The reasons people gave are read by the team's leads.", member)
        self.assertNotIn("Reason ", member)
        self.login(self.carol)
        csv_response = self.client.get(reverse("feedback:nps_csv", args=[survey.pk]))
        self.assertEqual(csv_response.status_code, 404)
        reasons = [r for r in self.csv_rows(survey) if r["section"] == "reason"]
        self.assertEqual(len(reasons), 11)
        self.assertEqual({r["department"] for r in reasons}, {""})  # nothing beside them
        self.assertEqual({r["person"] for r in reasons}, {""})

    def test_reasons_written_by_fewer_than_the_minimum_are_not_shown(self) -> None:
        survey = self.campaign()
        for i, person in enumerate(self.requesters()):
            self.answer(survey, person, 10, "Slow to answer" if i < 4 else "")
        survey = self.close(survey)
        page = self.page(survey, self.root)
        self.assertIn("Fewer than 5 people gave a reason: the reasons are not shown.", page)
        self.assertNotIn("Slow to answer", page)
        self.assertNotIn('id="nps-tones"', page)
        rows = self.csv_rows(survey)
        self.assertNotIn("reason", [r["section"] for r in rows])
        self.assertIn("Too few reasons to show.", rows[-1]["text"])

    def test_outsiders_get_404_and_a_csv_cell_never_runs_as_a_formula(self) -> None:
        survey = self.campaign()
        for person in self.requesters():
            self.answer(survey, person, 10, '=HYPERLINK("http://x")')
        survey = self.close(survey)
        for outsider in (self.alice, self.dave):
            self.login(outsider)
            with self.subTest(person=outsider.username):
                for name in ("feedback:nps_campaign", "feedback:nps_csv"):
                    response = self.client.get(reverse(name, args=[survey.pk]))
                    self.assertEqual(response.status_code, 404)
        texts = {r["text"] for r in self.csv_rows(survey) if r["section"] == "reason"}
        self.assertEqual(texts, {'\'=HYPERLINK("http://x")'})

    def test_the_page_keeps_its_query_count_whatever_the_answers_and_departments(self) -> None:
        survey = self.campaign()
        self.answer_all(survey)
        survey = self.close(survey)
        few = self.count(survey)
        extra = more_requesters(self)
        bigger = self.campaign()
        self.answer_all(bigger)
        for person in extra:
            self.answer(bigger, person, 6, "Late")
        bigger = self.close(bigger)
        self.assertEqual(few, self.count(bigger), self.sql)


@time_machine.travel(NOW, tick=False)
class NamedResultsTests(ResultsTestCase):
    def test_a_named_campaign_shows_every_department_and_who_said_what_as_it_comes(self) -> None:
        survey = self.campaign(anonymous=False)
        self.answer(survey, self.marketing_people[0], 3, "Nobody answered my questions")
        self.answer(survey, self.bob, 9, "Quick")
        self.answer(survey, self.alice, 10, "Friendly and fast")
        self.login(self.root)
        page = self.client.get(reverse("feedback:nps_campaign", args=[survey.pk])).content.decode()
        # Open, three answers: shown all the same; 2 promoters, 1 detractor of 3 = +33.
        self.assertInHTML(
            '<strong id="nps-score" data-score="33" style="font-size:2.4rem">+33</strong>', page
        )
        self.assertIn(f'data-department="{self.marketing.pk}"', page)
        self.assertIn(f'data-department="{self.cast.sales_dept.pk}"', page)
        self.assertNotIn('data-department="other"', page)
        # By department, then name: Marketing first, then Sales's Alice and Bob.
        order = [page.index(text) for text in ("Nobody answered", "Friendly and fast", "Quick<")]
        self.assertEqual(order, sorted(order))
        self.assertIn(
            f'<a href="{reverse("org:person", args=[self.alice.pk])}">Alice Asker</a>', page
        )
        rows = [r for r in self.csv_rows(survey) if r["section"] == "reason"]
        self.assertEqual(
            [(r["department"], r["person"], r["score"], r["tone"]) for r in rows],
            [
                ("Marketing", self.marketing_people[0].name, "3", "neutral"),
                ("Sales", "Alice Asker", "10", "positive"),
                ("Sales", "Bob Bystander", "9", "neutral"),
            ],
        )

    def csv_rows(self, survey: Survey) -> list[dict[str, str]]:
        self.login(self.erin)
        return rows_of(self.client.get(reverse("feedback:nps_csv", args=[survey.pk])).content)

    def test_the_page_keeps_its_query_count_whatever_the_answers(self) -> None:
        survey = self.campaign(anonymous=False)
        self.answer(survey, self.alice, 10, "Fast")
        few = self.count(survey)
        extra = more_requesters(self)
        bigger = self.campaign(anonymous=False)
        self.answer_all(bigger)
        for person in extra:
            self.answer(bigger, person, 6, "Late")
        self.assertEqual(few, self.count(bigger), self.sql)
