"""Form answers for simulated requests, shaped as IntakeForm.cleaned_answers() stores them.

Every required field is answered, and every field another answer makes required, so each
history request satisfies its service's form.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from inservice.catalog.choices import FieldKind
from inservice.catalog.models import FormField
from inservice.demo.data.names import CUSTOMERS, MONTHS, SUPPLIERS
from inservice.demo.spec import APPLICATIONS
from inservice.demo.world import Who

# Answers for text fields the spec gives no samples for, by key.
DEFAULT_SAMPLES: dict[str, tuple[str, ...]] = {
    "cost_centre": ("CC-4120", "CC-1030", "CC-2210", "CC-3305", "CC-5120", "CC-6001", "CC-7420"),
    "details": ("See the description above.",),
    "notes": ("Nothing else, thanks.",),
    "reason": ("Needed for my work on the current project.",),
}
# Dates that lie in the past when someone asks (the others are deadlines ahead).
PAST_DATES = frozenset(
    {"since", "received", "lost_on", "spent_on", "deleted_on", "discovered", "pay_date", "month"}
)
FILL_OPTIONAL = 0.6


def answers_for(
    fields: list[FormField],
    samples: dict[str, tuple[str, ...]],
    asked_on: date,
    people: list[Who],
    rng: random.Random,
    fill: dict[str, str],
) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for spec in fields:
        if spec.kind == FieldKind.ATTACHMENT:
            continue  # stored as files, never in the answers
        if spec.required:
            wanted = True
        elif spec.required_when_key:
            other = answers.get(spec.required_when_key)
            wanted = other == spec.required_when_value or (
                isinstance(other, list) and spec.required_when_value in other
            )
        else:
            wanted = rng.random() < FILL_OPTIONAL
        if not wanted:
            continue
        value = _value(spec, samples, asked_on, people, rng, fill)
        if value is not None:
            answers[spec.key] = value
    return answers


def _value(
    spec: FormField,
    samples: dict[str, tuple[str, ...]],
    asked_on: date,
    people: list[Who],
    rng: random.Random,
    fill: dict[str, str],
) -> Any:
    kind = spec.kind
    if kind in (FieldKind.TEXT, FieldKind.LONG_TEXT):
        found = samples.get(spec.key) or DEFAULT_SAMPLES.get(spec.key)
        if found:
            return rng.choice(found).format_map(fill)
        return None if spec.pattern else "See the description."
    if kind == FieldKind.NUMBER:
        low = float(spec.min_value if spec.min_value is not None else 0)
        high = float(spec.max_value if spec.max_value is not None else 100)
        # Most answers are small: a skewed draw between the limits.
        raw = low + (high - low) * rng.random() ** 4
        if low == int(low) and high == int(high):
            return round(raw)
        return round(max(low, min(high, raw)), 2)
    if kind == FieldKind.DATE:
        if spec.key in PAST_DATES:
            return (asked_on - timedelta(days=rng.randint(0, 20))).isoformat()
        return (asked_on + timedelta(days=rng.randint(3, 45))).isoformat()
    if kind == FieldKind.SINGLE_CHOICE:
        return rng.choice(spec.options)
    if kind == FieldKind.MULTIPLE_CHOICE:
        most = min(len(spec.options), spec.max_length or 3, 3)
        picked = set(rng.sample(spec.options, rng.randint(1, most)))
        return [o for o in spec.options if o in picked]
    if kind == FieldKind.PERSON:
        who = rng.choice(people)
        return {"id": who.id, "name": who.name}
    return None


class Fill(dict[str, str]):
    """The words a subject or answer template asks for, drawn when first used."""

    def __init__(self, rng: random.Random, people: list[Who]) -> None:
        super().__init__()
        self.rng = rng
        self.people = people

    def __missing__(self, key: str) -> str:
        rng = self.rng
        if key == "month":
            value = rng.choice(MONTHS)
        elif key == "city":
            value = rng.choice(("Berlin", "London", "New York", "Austin", "Singapore"))
        elif key == "colleague":
            value = rng.choice(self.people).name
        elif key == "customer":
            value = rng.choice(CUSTOMERS)
        elif key == "vendor":
            value = rng.choice(SUPPLIERS)
        elif key == "app":
            value = rng.choice(APPLICATIONS)
        elif key == "n":
            value = str(rng.randint(2, 12))
        else:
            value = key
        self[key] = value
        return value
