"""Answering through the engine: one response per person asked, naming no one, checked whole;
every refusal says why and stores nothing."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from inservice.feedback.models.surveys import (
    Answer,
    Participation,
    QuestionKind,
    Response,
    Survey,
    SurveyKind,
)
from inservice.feedback.services import surveys
from inservice.feedback.tests.test_surveys_support import TODAY, SurveyTestCase, colleague
from inservice.lib.sentiment import Tone
from inservice.notifications.choices import Kind
from inservice.notifications.models import Notification


class AnsweringTests(SurveyTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.survey = self.opened()

    def refused(
        self, person: Any, answers: dict[Any, Any], survey: Survey | None = None
    ) -> dict[str, list[str]]:
        with self.assertRaises(ValidationError) as caught:
            surveys.submit(person, survey or self.survey, answers)
        self.assertFalse(Response.objects.exists())
        self.assertFalse(Answer.objects.exists())
        return caught.exception.message_dict

    def test_it_stores_one_response_that_names_no_one_with_its_answers_scored(self) -> None:
        self.answer(
            self.alice,
            self.survey,
            scale=2,
            comment="The new rota is awful and nobody listens.",
            multiple=["Quiet", "Colleagues"],
        )
        response = Response.objects.get()
        self.assertIsNone(response.person)
        self.assertEqual(response.department, self.cast.sales_dept)  # Sales West's department
        answers = {a.question.kind: a for a in response.answers.select_related("question")}
        self.assertEqual(answers[QuestionKind.SCALE].number, 2)
        self.assertEqual(answers[QuestionKind.SINGLE].chosen, ["Office"])
        self.assertEqual(answers[QuestionKind.MULTIPLE].chosen, ["Quiet", "Colleagues"])
        comment = answers[QuestionKind.TEXT]
        self.assertEqual(comment.text, "The new rota is awful and nobody listens.")
        self.assertEqual(comment.tone, Tone.NEGATIVE)
        assert comment.tone_score is not None
        self.assertLess(comment.tone_score, 0)
        self.assertTrue(Participation.objects.get(survey=self.survey, person=self.alice).answered)
        self.assertEqual(Participation.objects.filter(answered=True).count(), 1)

    def test_choices_are_kept_in_the_question_s_order(self) -> None:
        self.answer(self.bob, self.survey, multiple=["Colleagues", "Quiet"])
        multiple = Answer.objects.get(question__kind=QuestionKind.MULTIPLE)
        self.assertEqual(multiple.chosen, ["Quiet", "Colleagues"])

    def test_a_second_response_from_the_same_person_is_refused(self) -> None:
        self.answer(self.alice, self.survey, scale=5)
        with self.assertRaises(ValidationError) as caught:
            self.answer(self.alice, self.survey, scale=1)
        self.assertEqual(
            caught.exception.message_dict,
            {
                "survey": [
                    "You have already answered this survey: it takes one response per person."
                ]
            },
        )
        self.assertEqual(Response.objects.count(), 1)
        self.assertEqual(
            list(Answer.objects.exclude(number=None).values_list("number", flat=True)), [5]
        )

    def test_someone_not_asked_is_refused(self) -> None:
        newcomer = colleague(self.sales)  # joined after the survey opened
        errors = self.refused(newcomer, self.answers(self.survey))
        self.assertEqual(errors, {"survey": ["You were not asked to answer this survey."]})

    def test_answers_to_a_survey_not_open_are_refused(self) -> None:
        draft = self.make()
        closed = self.closed(self.opened())
        for survey in (draft, closed):
            with self.subTest(state=survey.state):
                errors = self.refused(self.alice, self.answers(survey), survey)
                self.assertEqual(
                    errors,
                    {
                        "survey": [
                            "This survey is not open for answers: it has closed or not yet opened."
                        ]
                    },
                )
        self.assertFalse(Participation.objects.filter(answered=True).exists())

    def test_each_answer_that_does_not_fit_is_named_by_its_question(self) -> None:
        questions = {q.kind: q for q in self.survey.questions.all()}
        scale, single = questions[QuestionKind.SCALE], questions[QuestionKind.SINGLE]
        multiple, text = questions[QuestionKind.MULTIPLE], questions[QuestionKind.TEXT]
        errors = self.refused(
            self.alice,
            {
                scale.pk: 9,
                single.pk: "Moon",
                multiple.pk: ["Tools", "Ping-pong"],
                text.pk: "x" * 2001,
                999_999: "Hello",
            },
        )
        self.assertEqual(
            errors,
            {
                f"questions.{scale.pk}": ["Choose a value from 1 to 5."],
                f"questions.{single.pk}": ["Choose one of the options."],
                f"questions.{multiple.pk}": ["Choose among the options given."],
                f"questions.{text.pk}": ["Keep your answer under 2,000 characters (it has 2,001)."],
                "questions.999999": ["This survey has no such question."],
            },
        )
        self.assertFalse(Participation.objects.filter(answered=True).exists())

    def test_required_questions_must_be_answered_and_optional_ones_may_be_left(self) -> None:
        scale = self.question(self.survey, QuestionKind.SCALE)
        errors = self.refused(self.alice, {**self.answers(self.survey), scale.pk: None})
        self.assertEqual(errors, {f"questions.{scale.pk}": ["Please answer this question."]})
        errors = self.refused(self.alice, {**self.answers(self.survey), scale.pk: "four"})
        self.assertEqual(errors, {f"questions.{scale.pk}": ["Answer with a whole number."]})
        self.answer(self.alice, self.survey, comment="   ")  # the comment is optional
        self.assertEqual(Answer.objects.count(), 3)
        self.assertFalse(Answer.objects.filter(question__kind=QuestionKind.TEXT).exists())

    def test_a_submission_tells_no_one_and_queues_nothing(self) -> None:
        with self.captureOnCommitCallbacks() as callbacks:
            self.answer(self.alice, self.survey, comment="Fine.")
        self.assertEqual(callbacks, [])  # no task, no email
        self.assertEqual(  # no notification of any kind beyond the invitations
            set(Notification.objects.values_list("kind", flat=True)), {Kind.SURVEY_INVITE}
        )


class NamedCampaignTests(SurveyTestCase):
    def test_a_named_campaign_s_response_names_its_person(self) -> None:
        survey = self.make(kind=SurveyKind.NPS, anonymous=False, audience_everyone=False)
        surveys.open_survey(survey.pk, TODAY, people=[self.alice.pk], invite=Kind.NPS_INVITE)
        survey.refresh_from_db()
        self.answer(self.alice, survey)
        self.assertEqual(Response.objects.get().person, self.alice)
