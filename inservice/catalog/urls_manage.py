from django.urls import path

from inservice.catalog.views_manage import form_builder, raci, service, steps

app_name = "manage_catalog"

urlpatterns = [
    # "new/<team>/" comes first; service slugs always contain a hyphen ("<team>-<name>").
    path("services/new/<slug:team_slug>/", service.new_service, name="new"),
    path("services/<slug:slug>/", service.edit_service, name="service"),
    path("services/<slug:slug>/raci/", raci.raci, name="raci"),
    path("services/<slug:slug>/raci/<int:raci_id>/remove/", raci.raci_remove, name="raci_remove"),
    path("services/<slug:slug>/steps/", steps.steps, name="steps"),
    path("services/<slug:slug>/form/", form_builder.form_builder, name="form"),
    path("services/<slug:slug>/form/preview/", form_builder.preview, name="form_preview"),
]
