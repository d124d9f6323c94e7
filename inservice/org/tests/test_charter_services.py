"""Writing a team's charter: its leads and administrators only, checked whole (a mission, lengths,
Markdown the page would drop), and never over a save made since the editor opened it."""

from __future__ import annotations

from datetime import UTC, datetime

from django.core.exceptions import PermissionDenied, ValidationError

from inservice.org.models_charter import Charter
from inservice.org.services_charter import save_charter
from inservice.org.tests.charter_support import draft
from inservice.test import BaseTestCase

AT = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


class WhoWritesTests(BaseTestCase):
    def test_a_lead_writes_the_first_charter_and_it_is_version_one(self) -> None:
        saved = save_charter(self.erin, self.it, draft(mission="  Keep everyone working.  "), at=AT)
        self.assertEqual(
            (saved.team, saved.mission, saved.version, saved.updated_by, saved.updated_at),
            (self.it, "Keep everyone working.", 1, self.erin, AT),
        )
        self.assertIn("[the desk](mailto:it@example.org)", saved.reach)

    def test_an_administrator_writes_any_team_s_charter(self) -> None:
        save_charter(self.root, self.payroll, draft(mission="Pay everyone right."))
        self.assertEqual(Charter.objects.get(team=self.payroll).updated_by, self.root)

    def test_members_and_other_teams_leads_may_not_and_nothing_is_stored(self) -> None:
        for person in (self.carol, self.grace, self.alice):
            with self.subTest(person=person.username), self.assertRaises(PermissionDenied):
                save_charter(person, self.it, draft())
        self.assertFalse(Charter.objects.exists())


class CheckedWholeTests(BaseTestCase):
    def refused(self, **changes: str) -> dict[str, list[str]]:
        with self.assertRaises(ValidationError) as caught:
            save_charter(self.erin, self.it, draft(**changes))
        self.assertFalse(Charter.objects.exists())
        return caught.exception.message_dict

    def test_a_mission_is_required_and_short(self) -> None:
        self.assertEqual(
            self.refused(mission="   ")["mission"], ["Say in a sentence what the team is for."]
        )
        self.assertEqual(
            self.refused(mission="x" * 301)["mission"],
            ["Too long: at most 300 characters (this has 301)."],
        )
        save_charter(self.erin, self.it, draft(mission="x" * 300))  # the limit itself is fine

    def test_texts_stop_at_five_thousand_characters(self) -> None:
        errors = self.refused(hours="h" * 5001, reach="r" * 5001, commitments="- c\n" * 1300)
        self.assertEqual(errors["hours"], ["Too long: at most 5,000 characters (this has 5,001)."])
        self.assertIn("at most 5,000 characters", errors["reach"][0])
        self.assertIn("at most 5,000 characters", errors["commitments"][0])

    def test_markdown_with_html_pictures_or_script_links_is_refused_saying_what_was_found(
        self,
    ) -> None:
        errors = self.refused(
            reach="Call us <script>alert(1)</script>",
            commitments="- [Click](javascript:alert(1))\n- ![logo](https://example.org/l.png)",
        )
        self.assertEqual(len(errors["reach"]), 1)
        self.assertIn("HTML is not allowed in a charter (found <script>)", errors["reach"][0])
        self.assertIn(
            "Links must start with https://, http:// or mailto: (found javascript:)",
            errors["commitments"][0],
        )
        self.assertIn("Pictures cannot be embedded in a charter", errors["commitments"][1])

    def test_html_shown_as_code_and_plain_hours_are_fine(self) -> None:
        saved = save_charter(
            self.erin,
            self.it,
            draft(reach="Paste the `<error>` line you see.", hours="Closed <on> Fridays"),
        )
        self.assertEqual(saved.hours, "Closed <on> Fridays")  # plain text, escaped when shown


class ConcurrentEditTests(BaseTestCase):
    def test_a_save_bumps_the_version_and_replaces_the_text(self) -> None:
        save_charter(self.erin, self.it, draft(), version=0)
        saved = save_charter(
            self.root, self.it, draft(mission="Second words.", reach=""), version=1
        )
        self.assertEqual((saved.version, saved.mission, saved.reach), (2, "Second words.", ""))
        self.assertEqual(Charter.objects.get().updated_by, self.root)

    def test_a_save_over_a_newer_one_is_refused_and_changes_nothing(self) -> None:
        save_charter(self.erin, self.it, draft(mission="First."), version=0)
        save_charter(self.root, self.it, draft(mission="Root's."), version=1)
        with self.assertRaises(ValidationError) as caught:
            save_charter(self.erin, self.it, draft(mission="Erin's, from an old page."), version=1)
        self.assertIn(
            "Someone else changed the charter", caught.exception.message_dict["version"][0]
        )
        charter = Charter.objects.get()
        self.assertEqual((charter.mission, charter.version), ("Root's.", 2))

    def test_a_first_save_meeting_one_made_meanwhile_is_refused_too(self) -> None:
        save_charter(self.erin, self.it, draft(mission="Erin's."), version=0)
        with self.assertRaises(ValidationError) as caught:
            save_charter(self.root, self.it, draft(mission="Root's."), version=0)
        self.assertIn("version", caught.exception.message_dict)
        self.assertEqual(Charter.objects.get().mission, "Erin's.")

    def test_without_a_version_the_save_goes_over_whatever_is_there(self) -> None:
        save_charter(self.erin, self.it, draft(mission="Erin's."))
        saved = save_charter(self.root, self.it, draft(mission="Root's."))
        self.assertEqual((saved.mission, saved.version), ("Root's.", 2))
