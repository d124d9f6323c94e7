"""Making, answering and replying to suggestions through the service: what is stored (and what
is not, for anonymous ones), the due time, and every refusal with nothing written."""

from __future__ import annotations

from datetime import UTC, datetime

import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings

from inservice.feedback.models.suggestions import Side, Suggestion, SuggestionMessage
from inservice.feedback.services import suggestions as services
from inservice.feedback.tests.test_suggestions_support import (
    ANONYMOUS_DUE,
    MONDAY,
    NAMED_DUE,
    TUESDAY,
    SuggestionTestCase,
)
from inservice.org.services import token_digest


class SubmitTests(SuggestionTestCase):
    def test_it_keeps_nothing_that_links_an_anonymous_suggestion_to_its_author(self) -> None:
        submitted = self.suggest(self.alice)
        suggestion = Suggestion.objects.get()
        self.assertTrue(suggestion.anonymous)
        self.assertIsNone(suggestion.author)
        # Only the digest of the private link's secret is kept.
        self.assertGreaterEqual(len(submitted.secret), 40)
        self.assertEqual(suggestion.follow_digest, token_digest(submitted.secret))
        self.assertNotIn(submitted.secret, str(Suggestion.objects.values().get()))
        self.assertEqual(submitted.follow_path, f"/feedback/suggestions/follow/{submitted.secret}/")
        # Kept to the day, seen by the team from the end of it, due ten working days later.
        self.assertEqual(suggestion.created_at, datetime(2026, 11, 23, tzinfo=UTC))
        self.assertEqual(suggestion.reaches_team_at, datetime(2026, 11, 24, tzinfo=UTC))
        self.assertEqual(suggestion.due_at, ANONYMOUS_DUE)
        self.assertEqual(suggestion.status, "new")

    def test_it_keeps_a_named_suggestion_with_its_author_and_the_moment(self) -> None:
        submitted = self.suggest(self.bob, anonymous=False)
        suggestion = Suggestion.objects.get()
        self.assertEqual(submitted.secret, "")
        self.assertEqual(suggestion.author, self.bob)
        self.assertEqual(suggestion.follow_digest, "")
        self.assertEqual(suggestion.created_at, MONDAY)
        self.assertEqual(suggestion.reaches_team_at, MONDAY)
        self.assertEqual(suggestion.due_at, NAMED_DUE)

    def test_it_scores_the_suggestion_s_tone_and_stores_it_with_the_text(self) -> None:
        self.suggest(title="Terrible queue", body="The wait is awful and the staff are rude.")
        self.suggest(title="Great idea", body="A self-service kiosk would be wonderful, thanks!")
        tones = dict(Suggestion.objects.values_list("title", "tone"))
        self.assertEqual(tones, {"Terrible queue": "negative", "Great idea": "positive"})
        self.assertLess(Suggestion.objects.get(title="Terrible queue").tone_score or 0, -0.05)

    def test_it_refuses_an_empty_suggestion_saying_what_is_missing(self) -> None:
        for title, body, field, message in (
            ("", "Something", "title", "Give your suggestion a short title."),
            ("Idea", "   ", "body", "Say what you suggest: an empty suggestion cannot be sent."),
            ("x" * 201, "Something", "title", "Keep the title to 200 characters or fewer."),
            ("Idea", "x" * 5001, "body", "Keep it to 5,000 characters or fewer."),
        ):
            with self.subTest(field=field), self.assertRaises(ValidationError) as raised:
                self.suggest(title=title, body=body)
            self.assertEqual(raised.exception.message_dict[field], [message])
        self.assertFalse(Suggestion.objects.exists())

    @override_settings(FEEDBACK_ORG_SUGGESTIONS_TEAM="pay")
    def test_it_counts_an_organisation_wide_suggestion_in_the_owning_team_s_calendar(
        self,
    ) -> None:
        self.suggest(team=None, anonymous=False)
        suggestion = Suggestion.objects.get()
        self.assertIsNone(suggestion.team)
        self.assertEqual(suggestion.due_at, NAMED_DUE)  # Payroll works the default hours too


