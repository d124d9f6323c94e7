"""Inservice: internal customer service for an organisation's teams."""

from inservice.celery import app as celery_app

__all__ = ["celery_app"]
