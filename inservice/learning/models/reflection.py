"""The private self-assessment: a person's own reflections on how their work affects colleagues.

Only its author ever reads a reflection: not their lead, not their manager, not administrators
(no page, API, export or admin screen shows it to anyone else; learning.permissions answers 404).
Each time someone reflects a new one is kept, so they can look back at how they saw themselves.
"""

from __future__ import annotations

from django.db import models

from inservice.org.models import Person


class ReflectionQuerySet(models.QuerySet["Reflection"]):
    def of(self, person: Person) -> ReflectionQuerySet:
        return self.filter(person=person).order_by("-created_at", "-id")


class Reflection(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    # {prompt key: text} and {skill key: 1-5}, keys from learning.reflection_prompts.
    answers = models.JSONField(default=dict)
    ratings = models.JSONField(default=dict)
    created_at = models.DateTimeField()

    objects = ReflectionQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["person", "-created_at"], name="reflection_person_idx")]

    def __str__(self) -> str:
        return f"{self.person_id} on {self.created_at:%Y-%m-%d}"
