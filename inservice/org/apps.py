from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "inservice.org"
    label = "org"
    verbose_name = "Directory"
