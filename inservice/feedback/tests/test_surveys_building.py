"""Building a survey through the engine: a draft checked whole, by the owning team's leads, and
fixed once it opens."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError

from inservice.feedback.models.surveys import Question, QuestionKind, Survey, SurveyKind
from inservice.feedback.services import surveys
from inservice.feedback.services.surveys import QuestionDraft
from inservice.feedback.tests.test_surveys_support import TODAY, SurveyTestCase


class BuildingTests(SurveyTestCase):
    def test_it_creates_a_draft_with_its_questions_in_order_and_its_audience(self) -> None:
        survey = self.make(audience_everyone=False, audience=(self.cast.sales_dept, self.payroll))
        self.assertEqual(survey.state, "draft")
        self.assertEqual(survey.owner, self.it)
        self.assertEqual(survey.created_by, self.erin)
        self.assertEqual(survey.min_group, 5)
        self.assertTrue(survey.anonymous)
        self.assertEqual(
            list(survey.questions.values_list("position", "kind", "text", "options")),
            [
                (1, "scale", "How was your week?", []),
                (2, "single", "Where do you work most?", ["Office", "Home", "Both"]),
                (3, "multiple", "What helps you most?", ["Quiet", "Tools", "Colleagues"]),
                (4, "text", "Anything else?", []),
            ],
        )
        self.assertEqual(set(survey.audience.all()), {self.cast.sales_dept, self.payroll})

    def test_it_names_every_problem_of_a_draft_at_once_and_stores_nothing(self) -> None:
        draft = self.draft(
            title=" ",
            opens_on=TODAY - timedelta(days=1),
            closes_on=TODAY - timedelta(days=1),
            min_group=2,
            audience_everyone=False,
            questions=(
                QuestionDraft(QuestionKind.SCALE, "Rate it", scale_min=5, scale_max=3),
                QuestionDraft(QuestionKind.SINGLE, "Pick", ("Only one",)),
                QuestionDraft(QuestionKind.MULTIPLE, "Pick some", ("A", "B", "a")),
                QuestionDraft(QuestionKind.TEXT, ""),
                QuestionDraft("essay", "Write"),
            ),
        )
        with self.assertRaises(ValidationError) as caught:
            surveys.create_survey(self.erin, draft, today=TODAY)
        errors = caught.exception.message_dict
        self.assertEqual(
            set(errors),
            {
                "title",
                "opens_on",
                "closes_on",
                "min_group",
                "audience",
                "questions.0.scale_max",
                "questions.1.options",
                "questions.2.options",
                "questions.3.text",
                "questions.4.kind",
            },
        )
        self.assertIn("cannot open in the past", errors["opens_on"][0])
        self.assertIn("below 3 no minimum protects anyone", errors["min_group"][0])
        self.assertEqual(
            errors["questions.1.options"], ["Give at least two options, one per line."]
        )
        self.assertEqual(errors["questions.2.options"], ["“a” is listed twice."])
        self.assertFalse(Survey.objects.exists())
        self.assertFalse(Question.objects.exists())

    def test_a_survey_needs_questions_and_a_pulse_survey_is_always_anonymous(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            surveys.create_survey(self.erin, self.draft(questions=(), anonymous=False), today=TODAY)
        self.assertEqual(
            caught.exception.message_dict,
            {
                "questions": ["Ask at least one question."],
                "anonymous": ["A pulse survey is always anonymous."],
            },
        )

    def test_only_a_lead_of_the_owning_team_or_an_administrator_builds_one(self) -> None:
        for outsider in (self.carol, self.grace, self.alice):
            with self.subTest(person=outsider.username), self.assertRaises(PermissionDenied):
                self.make(outsider)
        self.assertEqual(self.make(self.root).owner, self.it)
        self.assertEqual(self.make(self.grace, owner=self.payroll).owner, self.payroll)
        self.assertEqual(Survey.objects.count(), 2)

    def test_a_draft_changes_whole_until_it_opens_and_never_after(self) -> None:
        survey = self.make()
        surveys.update_survey(
            self.erin,
            survey,
            self.draft(
                title="Pulse, November",
                min_group=7,
                questions=(QuestionDraft(QuestionKind.TEXT, "What should change?"),),
            ),
            today=TODAY,
        )
        survey.refresh_from_db()
        self.assertEqual((survey.title, survey.min_group), ("Pulse, November", 7))
        self.assertEqual(
            list(survey.questions.values_list("text", flat=True)), ["What should change?"]
        )
        surveys.open_survey(survey.pk, TODAY)
        with self.assertRaises(ValidationError) as caught:
            surveys.update_survey(self.erin, survey, self.draft(min_group=3), today=TODAY)
        self.assertEqual(
            caught.exception.message_dict,
            {"survey": ["This survey has opened: it can no longer be changed."]},
        )
        survey.refresh_from_db()
        self.assertEqual(survey.min_group, 7)  # fixed once open

    def test_a_draft_keeps_its_kind(self) -> None:
        survey = self.make()
        with self.assertRaises(ValidationError) as caught:
            surveys.update_survey(self.erin, survey, self.draft(kind=SurveyKind.NPS), today=TODAY)
        self.assertEqual(caught.exception.message_dict, {"kind": ["A survey keeps its kind."]})

    def test_someone_else_cannot_change_a_draft(self) -> None:
        survey = self.make()
        with self.assertRaises(PermissionDenied):
            surveys.update_survey(self.grace, survey, self.draft(title="Mine now"), today=TODAY)
        with self.assertRaises(PermissionDenied):  # nor move it to a team they do not lead
            surveys.update_survey(self.erin, survey, self.draft(owner=self.payroll), today=TODAY)
        survey.refresh_from_db()
        self.assertEqual((survey.title, survey.owner), ("How is your week going?", self.it))
