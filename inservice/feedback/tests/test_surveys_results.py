"""What results show (feedback.results): nothing before a survey closes, nothing for a group below
the minimum or one that subtraction would give away, comments only from the minimum up and in
random order; a named campaign shows everything as it comes."""

from __future__ import annotations

from typing import Any

from inservice.feedback import results
from inservice.feedback.models.surveys import QuestionKind, Survey, SurveyKind
from inservice.feedback.services import surveys
from inservice.feedback.tests.test_surveys_support import TODAY, SurveyTestCase
from inservice.lib.sentiment import Tone
from inservice.notifications.choices import Kind
from inservice.org.models import Person, Team

COMMENTS = [
    "I love the new office, great coffee.",
    "Meetings run far too long.",
    "The laptop is fine.",
    "Terrible onboarding, nobody helped me.",
    "Happy with my team, thank you.",
    "Parking is a problem.",
]


class ResultsTestCase(SurveyTestCase):
    def everyone_in(self, *groups: list[Person]) -> Survey:
        teams = tuple({p.team for group in groups for p in group if p.team is not None})
        return self.opened(audience_everyone=False, audience=teams)

    def respond(self, survey: Survey, people: list[Person], **values: Any) -> None:
        for person in people:
            self.answer(person, survey, **values)

    def by_kind(
        self, survey: Survey, group: Any = results.ALL
    ) -> dict[str, results.QuestionResult]:
        return {r.question.kind: r for r in results.question_results(survey, group)}

    def department(self, people: list[Person]) -> int:
        team = people[0].team
        assert isinstance(team, Team)
        return team.pk


class ReleaseTests(ResultsTestCase):
    def test_nothing_is_shown_while_the_survey_is_open_but_the_response_count(self) -> None:
        people = self.department_of(6, "Finance")
        survey = self.everyone_in(people)
        self.respond(survey, people, comment="Fine.")
        self.assertEqual(results.respondents(survey), 6)
        self.assertEqual(results.question_results(survey), [])
        self.assertEqual(results.department_counts(survey), {})
        self.assertEqual(results.visible_departments(survey), set())
        self.assertIsNone(results.group_size(survey))
        self.closed(survey)
        self.assertEqual(len(results.question_results(survey)), 4)
        self.assertEqual(results.group_size(survey), 6)

    def test_after_closing_each_question_adds_up(self) -> None:
        people = self.department_of(6, "Finance")
        survey = self.everyone_in(people)
        choices = (["Quiet"], ["Quiet", "Tools"], ["Tools"], ["Colleagues"], ["Quiet"], ["Quiet"])
        where = ("Office", "Home", "Home", "Both", "Office", "Home")
        for person, value, comment, picked, place in zip(
            people, (1, 2, 3, 4, 5, 5), COMMENTS, choices, where, strict=True
        ):
            self.answer(person, survey, scale=value, comment=comment, multiple=picked, single=place)
        self.closed(survey)
        found = self.by_kind(survey)
        scale = found[QuestionKind.SCALE]
        self.assertEqual((scale.hidden, scale.answered, scale.mean), (False, 6, 3.33))
        self.assertEqual(scale.distribution, ((1, 1), (2, 1), (3, 1), (4, 1), (5, 2)))
        self.assertEqual(
            found[QuestionKind.SINGLE].options, (("Office", 2), ("Home", 3), ("Both", 1))
        )
        self.assertEqual(
            found[QuestionKind.MULTIPLE].options, (("Quiet", 4), ("Tools", 2), ("Colleagues", 1))
        )
        text = found[QuestionKind.TEXT]
        self.assertEqual(sorted(text.comments), sorted(COMMENTS))
        self.assertEqual(dict(text.tones), {Tone.POSITIVE: 3, Tone.NEUTRAL: 1, Tone.NEGATIVE: 2})

    def test_comments_come_in_a_random_order_each_time(self) -> None:
        people = self.department_of(6, "Finance")
        survey = self.everyone_in(people)
        for person, comment in zip(people, COMMENTS, strict=True):
            self.answer(person, survey, comment=comment)
        self.closed(survey)
        orders = {self.by_kind(survey)[QuestionKind.TEXT].comments for _ in range(20)}
        self.assertGreater(len(orders), 1)

    def test_comments_and_their_tones_need_the_minimum_of_comments(self) -> None:
        people = self.department_of(6, "Finance")
        survey = self.everyone_in(people)
        for person, comment in zip(people, ["Meetings run long."] * 4 + ["", ""], strict=True):
            self.answer(person, survey, comment=comment)
        self.closed(survey)
        text = self.by_kind(survey)[QuestionKind.TEXT]
        self.assertEqual(
            (text.hidden, text.answered, text.comments, text.tones), (True, None, (), ())
        )
        self.assertFalse(self.by_kind(survey)[QuestionKind.SCALE].hidden)

    def test_a_survey_answered_by_fewer_than_the_minimum_shows_nothing(self) -> None:
        people = self.department_of(4, "Finance")
        survey = self.everyone_in(people)
        self.respond(survey, people)
        self.closed(survey)
        self.assertEqual(results.respondents(survey), 4)
        self.assertEqual(results.question_results(survey), [])
        self.assertIsNone(results.group_size(survey))


