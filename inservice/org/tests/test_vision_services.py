"""Writing the organisation's service vision: administrators only, one row however it is written,
checked whole, never over a save made since the editor opened it."""

from __future__ import annotations

from datetime import UTC, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from inservice.org.models_charter import Vision
from inservice.org.services_charter import VisionDraft, save_vision
from inservice.test import BaseTestCase

AT = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
STATEMENT = "Every colleague gets the help they need, the first time they ask."


class VisionServiceTests(BaseTestCase):
    def test_an_administrator_writes_it_and_saving_again_keeps_one_row(self) -> None:
        first = save_vision(self.root, VisionDraft(f"  {STATEMENT} ", "## Why\n\nBecause."), at=AT)
        self.assertEqual(
            (first.statement, first.version, first.updated_by, first.updated_at),
            (STATEMENT, 1, self.root, AT),
        )
        second = save_vision(self.root, VisionDraft("Shorter."), version=1)
        self.assertEqual((second.pk, second.version, second.text), (first.pk, 2, ""))
        self.assertEqual(Vision.objects.count(), 1)

    def test_nobody_else_writes_it(self) -> None:
        for person in (self.erin, self.alice):
            with self.subTest(person=person.username), self.assertRaises(PermissionDenied):
                save_vision(person, VisionDraft(STATEMENT))
        self.assertFalse(Vision.objects.exists())

    def test_a_statement_is_required_and_short_and_the_text_is_checked(self) -> None:
        cases = [
            (VisionDraft(" "), "statement", "Write the vision statement"),
            (VisionDraft("s" * 301), "statement", "at most 300 characters (this has 301)"),
            (VisionDraft(STATEMENT, "t" * 5001), "text", "at most 5,000 characters"),
            (VisionDraft(STATEMENT, "<iframe src=x>"), "text", "HTML is not allowed in the vision"),
            (VisionDraft(STATEMENT, "[x](data:text/html,hi)"), "text", "found data:"),
        ]
        for vision, field, message in cases:
            with self.subTest(field=field, message=message):
                with self.assertRaises(ValidationError) as caught:
                    save_vision(self.root, vision)
                self.assertIn(message, caught.exception.message_dict[field][0])
        self.assertFalse(Vision.objects.exists())

    def test_a_stale_save_is_refused_and_changes_nothing(self) -> None:
        save_vision(self.root, VisionDraft(STATEMENT), version=0)
        with self.assertRaises(ValidationError) as caught:
            save_vision(self.root, VisionDraft("From an old page."), version=0)
        self.assertIn(
            "Someone else changed the vision", caught.exception.message_dict["version"][0]
        )
        self.assertEqual(Vision.objects.get().statement, STATEMENT)

    def test_the_database_refuses_a_second_vision(self) -> None:
        save_vision(self.root, VisionDraft(STATEMENT))
        with self.assertRaises(IntegrityError), transaction.atomic():
            Vision.objects.create(id=2, statement="Another", updated_at=timezone.now())
