"""Availability: people say whether they can take work; out of office hands their open requests
to a delegate (in the request's team) or back to the team queue, and they come back on their own."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import time_machine
from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inservice.celery import app
from inservice.notifications.choices import Kind
from inservice.notifications.models import Delivery, Notification
from inservice.org import services as org
from inservice.org.choices import Availability
from inservice.org.models import Person
from inservice.org.tasks import end_past_absences, reassign_while_out_of_office
from inservice.test import BaseTestCase
from inservice.tickets import services as tickets
from inservice.tickets.choices import EntryKind
from inservice.tickets.lifecycle import Action
from inservice.tickets.models import Ticket, TimelineEntry

# Monday 23 November 2026, 10:00 UTC: 11:00 in Berlin (carol, erin), 05:00 in New York (alice).
MONDAY = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
FRIDAY = date(2026, 11, 27)
HTMX = {"HX-Request": "true"}
OUT = Availability.OUT_OF_OFFICE


def fresh(person: Person) -> Person:
    return Person.objects.get(pk=person.pk)


@time_machine.travel(MONDAY, tick=False)
class AvailabilityTestCase(BaseTestCase):
    def assigned(self, agent: Person, asker: Person | None = None, **kw: Any) -> Ticket:
        """A request of one of `agent`'s teams, assigned to them by themselves."""
        ticket = self.ask(asker or self.alice, **kw)
        return tickets.assign(agent, ticket, agent)

    def go_out(self, person: Person, **kw: Any) -> Person:
        """Out of office through the service, with what it schedules on commit run."""
        kw.setdefault("until", FRIDAY)
        with self.captureOnCommitCallbacks(execute=True):
            return org.set_availability(person, OUT, **kw)

    def moved(self, ticket: Ticket) -> TimelineEntry:
        return TimelineEntry.objects.get(ticket=ticket, kind=EntryKind.AVAILABILITY)

    def reassigned_to(self) -> set[str]:
        rows = Notification.objects.filter(kind=Kind.REASSIGNED)
        return set(rows.values_list("recipient__username", flat=True))