class AnswerTests(SuggestionTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.suggestion = self.suggest().suggestion

    def test_it_records_the_first_answer_with_its_status_and_keeps_the_first_time(self) -> None:
        first = self.answer(self.suggestion, "under_review", "We are looking at it.")
        later = datetime(2026, 11, 30, 11, tzinfo=UTC)
        second = self.answer(self.suggestion, "done", "Open until six from today.", at=later)
        self.suggestion.refresh_from_db()
        self.assertEqual(self.suggestion.status, "done")
        self.assertEqual(self.suggestion.first_answered_at, TUESDAY)
        self.assertEqual(self.suggestion.last_answered_at, later)
        self.assertEqual(self.suggestion.latest_answer, second)
        self.assertEqual(
            [
                (m.side, m.author, m.new_status, m.position)
                for m in self.suggestion.messages.thread()
            ],
            [(Side.TEAM, self.erin, "under_review", 1), (Side.TEAM, self.erin, "done", 2)],
        )
        self.assertTrue(first.is_status_change)
        self.assertEqual(first.tone, "neutral")

    def test_the_first_answer_must_give_a_status_and_nothing_is_written_otherwise(self) -> None:
        with self.assertRaises(ValidationError) as raised:
            self.answer(self.suggestion, None, "Thanks!")
        self.assertEqual(
            raised.exception.message_dict["status"],
            ["Answer with a status: under review, planned, done, declined."],
        )
        self.assertFalse(SuggestionMessage.objects.exists())
        self.suggestion.refresh_from_db()
        self.assertIsNone(self.suggestion.first_answered_at)

    def test_declining_needs_a_reason_which_the_suggestion_then_shows(self) -> None:
        with self.assertRaises(ValidationError) as raised:
            self.answer(self.suggestion, "declined", "No.")
        self.assertEqual(
            raised.exception.message_dict["reason"],
            ["Say why it is declined: the person who suggested it reads this."],
        )
        self.answer(self.suggestion, "declined", "", reason="The building closes at five.")
        self.suggestion.refresh_from_db()
        self.assertEqual(self.suggestion.decline_reason, "The building closes at five.")
        # Planned after all: the old reason no longer stands.
        self.answer(self.suggestion, "planned", "The landlord agreed.")
        self.suggestion.refresh_from_db()
        self.assertEqual(self.suggestion.decline_reason, "")

    def test_it_refuses_what_makes_no_sense(self) -> None:
        self.answer(self.suggestion, "planned")
        for status, body, reason, field, message in (
            ("new", "x", "", "status", "A suggestion does not go back to new"),
            ("maybe", "x", "", "status", "Choose one of: under review, planned"),
            ("planned", "", "", "body", "Write an answer, or choose a new status."),
            (None, "", "", "body", "Write an answer, or choose a new status."),
            ("done", "x", "Because", "reason", "A reason goes with declining only."),
        ):
            with self.subTest(status=status), self.assertRaises(ValidationError) as raised:
                self.answer(self.suggestion, status, body, reason=reason)
            self.assertIn(message, raised.exception.message_dict[field][0])
        self.assertEqual(SuggestionMessage.objects.count(), 1)

    def test_only_the_team_answers_and_only_once_the_suggestion_reached_it(self) -> None:
        for outsider in (self.dave, self.bob, self.alice):
            with self.subTest(outsider=outsider.username), self.assertRaises(PermissionDenied):
                self.answer(self.suggestion, person=outsider)
        with self.assertRaises(PermissionDenied):  # Monday: it reaches IT at midnight
            self.answer(self.suggestion, person=self.carol, at=MONDAY)
        self.answer(self.suggestion, person=self.carol)  # a member, not only the lead
        self.answer(self.suggestion, "done", person=self.root)  # administrators too
        self.assertEqual(SuggestionMessage.objects.count(), 2)


class ReplyTests(SuggestionTestCase):
    def test_an_anonymous_reply_names_no_one_and_reaches_the_team_the_next_day(self) -> None:
        suggestion = self.suggest().suggestion
        self.answer(suggestion)
        at = datetime(2026, 11, 25, 15, 12, tzinfo=UTC)
        with time_machine.travel(at, tick=False):
            reply = services.reply_as_submitter(suggestion, "  Thank you! From January is fine. ")
        self.assertEqual(reply.body, "Thank you! From January is fine.")
        self.assertIsNone(reply.author)
        self.assertEqual(reply.side, Side.SUBMITTER)
        self.assertEqual(reply.created_at, datetime(2026, 11, 25, tzinfo=UTC))
        self.assertEqual(reply.reaches_team_at, datetime(2026, 11, 26, tzinfo=UTC))
        self.assertEqual(reply.tone, "positive")
        self.assertEqual(reply.position, 2)
        with self.assertRaises(ValueError):  # an anonymous thread never takes a name
            services.reply_as_submitter(suggestion, "Hi", author=self.alice)

    def test_a_named_reply_is_its_author_s_alone_and_an_empty_one_is_refused(self) -> None:
        suggestion = self.suggest(self.bob, anonymous=False).suggestion
        with self.assertRaises(PermissionDenied):
            services.reply_as_submitter(suggestion, "Me too", author=self.alice)
        with self.assertRaises(ValidationError) as raised:
            services.reply_as_submitter(suggestion, "  ", author=self.bob)
        self.assertEqual(
            raised.exception.message_dict["body"], ["Write your reply before sending it."]
        )
        self.assertFalse(SuggestionMessage.objects.exists())
        reply = services.reply_as_submitter(suggestion, "Any news?", author=self.bob)
        self.assertEqual(reply.author, self.bob)
