"""End to end through real services: a breach detected and escalated by a Celery worker with
beat embedded, as `make run` and production run them.

Nothing is backdated: the request's first response is due one business minute after it is
asked, in a calendar that works around the clock, and the worker's beat sweeps every two
seconds (tests.beat_worker). The sweep writes the escalation; the lead is told by the task it
queues after its commit, which the same worker runs next. The worker is a separate process
reading the test's PostgreSQL database and taking its work from Redis. Runs in the PostgreSQL +
Redis pass of .ci/run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from uuid import uuid4

import pytest
import redis
from django.conf import settings
from django.test import TransactionTestCase
from django.utils import timezone

from inservice.notifications.choices import Kind
from inservice.notifications.models import Notification
from inservice.notifications.tests.test_worker_e2e import _stop, _test_database_url
from inservice.org import services as org
from inservice.sla import services as sla
from inservice.sla.calendar import Interval
from inservice.sla.choices import Health, Level, Target
from inservice.sla.models import Clock, Escalation
from inservice.test import Cast
from inservice.tickets import services as tickets
from inservice.tickets.choices import EntryKind, Priority
from inservice.tickets.models import Ticket

ROOT = Path(settings.BASE_DIR)
# How long after the due time the lead may wait to be told: the worker's start, a sweep every 2 s,
# then the task announcing the escalation.
GRACE_SECONDS = 60


def _wait_until(found: Callable[[], bool], deadline: float) -> bool:
    while not found():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.5)
    return True


@pytest.mark.services
class BeatEndToEndTests(TransactionTestCase):
    def setUp(self) -> None:
        self.cast = Cast()
        self.queue = f"inservice-beat-e2e-{uuid4().hex[:12]}"
        self.folder = Path(tempfile.mkdtemp(prefix="inservice-beat-e2e-"))
        self.addCleanup(shutil.rmtree, self.folder, ignore_errors=True)
        self.addCleanup(self._forget_queue)

    def _start_worker(self) -> subprocess.Popen[bytes]:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "inservice.settings",
            "DATABASE_URL": _test_database_url(),
            "DB_CONN_MAX_AGE": "0",  # no connection left open when the test database is dropped
            "REDIS_URL": settings.REDIS_URL,
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "INSERVICE_E2E_QUEUE": self.queue,
            "PYTHONUNBUFFERED": "1",
        }
        command = [
            *(sys.executable, "-m", "celery"),
            *("-A", "inservice.sla.tests.beat_worker", "worker", "-B"),
            *("--schedule", str(self.folder / "beat-schedule")),
            *("--pool=solo", "-Q", self.queue, "-n", f"{self.queue}@%h", "--loglevel=info"),
            *("--without-gossip", "--without-mingle", "--without-heartbeat"),
        ]
        with (self.folder / "worker.log").open("wb") as log:
            worker = subprocess.Popen(  # noqa: S603 — our own interpreter and arguments
                command,
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: _stop reaches all of it
            )
        self.addCleanup(_stop, worker)  # runs before the folder goes and the database is flushed
        return worker

    def _forget_queue(self) -> None:
        client = redis.Redis.from_url(settings.REDIS_URL)
        client.delete(
            self.queue, f"_kombu.binding.{self.queue}", f"_kombu.binding_permanent.{self.queue}"
        )
        client.close()

    def _worker_said(self) -> str:
        return (self.folder / "worker.log").read_text(errors="replace")[-4000:]

    def test_it_escalates_a_breach_to_the_team_lead_through_a_real_worker_and_beat(self) -> None:
        cast = self.cast
        always = sla.save_calendar(
            None,
            name="Round the clock",
            time_zone="UTC",
            intervals=[Interval(day, 0, 24 * 60) for day in range(7)],
        )
        org.set_calendar(cast.it, always)
        sla.save_policy(
            cast.laptop,
            Priority.NORMAL,
            first_response_minutes=1,
            resolution_minutes=60,
            update_every_minutes=None,
        )
        ticket = self.ask_now()
        first = Clock.objects.get(ticket=ticket, target=Target.FIRST_RESPONSE)
        assert first.due_at is not None
        self.assertLessEqual(first.due_at - timezone.now(), timedelta(minutes=1))
        worker = self._start_worker()

        def breach_escalated() -> bool:
            return Escalation.objects.filter(clock=first, level=Level.BREACHED).exists()

        wait = (first.due_at - timezone.now()).total_seconds() + GRACE_SECONDS
        deadline = time.monotonic() + wait
        escalated = _wait_until(breach_escalated, deadline)

        self.assertIsNone(worker.poll(), f"the worker stopped:\n{self._worker_said()}")
        self.assertTrue(escalated, f"no breach escalated; worker:\n{self._worker_said()}")
        # The lead is told by announce_escalations, queued after the sweep's commit: the escalation
        # can be seen before its notification exists.
        told = Notification.objects.filter(ticket=ticket, kind=Kind.BREACHED)
        announced = _wait_until(lambda: told.exists(), deadline)
        self.assertTrue(
            announced, f"the breach was never announced; worker:\n{self._worker_said()}"
        )
        self.assertEqual(list(told.values_list("recipient__username", flat=True)), ["erin"])
        ticket.refresh_from_db()
        self.assertEqual(ticket.health, Health.BREACHED)
        self.assertTrue(ticket.entries.filter(kind=EntryKind.SLA, data__level=Level.BREACHED))
        # Beat keeps sweeping: nothing is escalated or told twice.
        time.sleep(6)
        levels = list(
            Escalation.objects.filter(clock__ticket=ticket)
            .order_by("level")
            .values_list("clock__target", "level")
        )
        self.assertEqual(
            levels,
            [(Target.FIRST_RESPONSE, Level.AT_RISK), (Target.FIRST_RESPONSE, Level.BREACHED)],
        )
        self.assertEqual(told.count(), 1)

    def ask_now(self) -> Ticket:
        """A laptop request from Alice, through the service layer as the portal asks."""
        new = tickets.NewRequest(
            service=self.cast.laptop,
            subject="Laptop before the pitch",
            answers={"model": "Standard"},
        )
        return tickets.open_ticket(self.cast.alice, new)
