"""Writing courses on the editor pages (the owner team's leads and administrators): bad content
refused with a clear message and nothing stored (empty, oversized, raw HTML, `javascript:` links,
a video link that is not a web address), quizzes written as short text, modules in order,
publishing and its refusals, programs of courses."""

from __future__ import annotations

from typing import Any

import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from inservice.learning import services
from inservice.learning.choices import Trigger
from inservice.learning.models.content import MAX_BODY, Course, Module, Program, QuizQuestion
from inservice.learning.quiz_text import QuestionDraft
from inservice.learning.tests.support import MONDAY, LearningTestCase, make_course


def url(name: str, *args: int) -> str:
    return reverse(f"learning:{name}", args=args)


@time_machine.travel(MONDAY, tick=False)
class CourseEditorTests(LearningTestCase):
    def test_a_lead_writes_a_course_for_their_team(self) -> None:
        self.login(self.erin)
        page = self.client.get(url("course_new"))
        self.assertContains(
            page, f'<option value="{self.it.slug}">IT Service Desk</option>', html=True
        )
        self.assertNotContains(page, "Payroll")
        response = self.client.post(
            url("course_new"),
            {"team": self.it.slug, "title": "Active listening", "summary": "Hear it all."},
        )
        course = Course.objects.get(title="Active listening")
        self.assertRedirects(
            response, url("course_edit", course.pk), status_code=303, fetch_redirect_response=False
        )
        self.assertEqual(
            (course.owner_team, course.published, course.created_by), (self.it, False, self.erin)
        )

    def test_only_leads_and_administrators_write_courses(self) -> None:
        self.login(self.carol)
        self.assertEqual(self.client.get(url("course_new")).status_code, 404)
        self.assertEqual(self.client.get(url("course_edit", self.course.pk)).status_code, 404)
        self.login(self.grace)  # another team's lead: not for IT's course
        self.assertEqual(self.client.get(url("course_edit", self.course.pk)).status_code, 404)
        self.assertEqual(
            self.client.post(
                url("course_new"), {"team": self.it.slug, "title": "Mine"}
            ).status_code,
            422,
        )
        self.assertFalse(Course.objects.filter(title="Mine").exists())
        self.login(self.root)
        self.assertEqual(self.client.get(url("course_edit", self.course.pk)).status_code, 200)

    def test_an_empty_title_is_refused(self) -> None:
        self.login(self.erin)
        response = self.client.post(url("course_new"), {"team": self.it.slug, "title": "  "})
        self.assertContains(response, "Give it a title.", status_code=422)
        self.assertEqual(Course.objects.count(), 1)

    def test_it_saves_the_title_from_the_page_a_refused_publish_answers(self) -> None:
        # That page stands at the publish address: a form without its own action would post
        # the title there, and be read as "back to a draft".
        empty = services.create_course(self.erin, self.it, services.Heading("Empty"))
        self.login(self.erin)
        refused = self.client.post(url("course_publish", empty.pk), {"published": "1"})
        self.assertContains(refused, f'action="{url("course_edit", empty.pk)}"', status_code=422)

    def test_publishing_needs_a_module_and_unpublishing_spares_assigned_people(self) -> None:
        empty = services.create_course(self.erin, self.it, services.Heading("Empty"))
        self.login(self.erin)
        refused = self.client.post(url("course_publish", empty.pk), {"published": "1"})
        self.assertContains(refused, "Add a module before publishing the course.", status_code=422)
        self.assign(self.alice)
        kept = self.client.post(url("course_publish", self.course.pk), {"published": "0"})
        self.assertContains(
            kept,
            "1 person still has it to complete: it stays published until then.",
            status_code=422,
        )
        self.assertTrue(Course.objects.get(pk=self.course.pk).published)
        self.finish(self.alice)
        back = self.client.post(url("course_publish", self.course.pk), {"published": "0"})
        self.assertRedirects(
            back, url("course_edit", self.course.pk), status_code=303, fetch_redirect_response=False
        )
        self.assertFalse(Course.objects.get(pk=self.course.pk).published)

    def test_modules_move_up_and_down_and_are_removed(self) -> None:
        self.login(self.erin)
        self.client.post(url("module_move", self.quizzed.pk), {"direction": "up"})
        self.assertEqual(
            list(self.course.modules.order_by("position").values_list("title", flat=True)),
            ["Check yourself", "Why it matters"],
        )
        response = self.client.post(
            url("module_delete", self.reading.pk), headers={"HX-Request": "true"}
        )
        self.assertEqual(response.status_code, 204)
        self.assertEqual(response["HX-Redirect"], url("course_edit", self.course.pk) + "#modules")
        self.assertEqual(list(self.course.modules.values_list("position", flat=True)), [1])
        last = self.client.post(url("module_delete", self.quizzed.pk), follow=True)
        self.assertContains(last, "A published course keeps one module at least")
        self.assertTrue(Module.objects.filter(pk=self.quizzed.pk).exists())


