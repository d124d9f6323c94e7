"""Who hears about each kind of event, in the app and by email, and who never does."""

from __future__ import annotations

from inservice.notifications import services as notifications
from inservice.notifications.choices import Channel, Kind
from inservice.notifications.tasks import fan_out
from inservice.notifications.tests.support import NotificationTestCase
from inservice.org import services as org
from inservice.tickets import services as tickets
from inservice.tickets.lifecycle import Action


class ReceivedTests(NotificationTestCase):
    def test_it_tells_the_requester_and_nobody_else(self) -> None:
        self.done(self.ask, self.alice, watchers=[self.bob])

        self.assertEqual(self.told(Kind.RECEIVED), {"alice"})
        self.assertEqual(self.emailed(Kind.RECEIVED), {"alice"})

    def test_it_tells_both_the_requester_and_who_asked_for_them(self) -> None:
        self.done(self.ask, self.bob, requester=self.alice)

        self.assertEqual(self.told(Kind.RECEIVED), {"alice", "bob"})
        self.assertEqual(self.emailed(Kind.RECEIVED), {"alice", "bob"})


class ReplyTests(NotificationTestCase):
    def test_it_tells_requester_and_watchers_of_a_public_reply_but_not_its_author(self) -> None:
        ticket = self.done(self.ask, self.alice, watchers=[self.bob])
        self.done(tickets.reply, self.carol, ticket, "On its way.")

        self.assertEqual(self.told(Kind.REPLY), {"alice", "bob"})
        self.assertEqual(self.emailed(Kind.REPLY), {"alice", "bob"})

    def test_it_tells_the_assignee_when_the_requester_answers(self) -> None:
        ticket = self.done(self.ask, self.alice)
        tickets.assign(self.erin, ticket, self.carol)
        self.done(tickets.reply, self.alice, ticket, "Any news?")

        self.assertEqual(self.told(Kind.REPLY), {"carol"})
        self.assertEqual(self.emailed(Kind.REPLY), {"carol"})

    def test_an_internal_note_reaches_nobody_outside_the_team(self) -> None:
        ticket = self.done(self.ask, self.alice, watchers=[self.bob])
        tickets.assign(self.erin, ticket, self.erin)
        note = self.done(tickets.reply, self.carol, ticket, "Budget?", internal=True)

        self.assertEqual(self.told(Kind.REPLY), set())
        # Even announced as a reply by mistake, the note reaches the team only.
        self.done(fan_out, Kind.REPLY, note.pk)
        self.assertEqual(self.told(Kind.REPLY), {"erin"})
        self.assertEqual(self.emailed(Kind.REPLY), {"erin"})

    def test_a_handoff_note_reaches_nobody_outside_the_receiving_team(self) -> None:
        ticket = self.done(self.ask, self.alice, watchers=[self.bob])
        moved = self.done(
            tickets.transfer,
            self.carol,
            ticket,
            self.payroll,
            "Bonus missing.",
            reason="wrong_team",
        )
        handoff = tickets.latest_handoff(moved)
        assert handoff is not None

        # Even announced as a reply by mistake, the handoff reaches the team holding it only.
        self.done(fan_out, Kind.REPLY, handoff.pk)
        self.assertEqual(self.told(Kind.REPLY), set())


class StatusTests(NotificationTestCase):
    def test_it_tells_the_requester_a_request_waits_on_them(self) -> None:
        ticket = self.done(self.ask, self.alice, watchers=[self.bob])
        self.done(tickets.transition, self.carol, ticket, Action.WAIT, message="Which colour?")

        self.assertEqual(self.told(Kind.WAITING), {"alice"})
        self.assertEqual(self.emailed(Kind.WAITING), {"alice"})

    def test_it_tells_requester_and_watchers_a_request_is_resolved(self) -> None:
        ticket = self.done(self.ask, self.alice, watchers=[self.bob])
        self.done(tickets.transition, self.carol, ticket, Action.RESOLVE)

        self.assertEqual(self.told(Kind.RESOLVED), {"alice", "bob"})
        self.assertEqual(self.emailed(Kind.RESOLVED), {"alice", "bob"})


class AssignedTests(NotificationTestCase):
    def test_it_tells_the_new_assignee_only(self) -> None:
        ticket = self.done(self.ask, self.alice)
        self.done(tickets.assign, self.erin, ticket, self.carol)

        self.assertEqual(self.told(Kind.ASSIGNED), {"carol"})
        self.assertEqual(self.emailed(Kind.ASSIGNED), {"carol"})

    def test_it_does_not_tell_someone_who_takes_a_request_themself(self) -> None:
        ticket = self.done(self.ask, self.alice)
        self.done(tickets.assign, self.carol, ticket, self.carol)

        self.assertEqual(self.told(Kind.ASSIGNED), set())
        self.assertEqual(self.emailed(Kind.ASSIGNED), set())