class GroupTests(ResultsTestCase):
    def test_a_department_below_the_minimum_is_hidden(self) -> None:
        big, small = self.department_of(8, "Finance"), self.department_of(3, "Legal")
        other = self.department_of(5, "Marketing")
        survey = self.everyone_in(big, small, other)
        self.respond(survey, big + small + other)
        self.closed(survey)
        # 3 hidden alone would be given away by 16 - 8 - 5: the smaller shown one goes too.
        self.assertEqual(results.visible_departments(survey), {self.department(big)})
        self.assertEqual(len(results.question_results(survey, self.department(big))), 4)
        for hidden in (small, other):
            with self.subTest(size=len(hidden)):
                self.assertEqual(results.question_results(survey, self.department(hidden)), [])
                self.assertIsNone(results.group_size(survey, self.department(hidden)))
        self.assertEqual(results.group_size(survey), 16)

    def test_a_department_that_subtraction_would_give_away_is_hidden_too(self) -> None:
        six, four = self.department_of(6, "Finance"), self.department_of(4, "Legal")
        survey = self.everyone_in(six, four)
        self.respond(survey, six + four)
        self.closed(survey)
        self.assertEqual(results.visible_departments(survey), set())  # 10 - 6 = the 4
        self.assertEqual(results.question_results(survey, self.department(six)), [])
        self.assertEqual(len(results.question_results(survey)), 4)  # everyone: 10

    def test_hidden_departments_that_add_up_to_the_minimum_leave_the_others_shown(self) -> None:
        six = self.department_of(6, "Finance")
        three, other_three = self.department_of(3, "Legal"), self.department_of(3, "Audit")
        survey = self.everyone_in(six, three, other_three)
        self.respond(survey, six + three + other_three)
        self.closed(survey)
        self.assertEqual(results.visible_departments(survey), {self.department(six)})
        self.assertEqual(self.by_kind(survey, self.department(six))[QuestionKind.SCALE].answered, 6)

    def test_a_question_s_figures_never_give_away_a_hidden_group(self) -> None:
        a, b = self.department_of(6, "Finance"), self.department_of(5, "Legal")
        survey = self.everyone_in(a, b)
        self.respond(survey, a, comment="Too many meetings.")
        self.respond(survey, b[:4], comment="Good team.")
        self.respond(survey, b[4:])  # no comment
        self.closed(survey)
        self.assertEqual(
            results.visible_departments(survey), {self.department(a), self.department(b)}
        )
        # Everyone's 10 comments show; a's 6 would give b's 4 away (10 - 6), so a's are hidden.
        self.assertEqual(len(self.by_kind(survey)[QuestionKind.TEXT].comments), 10)
        in_a = self.by_kind(survey, self.department(a))
        self.assertTrue(in_a[QuestionKind.TEXT].hidden)
        self.assertFalse(in_a[QuestionKind.SCALE].hidden)
        self.assertTrue(self.by_kind(survey, self.department(b))[QuestionKind.TEXT].hidden)

    def test_people_in_no_team_count_as_a_group_of_their_own(self) -> None:
        people = self.department_of(6, "Finance")
        survey = self.opened()  # everyone: the cast, these six and nobody in no team
        self.respond(survey, people)
        self.closed(survey)
        self.assertEqual(results.department_counts(survey), {self.department(people): 6})
        self.assertEqual(results.visible_departments(survey), {self.department(people)})


class NamedCampaignTests(ResultsTestCase):
    def test_a_named_campaign_shows_every_group_as_answers_come(self) -> None:
        survey = self.make(kind=SurveyKind.NPS, anonymous=False, audience_everyone=False)
        surveys.open_survey(
            survey.pk, TODAY, people=[self.alice.pk, self.dave.pk], invite=Kind.NPS_INVITE
        )
        survey.refresh_from_db()
        self.answer(self.alice, survey, scale=5, comment="Quick and kind.")
        self.assertEqual(results.visible_departments(survey), {self.cast.sales_dept.pk})
        found = self.by_kind(survey, self.cast.sales_dept.pk)
        self.assertEqual(found[QuestionKind.SCALE].distribution[-1], (5, 1))
        self.assertEqual(found[QuestionKind.TEXT].comments, ("Quick and kind.",))
        self.assertEqual(self.by_kind(survey)[QuestionKind.SINGLE].answered, 1)
