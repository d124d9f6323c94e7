"""The Celery app the beat end-to-end test runs: the project's app with beat embedded, sweeping
service levels every two seconds (production: every minute) on a queue of the run's own.

Only the sweep is scheduled: the test watches one job and the tasks it queues (announcing each
escalation, then its emails), and nothing else the project schedules runs against its database.
Those tasks go to the default queue, set here to the run's own: it keeps another worker on the
same Redis from taking them, and this worker from taking anything else.
"""

import os

from inservice.celery import app

QUEUE = os.environ["INSERVICE_E2E_QUEUE"]

app.conf.task_default_queue = QUEUE
# No remote-control queue: the run leaves nothing behind in Redis but what the test removes.
app.conf.worker_enable_remote_control = False
app.conf.beat_schedule = {
    "sweep-service-levels": {
        "task": "inservice.sla.tasks.sweep_clocks",
        "schedule": 2.0,
        "options": {"queue": QUEUE},
    },
}

__all__ = ["app"]
