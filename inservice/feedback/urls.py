from django.urls import include, path

from inservice.feedback import views_home

app_name = "feedback"

# One module of routes per area, all under the "feedback" namespace.
urlpatterns: list[object] = [
    path("", views_home.home, name="home"),
    path("", include("inservice.feedback.urls_csat")),
    path("", include("inservice.feedback.urls_trends")),
    path("suggestions/", include("inservice.feedback.urls_suggestions")),
    path("surveys/", include("inservice.feedback.urls_surveys")),
    path("nps/", include("inservice.feedback.urls_nps")),
]
