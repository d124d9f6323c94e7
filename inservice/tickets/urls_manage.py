"""A lead's request pages under /manage/, beside the team, service and calendar editors."""

from django.urls import path

from inservice.tickets.views import handoff_report

app_name = "tickets_manage"

urlpatterns = [
    path("handoffs/", handoff_report.handoff_report, name="handoff_report"),
]
