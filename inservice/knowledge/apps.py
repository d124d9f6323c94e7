from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "inservice.knowledge"
    label = "knowledge"
    verbose_name = "Knowledge base"