class SettingTests(AvailabilityTestCase):
    def test_it_sets_out_of_office_with_a_date_and_a_delegate(self) -> None:
        org.set_availability(self.carol, OUT, until=FRIDAY, delegate=self.erin, by=self.carol)

        carol = fresh(self.carol)
        self.assertEqual(
            (carol.availability, carol.away_until, carol.delegate_id), (OUT, FRIDAY, self.erin.pk)
        )

    def test_it_clears_the_date_and_delegate_for_every_other_status(self) -> None:
        for status in (Availability.BUSY, Availability.AWAY, Availability.AVAILABLE):
            org.set_availability(self.carol, OUT, until=FRIDAY, delegate=self.erin)
            with self.subTest(status=status):
                org.set_availability(self.carol, status, until=FRIDAY, delegate=self.erin)
                carol = fresh(self.carol)
                self.assertEqual(
                    (carol.availability, carol.away_until, carol.delegate_id), (status, None, None)
                )

    def test_it_accepts_today_where_the_person_is_as_the_last_day(self) -> None:
        # 01:00 UTC on Monday is Sunday evening in New York: Sunday is still alice's today.
        with time_machine.travel(datetime(2026, 11, 23, 1, 0, tzinfo=UTC), tick=False):
            org.set_availability(self.alice, OUT, until=date(2026, 11, 22))
        self.assertEqual(fresh(self.alice).away_until, date(2026, 11, 22))

    def test_it_refuses_out_of_office_without_a_date_or_with_a_past_one(self) -> None:
        cases = [
            (None, "Give the last day out of office."),
            (date(2026, 11, 22), "22 November 2026 has passed: choose today or a later day."),
        ]
        for until, message in cases:
            with self.subTest(until=until), self.assertRaises(ValidationError) as caught:
                org.set_availability(self.carol, OUT, until=until)
            self.assertEqual(caught.exception.message_dict, {"until": [message]})
        self.assertEqual(fresh(self.carol).availability, Availability.AVAILABLE)

    def test_it_refuses_a_delegate_who_is_the_person_inactive_or_out_of_office(self) -> None:
        gone = org.create_person(username="gone", name="Gone Person", email="gone@example.org")
        Person.objects.filter(pk=gone.pk).update(is_active=False)
        gone.is_active = False
        org.set_availability(self.dave, OUT, until=FRIDAY)
        cases = [
            (self.carol, "Choose a colleague other than Carol Agent as delegate."),
            (gone, "Gone Person no longer works here: choose an active colleague."),
            (self.dave, "Dave Payroll is out of office too: choose someone who is in."),
        ]
        for delegate, message in cases:
            with self.subTest(delegate=delegate.username), self.assertRaises(ValidationError) as e:
                org.set_availability(self.carol, OUT, until=FRIDAY, delegate=delegate)
            self.assertEqual(e.exception.message_dict, {"delegate": [message]})
        self.assertEqual(fresh(self.carol).availability, Availability.AVAILABLE)

    def test_it_refuses_an_unknown_status(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            org.set_availability(self.carol, "on_holiday")
        self.assertEqual(
            caught.exception.message_dict,
            {"status": ["Choose available, busy, away or out of office."]},
        )

    def test_it_lets_only_the_person_a_lead_of_their_team_or_an_administrator_set_it(self) -> None:
        for actor, allowed in (
            (self.carol, True),
            (self.erin, True),  # leads IT, where carol serves
            (self.root, True),
            (self.grace, False),  # leads Payroll, not carol's team
            (self.bob, False),
        ):
            with self.subTest(actor=actor.username):
                if allowed:
                    org.set_availability(self.carol, Availability.BUSY, by=actor)
                    self.assertEqual(fresh(self.carol).availability, Availability.BUSY)
                    org.set_availability(self.carol, Availability.AVAILABLE)
                else:
                    with self.assertRaises(PermissionDenied):
                        org.set_availability(self.carol, Availability.BUSY, by=actor)
                    self.assertEqual(fresh(self.carol).availability, Availability.AVAILABLE)


class ReassignmentTests(AvailabilityTestCase):
    def setUp(self) -> None:
        super().setUp()
        # carol also serves Payroll (where erin does not) and Employee Relations (confidential).
        org.add_member(self.payroll, self.carol)
        org.add_member(self.er, self.carol)
        self.laptop_request = self.assigned(self.carol)
        self.payslip_request = self.assigned(self.carol, service=self.payslip)
        self.concern = self.assigned(self.carol, asker=self.bob, service=self.er_case)
        self.resolved = self.assigned(self.carol)
        tickets.transition(self.carol, self.resolved, Action.RESOLVE)
        mail.outbox.clear()

    def test_it_hands_requests_of_the_delegates_team_to_the_delegate(self) -> None:
        self.go_out(self.carol, delegate=self.erin)

        self.laptop_request.refresh_from_db()
        self.assertEqual(self.laptop_request.assignee, self.erin)
        entry = self.moved(self.laptop_request)
        self.assertTrue(entry.is_internal)
        self.assertEqual(
            entry.body,
            "Carol Agent is out of office until 27 November 2026. "
            "Their delegate Erin Lead has the request meanwhile.",
        )
        self.assertEqual(entry.data["assignee"], self.erin.pk)

    def test_it_sends_requests_outside_the_delegates_teams_back_to_the_queue(self) -> None:
        self.go_out(self.carol, delegate=self.erin)

        self.payslip_request.refresh_from_db()
        self.assertIsNone(self.payslip_request.assignee)
        self.assertEqual(
            self.moved(self.payslip_request).body,
            "Carol Agent is out of office until 27 November 2026. Their delegate Erin Lead is "
            "not in Payroll, so the request is back in the team's queue for anyone to pick up.",
        )

    def test_it_sends_everything_back_to_the_queues_without_a_delegate(self) -> None:
        self.go_out(self.carol)

        for ticket in (self.laptop_request, self.payslip_request, self.concern):
            ticket.refresh_from_db()
            self.assertIsNone(ticket.assignee)
        self.assertIn("back in the IT Service Desk queue", self.moved(self.laptop_request).body)
        self.assertEqual(self.reassigned_to(), set())
        self.assertEqual(mail.outbox, [])

    def test_it_leaves_requests_that_are_no_longer_open(self) -> None:
        self.go_out(self.carol, delegate=self.erin)

        self.resolved.refresh_from_db()
        self.assertEqual(self.resolved.assignee, self.carol)
        self.assertFalse(self.resolved.entries.filter(kind=EntryKind.AVAILABILITY).exists())

    def test_it_tells_the_new_assignee_in_the_app_and_by_email(self) -> None:
        self.go_out(self.carol, delegate=self.erin)

        self.assertEqual(self.reassigned_to(), {"erin"})
        (message,) = mail.outbox
        key = self.laptop_request.key
        self.assertEqual(message.to, ["erin@example.org"])
        self.assertEqual(
            message.subject, f"[{key}] Yours while Carol Agent is away: Laptop for new project"
        )
        assert isinstance(message, mail.EmailMultiAlternatives)
        (html, _mimetype), *_rest = message.alternatives
        for part in (message.body, str(html)):
            self.assertIn(f"Carol Agent is out of office and named you their delegate: {key}", part)
            self.assertIn("until 27 November 2026", part)
        self.login(self.erin)
        page = self.client.get(reverse("notifications:list"))
        self.assertContains(page, "A request was reassigned while someone is away")

    def test_it_never_hands_a_confidential_request_to_a_delegate_outside_its_team(self) -> None:
        self.go_out(self.carol, delegate=self.erin)

        self.concern.refresh_from_db()
        self.assertIsNone(self.concern.assignee)
        self.assertFalse(Delivery.objects.filter(ticket=self.concern).exists())
        self.assertFalse(Notification.objects.filter(ticket=self.concern).exists())
        self.login(self.erin)
        page = self.client.get(reverse("tickets:detail", args=[self.concern.key]))
        self.assertEqual(page.status_code, 404)

    def test_it_moves_nothing_more_when_the_task_runs_again(self) -> None:
        self.go_out(self.carol, delegate=self.erin)
        entries = TimelineEntry.objects.count()

        with self.captureOnCommitCallbacks(execute=True):
            again = reassign_while_out_of_office.delay(self.carol.pk).get()

        self.assertEqual(again, 0)
        self.assertEqual(TimelineEntry.objects.count(), entries)
        self.assertEqual(Notification.objects.filter(kind=Kind.REASSIGNED).count(), 1)

    def test_it_hands_on_what_was_assigned_to_them_while_away_when_run_again(self) -> None:
        self.go_out(self.carol, delegate=self.erin)
        late = self.assigned(self.erin)
        tickets.assign(self.erin, late, self.carol)  # allowed: erin chose to

        with self.captureOnCommitCallbacks(execute=True):
            self.assertEqual(reassign_while_out_of_office.delay(self.carol.pk).get(), 1)
        late.refresh_from_db()
        self.assertEqual(late.assignee, self.erin)

    def test_it_leaves_the_requests_of_someone_back_before_the_task_ran(self) -> None:
        with self.captureOnCommitCallbacks() as scheduled:
            org.set_availability(self.carol, OUT, until=FRIDAY, delegate=self.erin)
        org.set_availability(self.carol, Availability.AVAILABLE)
        for callback in scheduled:
            callback()

        self.laptop_request.refresh_from_db()
        self.assertEqual(self.laptop_request.assignee, self.carol)
        self.assertFalse(TimelineEntry.objects.filter(kind=EntryKind.AVAILABILITY).exists())

    def test_it_shows_the_handover_to_the_team_but_not_to_the_requester(self) -> None:
        self.go_out(self.carol, delegate=self.erin)
        url = reverse("tickets:detail", args=[self.laptop_request.key])

        self.login(self.erin)
        self.assertContains(self.client.get(url), "Their delegate Erin Lead has the request")
        self.login(self.alice)
        self.assertNotContains(self.client.get(url), "out of office")

    def test_it_marks_absent_assignees_for_the_queue(self) -> None:
        org.set_availability(self.erin, Availability.AWAY)
        erins = self.assigned(self.erin)
        self.go_out(self.carol)  # carol's requests go back to the queue: none left with her
        with_carol = self.assigned(self.erin)
        tickets.assign(self.erin, with_carol, self.carol)

        absent = Ticket.objects.open().assigned_to_absent()
        self.assertEqual(set(absent), {erins, with_carol})
        self.assertEqual(set(Person.objects.absent()), {fresh(self.carol), fresh(self.erin)})


class ReturnTests(AvailabilityTestCase):
    def test_it_makes_people_available_once_their_last_day_has_passed_where_they_are(self) -> None:
        self.go_out(self.carol, delegate=self.erin)  # Berlin
        org.set_availability(self.alice, OUT, until=FRIDAY)  # New York

        # Friday 23:30 UTC: Saturday in Berlin, still Friday evening in New York.
        with time_machine.travel(datetime(2026, 11, 27, 23, 30, tzinfo=UTC), tick=False):
            self.assertEqual(end_past_absences.delay().get(), 1)
        carol, alice = fresh(self.carol), fresh(self.alice)
        self.assertEqual(
            (carol.availability, carol.away_until, carol.delegate_id),
            (Availability.AVAILABLE, None, None),
        )
        self.assertEqual(alice.availability, OUT)

        with time_machine.travel(datetime(2026, 11, 28, 5, 30, tzinfo=UTC), tick=False):
            self.assertEqual(end_past_absences.delay().get(), 1)
            self.assertEqual(end_past_absences.delay().get(), 0)
        self.assertEqual(fresh(self.alice).availability, Availability.AVAILABLE)

    def test_it_leaves_busy_and_away_people_alone(self) -> None:
        org.set_availability(self.carol, Availability.AWAY)
        with time_machine.travel(datetime(2026, 12, 25, 12, 0, tzinfo=UTC), tick=False):
            self.assertEqual(end_past_absences.delay().get(), 0)
        self.assertEqual(fresh(self.carol).availability, Availability.AWAY)

    def test_it_is_scheduled_in_beat(self) -> None:
        tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
        self.assertIn("inservice.org.tasks.end_past_absences", tasks)
        self.assertIn("inservice.org.tasks.end_past_absences", app.tasks)


class OwnPageTests(AvailabilityTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.url = reverse("org:availability")
        self.login(self.carol)

    def test_it_shows_the_current_status_on_the_page_and_in_the_user_menu(self) -> None:
        org.set_availability(self.carol, OUT, until=FRIDAY, delegate=self.erin)

        page = self.client.get(self.url)
        self.assertContains(page, "Out of office until 27 Nov")
        self.assertContains(page, "Erin Lead stands in as delegate.")
        self.assertContains(page, 'value="erin@example.org"')
        self.assertContains(page, 'value="2026-11-27"')
        home = self.client.get(reverse("portal:home"))
        self.assertContains(
            home, f'<a href="{self.url}">Availability: Out of office</a>', html=True
        )

    def test_it_sets_out_of_office_and_hands_requests_on(self) -> None:
        ticket = self.assigned(self.carol)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                self.url, {"status": OUT, "until": "2026-11-27", "delegate": "erin"}
            )

        self.assertRedirects(response, self.url, status_code=303, fetch_redirect_response=False)
        carol = fresh(self.carol)
        self.assertEqual((carol.availability, carol.delegate_id), (OUT, self.erin.pk))
        ticket.refresh_from_db()
        self.assertEqual(ticket.assignee, self.erin)
        page = self.client.get(self.url)
        self.assertContains(
            page, "You are out of office until 27 November 2026. Your open requests are being"
        )

    def test_it_answers_htmx_with_a_redirect(self) -> None:
        response = self.client.post(self.url, {"status": Availability.BUSY}, headers=HTMX)
        self.assertEqual(response.status_code, 204)
        self.assertEqual(response["HX-Redirect"], self.url)
        self.assertEqual(fresh(self.carol).availability, Availability.BUSY)

    def test_it_refuses_bad_input_with_the_reason_and_changes_nothing(self) -> None:
        cases = [
            ({"status": OUT, "until": "2026-11-20"}, "20 November 2026 has passed"),
            ({"status": OUT}, "Give the last day out of office."),
            ({"status": OUT, "until": "someday"}, "Enter a date, e.g. 2026-05-12."),
            ({"status": OUT, "until": "2026-11-27", "delegate": "carol"}, "other than Carol"),
            ({"status": OUT, "until": "2026-11-27", "delegate": "nobody"}, "Nobody in the"),
            ({"status": "gone"}, "Choose available, busy, away or out of office."),
        ]
        for data, message in cases:
            with self.subTest(data=data):
                response = self.client.post(self.url, data, headers=HTMX)
                self.assertContains(response, message, status_code=422)
        self.assertEqual(fresh(self.carol).availability, Availability.AVAILABLE)

    def test_it_reads_a_fixed_number_of_queries_however_much_work_the_person_has(self) -> None:
        org.set_availability(self.carol, OUT, until=FRIDAY, delegate=self.erin)
        self.assigned(self.carol)
        few = self.count_queries(self.url)
        for _ in range(5):
            self.assigned(self.carol)
        org.add_member(self.payroll, self.carol)
        self.assertEqual(self.count_queries(self.url), few)

    def count_queries(self, url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(self.client.get(url).status_code, 200)
        return len(queries)


class LeadTests(AvailabilityTestCase):
    def url(self, person: Person) -> str:
        return reverse("manage_org:member_availability", args=[self.it.slug, person.pk])

    def test_it_lets_the_lead_set_a_members_availability_from_the_management_page(self) -> None:
        self.login(self.erin)
        manage = reverse("manage_org:team", args=[self.it.slug])
        self.assertContains(self.client.get(manage), f'href="{self.url(self.carol)}"')
        self.assertContains(self.client.get(self.url(self.carol)), "Availability of Carol Agent")

        ticket = self.assigned(self.carol)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                self.url(self.carol), {"status": OUT, "until": "2026-11-27"}
            )

        self.assertRedirects(
            response, manage + "#members", status_code=303, fetch_redirect_response=False
        )
        self.assertEqual(fresh(self.carol).availability, OUT)
        ticket.refresh_from_db()
        self.assertIsNone(ticket.assignee)
        page = self.client.get(manage)
        self.assertContains(page, "Carol Agent is out of office until 27 November 2026.")
        self.assertContains(page, "Out of office until 27 Nov")

    def test_it_answers_404_to_anyone_but_the_lead_or_an_administrator(self) -> None:
        for person, status in (
            (self.carol, 404),
            (self.grace, 404),
            (self.bob, 404),
            (self.root, 200),
        ):
            self.login(person)
            with self.subTest(person=person.username):
                self.assertEqual(self.client.get(self.url(self.erin)).status_code, status)
                post = self.client.post(self.url(self.erin), {"status": Availability.AWAY})
                self.assertEqual(post.status_code, 303 if status == 200 else 404)
        self.login(self.erin)
        self.assertEqual(self.client.get(self.url(self.dave)).status_code, 404)  # not in IT

    def test_it_shows_each_members_availability_on_the_team_and_management_pages(self) -> None:
        org.set_availability(self.carol, OUT, until=FRIDAY)
        org.set_availability(self.erin, Availability.BUSY)
        self.login(self.erin)
        for url in (
            reverse("org:team", args=[self.it.slug]),
            reverse("manage_org:members", args=[self.it.slug]),
        ):
            with self.subTest(url=url):
                page = self.client.get(url, headers=HTMX)
                self.assertContains(page, "Out of office until 27 Nov")
                self.assertContains(page, '<span class="badge badge-warn">Busy</span>', html=True)

    def test_it_reads_the_team_pages_in_queries_that_do_not_grow_with_members(self) -> None:
        self.login(self.erin)
        urls = [
            reverse("org:team", args=[self.it.slug]),
            reverse("manage_org:members", args=[self.it.slug]),
            reverse("manage_org:team", args=[self.it.slug]),
        ]

        def counts() -> list[int]:
            found = []
            for url in urls:
                with CaptureQueriesContext(connection) as queries:
                    self.assertEqual(self.client.get(url).status_code, 200)
                found.append(len(queries))
            return found

        before = counts()
        for n in range(6):
            person = org.create_person(
                username=f"agent{n}", name=f"Agent {n}", email=f"agent{n}@example.org"
            )
            org.add_member(self.it, person)
            org.set_availability(person, OUT, until=FRIDAY, delegate=self.erin)
        self.assertEqual(counts(), before)


class RequestPageTests(AvailabilityTestCase):
    def test_it_marks_absent_colleagues_in_the_assign_form_and_still_assigns_them(self) -> None:
        org.set_availability(self.carol, OUT, until=FRIDAY)
        ticket = self.ask()
        self.login(self.erin)

        page = self.client.get(reverse("tickets:detail", args=[ticket.key]))
        self.assertContains(page, "Carol Agent (out of office until 27 Nov)")
        response = self.client.post(
            reverse("tickets:assign", args=[ticket.key]),
            {"assignee": self.carol.pk, "version": ticket.version},
        )
        self.assertLess(response.status_code, 400)
        ticket.refresh_from_db()
        self.assertEqual(ticket.assignee, self.carol)
