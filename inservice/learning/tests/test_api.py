"""Learning over the API: one's assignments, the catalog and one course (never the correct
answers), quiz answers marked at once, a module marked done; refusals are 422s naming the field,
what one may not see a 404; lists keep their query counts."""

from __future__ import annotations

import time_machine

from inservice.learning import services
from inservice.learning.models.progress import ModuleProgress, QuizAttempt
from inservice.learning.tests.support import DUE, MONDAY, LearningTestCase, make_course
from inservice.org.tests.api_support import ApiTestCase, make_team


@time_machine.travel(MONDAY, tick=False)
class LearningApiTests(LearningTestCase, ApiTestCase):
    def test_my_assignments_with_where_i_stand(self) -> None:
        assignment = self.assign(self.alice)
        services.complete_module(self.alice, self.reading)
        self.assign(self.bob)
        response = self.get("/learning/assignments", self.alice)
        self.assertEqual(response.status_code, 200, response.content)
        [item] = response.json()["items"]
        self.assertEqual(item["id"], assignment.pk)
        self.assertEqual(item["course"], {"id": self.course.pk, "title": "Promises we keep"})
        self.assertIsNone(item["program"])
        self.assertEqual(item["due_on"], DUE.isoformat())
        self.assertEqual(item["reason"], "chosen")
        self.assertEqual(item["assigned_by"], {"id": self.root.pk, "name": "Root Admin"})
        self.assertEqual(item["status"], "in_progress")
        self.assertEqual(item["progress"], {"done": 1, "total": 2})
        self.assertEqual(
            self.get("/learning/assignments", self.alice, completed="true").json()["items"], []
        )

    def test_the_assignments_keep_their_query_count_and_page_by_cursor(self) -> None:
        self.assign(self.alice)
        few = self.count_queries("/learning/assignments", self.alice)
        for n in range(4):
            self.assign(self.alice, make_course(self.erin, self.it, f"Course {n}"))
        self.assertQueriesFlat(few, self.count_queries("/learning/assignments", self.alice))
        first = self.get("/learning/assignments", self.alice, limit=2).json()
        second = self.get(
            "/learning/assignments", self.alice, limit=2, cursor=first["next_cursor"]
        ).json()
        self.assertEqual(len(first["items"]) + len(second["items"]), 4)
        self.assertProblem(
            self.get("/learning/assignments", self.alice, cursor="nonsense"), ["query", "cursor"]
        )

    def test_the_catalog_lists_published_courses_with_my_progress(self) -> None:
        make_course(self.erin, self.it, "A draft", publish=False)
        services.complete_module(self.alice, self.reading)
        items = self.get("/learning/courses", self.alice).json()["items"]
        self.assertEqual([i["title"] for i in items], ["Promises we keep"])
        self.assertEqual(items[0]["team"], {"slug": self.it.slug, "name": "IT Service Desk"})
        self.assertEqual((items[0]["module_count"], items[0]["minutes"]), (2, 18))
        self.assertEqual(items[0]["progress"], {"done": 1, "total": 2})
        self.assertEqual(len(self.get("/learning/courses", self.erin).json()["items"]), 2)
        self.assertEqual(self.get("/learning/courses", self.alice, team="nobody").status_code, 404)

    def test_the_catalog_keeps_its_query_count(self) -> None:
        few = self.count_queries("/learning/courses", self.alice)
        for n in range(4):
            course = make_course(self.root, make_team(), f"Course {n}")
            services.complete_module(self.alice, course.modules.get(position=1))
        self.assertQueriesFlat(few, self.count_queries("/learning/courses", self.alice))

    def test_one_course_without_its_answers(self) -> None:
        response = self.get(f"/learning/courses/{self.course.pk}", self.alice)
        self.assertEqual(response.status_code, 200, response.content)
        body = response.json()
        first, second = body["modules"]
        self.assertEqual(first["quiz"], None)
        self.assertIn("## Why the first reply matters", first["body"])
        self.assertEqual(second["video_url"], "https://video.example.org/promises")
        self.assertEqual(second["quiz"]["pass_mark"], 75)
        question = second["quiz"]["questions"][1]
        self.assertEqual(set(question), {"id", "text", "options", "multiple"})
        self.assertTrue(question["multiple"])
        self.assertNotIn("correct", response.content.decode())
        draft = make_course(self.erin, self.it, "A draft", publish=False)
        self.assertEqual(self.get(f"/learning/courses/{draft.pk}", self.alice).status_code, 404)
        self.assertEqual(self.get(f"/learning/courses/{draft.pk}", self.erin).status_code, 200)

    def test_answers_are_marked_and_a_pass_does_the_module(self) -> None:
        path = f"/learning/modules/{self.quizzed.pk}/attempts"
        failed = self.post(path, self.alice, {"answers": self.answers(self.quizzed, 2)})
        self.assertEqual(failed.status_code, 201, failed.content)
        self.assertEqual(
            {
                k: failed.json()[k]
                for k in ("number", "score", "passed", "pass_mark", "module_done")
            },
            {"number": 1, "score": 50, "passed": False, "pass_mark": 75, "module_done": False},
        )
        passed = self.post(path, self.alice, {"answers": self.answers(self.quizzed)}).json()
        self.assertEqual((passed["number"], passed["score"], passed["module_done"]), (2, 100, True))
        self.assertFalse(passed["course_completed"])
        self.assertTrue(all(q["right"] for q in passed["questions"]))
        done = self.post(f"/learning/modules/{self.reading.pk}/complete", self.alice, {})
        self.assertEqual(
            done.json(), {"module": self.reading.pk, "done": True, "course_completed": True}
        )

    def test_bad_answers_are_422s_naming_the_field_and_store_nothing(self) -> None:
        path = f"/learning/modules/{self.quizzed.pk}/attempts"
        q1 = self.quizzed.questions.order_by("position")[0]
        good = self.answers(self.quizzed)
        cases: list[tuple[object, list[str | int], str]] = [
            (
                {"answers": {**good, str(q1.pk): []}},
                ["body", "answers", str(q1.pk)],
                "Answer this question.",
            ),
            (
                {"answers": {**good, str(q1.pk): [0, 1]}},
                ["body", "answers", str(q1.pk)],
                "Choose one answer.",
            ),
            (
                {"answers": {**good, str(q1.pk): ["1"]}},
                ["body", "answers", str(q1.pk), 0],
                "whole number",
            ),
            ({"answers": {**good, "77": [0]}}, ["body", "answers"], "There is no question “77”"),
            ({"answers": good, "mood": "happy"}, ["body", "mood"], "not accepted"),
            ({}, ["body", "answers"], "required"),
            (
                {"answers": good, "attempt": 424242},
                ["body", "attempt"],
                "You have no attempt 424242",
            ),
        ]
        for body, loc, text in cases:
            with self.subTest(loc=loc, body=body):
                self.assertProblem(self.post(path, self.alice, body), loc, text)
        self.assertFalse(QuizAttempt.objects.filter(submitted_at__isnull=False).exists())

    def test_answers_to_a_closed_attempt_are_refused(self) -> None:
        path = f"/learning/modules/{self.quizzed.pk}/attempts"
        first = self.post(path, self.alice, {"answers": self.answers(self.quizzed, 1)}).json()
        again = self.post(
            path, self.alice, {"answers": self.answers(self.quizzed), "attempt": first["id"]}
        )
        self.assertProblem(again, ["body", "attempt"], "This attempt is closed; start a new one.")
        self.assertFalse(ModuleProgress.objects.exists())

    def test_a_quiz_module_is_not_completed_by_saying_so(self) -> None:
        response = self.post(f"/learning/modules/{self.quizzed.pk}/complete", self.alice, {})
        self.assertProblem(response, ["path", "module_id"], "Pass the quiz to finish this module.")

    def test_what_one_may_not_see_is_a_404(self) -> None:
        draft = make_course(self.erin, self.it, "A draft", publish=False)
        module = draft.modules.get(position=2)
        self.assertEqual(
            self.post(
                f"/learning/modules/{module.pk}/attempts", self.alice, {"answers": {}}
            ).status_code,
            404,
        )
        self.assertEqual(
            self.post(f"/learning/modules/{module.pk}/complete", self.alice, {}).status_code, 404
        )
        self.assertEqual(self.get("/learning/courses/999999", self.alice).status_code, 404)
        attempt = services.start_attempt(self.bob, self.quizzed)
        response = self.post(
            f"/learning/modules/{self.quizzed.pk}/attempts",
            self.alice,
            {"answers": self.answers(self.quizzed), "attempt": attempt.pk},
        )
        self.assertProblem(response, ["body", "attempt"], f"You have no attempt {attempt.pk}")
