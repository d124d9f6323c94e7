"""Taking a course through the services: a module done by saying so or by passing its quiz, an
attempt submitted once, the course completed when every module is done, and then the
assignments and programs it completes."""

from __future__ import annotations

import time_machine
from django.core.exceptions import ValidationError

from inservice.learning import services
from inservice.learning.models.progress import (
    Assignment,
    CourseCompletion,
    ModuleProgress,
    QuizAttempt,
)
from inservice.learning.quiz_text import QuestionDraft
from inservice.learning.tests.support import MONDAY, LearningTestCase, make_course


@time_machine.travel(MONDAY, tick=False)
class TakingTests(LearningTestCase):
    def test_it_marks_a_reading_module_done_once(self) -> None:
        done = services.complete_module(self.alice, self.reading)
        self.assertFalse(done.course_completed)
        services.complete_module(self.alice, self.reading)
        self.assertEqual(ModuleProgress.objects.filter(person=self.alice).count(), 1)

    def test_it_refuses_to_mark_a_quiz_module_done_without_passing(self) -> None:
        with self.assertRaisesMessage(ValidationError, "Pass the quiz to finish this module."):
            services.complete_module(self.alice, self.quizzed)
        self.assertFalse(ModuleProgress.objects.exists())

    def test_a_failing_attempt_is_scored_and_leaves_the_module_open(self) -> None:
        attempt = services.start_attempt(self.alice, self.quizzed)
        marked = services.submit_attempt(self.alice, attempt, self.answers(self.quizzed, right=2))
        self.assertEqual((marked.score, marked.passed, marked.number), (50, False, 1))
        self.assertEqual(marked.submitted_at, MONDAY)
        self.assertEqual(sum(marked.results.values()), 2)
        self.assertFalse(ModuleProgress.objects.filter(module=self.quizzed).exists())

    def test_three_of_four_passes_a_75_percent_mark_and_completes_the_course(self) -> None:
        services.complete_module(self.alice, self.reading)
        attempt = services.start_attempt(self.alice, self.quizzed)
        marked = services.submit_attempt(self.alice, attempt, self.answers(self.quizzed, right=3))
        self.assertEqual((marked.score, marked.passed), (75, True))
        self.assertTrue(ModuleProgress.objects.filter(module=self.quizzed).exists())
        completion = CourseCompletion.objects.get(person=self.alice)
        self.assertEqual((completion.course, completion.completed_at), (self.course, MONDAY))

    def test_answers_to_a_closed_attempt_are_refused_and_change_nothing(self) -> None:
        attempt = services.start_attempt(self.alice, self.quizzed)
        services.submit_attempt(self.alice, attempt, self.answers(self.quizzed, right=1))
        with self.assertRaisesMessage(ValidationError, "This attempt is closed; start a new one."):
            services.submit_attempt(self.alice, attempt, self.answers(self.quizzed))
        attempt.refresh_from_db()
        self.assertEqual((attempt.score, attempt.passed), (25, False))
        again = services.start_attempt(self.alice, self.quizzed)
        self.assertEqual(again.number, 2)
        self.assertTrue(
            services.submit_attempt(self.alice, again, self.answers(self.quizzed)).passed
        )

    def test_starting_twice_gives_the_open_attempt(self) -> None:
        first = services.start_attempt(self.alice, self.quizzed)
        self.assertEqual(services.start_attempt(self.alice, self.quizzed), first)
        self.assertEqual(QuizAttempt.objects.count(), 1)

    def test_unanswered_and_impossible_answers_are_named_per_question(self) -> None:
        attempt = services.start_attempt(self.alice, self.quizzed)
        q1, q2, q3, q4 = self.quizzed.questions.order_by("position")
        answers = {str(q1.pk): [0, 1], str(q2.pk): [9], str(q3.pk): [], "999": [0]}
        with self.assertRaises(ValidationError) as caught:
            services.submit_attempt(self.alice, attempt, answers)
        errors = caught.exception.message_dict
        self.assertEqual(errors[f"answers.{q1.pk}"], ["Choose one answer."])
        self.assertEqual(errors[f"answers.{q2.pk}"], ["Choose among the options given."])
        self.assertEqual(errors[f"answers.{q3.pk}"], ["Answer this question."])
        self.assertEqual(errors[f"answers.{q4.pk}"], ["Answer this question."])
        self.assertEqual(errors["answers"], ["There is no question “999” in this quiz."])
        attempt.refresh_from_db()
        self.assertTrue(attempt.is_open)

    def test_a_rewritten_quiz_closes_attempts_started_on_the_old_one(self) -> None:
        attempt = services.start_attempt(self.alice, self.quizzed)
        questions = [QuestionDraft("Sure?", ["Yes", "No"], [0])]
        services.set_quiz(self.erin, self.quizzed, questions, 100)
        with self.assertRaisesMessage(ValidationError, "The quiz changed since this attempt"):
            services.submit_attempt(self.alice, attempt, self.answers(self.quizzed))
        fresh = services.start_attempt(self.alice, self.quizzed)
        self.assertNotEqual(fresh.pk, attempt.pk)
        self.assertFalse(QuizAttempt.objects.filter(pk=attempt.pk).exists())

    def test_drafts_are_not_taken(self) -> None:
        draft = make_course(self.erin, self.it, "Not yet", publish=False)
        module = draft.modules.get(position=1)
        with self.assertRaisesMessage(ValidationError, "This course is not published yet"):
            services.complete_module(self.erin, module)

    def test_completing_the_course_completes_its_assignments_and_programs(self) -> None:
        second = make_course(self.erin, self.it, "Following through", quiz=False)
        program = services.create_program(self.erin, self.it, services.Heading("Essentials"))
        services.set_program_courses(self.erin, program, [self.course.pk, second.pk])
        services.set_program_published(self.erin, program, True)
        by_course = self.assign(self.carol)
        by_program = self.assign(self.carol, program)
        self.finish(self.carol)
        self.assertIsNotNone(Assignment.objects.get(pk=by_course.pk).completed_at)
        self.assertIsNone(Assignment.objects.get(pk=by_program.pk).completed_at)
        self.finish(self.carol, second)
        self.assertEqual(Assignment.objects.get(pk=by_program.pk).completed_at, MONDAY)

    def test_an_assignment_of_something_completed_is_completed_at_once(self) -> None:
        self.finish(self.carol)
        assignment = self.assign(self.carol)
        self.assertEqual(assignment.completed_at, MONDAY)

    def test_removing_the_last_module_left_completes_the_course_for_who_did_the_rest(self) -> None:
        services.complete_module(self.alice, self.reading)
        services.delete_module(self.erin, self.quizzed)
        self.assertTrue(CourseCompletion.objects.filter(person=self.alice).exists())
