"""Request keys stay unique when many requests are opened at the same moment."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test import TransactionTestCase

from inservice.test import Cast
from inservice.tickets import services
from inservice.tickets.models import Ticket

WORKERS = 8
EACH = 5


@pytest.mark.services
class ConcurrentKeyTests(TransactionTestCase):
    def test_it_gives_every_concurrent_request_its_own_consecutive_key(self) -> None:
        cast = Cast()
        errors: list[BaseException] = []
        start = threading.Barrier(WORKERS)

        def open_some() -> None:
            try:
                start.wait()
                for _ in range(EACH):
                    services.open_ticket(
                        cast.alice,
                        services.NewRequest(
                            service=cast.laptop,
                            subject="Same moment",
                            answers={"model": "Standard"},
                        ),
                    )
            except BaseException as exc:
                errors.append(exc)
            finally:
                connection.close()

        threads = [threading.Thread(target=open_some) for _ in range(WORKERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        self.assertEqual(errors, [])
        keys = sorted(
            Ticket.objects.values_list("key", flat=True), key=lambda k: int(k.split("-")[1])
        )
        self.assertEqual(keys, [f"IT-{n}" for n in range(1, WORKERS * EACH + 1)])
