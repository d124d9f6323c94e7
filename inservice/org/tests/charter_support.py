"""What the vision and charter tests share (no tests of its own): a charter's draft, an agreement
the team is part of, and the htmx header."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from inservice.org.models import Person, Team
from inservice.org.services_charter import CharterDraft
from inservice.workflows import services as workflows
from inservice.workflows.models import Agreement

HTMX = {"HX-Request": "true"}
_numbers = itertools.count(1)

REACH = """- Walk-up desk: Berlin HQ, 2nd floor.
- Email [the desk](mailto:it@example.org)."""
COMMITMENTS = """- A locked account answered within the hour.
- We tell you before a promised time passes."""


def draft(**changes: Any) -> CharterDraft:
    values: dict[str, Any] = {
        "mission": "Keep every colleague working.",
        "hours": "On call for outages at night.",
        "reach": REACH,
        "commitments": COMMITMENTS,
    }
    values.update(changes)
    return CharterDraft(**values)


def agreement(lead: Person, provider: Team, receiver: Team, title: str = "") -> Agreement:
    """An agreement with no committed services (enough to be listed), made by the provider's
    lead through workflows.services."""
    return workflows.create_agreement(
        lead,
        workflows.AgreementDraft(
            title=title or f"Agreement {next(_numbers)}",
            provider=provider,
            receiver=receiver,
            starts_on=date(2026, 1, 1),
            review_on=date(2027, 1, 1),
        ),
    )
