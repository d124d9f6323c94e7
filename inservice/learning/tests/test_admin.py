"""The administrator's read-only view: courses and assignments to look up, nothing to change
there, and no reflections at all."""

from __future__ import annotations

import time_machine
from django.contrib import admin

from inservice.learning import services
from inservice.learning.models.reflection import Reflection
from inservice.learning.tests.support import MONDAY, LearningTestCase


@time_machine.travel(MONDAY, tick=False)
class AdminTests(LearningTestCase):
    def test_administrators_look_up_assignments_but_change_nothing_there(self) -> None:
        self.assign(self.alice)
        self.login(self.root)
        listing = self.client.get("/admin/learning/assignment/", {"q": "alice"})
        self.assertContains(listing, "Promises we keep")
        self.assertEqual(self.client.get("/admin/learning/assignment/add/").status_code, 403)
        self.assertContains(self.client.get("/admin/learning/course/"), "Promises we keep")

    def test_reflections_are_not_in_the_admin(self) -> None:
        reflection = services.save_reflection(self.alice, {"who": "Private."}, {})
        self.assertNotIn(Reflection, admin.site._registry)
        self.login(self.root)
        response = self.client.get(f"/admin/learning/reflection/{reflection.pk}/change/")
        self.assertEqual(response.status_code, 404)
        self.assertNotContains(self.client.get("/admin/"), "Reflection")
