"""Giving kudos through the service, as the pages, the API and the demo do: who may be thanked,
help across teams fixed when given, the daily limit in the giver's own day, messages, values and
requests; taking one back within the window; a lead hiding one with a reason."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import time_machine
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.test import override_settings

from inservice.kudos import services
from inservice.kudos.models import Kudos, Recipient
from inservice.kudos.tests.support import MONDAY, THANKS, KudosTestCase
from inservice.org import services as org
from inservice.org.models import Person


class GivingTests(KudosTestCase):
    def test_it_thanks_people_with_values_and_fixes_who_is_in_another_team(self) -> None:
        kudos = self.give(
            self.alice, [self.carol, self.bob], values=[self.caring, self.follow_through]
        )
        self.assertEqual(kudos.giver, self.alice)
        self.assertEqual(kudos.giver_team, self.sales)
        self.assertEqual(kudos.message, THANKS)
        self.assertEqual(kudos.created_at, MONDAY)
        self.assertEqual(set(kudos.values.all()), {self.caring, self.follow_through})
        rows = {r.person: (r.home_team, r.cross_team) for r in kudos.recipients.all()}
        self.assertEqual(rows, {self.carol: (self.it, True), self.bob: (self.sales, False)})
        self.assertTrue(kudos.cross_team)  # carol serves in another team
        # A move later changes nothing already counted.
        org.create_team(name="Hardware", key_prefix="HW")
        Person.objects.filter(pk=self.carol.pk).update(team=self.sales)
        self.assertTrue(Recipient.objects.get(kudos=kudos, person=self.carol).cross_team)

    def test_thanks_within_a_team_are_not_across_teams(self) -> None:
        kudos = self.give(self.erin, [self.carol])
        self.assertFalse(kudos.cross_team)
        self.assertFalse(kudos.recipients.get().cross_team)

    def test_it_thanks_a_whole_team(self) -> None:
        kudos = self.give(self.alice, teams=[self.it], message="The whole desk was great.")
        row = kudos.recipients.get()
        self.assertEqual((row.team, row.person, row.home_team), (self.it, None, self.it))
        self.assertTrue(row.cross_team)
        own = self.give(self.erin, teams=[self.it], message="Proud of this team.")
        self.assertFalse(own.cross_team)  # a lead thanking their own team: allowed, not across

    def test_nobody_thanks_themselves_and_nothing_is_stored(self) -> None:
        with self.assertRaises(ValidationError) as raised:
            self.give(self.carol, [self.carol, self.erin])
        self.assertIn("cannot give kudos to yourself", raised.exception.message_dict["people"][0])
        self.assertFalse(Kudos.objects.exists())

    def test_empty_or_oversized_messages_are_refused_with_a_clear_message(self) -> None:
        for message, words in (
            ("", "needs a message"),
            ("   \n ", "needs a message"),
            ("x" * 1001, "1,000 characters or fewer (it has 1,001)"),
        ):
            with self.subTest(length=len(message)), self.assertRaises(ValidationError) as raised:
                self.give(message=message)
            self.assertIn(words, raised.exception.message_dict["message"][0])
        self.assertFalse(Kudos.objects.exists())
        self.assertEqual(len(self.give(message="  " + "y" * 1000 + " ").message), 1000)

    def test_it_needs_someone_to_thank_and_one_of_the_values(self) -> None:
        new = services.NewKudos(message=THANKS, values=[])
        with self.assertRaises(ValidationError) as raised:
            services.give_kudos(self.alice, new)
        errors = raised.exception.message_dict
        self.assertIn("one or more people, or a team", errors["people"][0])
        self.assertIn("at least one of our values", errors["values"][0])
        services.save_value(self.integrity, name="Integrity", is_active=False)
        with self.assertRaises(ValidationError) as retired:
            self.give(values=[self.integrity])
        self.assertIn(
            "Integrity can no longer be chosen", retired.exception.message_dict["values"][0]
        )
        self.assertFalse(Kudos.objects.exists())

    def test_people_who_left_cannot_be_thanked(self) -> None:
        Person.objects.filter(pk=self.dave.pk).update(is_active=False)
        self.dave.refresh_from_db()
        with self.assertRaises(ValidationError) as raised:
            self.give(people=[self.carol, self.dave])
        self.assertIn(
            "Dave Payroll no longer work here", raised.exception.message_dict["people"][0]
        )

    def test_a_request_must_be_one_the_giver_may_see(self) -> None:
        ticket = self.resolved()
        self.assertEqual(self.give(ticket=ticket).ticket, ticket)
        with self.assertRaises(ValidationError) as raised:
            self.give(self.bob, ticket=ticket)
        self.assertEqual(
            raised.exception.message_dict["request"], ["No request you can see has this key."]
        )
        self.assertEqual(Kudos.objects.count(), 1)


@override_settings(KUDOS_DAILY_LIMIT=3)
class DailyLimitTests(KudosTestCase):
    def test_it_refuses_the_kudos_beyond_the_day_s_limit_and_stores_nothing(self) -> None:
        for n in range(3):
            self.give(message=f"Thanks {n}", at=MONDAY + timedelta(hours=n))
        with self.assertRaises(ValidationError) as raised:
            self.give(message="One more", at=MONDAY + timedelta(hours=4))
        self.assertEqual(
            raised.exception.message_dict[NON_FIELD_ERRORS],
            ["You have given your 3 kudos for today: thank them tomorrow."],
        )
        self.assertEqual(Kudos.objects.count(), 3)
        # Others still may give theirs.
        self.give(self.bob, message="Bob's own thanks", at=MONDAY + timedelta(hours=4))

    def test_the_day_is_the_giver_s_own(self) -> None:
        # Alice is in New York: Monday there runs until 05:00 UTC on Tuesday.
        for n in range(3):
            self.give(message=f"Thanks {n}", at=MONDAY + timedelta(hours=n))
        late_monday_in_new_york = datetime(2026, 11, 24, 4, 30, tzinfo=UTC)
        with self.assertRaises(ValidationError):
            self.give(message="Still Monday", at=late_monday_in_new_york)
        tuesday_in_new_york = datetime(2026, 11, 24, 5, 30, tzinfo=UTC)
        self.assertTrue(self.give(message="Tuesday", at=tuesday_in_new_york).pk)

    def test_a_kudos_taken_back_no_longer_counts(self) -> None:
        made = [self.give(message=f"Thanks {n}") for n in range(3)]
        with time_machine.travel(MONDAY + timedelta(minutes=2), tick=False):
            services.delete_kudos(self.alice, made[0])
        self.assertTrue(self.give(message="Instead", at=MONDAY + timedelta(minutes=3)).pk)


class TakingBackTests(KudosTestCase):
    def test_its_giver_deletes_it_within_ten_minutes(self) -> None:
        kudos = self.give()
        with time_machine.travel(MONDAY + timedelta(minutes=9, seconds=59), tick=False):
            services.delete_kudos(self.alice, kudos)
        self.assertFalse(Kudos.objects.exists())
        self.assertFalse(Recipient.objects.exists())

    def test_not_after_the_window_and_not_by_anyone_else(self) -> None:
        kudos = self.give()
        with (
            time_machine.travel(MONDAY + timedelta(minutes=1), tick=False),
            self.assertRaises(PermissionDenied),
        ):
            services.delete_kudos(self.carol, kudos)
        with (
            time_machine.travel(MONDAY + timedelta(minutes=10), tick=False),
            self.assertRaises(ValidationError) as raised,
        ):
            services.delete_kudos(self.alice, kudos)
        self.assertIn("first 10 minutes", raised.exception.messages[0])
        self.assertTrue(Kudos.objects.filter(pk=kudos.pk).exists())


class HidingTests(KudosTestCase):
    def test_a_lead_of_a_recipient_s_team_hides_one_with_a_reason_recorded(self) -> None:
        kudos = self.give(self.alice, [self.carol])
        later = MONDAY + timedelta(hours=2)
        with time_machine.travel(later, tick=False):
            hidden = services.hide_kudos(self.erin, kudos, "  Mentions a private matter. ")
        self.assertEqual(hidden.hidden_at, later)
        self.assertEqual(hidden.hidden_by, self.erin)
        self.assertEqual(hidden.hidden_reason, "Mentions a private matter.")
        self.assertFalse(Kudos.objects.shown().exists())

    def test_leads_of_the_giver_s_team_and_administrators_may_too_nobody_else(self) -> None:
        from inservice.org.choices import Role

        org.add_member(self.sales, self.bob, Role.LEAD)
        for person, allowed in (
            (self.bob, True),  # leads alice's team
            (self.root, True),
            (self.grace, False),  # leads Payroll: not involved
            (self.carol, False),  # the recipient herself
            (self.alice, False),  # the giver
        ):
            kudos = self.give(self.alice, [self.carol], message=f"For {person.username}")
            with self.subTest(person=person.username):
                person.forget_memberships()
                if allowed:
                    services.hide_kudos(person, kudos, "Not for the wall.")
                else:
                    with self.assertRaises(PermissionDenied):
                        services.hide_kudos(person, kudos, "Not for the wall.")

    def test_a_reason_is_needed_and_a_kudos_is_hidden_once(self) -> None:
        kudos = self.give()
        for reason, words in (("  ", "Say why"), ("x" * 501, "500 characters")):
            with self.subTest(reason=reason[:3]), self.assertRaises(ValidationError) as raised:
                services.hide_kudos(self.erin, kudos, reason)
            self.assertIn(words, raised.exception.message_dict["reason"][0])
        self.assertFalse(Kudos.objects.get(pk=kudos.pk).is_hidden)
        services.hide_kudos(self.erin, kudos, "Private.")
        with self.assertRaises(ValidationError):
            services.hide_kudos(self.root, Kudos.objects.get(pk=kudos.pk), "Again.")
        self.assertEqual(Kudos.objects.get(pk=kudos.pk).hidden_by, self.erin)


class ValuesTests(KudosTestCase):
    def test_administrators_keep_the_values_names_unique_and_slugs_stable(self) -> None:
        self.assertEqual(self.follow_through.slug, "follow-through")
        with self.assertRaises(ValidationError) as raised:
            services.save_value(None, name="caring")
        self.assertIn("already", raised.exception.message_dict["name"][0])
        renamed = services.save_value(self.caring, name="Care", position=5)
        self.assertEqual((renamed.name, renamed.slug, renamed.position), ("Care", "caring", 5))
        with self.assertRaises(ValidationError):
            services.save_value(None, name="  ")
