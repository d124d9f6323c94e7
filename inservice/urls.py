from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from inservice.api import api

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/import/", include("inservice.org.urls_import")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("notifications/", include("inservice.notifications.urls")),
    path("manage/", include("inservice.org.urls_manage")),
    path("manage/", include("inservice.catalog.urls_manage")),
    path("manage/", include("inservice.sla.urls")),
    path("manage/", include("inservice.tickets.urls_manage")),
    path("workflows/", include("inservice.workflows.urls")),
    path("feedback/", include("inservice.feedback.urls")),
    path("kudos/", include("inservice.kudos.urls")),
    path("learning/", include("inservice.learning.urls")),
    path("knowledge/", include("inservice.knowledge.urls")),
    path("insights/", include("inservice.insights.urls")),
    path("", include("inservice.org.urls")),
    path("", include("inservice.tickets.urls")),
    path("", include("inservice.catalog.urls")),
]
