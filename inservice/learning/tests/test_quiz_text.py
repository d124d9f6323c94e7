"""The quiz's short text form: read into questions and written back the same."""

from __future__ import annotations

from django.test import SimpleTestCase

from inservice.learning.quiz_text import QuestionDraft, parse, write


class QuizTextTests(SimpleTestCase):
    def test_it_reads_questions_options_and_the_correct_ones(self) -> None:
        text = (
            "What is a promise?\r\n- A wish\r\n* A time you keep\r\n\r\n\r\n"
            "Choose all that apply:\n* One\n* Two\n- Three"
        )
        self.assertEqual(
            parse(text),
            [
                QuestionDraft("What is a promise?", ["A wish", "A time you keep"], [1]),
                QuestionDraft("Choose all that apply:", ["One", "Two", "Three"], [0, 1]),
            ],
        )

    def test_long_questions_and_options_may_wrap(self) -> None:
        text = "A question\nthat goes on\n- an option\n  that wraps\n* the right one"
        [question] = parse(text)
        self.assertEqual(question.text, "A question that goes on")
        self.assertEqual(question.options, ["an option that wraps", "the right one"])

    def test_what_it_cannot_make_sense_of_is_left_for_the_service_to_name(self) -> None:
        self.assertEqual(
            parse("- no question\n* here"), [QuestionDraft("", ["no question", "here"], [1])]
        )
        self.assertEqual(parse("   \n\n"), [])

    def test_writing_and_reading_again_gives_the_same_questions(self) -> None:
        questions = [
            QuestionDraft("First?", ["a", "b", "c"], [2]),
            QuestionDraft("Second?", ["x", "y"], [0, 1]),
        ]
        self.assertEqual(parse(write(questions)), questions)
