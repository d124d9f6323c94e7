from django.urls import path

from inservice.org import views_import

app_name = "import_org"

urlpatterns = [
    path("people/", views_import.home, name="home"),
    path("people/<int:job_id>/", views_import.job, name="job"),
    path("people/<int:job_id>/progress/", views_import.progress, name="progress"),
]
