"""A lead's service-level pages, under /manage/ beside the team and service editors."""

from django.urls import path

from inservice.sla.views import calendars, policies

app_name = "sla"

urlpatterns = [
    path("teams/<slug:slug>/calendar/", calendars.calendar, name="calendar"),
    path("teams/<slug:slug>/calendar/choose/", calendars.choose, name="calendar_choose"),
    path("teams/<slug:slug>/calendar/new/", calendars.new_calendar, name="calendar_new"),
    path("teams/<slug:slug>/calendar/hours/", calendars.calendar_hours, name="calendar_hours"),
    path("teams/<slug:slug>/calendar/closures/", calendars.closures, name="closures"),
    path(
        "teams/<slug:slug>/calendar/closures/<int:closure_id>/remove/",
        calendars.closure_remove,
        name="closure_remove",
    ),
    path("teams/<slug:slug>/calendar/preview/", calendars.preview, name="calendar_preview"),
    path("services/<slug:slug>/policies/", policies.policies, name="policies"),
    path("services/<slug:slug>/policies/<int:priority>/", policies.policy, name="policy"),
    path(
        "services/<slug:slug>/policies/<int:priority>/remove/",
        policies.policy_remove,
        name="policy_remove",
    ),
]
