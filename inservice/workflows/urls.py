from django.urls import include, path

from inservice.workflows.views import builder, library, runs

app_name = "workflows"

urlpatterns: list[object] = [
    path("", library.index, name="index"),
    path("new/", builder.create, name="create"),
    path("<int:template_id>/", library.template_page, name="template"),
    path("<int:template_id>/edit/", builder.edit, name="edit"),
    path("<int:template_id>/start/", runs.start, name="start"),
    path("runs/<int:run_id>/", runs.run_page, name="run"),
    path("runs/<int:run_id>/move/", runs.move, name="run_move"),
    path("runs/<int:run_id>/cancel/", runs.cancel, name="run_cancel"),
    path("agreements/", include("inservice.workflows.urls_agreements")),
]
