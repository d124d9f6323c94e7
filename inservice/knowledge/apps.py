from django.apps import AppConfig
from django.db.models.signals import post_migrate


class KnowledgeConfig(AppConfig):
    name = "inservice.knowledge"
    label = "knowledge"
    verbose_name = "Knowledge base"

    def ready(self) -> None:
        from inservice.knowledge import search_schema

        # On SQLite a migration that remakes an indexed table drops its full-text triggers:
        # after each migrate, whatever is missing is put back (knowledge.search_schema).
        post_migrate.connect(search_schema.restore_after_migrate, sender=self)