class TransferredTests(NotificationTestCase):
    def test_it_tells_the_receiving_team_and_never_the_requester(self) -> None:
        ticket = self.done(self.ask, self.alice, watchers=[self.bob])
        self.done(
            tickets.transfer,
            self.carol,
            ticket,
            self.payroll,
            "Payslip, not laptop.",
            reason="wrong_team",
        )

        self.assertEqual(self.told(Kind.TRANSFERRED), {"dave", "grace"})
        self.assertEqual(self.emailed(Kind.TRANSFERRED), {"dave", "grace"})


class ConfidentialTests(NotificationTestCase):
    def test_it_tells_only_the_requester_and_the_team_about_a_confidential_request(self) -> None:
        ticket = self.done(self.ask, self.alice, self.er_case, subject="About my manager")
        self.done(tickets.reply, self.frank, ticket, "Let us talk.")
        self.done(tickets.reply, self.alice, ticket, "Thursday?")
        self.done(tickets.transition, self.frank, ticket, Action.RESOLVE)

        everyone = (
            self.told(Kind.RECEIVED)
            | self.told(Kind.REPLY)
            | self.told(Kind.RESOLVED)
            | self.emailed(Kind.RECEIVED)
            | self.emailed(Kind.REPLY)
            | self.emailed(Kind.RESOLVED)
        )
        self.assertEqual(everyone, {"alice"})

    def test_a_watcher_the_team_added_hears_about_replies(self) -> None:
        ticket = self.done(self.ask, self.alice, self.er_case)
        tickets.add_watcher(self.frank, ticket, self.bob)
        self.done(tickets.reply, self.frank, ticket, "Noted.")

        self.assertEqual(self.told(Kind.REPLY), {"alice", "bob"})

    def test_an_assignee_who_left_the_team_no_longer_hears(self) -> None:
        ivy = org.create_person(
            username="ivy", name="Ivy Relations", email="ivy@example.org", team=self.er
        )
        ticket = self.done(self.ask, self.alice, self.er_case)
        tickets.assign(self.frank, ticket, ivy)
        org.remove_member(self.er, ivy)
        self.done(tickets.reply, self.alice, ticket, "Any news?")

        self.assertEqual(self.told(Kind.REPLY), set())
        self.assertEqual(self.emailed(Kind.REPLY), set())


class PreferenceTests(NotificationTestCase):
    def test_it_switches_email_off_for_one_kind_and_keeps_the_app(self) -> None:
        notifications.set_preferences(self.alice, {(Kind.REPLY, Channel.EMAIL): False})
        ticket = self.done(self.ask, self.alice)
        self.done(tickets.reply, self.carol, ticket, "On its way.")

        self.assertEqual(self.told(Kind.REPLY), {"alice"})
        self.assertEqual(self.emailed(Kind.REPLY), set())
        self.assertEqual(self.emailed(Kind.RECEIVED), {"alice"})  # other kinds unchanged

    def test_it_switches_the_app_off_for_one_kind_and_keeps_email(self) -> None:
        notifications.set_preferences(self.alice, {(Kind.REPLY, Channel.IN_APP): False})
        ticket = self.done(self.ask, self.alice)
        self.done(tickets.reply, self.carol, ticket, "On its way.")

        self.assertEqual(self.told(Kind.REPLY), set())
        self.assertEqual(self.emailed(Kind.REPLY), {"alice"})
        self.assertEqual(self.told(Kind.RECEIVED), {"alice"})

    def test_it_switches_both_off_without_touching_other_people(self) -> None:
        notifications.set_preferences(
            self.alice,
            {(Kind.RESOLVED, Channel.IN_APP): False, (Kind.RESOLVED, Channel.EMAIL): False},
        )
        ticket = self.done(self.ask, self.alice, watchers=[self.bob])
        self.done(tickets.transition, self.carol, ticket, Action.RESOLVE)

        self.assertEqual(self.told(Kind.RESOLVED), {"bob"})
        self.assertEqual(self.emailed(Kind.RESOLVED), {"bob"})

    def test_it_refuses_an_unknown_preference_and_stores_nothing(self) -> None:
        with self.assertRaises(ValueError):
            notifications.set_preferences(
                self.alice, {(Kind.REPLY, Channel.EMAIL): False, ("gossip", Channel.EMAIL): False}
            )
        self.assertFalse(self.alice.notification_preferences.exists())
