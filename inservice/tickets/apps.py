from django.apps import AppConfig


class TicketsConfig(AppConfig):
    name = "inservice.tickets"
    label = "tickets"
    verbose_name = "Requests"
