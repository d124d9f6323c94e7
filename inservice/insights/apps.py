from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "inservice.insights"
    label = "insights"
    verbose_name = "Insights"
