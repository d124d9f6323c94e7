"""Taking a course on its pages: the module's content shown safely, "mark as done", the quiz
started, failed with the score shown, refused once closed, passed on a new attempt; and the
course page with where one stands."""

from __future__ import annotations

from typing import TYPE_CHECKING

import time_machine
from django.urls import reverse

from inservice.learning import services
from inservice.learning.models.progress import CourseCompletion, ModuleProgress, QuizAttempt
from inservice.learning.tests.support import HTMX, MONDAY, LearningTestCase, make_course

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response


def module_url(module_id: int) -> str:
    return reverse("learning:module_detail", args=[module_id])


@time_machine.travel(MONDAY, tick=False)
class ModulePageTests(LearningTestCase):
    def test_it_shows_the_content_as_safe_html_with_the_video_link(self) -> None:
        self.login(self.alice)
        response = self.client.get(module_url(self.reading.pk))
        self.assertContains(response, "<h2>Why the first reply matters</h2>", html=True)
        self.assertContains(response, "<strong>waiting</strong>", html=True)
        self.assertContains(
            response,
            '<a href="https://example.org/guide" rel="noopener noreferrer nofollow">the service guide</a>',
            html=True,
        )
        self.assertContains(response, "Module 1 of 2")
        self.assertContains(response, "Mark as done")
        quizzed = self.client.get(module_url(self.quizzed.pk))
        self.assertContains(quizzed, 'href="https://video.example.org/promises"')
        self.assertContains(quizzed, "Start the quiz")
        self.assertContains(quizzed, "4 questions · pass mark 75%")

    def test_a_draft_is_a_404_for_everyone_but_its_editors(self) -> None:
        draft = make_course(self.erin, self.it, "Draft course", publish=False)
        module = draft.modules.get(position=1)
        self.login(self.alice)
        self.assertEqual(self.client.get(module_url(module.pk)).status_code, 404)
        self.login(self.grace)  # a lead, of another team
        self.assertEqual(self.client.get(module_url(module.pk)).status_code, 404)
        self.login(self.erin)
        preview = self.client.get(module_url(module.pk))
        self.assertContains(preview, "Preview of a draft")
        self.assertNotContains(preview, "Mark as done")

    def test_mark_as_done_answers_the_status_panel_to_htmx(self) -> None:
        self.login(self.alice)
        url = reverse("learning:module_complete", args=[self.reading.pk])
        response = self.client.post(url, headers=HTMX)
        self.assertContains(response, 'data-module-done="true"')
        self.assertContains(response, "1 of 2 modules done in this course")
        self.assertContains(response, "Next: Check yourself")
        self.assertNotContains(response, "<html")
        self.assertTrue(ModuleProgress.objects.filter(person=self.alice).exists())

    def test_mark_as_done_without_htmx_redirects_back(self) -> None:
        self.login(self.alice)
        url = reverse("learning:module_complete", args=[self.reading.pk])
        response = self.client.post(url)
        self.assertRedirects(response, module_url(self.reading.pk), status_code=303)

    def test_a_quiz_module_is_not_marked_done_by_saying_so(self) -> None:
        self.login(self.alice)
        url = reverse("learning:module_complete", args=[self.quizzed.pk])
        response = self.client.post(url, headers=HTMX)
        self.assertContains(response, "Pass the quiz to finish this module.", status_code=422)
        self.assertFalse(ModuleProgress.objects.exists())

    def test_nothing_changes_on_get(self) -> None:
        self.login(self.alice)
        self.client.get(module_url(self.quizzed.pk))
        self.client.get(reverse("learning:course_detail", args=[self.course.pk]))
        self.assertFalse(QuizAttempt.objects.exists())
        self.assertFalse(ModuleProgress.objects.exists())


