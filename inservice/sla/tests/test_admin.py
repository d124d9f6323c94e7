"""Service levels in the admin: calendars and policies under the pages' rules; requests' clocks
read-only, and those of confidential requests only for administrators in the request's team."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import time_machine
from django.urls import reverse

from inservice.org import services as org
from inservice.sla import services as sla
from inservice.sla.calendar import Interval
from inservice.sla.models import Calendar, Clock, Closure, Escalation, Policy, RequestSla
from inservice.test import BaseTestCase
from inservice.tickets.choices import Priority

MONDAY_10 = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def management(prefix: str, total: int = 0, initial: int = 0) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


class CalendarAdminTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.login(self.root)

    def post_calendar(self, *rows: tuple[int, str, str], url: str = "", **fields: str) -> Any:
        data: dict[str, Any] = {
            "name": "Night desk",
            "time_zone": "Europe/Berlin",
            "country": "DE",
            "subdivision": "",
            **management("intervals", total=len(rows)),
            **management("closures", total=1),
            "closures-0-on_date": "2026-12-24",
            "closures-0-reason": "Christmas Eve",
        }
        for i, (day, start, end) in enumerate(rows):
            data.update(
                {
                    f"intervals-{i}-weekday": str(day),
                    f"intervals-{i}-start_minute": start,
                    f"intervals-{i}-end_minute": end,
                }
            )
        data.update(fields)
        return self.client.post(url or reverse("admin:sla_calendar_add"), data)

    def test_it_creates_a_calendar_with_an_overnight_interval_and_a_closure(self) -> None:
        response = self.post_calendar((0, "09:00", "17:00"), (6, "22:00", "06:00"))
        self.assertEqual(response.status_code, 302, response.content[:3000])
        calendar = Calendar.objects.get(name="Night desk")
        self.assertEqual(
            list(calendar.intervals.values_list("weekday", "start_minute", "end_minute")),
            [(0, 540, 1020), (6, 1320, 1800)],
        )
        self.assertEqual(
            list(calendar.closures.values_list("on_date", "reason")),
            [(date(2026, 12, 24), "Christmas Eve")],
        )
        page = self.client.get(reverse("admin:sla_calendar_change", args=[calendar.pk]))
        self.assertContains(page, 'value="22:00"')
        self.assertContains(page, 'value="06:00"')

    def test_it_refuses_a_broken_calendar(self) -> None:
        for rows, fields, message in (
            (((0, "09:00", "17:00"), (0, "16:00", "18:00")), {}, "Overlaps Monday 16:00-18:00."),
            (((0, "09:00", "09:00"),), {}, "This interval is empty"),
            ((), {}, "Give the calendar at least one working interval."),
            (((0, "09:00", "17:00"),), {"country": "XX"}, "Public holidays are not known"),
            (((0, "09:00", "17:00"),), {"subdivision": "ZZ"}, "is not a region of DE"),
        ):
            with self.subTest(message=message):
                response = self.post_calendar(*rows, **fields)
                self.assertContains(response, message)
        self.assertFalse(Calendar.objects.exists())
        self.assertFalse(Closure.objects.exists())

    def test_it_changes_a_calendar_through_the_service_layer(self) -> None:
        calendar = sla.save_calendar(
            None, name="Night desk", time_zone="UTC", intervals=(Interval(0, 540, 1020),)
        )
        old = sla.add_closure(calendar, on_date=date(2026, 12, 31))
        interval = calendar.intervals.get()
        response = self.post_calendar(
            url=reverse("admin:sla_calendar_change", args=[calendar.pk]),
            **management("intervals", total=1, initial=1),
            **{
                "intervals-0-id": str(interval.pk),
                "intervals-0-calendar": str(calendar.pk),
                "intervals-0-weekday": "1",
                "intervals-0-start_minute": "08:00",
                "intervals-0-end_minute": "12:00",
            },
            **management("closures", total=1, initial=1),
            **{
                "closures-0-id": str(old.pk),
                "closures-0-calendar": str(calendar.pk),
                "closures-0-on_date": "2026-12-31",
                "closures-0-DELETE": "on",
            },
        )
        self.assertEqual(response.status_code, 302, response.content[:3000])
        fresh = Calendar.objects.get(pk=calendar.pk)
        self.assertEqual(fresh.time_zone, "Europe/Berlin")
        self.assertGreater(fresh.updated_at, calendar.updated_at)  # business time rebuilds
        self.assertEqual(
            list(fresh.intervals.values_list("weekday", "start_minute", "end_minute")),
            [(1, 480, 720)],
        )
        self.assertFalse(fresh.closures.exists())


class PolicyAdminTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.login(self.root)

    def post_policy(self, **changes: Any) -> Any:
        data: dict[str, Any] = {
            "service": str(self.laptop.pk),
            "priority": str(Priority.URGENT.value),
            "first_response_minutes": "60",
            "resolution_minutes": "480",
            "update_every_minutes": "",
            "at_risk_percent": "75",
            "pause_statuses": ["waiting"],
            "second_level_after_minutes": "240",
        }
        data.update(changes)
        return self.client.post(reverse("admin:sla_policy_add"), data)

    def test_it_creates_a_policy(self) -> None:
        response = self.post_policy()
        self.assertEqual(response.status_code, 302, response.content[:3000])
        policy = Policy.objects.get()
        self.assertEqual(
            (policy.priority, policy.first_response_minutes, policy.pause_statuses),
            (1, 60, ["waiting"]),
        )

    def test_it_refuses_a_policy_the_page_would_refuse(self) -> None:
        for changes, message in (
            ({"first_response_minutes": "0"}, "must be longer than zero"),
            ({"at_risk_percent": "100"}, "percentage from 1 to 99"),
            ({"pause_statuses": []}, "Choose at least one status"),
        ):
            with self.subTest(message=message):
                self.assertContains(self.post_policy(**changes), message)
        self.assertFalse(Policy.objects.exists())


class RequestRowsAdminTests(BaseTestCase):
    """Clocks and what a request was promised, in the admin: confidential ones for their team only."""

    def setUp(self) -> None:
        super().setUp()
        sla.save_policy(
            self.er_case,
            self.er_case.default_priority,
            first_response_minutes=60,
            resolution_minutes=None,
            update_every_minutes=None,
        )
        with time_machine.travel(MONDAY_10, tick=False):
            self.open = self.ask(self.alice, self.laptop)
            self.secret = self.ask(self.alice, self.er_case, subject="A concern")
        sla.sweep(MONDAY_10 + timedelta(hours=6))  # both first responses breached: escalations
        self.insider = org.create_person(
            username="ursula",
            name="Ursula Admin",
            email="ursula@example.org",
            team=self.er,
            is_superuser=True,
        )

    def shown(self, model: str) -> set[int]:
        response = self.client.get(reverse(f"admin:sla_{model}_changelist"))
        self.assertEqual(response.status_code, 200)
        return {row.pk for row in response.context["cl"].result_list}

    def test_it_hides_a_confidential_requests_rows_from_an_administrator_outside_its_team(
        self,
    ) -> None:
        secret_clock = Clock.objects.filter(ticket=self.secret).first()
        assert secret_clock is not None
        secret_rows = {
            "requestsla": {RequestSla.objects.get(ticket=self.secret).pk},
            "clock": set(Clock.objects.filter(ticket=self.secret).values_list("pk", flat=True)),
            "escalation": set(
                Escalation.objects.filter(clock__ticket=self.secret).values_list("pk", flat=True)
            ),
        }
        open_rows = {
            "requestsla": {RequestSla.objects.get(ticket=self.open).pk},
            "clock": set(Clock.objects.filter(ticket=self.open).values_list("pk", flat=True)),
            "escalation": set(
                Escalation.objects.filter(clock__ticket=self.open).values_list("pk", flat=True)
            ),
        }
        for model, rows in secret_rows.items():
            self.assertTrue(rows and open_rows[model], model)  # there is something to hide
        self.login(self.root)
        for model in secret_rows:
            with self.subTest(person="root", model=model):
                self.assertEqual(self.shown(model), open_rows[model])
        change = reverse("admin:sla_clock_change", args=[secret_clock.pk])
        self.assertEqual(self.client.get(change).status_code, 404)

        self.login(self.insider)
        for model, rows in secret_rows.items():
            with self.subTest(person="ursula", model=model):
                self.assertEqual(self.shown(model), rows | open_rows[model])
        self.assertContains(self.client.get(change), self.secret.key)

    def test_it_never_adds_changes_or_deletes_clocks(self) -> None:
        self.login(self.root)
        clock = Clock.objects.filter(ticket=self.open).first()
        assert clock is not None
        self.assertEqual(self.client.get(reverse("admin:sla_clock_add")).status_code, 403)
        page = self.client.get(reverse("admin:sla_clock_change", args=[clock.pk]))
        self.assertNotContains(page, 'name="_save"')
        response = self.client.post(
            reverse("admin:sla_clock_delete", args=[clock.pk]), {"post": "yes"}
        )
        self.assertEqual(response.status_code, 403)
        self.assertTrue(Clock.objects.filter(pk=clock.pk).exists())
