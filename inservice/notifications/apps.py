from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "inservice.notifications"
    label = "notifications"
    verbose_name = "Notifications"
