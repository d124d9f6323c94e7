"""Service agreements, under /workflows/agreements/ (names in the "workflows" namespace)."""

from django.urls import URLPattern, path

from inservice.workflows.views import agreements

urlpatterns: list[URLPattern] = [
    path("", agreements.agreement_list, name="agreement_list"),
    path("new/<slug:slug>/", agreements.agreement_new, name="agreement_new"),
    path("team/<slug:slug>/", agreements.agreement_team, name="agreement_team"),
    path("<int:agreement_id>/", agreements.agreement_detail, name="agreement_detail"),
    path("<int:agreement_id>/edit/", agreements.agreement_edit, name="agreement_edit"),
    path("<int:agreement_id>/end/", agreements.agreement_end, name="agreement_end"),
]
