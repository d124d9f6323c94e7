"""The kudos pages, under /kudos/ (names in the "kudos" namespace)."""

from django.urls import URLPattern, path

from inservice.kudos.views import blocks, giving, preferences, wall

app_name = "kudos"

urlpatterns: list[URLPattern] = [
    path("", wall.wall, name="wall"),
    path("give/", giving.give, name="give"),
    path("settings/", preferences.kudos_settings, name="settings"),
    path("<int:kudos_id>/", wall.detail, name="detail"),
    path("<int:kudos_id>/delete/", giving.delete, name="delete"),
    path("<int:kudos_id>/hide/", giving.hide, name="hide"),
    path("highlights/<str:month>/", wall.highlights, name="highlights"),
    path("people/<int:person_id>/", wall.person_kudos, name="person"),
    path("people/<int:person_id>/block/", blocks.person_block, name="person_block"),
    path("teams/<slug:slug>/block/", blocks.team_block, name="team_block"),
    path("requests/<str:key>/thank/", blocks.ticket_block, name="ticket_block"),
]
