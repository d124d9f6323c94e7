"""The health checks' write path: a snapshot that stays as it was, regenerating on purpose (the
notes kept), the lead's notes refused whole, stale saves, publishing, who may."""

from __future__ import annotations

from datetime import date

import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from inservice.insights import services_health
from inservice.insights.models_health import HealthCheck
from inservice.insights.periods import Period
from inservice.insights.services_health import NotesDraft
from inservice.insights.tests.health_support import (
    NOW,
    Q3,
    QuarterTestCase,
    generate,
    on,
    refresh,
)
from inservice.insights.tests.rollup_support import ask, move, rate, reply

NOTES = NotesDraft(
    commentary="A **good** quarter for resolutions; first responses slipped in July.",
    commitments="Answer within the hour on Tuesdays | 2026-12-31\n\nPublish the laptop guide",
)


def csat(check: HealthCheck) -> object:
    return next(line["value"] for line in check.scorecard["lines"] if line["key"] == "csat")


class SnapshotTests(QuarterTestCase):
    def test_the_snapshot_stays_when_the_rollups_change(self) -> None:
        check = generate(self.it)
        later = ask(on(9, 1, 10), self.bob, self.laptop)
        reply(on(9, 1, 10, 30), self.carol, later, "Done.")
        move(on(9, 1, 11), self.carol, later, "resolve")
        refresh(Q3.start, Q3.end)
        check.refresh_from_db()
        asked = next(
            line["value"] for line in check.scorecard["lines"] if line["key"] == "first_contact"
        )
        self.assertEqual(asked, 100.0)
        self.assertEqual(check.summary, {"green": 8, "amber": 2, "red": 2, "grey": 3})

    def test_regenerating_keeps_the_notes_and_the_publication(self) -> None:
        check = generate(self.it)
        with time_machine.travel(NOW, tick=False):
            services_health.save_notes(self.erin, check, NOTES)
            services_health.publish_check(self.erin, check)
        ticket = ask(on(9, 2, 10), self.bob, self.laptop)
        move(on(9, 2, 11), self.carol, ticket, "resolve")
        rate(on(9, 2, 12), ticket, self.bob, 5)
        refresh(Q3.start, Q3.end)
        with time_machine.travel(on(10, 20, 9), tick=False):
            again = services_health.prepare_check(self.erin, self.it, Q3)
        self.assertEqual(again.pk, check.pk)
        again.refresh_from_db()
        self.assertEqual(csat(again), 4.0)  # (5 + 2 + 5) / 3
        self.assertEqual(again.generated_by, self.erin)
        self.assertEqual(again.commentary, NOTES.commentary)
        self.assertEqual(
            again.commitments,
            [
                {"text": "Answer within the hour on Tuesdays", "due": "2026-12-31"},
                {"text": "Publish the laptop guide", "due": None},
            ],
        )
        self.assertIsNotNone(again.published_at)

    def test_a_lead_makes_a_missing_check_on_demand(self) -> None:
        with time_machine.travel(NOW, tick=False):
            made = services_health.prepare_check(self.erin, self.it, Q3)
        self.assertEqual((made.generated_by, made.period_start), (self.erin, Q3.start))
        self.assertEqual(csat(made), 3.5)

    def test_only_for_a_quarter_that_has_ended(self) -> None:
        q4 = Period(date(2026, 10, 1), date(2026, 12, 31))
        with time_machine.travel(NOW, tick=False), self.assertRaises(ValidationError) as caught:
            services_health.prepare_check(self.erin, self.it, q4)
        self.assertEqual(
            caught.exception.message_dict["quarter"],
            ["This quarter has not ended: its check can be made from Jan. 1, 2027."],
        )
        self.assertFalse(HealthCheck.objects.exists())

    def test_only_the_teams_leads_and_administrators_prepare_one(self) -> None:
        for person in (self.carol, self.grace, self.alice):
            with time_machine.travel(NOW, tick=False), self.assertRaises(PermissionDenied):
                services_health.prepare_check(person, self.it, Q3)
        with time_machine.travel(NOW, tick=False):
            services_health.prepare_check(self.root, self.it, Q3)


class NotesTests(QuarterTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.check = generate(self.it)

    def refused(self, draft: NotesDraft, **kwargs: object) -> dict[str, list[str]]:
        with self.assertRaises(ValidationError) as caught:
            services_health.save_notes(self.erin, self.check, draft, **kwargs)  # type: ignore[arg-type]
        self.check.refresh_from_db()
        self.assertEqual((self.check.commentary, self.check.version), ("", 1))  # nothing changed
        return caught.exception.message_dict

    def test_it_saves_both_and_moves_the_version(self) -> None:
        saved = services_health.save_notes(self.erin, self.check, NOTES, version=1)
        self.assertEqual((saved.version, saved.notes_updated_by), (2, self.erin))
        self.assertEqual(
            services_health.commitments_text(saved.commitments),
            "Answer within the hour on Tuesdays | 2026-12-31\nPublish the laptop guide",
        )

    def test_markup_the_page_would_drop_is_refused(self) -> None:
        errors = self.refused(NotesDraft(commentary="Fine <script>alert(1)</script>"))
        self.assertIn("commentary", errors)
        self.assertIn("health check", " ".join(errors["commentary"]))

    def test_each_wrong_commitment_line_is_named(self) -> None:
        errors = self.refused(
            NotesDraft(
                commitments="Fine | 2026-12-31\nLater | 31/12/2026\n| 2026-11-01\n" + "x" * 201
            )
        )
        self.assertEqual(
            errors["commitments"],
            [
                "Line 2: after “|”, write the due date as YYYY-MM-DD (not “31/12/2026”).",
                "Line 3: say what the team commits to.",
                "Line 4: keep a commitment to 200 characters (this has 201).",
            ],
        )

    def test_too_many_commitments(self) -> None:
        errors = self.refused(NotesDraft(commitments="\n".join(f"Do {n}" for n in range(21))))
        self.assertEqual(
            errors["commitments"], ["Keep to 20 commitments: a few that will be kept."]
        )

    def test_too_long_a_commentary(self) -> None:
        errors = self.refused(NotesDraft(commentary="x" * 10_001))
        self.assertEqual(
            errors["commentary"], ["Too long: at most 10,000 characters (this has 10,001)."]
        )

    def test_a_save_over_someone_elses_is_refused(self) -> None:
        services_health.save_notes(self.root, self.check, NotesDraft(commentary="First."))
        with self.assertRaises(ValidationError) as caught:
            services_health.save_notes(self.erin, self.check, NOTES, version=1)
        self.assertIn("Someone else changed", caught.exception.message_dict["version"][0])
        self.check.refresh_from_db()
        self.assertEqual(self.check.commentary, "First.")

    def test_only_the_teams_leads_and_administrators_write(self) -> None:
        for person in (self.carol, self.grace):
            with self.assertRaises(PermissionDenied):
                services_health.save_notes(person, self.check, NOTES)
            with self.assertRaises(PermissionDenied):
                services_health.publish_check(person, self.check)

    def test_publishing_twice_changes_nothing(self) -> None:
        first = services_health.publish_check(self.erin, self.check)
        again = services_health.publish_check(self.root, self.check)
        self.assertEqual((again.published_at, again.published_by), (first.published_at, self.erin))
        self.assertEqual(again.version, 2)
