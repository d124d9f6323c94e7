"""Request keys stay unique when many requests are opened at the same moment."""

from __future__ import annotations

import pytest
from django.test import TransactionTestCase

from inservice.concurrency import all_at_once
from inservice.test import Cast
from inservice.tickets import services
from inservice.tickets.models import Ticket

WORKERS = 8
EACH = 5


@pytest.mark.services
class ConcurrentKeyTests(TransactionTestCase):
    def test_it_gives_every_concurrent_request_its_own_consecutive_key(self) -> None:
        cast = Cast()

        def open_some() -> None:
            for _ in range(EACH):
                services.open_ticket(
                    cast.alice,
                    services.NewRequest(
                        service=cast.laptop, subject="Same moment", answers={"model": "Standard"}
                    ),
                )

        all_at_once(open_some, workers=WORKERS, timeout=60)
        keys = sorted(
            Ticket.objects.values_list("key", flat=True), key=lambda k: int(k.split("-")[1])
        )
        self.assertEqual(keys, [f"IT-{n}" for n in range(1, WORKERS * EACH + 1)])
