from django.apps import AppConfig


class KudosConfig(AppConfig):
    name = "inservice.kudos"
    label = "kudos"
    verbose_name = "Kudos"
