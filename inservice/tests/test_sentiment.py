"""The tone hint's scorer: real replies an agent might write, scored as people read them."""

from __future__ import annotations

from django.test import SimpleTestCase

from inservice.lib import sentiment as scorer
from inservice.lib.sentiment import reads_harsh, sentiment

HARSH = [
    "This is ridiculous. You clearly did not read my message and this is a stupid waste of time.",
    "We cannot do this. Your request is wrong and annoying.",
    "Stop sending useless requests, this is terrible.",
    "I hate dealing with this, it is awful and you are incompetent.",
]
FINE = [
    "Thanks for your patience, the laptop is on its way.",
    "Sorry for the delay, we will fix it today.",
    "Your new badge is ready at reception.",
    "Could you tell us which model you need?",
    "No.",
]


class SentimentTests(SimpleTestCase):
    def test_it_flags_replies_that_read_strongly_negative(self) -> None:
        for text in HARSH:
            with self.subTest(text=text):
                self.assertTrue(reads_harsh(text))
                self.assertLessEqual(sentiment(text), -0.5)

    def test_it_leaves_kind_plain_and_apologetic_replies_alone(self) -> None:
        for text in FINE:
            with self.subTest(text=text):
                self.assertFalse(reads_harsh(text))

    def test_it_scores_friendly_text_positive_and_no_text_zero(self) -> None:
        self.assertGreater(sentiment("Thanks so much, that is great news!"), 0.5)
        self.assertEqual(sentiment(""), 0.0)
        self.assertEqual(sentiment("   \n"), 0.0)

    def test_it_reads_bad_news_told_kindly_as_negative_but_not_harsh(self) -> None:
        text = "Unfortunately the part is out of stock; we will order it today."
        self.assertLess(sentiment(text), 0.0)
        self.assertFalse(reads_harsh(text))

    def test_it_builds_the_analyzer_once(self) -> None:
        scorer._analyzer.cache_clear()
        sentiment("one")
        sentiment("two")
        self.assertEqual(scorer._analyzer.cache_info().misses, 1)
