"""The Celery app the end-to-end test's worker runs: the project's app on a queue of its own.

Both the fan-out the test sends and the email the worker queues next travel on this queue, so
another worker on the same Redis cannot take them, and this worker takes nothing else.
"""

import os

from inservice.celery import app

app.conf.task_default_queue = os.environ["INSERVICE_E2E_QUEUE"]

__all__ = ["app"]
