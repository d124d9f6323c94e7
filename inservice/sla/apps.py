from django.apps import AppConfig


class SlaConfig(AppConfig):
    name = "inservice.sla"
    label = "sla"
    verbose_name = "Service levels and promises"
