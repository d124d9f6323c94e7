"""The private self-assessment: a person's reflections, kept for them alone (see
learning.models.reflection)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from inservice.learning.models.reflection import Reflection
from inservice.learning.reflection_prompts import MAX_ANSWER, PROMPT_KEYS, SKILL_KEYS
from inservice.learning.services._common import Problems
from inservice.org.models import Person


def reflection_problems(answers: Mapping[str, str], ratings: Mapping[str, int | None]) -> Problems:
    errors: Problems = {}
    for key in sorted(set(answers) - PROMPT_KEYS) + sorted(set(ratings) - SKILL_KEYS):
        errors[key] = [_("There is no question “%(key)s” in the self-assessment.") % {"key": key}]
    for key, text in answers.items():
        if key in PROMPT_KEYS and len(text.strip()) > MAX_ANSWER:
            errors[key] = [
                _("Keep each answer to %(n)s characters or fewer.") % {"n": f"{MAX_ANSWER:,}"}
            ]
    for key, value in ratings.items():
        if key in SKILL_KEYS and value is not None and not 1 <= value <= 5:
            errors[key] = [_("Rate yourself from 1 (rarely) to 5 (always).")]
    if (
        not errors
        and not any(t.strip() for t in answers.values())
        and not any(v is not None for v in ratings.values())
    ):
        errors[NON_FIELD_ERRORS] = [_("Answer one question at least before saving.")]
    return errors


def save_reflection(
    person: Person,
    answers: Mapping[str, str],
    ratings: Mapping[str, int | None],
    *,
    at: datetime | None = None,
) -> Reflection:
    """Keeps a new reflection for the person (earlier ones stay, to look back on). Only they
    will ever read it."""
    errors = reflection_problems(answers, ratings)
    if errors:
        raise ValidationError(errors)
    return Reflection.objects.create(
        person=person,
        answers={k: v.strip() for k, v in answers.items() if v.strip()},
        ratings={k: v for k, v in ratings.items() if v is not None},
        created_at=at or timezone.now(),
    )
