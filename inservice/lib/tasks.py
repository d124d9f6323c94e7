"""Background work is enqueued only once the transaction that asked for it has committed.

A task enqueued inside an open transaction can run before the commit, find nothing, or act on a
change that is then rolled back.
"""

from typing import Any

from celery import Task
from django.db import transaction


def enqueue_on_commit(task: Task[Any, Any], *args: int | str | list[int]) -> None:
    """Sends `task` with ID-like arguments after the current transaction commits."""
    transaction.on_commit(lambda: task.delay(*args))