@time_machine.travel(MONDAY, tick=False)
class QuizPageTests(LearningTestCase):
    def start(self) -> QuizAttempt:
        url = reverse("learning:attempt_start", args=[self.quizzed.pk])
        response = self.client.post(url, headers=HTMX)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Submit my answers")
        self.assertContains(response, "What does acknowledging a request promise?")
        self.assertContains(response, "Choose all that apply.")
        return QuizAttempt.objects.get(person=self.alice, submitted_at__isnull=True)

    def post(self, attempt: QuizAttempt, right: int) -> Response:
        data: dict[str, list[str]] = {
            f"q{pk}": [str(i) for i in chosen]
            for pk, chosen in self.answers(self.quizzed, right).items()
        }
        url = reverse("learning:attempt_submit", args=[attempt.pk])
        return self.client.post(url, data, headers=HTMX)

    def test_a_failed_attempt_shows_its_score_then_a_new_attempt_passes(self) -> None:
        self.login(self.alice)
        services.complete_module(self.alice, self.reading)
        first = self.start()
        failed = self.post(first, right=2)
        self.assertContains(failed, "Attempt 1: 50%")
        self.assertContains(failed, "Not passed")
        self.assertContains(failed, "You need 75% to pass.")
        self.assertContains(failed, "Start a new attempt")
        second = self.start()
        self.assertNotEqual(second.pk, first.pk)
        passed = self.post(second, right=4)
        self.assertContains(passed, "Attempt 2: 100%")
        self.assertContains(passed, "You passed: this module is done.")
        # The status panel comes along out of band: module and course done.
        self.assertContains(passed, 'id="module-status" hx-swap-oob="true"')
        self.assertContains(passed, 'data-course-done="true"')
        self.assertTrue(CourseCompletion.objects.filter(person=self.alice).exists())

    def test_answers_to_a_closed_attempt_are_refused_with_a_fresh_start(self) -> None:
        self.login(self.alice)
        attempt = self.start()
        self.post(attempt, right=1)
        again = self.post(attempt, right=4)
        self.assertContains(again, "This attempt is closed; start a new one.", status_code=422)
        self.assertContains(again, "Start a new attempt", status_code=422)
        attempt.refresh_from_db()
        self.assertEqual(attempt.score, 25)
        self.assertFalse(ModuleProgress.objects.exists())

    def test_unanswered_questions_are_marked_and_the_answers_kept(self) -> None:
        self.login(self.alice)
        attempt = self.start()
        first = self.quizzed.questions.order_by("position").first()
        assert first is not None
        url = reverse("learning:attempt_submit", args=[attempt.pk])
        response = self.client.post(url, {f"q{first.pk}": "1"}, headers=HTMX)
        self.assertContains(response, "Answer this question.", count=3, status_code=422)
        self.assertContains(
            response, f'<input type="radio" name="q{first.pk}" value="1"', status_code=422
        )
        self.assertContains(response, "checked", status_code=422)
        attempt.refresh_from_db()
        self.assertTrue(attempt.is_open)

    def test_without_htmx_a_submission_leads_to_the_attempts_page(self) -> None:
        self.login(self.alice)
        attempt = services.start_attempt(self.alice, self.quizzed)
        data = {f"q{pk}": [str(i) for i in c] for pk, c in self.answers(self.quizzed, 3).items()}
        response = self.client.post(reverse("learning:attempt_submit", args=[attempt.pk]), data)
        page = reverse("learning:attempt_detail", args=[attempt.pk])
        self.assertRedirects(response, page, status_code=303)
        shown = self.client.get(page)
        self.assertContains(shown, "75%")
        self.assertContains(shown, "Passed")

    def test_someone_elses_attempt_is_a_404(self) -> None:
        attempt = services.start_attempt(self.alice, self.quizzed)
        self.login(self.bob)
        self.assertEqual(
            self.client.get(reverse("learning:attempt_detail", args=[attempt.pk])).status_code,
            404,
        )
        url = reverse("learning:attempt_submit", args=[attempt.pk])
        self.assertEqual(self.client.post(url, {}).status_code, 404)
        self.login(self.root)
        self.assertEqual(self.client.post(url, {}).status_code, 404)

    def test_the_module_page_keeps_its_query_count(self) -> None:
        self.login(self.alice)
        services.complete_module(self.alice, self.reading)
        few, _sql = self.count_page_queries(module_url(self.quizzed.pk))
        for n in range(3):
            services.add_module(
                self.erin, self.course, services.ModuleDraft(f"More {n}", "More to read.")
            )
        self.pass_quiz(self.alice)
        self.pass_quiz(self.alice)
        many, sql = self.count_page_queries(module_url(self.quizzed.pk))
        self.assertEqual(few, many, sql)


@time_machine.travel(MONDAY, tick=False)
class CoursePageTests(LearningTestCase):
    def test_it_shows_the_modules_and_where_one_stands(self) -> None:
        assignment = self.assign(self.alice)
        services.complete_module(self.alice, self.reading)
        self.login(self.alice)
        response = self.client.get(reverse("learning:course_detail", args=[self.course.pk]))
        self.assertContains(response, f'data-module="{self.reading.pk}" data-done="true"')
        self.assertContains(response, "1 of 2 modules done")
        self.assertContains(response, "Assigned to you, due 11 Dec 2026.")
        self.assertContains(response, "In progress")
        self.assertContains(response, "quiz of 4 questions")
        self.assertContains(response, "Continue")
        self.assertEqual(assignment.person, self.alice)
