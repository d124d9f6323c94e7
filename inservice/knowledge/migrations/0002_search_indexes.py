"""Full-text search: PostgreSQL GIN indexes (articles' stored vector, services, requests), or on
SQLite FTS5 tables kept in step by triggers, built from what is there (knowledge.search_schema)."""

from django.db import migrations

from inservice.knowledge import search_schema


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge", "0001_articles_feedback_deflections"),
        ("tickets", "0007_entry_tone_of_requester_replies"),
        ("catalog", "0001_service_catalog"),
    ]

    operations = [migrations.RunPython(search_schema.forwards, search_schema.backwards)]
