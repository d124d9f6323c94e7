"""The Celery application: Redis in production, a folder-backed queue in the embedded default.

Both shapes run the same task code; `make run` starts one worker with beat embedded
(`-B --pool=solo`) beside the web server.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "inservice.settings")

app = Celery("inservice")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_configure.connect
def _make_queue_folders(sender: Celery, **kwargs: object) -> None:
    # The embedded transport fails on its first message when its folders are missing.
    options = sender.conf.broker_transport_options or {}
    for key in ("data_folder_in", "data_folder_out", "processed_folder"):
        if key in options:
            os.makedirs(options[key], exist_ok=True)
