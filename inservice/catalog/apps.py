from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "inservice.catalog"
    label = "catalog"
    verbose_name = "Service catalog"
