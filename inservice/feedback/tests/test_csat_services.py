"""Asking after resolution (sampling and caps), rating once, closing the loop on low ratings, and
the rules per service: through services.csat, as pages, the email link and the API use it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from inservice.feedback.models.csat import FollowUp, Rating, RatingChannel, SurveyRule
from inservice.feedback.services import csat
from inservice.feedback.tests.test_csat_support import MONDAY, CsatTestCase
from inservice.notifications.choices import Kind
from inservice.notifications.models import Notification
from inservice.org.models import Person
from inservice.tickets import services as tickets
from inservice.tickets.choices import EntryKind, Status
from inservice.tickets.models import Ticket

FRIDAY_AFTERNOON = datetime(2026, 11, 27, 15, 0, tzinfo=UTC)


@time_machine.travel(MONDAY, tick=False)
class AskingTests(CsatTestCase):
    def test_it_asks_the_requester_when_a_request_is_resolved(self) -> None:
        ticket, rating = self.resolved()
        self.assertEqual(rating.requester, self.alice)
        self.assertEqual((rating.team, rating.service), (self.it, self.laptop))
        self.assertEqual(rating.asked_at, MONDAY)
        self.assertEqual(rating.expires_at, MONDAY + timedelta(days=14))
        self.assertIsNone(rating.score)
        self.assertEqual(ticket.status, Status.RESOLVED)

    def test_it_asks_once_however_often_a_request_is_resolved(self) -> None:
        ticket, rating = self.resolved()
        with time_machine.travel(MONDAY + timedelta(days=1), tick=False):
            tickets.transition(self.alice, ticket, "reopen")
            self.resolve(ticket)
        self.assertEqual(Rating.objects.filter(ticket=ticket).count(), 1)
        self.assertEqual(Rating.objects.get(ticket=ticket).asked_at, rating.asked_at)

    def test_it_asks_one_in_n_of_a_service_s_requests(self) -> None:
        csat.set_survey_rule(self.erin, self.laptop, every=3, cap_days=0)
        asked = []
        for n in range(7):
            ticket = self.resolve(self.ask(self.bob if n % 2 else self.alice))
            asked.append(Rating.objects.filter(ticket=ticket).exists())
        self.assertEqual(asked, [True, False, False, True, False, False, True])
        self.assertEqual(SurveyRule.objects.get(service=self.laptop).resolved_count, 7)
        # Another service without a rule asks every time.
        self.assertTrue(self.resolved(service=self.payslip)[1].pk)

    def test_a_request_not_sampled_is_not_asked_when_resolved_again(self) -> None:
        csat.set_survey_rule(self.erin, self.laptop, every=2, cap_days=0)
        self.resolve(self.ask())  # the first of two: asked
        skipped = self.resolve(self.ask())
        tickets.transition(self.alice, skipped, "reopen")
        self.resolve(skipped)
        self.assertFalse(Rating.objects.filter(ticket=skipped).exists())
        self.assertEqual(SurveyRule.objects.get(service=self.laptop).resolved_count, 2)

    def test_it_asks_a_person_at_most_once_per_capped_days(self) -> None:
        csat.set_survey_rule(self.erin, self.laptop, every=1, cap_days=30)
        first = self.resolve(self.ask())
        second = self.resolve(self.ask())
        bobs = self.resolve(self.ask(self.bob))
        with time_machine.travel(MONDAY + timedelta(days=30, minutes=1), tick=False):
            later = self.resolve(self.ask())
        asked = set(Rating.objects.values_list("ticket_id", flat=True))
        self.assertEqual(asked, {first.pk, bobs.pk, later.pk})
        self.assertNotIn(second.pk, asked)

    def test_it_does_not_ask_a_requester_who_has_left(self) -> None:
        ticket = self.ask(self.bob)
        Person.objects.filter(pk=self.bob.pk).update(is_active=False)  # as the directory sync does
        self.resolve(ticket)
        self.assertFalse(Rating.objects.filter(ticket=ticket).exists())


@time_machine.travel(MONDAY, tick=False)
class RatingTests(CsatTestCase):
    def test_it_records_a_rating_once_with_how_its_comment_reads(self) -> None:
        _ticket, rating = self.resolved()
        csat.rate(
            rating,
            5,
            comment="  Brilliant, thank you!  ",
            channel=RatingChannel.APP,
            actor=self.alice,
        )
        rating.refresh_from_db()
        self.assertEqual((rating.score, rating.comment), (5, "Brilliant, thank you!"))
        self.assertEqual((rating.tone, rating.channel), ("positive", "app"))
        self.assertGreater(rating.tone_score or 0, 0.5)
        self.assertEqual(rating.rated_at, MONDAY)
        self.assertFalse(FollowUp.objects.exists())

    def test_scores_outside_the_scale_are_refused_and_nothing_is_stored(self) -> None:
        _ticket, rating = self.resolved()
        for bad in (0, 6, -1, "5", None, True, 4.5):
            with self.subTest(score=bad), self.assertRaises(ValidationError) as refused:
                csat.rate(rating, bad, channel=RatingChannel.API, actor=self.alice)
            self.assertEqual(
                refused.exception.message_dict,
                {"score": ["Choose a score from 1 (very poor) to 5 (excellent)."]},
            )
        rating.refresh_from_db()
        self.assertIsNone(rating.score)
        self.assertIsNone(rating.rated_at)

    def test_a_comment_over_2000_characters_is_refused(self) -> None:
        _ticket, rating = self.resolved()
        with self.assertRaises(ValidationError) as refused:
            csat.rate(rating, 4, comment="x" * 2001, channel=RatingChannel.APP, actor=self.alice)
        self.assertEqual(
            refused.exception.message_dict,
            {"comment": ["Keep the comment under 2,000 characters (it has 2,001)."]},
        )
        self.assertIsNone(Rating.objects.get(pk=rating.pk).score)

    def test_a_second_rating_is_refused_naming_the_day_of_the_first(self) -> None:
        _ticket, rating = self.resolved()
        csat.rate(rating, 4, channel=RatingChannel.EMAIL)
        with (
            time_machine.travel(MONDAY + timedelta(days=2), tick=False),
            self.assertRaises(ValidationError) as refused,
        ):
            csat.rate(rating, 1, comment="Changed my mind", channel=RatingChannel.APP)
        self.assertEqual(
            refused.exception.message_dict,
            {"score": ["You already rated this request on 23 Nov 2026."]},
        )
        rating.refresh_from_db()
        self.assertEqual((rating.score, rating.comment, rating.channel), (4, "", "email"))

    def test_a_rating_after_14_days_is_refused(self) -> None:
        _ticket, rating = self.resolved()
        with (
            time_machine.travel(MONDAY + timedelta(days=14), tick=False),
            self.assertRaises(ValidationError) as refused,
        ):
            csat.rate(rating, 5, channel=RatingChannel.APP, actor=self.alice)
        self.assertIn("this one closed on 7 Dec 2026", refused.exception.message_dict["score"][0])
        self.assertIsNone(Rating.objects.get(pk=rating.pk).score)

    def test_only_the_requester_rates(self) -> None:
        _ticket, rating = self.resolved()
        for someone in (self.carol, self.erin, self.bob):
            with self.subTest(who=someone.username), self.assertRaises(PermissionDenied):
                csat.rate(rating, 5, channel=RatingChannel.API, actor=someone)
        self.assertIsNone(Rating.objects.get(pk=rating.pk).score)


class LowRatingTests(CsatTestCase):
    @time_machine.travel(FRIDAY_AFTERNOON, tick=False)
    def test_a_low_rating_asks_the_leads_to_answer_within_two_working_days(self) -> None:
        ticket, rating = self.resolved()
        mail.outbox.clear()
        with self.captureOnCommitCallbacks(execute=True):
            csat.rate(rating, 2, comment="Far too slow.", channel=RatingChannel.EMAIL)
        follow_up = FollowUp.objects.get(rating=rating)
        self.assertEqual(follow_up.team, self.it)
        # Friday afternoon counts as the first working day; the team works 09:00-17:00 UTC.
        self.assertEqual(follow_up.due_at, datetime(2026, 11, 30, 17, 0, tzinfo=UTC))
        told = Notification.objects.get(kind=Kind.LOW_RATING)
        self.assertEqual(told.recipient, self.erin)
        self.assertEqual(told.link, f"/feedback/follow-ups/{follow_up.pk}/")
        self.assertEqual(told.title, f"{ticket.key} Laptop for new project")
        self.assertFalse(Notification.objects.filter(kind=Kind.LOW_RATING, recipient=self.carol))
        [email] = mail.outbox
        self.assertEqual(email.to, ["erin@example.org"])
        self.assertEqual(email.subject, f"[{ticket.key}] Rated 2 of 5: answer the requester")
        self.assertIn("Far too slow.", email.body)
        self.assertIn("answer them by 30 Nov 2026, 18:00 CET", email.body)  # Erin is in Berlin
        self.assertIn(f"/feedback/follow-ups/{follow_up.pk}/", email.body)

    @time_machine.travel(MONDAY, tick=False)
    def test_reopening_with_a_low_rating_reopens_the_request_with_a_timeline_entry(self) -> None:
        ticket, rating = self.resolved()
        csat.rate(
            rating,
            1,
            comment="Still broken.",
            reopen=True,
            channel=RatingChannel.APP,
            actor=self.alice,
        )
        ticket.refresh_from_db()
        self.assertEqual(ticket.status, Status.IN_PROGRESS)
        self.assertIsNone(ticket.resolved_at)
        entry = ticket.entries.filter(kind=EntryKind.STATUS).latest("id")
        self.assertEqual(entry.actor, self.alice)
        self.assertEqual(entry.data["action"], "reopen")
        rating.refresh_from_db()
        self.assertTrue(rating.reopened)
        self.assertTrue(FollowUp.objects.filter(rating=rating).exists())

    @time_machine.travel(MONDAY, tick=False)
    def test_reopening_is_refused_with_a_high_score_or_after_the_window(self) -> None:
        ticket, rating = self.resolved()
        with self.assertRaises(ValidationError) as refused:
            csat.rate(rating, 4, reopen=True, channel=RatingChannel.APP, actor=self.alice)
        self.assertIn("Reopening goes with a score of 1 or 2", refused.exception.messages[0])
        with (
            time_machine.travel(MONDAY + timedelta(days=8), tick=False),
            self.assertRaises(ValidationError) as late,
        ):
            csat.rate(rating, 1, reopen=True, channel=RatingChannel.APP, actor=self.alice)
        self.assertEqual(
            late.exception.message_dict,
            {
                "reopen": [
                    "A resolved request can be reopened for 7 days; ask again with a new request."
                ]
            },
        )
        # Nothing stored: no score, no follow-up, the request still resolved.
        self.assertIsNone(Rating.objects.get(pk=rating.pk).score)
        self.assertFalse(FollowUp.objects.exists())
        self.assertEqual(Ticket.objects.get(pk=ticket.pk).status, Status.RESOLVED)

    @time_machine.travel(MONDAY, tick=False)
    def test_a_lead_answers_once_and_the_requester_is_told(self) -> None:
        ticket, rating = self.resolved()
        csat.rate(rating, 1, comment="Nobody answered.", channel=RatingChannel.EMAIL)
        follow_up = FollowUp.objects.get(rating=rating)
        with self.assertRaises(PermissionDenied):
            csat.answer_follow_up(self.carol, follow_up, "Sorry!")  # an agent, not a lead
        with self.assertRaises(ValidationError) as empty:
            csat.answer_follow_up(self.erin, follow_up, "   ")
        self.assertEqual(
            empty.exception.message_dict, {"answer": ["Write your answer to the requester first."]}
        )
        mail.outbox.clear()
        with self.captureOnCommitCallbacks(execute=True):
            csat.answer_follow_up(self.erin, follow_up, "Sorry, we have changed the routing.")
        follow_up.refresh_from_db()
        self.assertEqual((follow_up.answered_by, follow_up.answered_at), (self.erin, MONDAY))
        told = Notification.objects.get(kind=Kind.LOOP_CLOSED)
        self.assertEqual((told.recipient, told.link), (self.alice, f"/requests/{ticket.key}/"))
        [email] = mail.outbox
        self.assertEqual(email.to, ["alice@example.org"])
        self.assertEqual(email.subject, f"[{ticket.key}] IT Service Desk answered your rating")
        self.assertIn("Sorry, we have changed the routing.", email.body)
        with self.assertRaises(ValidationError) as twice:
            csat.answer_follow_up(self.erin, follow_up, "Another answer")
        self.assertEqual(
            twice.exception.message_dict,
            {"answer": ["Erin Lead answered this rating on 23 Nov 2026 already."]},
        )
        self.assertEqual(
            FollowUp.objects.get(pk=follow_up.pk).answer, "Sorry, we have changed the routing."
        )

    @time_machine.travel(MONDAY, tick=False)
    def test_the_leads_email_is_not_sent_once_the_follow_up_is_answered(self) -> None:
        from inservice.feedback import emails_csat
        from inservice.notifications.models import Delivery

        _ticket, rating = self.resolved()
        csat.rate(rating, 2, channel=RatingChannel.EMAIL)  # its email waits for the commit
        follow_up = FollowUp.objects.get(rating=rating)
        csat.answer_follow_up(self.erin, follow_up, "Sorted out on the phone.")
        delivery = Delivery.objects.get(kind=Kind.LOW_RATING, recipient=self.erin)
        self.assertIsNone(emails_csat.render(delivery))


@time_machine.travel(MONDAY, tick=False)
class RuleTests(CsatTestCase):
    def test_a_lead_of_the_owning_team_sets_the_rule_within_bounds(self) -> None:
        rule = csat.set_survey_rule(self.erin, self.laptop, every=4, cap_days=30)
        self.assertEqual((rule.every, rule.cap_days, rule.updated_by), (4, 30, self.erin))
        for every, cap, field in ((0, 0, "every"), (1, -1, "cap_days"), (1, 366, "cap_days")):
            with self.subTest(every=every, cap=cap), self.assertRaises(ValidationError) as bad:
                csat.set_survey_rule(self.erin, self.laptop, every=every, cap_days=cap)
            self.assertEqual(list(bad.exception.message_dict), [field])
        with self.assertRaises(PermissionDenied):
            csat.set_survey_rule(self.grace, self.laptop, every=1, cap_days=0)  # Payroll's lead
        self.assertEqual(SurveyRule.objects.get(service=self.laptop).every, 4)
