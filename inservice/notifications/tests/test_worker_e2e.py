"""End to end through real services: a request asked over HTTP is emailed by a Celery worker.

The worker is a separate process consuming from Redis, reading the test's PostgreSQL database,
and sending to an SMTP server this test runs. Runs in the PostgreSQL + Redis pass of .ci/run.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any
from urllib.parse import quote
from uuid import uuid4

import pytest
import redis
from aiosmtpd.controller import Controller
from django.conf import settings
from django.db import connection
from django.test import TransactionTestCase
from django.urls import reverse

from inservice.celery import app
from inservice.notifications.choices import DeliveryStatus
from inservice.notifications.models import Delivery
from inservice.test import Cast
from inservice.tickets.models import Ticket

ROOT = Path(settings.BASE_DIR)
WAIT_SECONDS = 60


class Inbox:
    """An aiosmtpd handler that keeps every message it is given."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self._arrived = threading.Condition()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        with self._arrived:
            self.messages.append(message)
            self._arrived.notify_all()
        return "250 Message accepted for delivery"

    def wait_for(self, text: str, seconds: float) -> EmailMessage | None:
        """The first message whose subject contains `text`, waiting at most `seconds`."""
        deadline = time.monotonic() + seconds
        with self._arrived:
            while True:
                for message in self.messages:
                    if text in str(message["Subject"]):
                        return message
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                self._arrived.wait(left)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _test_database_url() -> str:
    """The database this test runs in (test_…), as a URL the worker's settings read."""
    db = connection.settings_dict
    auth = quote(db["USER"] or "")
    if db["PASSWORD"]:
        auth += ":" + quote(db["PASSWORD"])
    host = db["HOST"] or "127.0.0.1"
    port = db["PORT"] or 5432
    return f"postgres://{auth}@{host}:{port}/{db['NAME']}"


@contextmanager
def _sending_to(queue: str) -> Iterator[None]:
    """Tasks leave this process for the broker (tests run them inline otherwise)."""
    conf = app.conf
    before = (conf.task_always_eager, conf.task_default_queue)
    conf.task_always_eager, conf.task_default_queue = False, queue
    try:
        yield
    finally:
        conf.task_always_eager, conf.task_default_queue = before


def _logged(read: Callable[[], Delivery | None], seconds: float = 10) -> Delivery | None:
    deadline = time.monotonic() + seconds
    while (found := read()) is None and time.monotonic() < deadline:
        time.sleep(0.1)
    return found


def _stop(worker: subprocess.Popen[bytes]) -> None:
    """Warm shutdown, then a kill: the worker never outlives the test, pass or fail."""
    if worker.poll() is not None:
        return
    os.killpg(worker.pid, signal.SIGTERM)
    try:
        worker.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)


@pytest.mark.services
class WorkerEndToEndTests(TransactionTestCase):
    def setUp(self) -> None:
        self.cast = Cast()
        self.queue = f"inservice-e2e-{uuid4().hex[:12]}"
        self.inbox = Inbox()
        self.smtp = Controller(self.inbox, hostname="127.0.0.1", port=_free_port())
        self.smtp.start()
        self.addCleanup(self.smtp.stop)
        self.worker_log = Path(tempfile.mkstemp(prefix="inservice-e2e-worker-", suffix=".log")[1])
        self.addCleanup(self.worker_log.unlink, missing_ok=True)
        self.addCleanup(self._forget_queue)
        self.worker = self._start_worker()
        self.addCleanup(_stop, self.worker)

    def _start_worker(self) -> subprocess.Popen[bytes]:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "inservice.settings",
            "DATABASE_URL": _test_database_url(),
            "DB_CONN_MAX_AGE": "0",  # no connection left open when the test database is dropped
            "REDIS_URL": settings.REDIS_URL,
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(self.smtp.port),
            "EMAIL_USE_TLS": "false",
            "INSERVICE_E2E_QUEUE": self.queue,
            "PYTHONUNBUFFERED": "1",
        }
        command = [
            *(sys.executable, "-m", "celery"),
            *("-A", "inservice.notifications.tests.e2e_worker", "worker"),
            *("--pool=solo", "-Q", self.queue, "-n", f"{self.queue}@%h", "--loglevel=info"),
            *("--without-gossip", "--without-mingle", "--without-heartbeat"),
        ]
        with self.worker_log.open("wb") as log:
            return subprocess.Popen(  # noqa: S603 — our own interpreter and arguments
                command,
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: _stop reaches all of it
            )

    def _forget_queue(self) -> None:
        client = redis.Redis.from_url(settings.REDIS_URL)
        client.delete(self.queue, f"_kombu.binding.{self.queue}")
        client.close()

    def _worker_said(self) -> str:
        return self.worker_log.read_text(errors="replace")[-4000:]

    def test_it_emails_the_requester_through_a_real_worker(self) -> None:
        self.client.force_login(self.cast.alice)
        form = {"subject": "Laptop for the pitch", "description": "By **Friday**, please."}
        with _sending_to(self.queue):
            response = self.client.post(
                reverse("tickets:ask", args=[self.cast.laptop.slug]),
                {**form, "answers-model": "Standard"},
            )
        self.assertEqual(response.status_code, 303, response.content[:2000])
        ticket = Ticket.objects.get()

        message = self.inbox.wait_for(ticket.key, WAIT_SECONDS)

        self.assertIsNotNone(
            message, f"no email within {WAIT_SECONDS}s; worker:\n{self._worker_said()}"
        )
        assert message is not None
        self.assertEqual(message["To"], "alice@example.org")
        self.assertEqual(
            message["Subject"], f"[{ticket.key}] We have your request: Laptop for the pitch"
        )
        text = message.get_body(("plain",))
        html = message.get_body(("html",))
        assert text is not None
        assert html is not None
        self.assertIn("First response within 4 business hours", text.get_content())
        self.assertIn(f"/requests/{ticket.key}/", html.get_content())
        # The worker commits the log row just after the SMTP server said yes.
        delivery = _logged(lambda: Delivery.objects.filter(status=DeliveryStatus.SENT).first())
        self.assertIsNotNone(delivery, f"delivery never logged as sent:\n{self._worker_said()}")
        assert delivery is not None
        self.assertEqual((delivery.recipient_id, delivery.attempts), (self.cast.alice.pk, 1))
