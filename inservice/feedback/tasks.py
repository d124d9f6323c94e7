"""The feedback app's Celery tasks, one module per area; imported here because Celery's
autodiscovery looks for a module named `tasks` in each app."""

from inservice.feedback import tasks_nps, tasks_suggestions, tasks_surveys, tasks_trends

__all__ = ["tasks_nps", "tasks_suggestions", "tasks_surveys", "tasks_trends"]
