"""For tests that need the same work done at the same moment on several database connections."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from django.db import connection

T = TypeVar("T")


def all_at_once(work: Callable[[], T], workers: int = 2, timeout: float = 120) -> list[T]:
    """Runs `work` in `workers` threads released together, each on its own connection; what each
    returned. The first error any of them met is raised here, so a test fails with it."""
    start = threading.Barrier(workers)
    results: list[T] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            start.wait()
            results.append(work())
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()  # a thread's connection would outlive the test database

    threads = [threading.Thread(target=run) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    if errors:
        raise errors[0]
    if len(results) < workers:
        raise AssertionError(
            f"{workers - len(results)} of {workers} workers did not finish in time"
        )
    return results
