"""Concerns through the service and the hourly task: whom a concern goes to, its due time, the
answer, escalation when overdue, and the emails (which never carry the concern's words)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from inservice.feedback.models.suggestions import Concern
from inservice.feedback.services import suggestions as services
from inservice.feedback.tasks_suggestions import escalate_overdue
from inservice.notifications.choices import Kind
from inservice.notifications.models import Notification
from inservice.org import services as org
from inservice.org.choices import Role
from inservice.org.models import Person, Team
from inservice.org.tests.api_support import make_person, make_team
from inservice.test import BaseTestCase

MONDAY = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
DUE = datetime(2026, 11, 27, 17, 0, tzinfo=UTC)  # the 5th working day, Monday counting
WORDS = "The agent closed my request twice without reading it."


class ConcernTestCase(BaseTestCase):
    def raise_(
        self,
        person: Person | None = None,
        team: Team | None = None,
        *,
        body: str = WORDS,
        about_lead: bool = False,
    ) -> Concern:
        new = services.NewConcern(team=team or self.it, body=body, about_lead=about_lead)
        with time_machine.travel(MONDAY, tick=False), self.captureOnCommitCallbacks(execute=True):
            return services.raise_concern(person or self.alice, new)

    def told(self, kind: Kind) -> list[str]:
        rows = Notification.objects.filter(kind=kind).order_by("recipient__username")
        return list(rows.values_list("recipient__username", flat=True))


class RaiseTests(ConcernTestCase):
    def test_it_goes_to_the_team_s_lead_named_and_due_in_five_working_days(self) -> None:
        concern = self.raise_()
        self.assertEqual(concern.addressee, self.erin)
        self.assertEqual(concern.raiser, self.alice)
        self.assertEqual(concern.due_at, DUE)
        self.assertEqual(concern.tone, "neutral")
        self.assertEqual(self.told(Kind.CONCERN), ["erin"])
        message = mail.outbox[0]
        self.assertEqual(message.to, ["erin@example.org"])
        self.assertEqual(message.subject, "A concern about IT Service Desk was raised with you")
        self.assertIn("Alice Asker raised a concern with you, in confidence", message.body)
        self.assertNotIn("closed my request", message.body)  # confidential: not by email

    def test_about_the_lead_it_goes_to_the_lead_s_manager(self) -> None:
        boss = make_person(name="Ida Boss")
        lead = make_person(name="Lee Lead", manager=boss)
        team = make_team()
        org.add_member(team, lead, Role.LEAD)
        self.assertEqual(self.raise_(team=team, about_lead=True).addressee, boss)
        self.assertEqual(self.raise_(team=team).addressee, lead)
        # A lead raising one about their own team goes above themselves too.
        self.assertEqual(self.raise_(lead, team=team).addressee, boss)

    def test_with_no_one_above_the_lead_the_administrators_hold_it(self) -> None:
        concern = self.raise_(about_lead=True)  # erin has no manager
        self.assertIsNone(concern.addressee)
        self.assertEqual(self.told(Kind.CONCERN), ["root"])

    def test_an_empty_concern_is_refused_and_nothing_is_stored(self) -> None:
        for body, message in (
            ("  ", "Describe your concern: what happened, and what you expected."),
            ("x" * 5001, "Keep it to 5,000 characters or fewer."),
        ):
            with self.subTest(size=len(body)), self.assertRaises(ValidationError) as raised:
                self.raise_(body=body)
            self.assertEqual(raised.exception.message_dict["body"], [message])
        self.assertFalse(Concern.objects.exists())
        self.assertEqual(mail.outbox, [])


class AnswerTests(ConcernTestCase):
    def test_the_addressee_answers_once_and_the_raiser_is_told(self) -> None:
        concern = self.raise_()
        mail.outbox.clear()
        for outsider in (self.alice, self.carol, self.grace, self.root):
            with self.subTest(outsider=outsider.username), self.assertRaises(PermissionDenied):
                services.answer_concern(outsider, concern, "Sorry.")
        with self.assertRaises(ValidationError) as raised:
            services.answer_concern(self.erin, concern, " ")
        self.assertEqual(
            raised.exception.message_dict["answer"], ["Write your answer to the concern."]
        )
        with self.captureOnCommitCallbacks(execute=True):
            services.answer_concern(self.erin, concern, "I am sorry: I have spoken to the agent.")
        concern.refresh_from_db()
        self.assertEqual(concern.answered_by, self.erin)
        self.assertEqual(self.told(Kind.CONCERN_ANSWER), ["alice"])
        self.assertEqual(mail.outbox[0].subject, "Your concern about IT Service Desk was answered")
        self.assertNotIn("spoken to the agent", mail.outbox[0].body)
        with self.assertRaises(ValidationError):
            services.answer_concern(self.erin, concern, "Again.")


class EscalationTests(ConcernTestCase):
    def escalate(self, at: datetime) -> int:
        with time_machine.travel(at, tick=False), self.captureOnCommitCallbacks(execute=True):
            return int(escalate_overdue.delay().get())

    def test_an_overdue_concern_goes_to_the_addressee_s_manager_once(self) -> None:
        boss = make_person(name="Ida Boss")
        lead = make_person(name="Lee Lead", manager=boss)
        team = make_team()
        org.add_member(team, lead, Role.LEAD)
        concern = self.raise_(team=team)
        answered = self.raise_(self.bob, team=team)
        services.answer_concern(lead, answered, "Sorted.")
        self.assertEqual(self.escalate(DUE - timedelta(minutes=1)), 0)
        self.assertEqual(self.escalate(DUE + timedelta(hours=1)), 1)
        concern.refresh_from_db()
        self.assertEqual(concern.escalated_to, boss)
        escalated = Notification.objects.get(event_key=f"concern:{concern.pk}:escalated")
        self.assertEqual(escalated.recipient, boss)
        message = next(m for m in mail.outbox if m.to == [boss.email])
        self.assertIn("is now with you too", message.body)
        self.assertEqual(self.escalate(DUE + timedelta(hours=2)), 0)
        # Both may answer now.
        services.answer_concern(boss, concern, "I will look into it with Lee.")

    def test_with_no_manager_above_it_the_administrators_hear(self) -> None:
        self.raise_()  # erin has no manager
        self.escalate(DUE + timedelta(hours=1))
        escalated = Notification.objects.filter(event_key__endswith=":escalated")
        self.assertEqual(list(escalated.values_list("recipient__username", flat=True)), ["root"])
