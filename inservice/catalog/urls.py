from django.urls import path

from inservice.catalog import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("services/", views.search, name="search"),
    path("services/<slug:slug>/", views.detail, name="service"),
]
