from django.apps import AppConfig


class WorkflowsConfig(AppConfig):
    name = "inservice.workflows"
    label = "workflows"
    verbose_name = "Workflows and service agreements"