@time_machine.travel(MONDAY, tick=False)
class ModuleContentTests(LearningTestCase):
    def post(self, **values: Any) -> Any:
        data = {"title": "Listening", "body": "Listen **first**.", "video_url": "", "minutes": "12"}
        data.update(values)
        self.login(self.erin)
        return self.client.post(url("module_new", self.course.pk), data)

    def test_good_content_is_added_at_the_end(self) -> None:
        response = self.post(video_url="https://video.example.org/listen")
        module = Module.objects.get(title="Listening")
        self.assertRedirects(
            response, url("module_edit", module.pk), status_code=303, fetch_redirect_response=False
        )
        self.assertEqual((module.position, module.minutes), (3, 12))
        self.assertEqual(module.video_url, "https://video.example.org/listen")

    def test_bad_content_is_refused_with_a_clear_message_and_nothing_is_stored(self) -> None:
        cases = [
            ({"body": "   "}, "Write the module&#x27;s content"),
            (
                {"body": "x" * (MAX_BODY + 1)},
                "Keep the content to 50,000 characters or fewer (this is 50,001).",
            ),
            ({"body": "[Click](javascript:alert(1))"}, "“javascript:alert(1)” is not allowed."),
            ({"body": "[Click]( JAVASCRIPT:alert(1) )"}, "is not allowed."),
            (
                {"body": "[x][r]\n\n[r]: data:text/html;base64,AAAA"},
                "Links may only go to web or email addresses",
            ),
            (
                {"body": "Hello <script>alert(1)</script>"},
                "Write Markdown, not HTML: “&lt;script&gt;”",
            ),
            (
                {"body": '<a href="https://example.org" onclick="x()">hi</a>'},
                "Write Markdown, not HTML",
            ),
            (
                {"body": "![cat](https://example.org/cat.png)"},
                "Images are not shown in module content",
            ),
            ({"video_url": "javascript:alert(1)"}, "starting with https://"),
            ({"video_url": "ftp://example.org/video"}, "starting with https://"),
            ({"title": ""}, "Give the module a title."),
            ({"minutes": "0"}, "from 1 to 240"),
        ]
        for values, message in cases:
            with self.subTest(values=values):
                response = self.post(**values)
                self.assertContains(response, message, status_code=422)
                self.assertContains(response, "Nothing was saved", status_code=422)
        self.assertEqual(self.course.modules.count(), 2)

    def test_markdown_that_is_only_text_is_kept_as_written(self) -> None:
        body = "Use `<br>` in *code* only; 3 < 5 and mailto works: [mail](mailto:it@example.org)"
        self.post(body=body)
        module = Module.objects.get(title="Listening")
        self.assertEqual(module.body, body)
        self.login(self.alice)
        page = self.client.get(url("module_detail", module.pk))
        self.assertContains(page, "<code>&lt;br&gt;</code>", html=True)
        self.assertContains(page, "3 &lt; 5")
        self.assertContains(page, 'href="mailto:it@example.org"')


@time_machine.travel(MONDAY, tick=False)
class QuizEditorTests(LearningTestCase):
    QUIZ = """What does a promised time tell the requester?
- That it is fixed today
* When they will hear from you

Which habits keep people informed?
* Replying when plans change
* Giving a new time when the old one slips
- Waiting until it is done
"""

    def test_the_quiz_is_shown_as_text_and_saved_from_it(self) -> None:
        self.login(self.erin)
        page = self.client.get(url("module_edit", self.quizzed.pk))
        self.assertContains(
            page, "What does acknowledging a request promise?\n- A fix today\n* A time"
        )
        response = self.client.post(
            url("quiz_edit", self.quizzed.pk), {"questions": self.QUIZ, "pass_mark": "80"}
        )
        self.assertRedirects(
            response,
            url("module_edit", self.quizzed.pk) + "#quiz",
            status_code=303,
            fetch_redirect_response=False,
        )
        questions = list(QuizQuestion.objects.filter(module=self.quizzed).order_by("position"))
        self.assertEqual([q.correct for q in questions], [[1], [0, 1]])
        self.assertEqual(questions[1].options[1], "Giving a new time when the old one slips")
        self.quizzed.refresh_from_db()
        self.assertEqual((self.quizzed.pass_mark, self.quizzed.quiz_version), (80, 2))

    def test_a_quiz_with_mistakes_is_refused_question_by_question(self) -> None:
        self.login(self.erin)
        text = "Nothing marked?\n- One\n- Two\n\nToo few\n* Only\n\n- An option first"
        response = self.client.post(
            url("quiz_edit", self.quizzed.pk), {"questions": text, "pass_mark": "120"}
        )
        for message in (
            "Question 1: mark the correct option (or options) with “* ” instead of “- ”.",
            "Question 2: give two options at least",
            "Question 3: write the question before its options.",
            "The pass mark is a percentage from 1 to 100.",
        ):
            self.assertContains(response, message, status_code=422)
        self.assertEqual(QuizQuestion.objects.filter(module=self.quizzed).count(), 4)

    def test_an_empty_quiz_takes_the_quiz_away(self) -> None:
        self.login(self.erin)
        self.client.post(url("quiz_edit", self.quizzed.pk), {"questions": "", "pass_mark": "75"})
        self.quizzed.refresh_from_db()
        self.assertIsNone(self.quizzed.pass_mark)
        self.assertFalse(self.quizzed.questions.exists())
        services.complete_module(self.alice, self.quizzed)  # now done by saying so


