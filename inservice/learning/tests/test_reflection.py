"""The private self-assessment: kept for its author alone. Their lead, their manager and
administrators get a 404 like for something that does not exist; bad input is refused."""

from __future__ import annotations

import time_machine
from django.urls import reverse

from inservice.learning import services
from inservice.learning.models.reflection import Reflection
from inservice.learning.reflection_prompts import MAX_ANSWER
from inservice.learning.tests.support import MONDAY, LearningTestCase

PAGE = reverse("learning:reflection")


@time_machine.travel(MONDAY, tick=False)
class ReflectionTests(LearningTestCase):
    def test_a_person_reflects_and_reads_it_back(self) -> None:
        self.login(self.carol)
        form = self.client.get(PAGE)
        self.assertContains(form, "Only you can ever read what you write here")
        self.assertContains(form, "Who relies on your work")
        response = self.client.post(
            PAGE,
            {
                "acknowledge": "4",
                "who": "Sales, before their pitches.",
                "next": "Give a time with every first reply.",
            },
        )
        reflection = Reflection.objects.get()
        detail = reverse("learning:reflection_detail", args=[reflection.pk])
        self.assertRedirects(response, detail, status_code=303, fetch_redirect_response=False)
        self.assertEqual(reflection.ratings, {"acknowledge": 4})
        page = self.client.get(detail)
        self.assertContains(page, "Sales, before their pitches.")
        self.assertContains(page, "4 · Usually")
        self.assertContains(self.client.get(PAGE), detail)

    def test_nobody_else_reads_a_reflection_not_even_a_lead_or_an_administrator(self) -> None:
        reflection = services.save_reflection(self.carol, {"who": "Private words."}, {})
        detail = reverse("learning:reflection_detail", args=[reflection.pk])
        for person in (self.erin, self.root, self.alice):
            self.login(person)
            with self.subTest(person=person.username):
                self.assertEqual(self.client.get(detail).status_code, 404)
                self.assertNotContains(self.client.get(PAGE), detail)
        self.login(self.carol)
        self.assertContains(self.client.get(detail), "Private words.")

    def test_bad_input_is_refused_and_nothing_is_kept(self) -> None:
        self.login(self.carol)
        cases = [
            ({}, "Answer one question at least before saving."),
            ({"who": "   "}, "Answer one question at least before saving."),
            ({"who": "x" * (MAX_ANSWER + 1)}, "Keep each answer to 5,000 characters or fewer."),
            ({"listen": "9"}, "Select a valid choice."),
        ]
        for data, message in cases:
            with self.subTest(data=data):
                self.assertContains(self.client.post(PAGE, data), message, status_code=422)
        self.assertFalse(Reflection.objects.exists())

    def test_each_reflection_is_kept_to_look_back_on(self) -> None:
        services.save_reflection(self.carol, {}, {"update": 2})
        with time_machine.travel(MONDAY.replace(month=12), tick=False):
            services.save_reflection(self.carol, {}, {"update": 4})
        self.login(self.carol)
        text = self.client.get(PAGE).content.decode()
        self.assertLess(text.index("23 Dec 2026"), text.index("23 Nov 2026"))