@time_machine.travel(MONDAY, tick=False)
class ProgramEditorTests(LearningTestCase):
    def test_a_lead_builds_orders_and_publishes_a_program(self) -> None:
        other = make_course(self.erin, self.it, "Following through", quiz=False)
        draft = make_course(self.erin, self.it, "Unfinished", publish=False)
        self.login(self.erin)
        self.client.post(url("program_new"), {"team": self.it.slug, "title": "Agent fundamentals"})
        program = Program.objects.get(title="Agent fundamentals")
        courses = url("program_courses", program.pk)
        self.client.post(courses, {"courses": [str(self.course.pk), str(other.pk)]})
        self.client.post(courses, {"courses": [str(other.pk), str(self.course.pk)]})
        self.assertEqual(
            list(program.entries.order_by("position").values_list("course_id", flat=True)),
            [other.pk, self.course.pk],
        )
        refused = self.client.post(courses, {"courses": [str(other.pk), str(other.pk)]})
        self.assertContains(refused, "A course appears twice", status_code=422)
        self.client.post(courses, {"courses": [str(other.pk), str(self.course.pk), str(draft.pk)]})
        not_yet = self.client.post(url("program_publish", program.pk), {"published": "1"})
        self.assertContains(not_yet, "Publish “Unfinished” first", status_code=422)
        self.client.post(courses, {"courses": [str(other.pk), str(self.course.pk)]})
        self.client.post(url("program_publish", program.pk), {"published": "1"})
        program.refresh_from_db()
        self.assertTrue(program.published)
        page = self.client.get(url("program_edit", program.pk))
        self.assertContains(page, "Move Following through down")

    def test_someone_elses_draft_course_cannot_be_added(self) -> None:
        theirs = make_course(self.grace, self.payroll, "Payroll draft", publish=False)
        program = services.create_program(self.erin, self.it, services.Heading("Mine"))
        self.login(self.erin)
        response = self.client.post(
            url("program_courses", program.pk), {"courses": [str(theirs.pk)]}
        )
        self.assertContains(
            response, f"There is no course {theirs.pk} you can add.", status_code=422
        )
        self.assertFalse(program.entries.exists())


@time_machine.travel(MONDAY, tick=False)
class AuthoringServiceTests(LearningTestCase):
    def test_a_course_in_a_published_program_or_a_rule_stays_published(self) -> None:
        program = services.create_program(self.erin, self.it, services.Heading("Essentials"))
        services.set_program_courses(self.erin, program, [self.course.pk])
        services.set_program_published(self.erin, program, True)
        with self.assertRaisesMessage(
            ValidationError, "It is part of the published program “Essentials”"
        ):
            services.set_course_published(self.erin, self.course, False)
        services.set_program_published(self.erin, program, False)
        rule = services.add_rule(self.root, services.RuleDraft(Trigger.NEW_HIRE, self.course, 10))
        with self.assertRaisesMessage(ValidationError, "An automatic assignment rule assigns it"):
            services.set_course_published(self.erin, self.course, False)
        services.end_rule(self.root, rule)
        services.set_course_published(self.erin, self.course, False)

    def test_only_the_owner_teams_leads_and_administrators_write(self) -> None:
        draft = services.ModuleDraft("Sneaky", "Text.")
        for person in (self.grace, self.carol, self.alice):
            with self.subTest(person=person.username), self.assertRaises(PermissionDenied):
                services.add_module(person, self.course, draft)
        services.add_module(self.root, self.course, draft)

    def test_a_quiz_keeps_to_its_limits(self) -> None:
        many = [QuestionDraft(f"Q{n}?", ["a", "b"], [0]) for n in range(21)]
        problems = services.quiz_problems(many, 75)
        self.assertIn("Keep the quiz to 20 questions or fewer.", problems["questions"])
        odd = [QuestionDraft("Q?", ["a", "A", ""], [0]), QuestionDraft("All?", ["a", "b"], [0, 1])]
        self.assertEqual(
            services.quiz_problems(odd, None),
            {
                "questions": [
                    "Question 1: an option is empty.",
                    "Question 2: not every option can be correct.",
                ],
                "pass_mark": ["Give the pass mark: the percentage of questions to get right."],
            },
        )
        self.assertIn(
            "Question 1: two options say the same.",
            services.quiz_problems([QuestionDraft("Q?", ["Yes", "yes"], [0])], 50)["questions"],
        )
