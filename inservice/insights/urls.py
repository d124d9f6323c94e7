"""The dashboards, under /insights/ (names in the "insights" namespace). Each page has its
figures' CSV downloads below it: `<page>figures/<key>.csv`."""

from django.urls import URLPattern, path

from inservice.insights.views import customer_map, customers, dashboards, downloads
from inservice.insights.views.places import AGENT, ORGANISATION, OWN, SERVICE, TEAM

app_name = "insights"

PAGES = {
    ORGANISATION: "",
    TEAM: "teams/<slug:slug>/",
    SERVICE: "services/<slug:slug>/",
    OWN: "me/",
    AGENT: "teams/<slug:slug>/agents/<str:username>/",
}

urlpatterns: list[URLPattern] = []
for where, route in PAGES.items():
    urlpatterns += [
        path(route, dashboards.dashboard, {"where": where}, name=where),
        path(
            f"{route}figures/<slug:key>.csv",
            downloads.download,
            {"where": where},
            name=f"{where}_csv",
        ),
    ]

# Quarterly health checks (decision 0038): a team's archive, one check, its scorecard as CSV,
# and the leads' notes, publishing and regenerating. `<quarter>` is "2026-Q1".
from inservice.insights.views import health  # noqa: E402

HEALTH = "teams/<slug:slug>/health/"
urlpatterns += [
    path(HEALTH, health.archive, name="health_archive"),
    path(f"{HEALTH}<str:quarter>/", health.check, name="health_check"),
    path(f"{HEALTH}<str:quarter>/scorecard.csv", health.scorecard_csv, name="health_csv"),
    path(f"{HEALTH}<str:quarter>/notes/", health.notes, name="health_notes"),
    path(f"{HEALTH}<str:quarter>/publish/", health.publish, name="health_publish"),
    path(f"{HEALTH}<str:quarter>/prepare/", health.prepare, name="health_prepare"),
]

# Cross-department retrospectives (decision 0039): one's list, a new one, a retrospective's page
# (the packet's tables as CSV, the board's cards and votes, action items, closing).
from inservice.insights.views import retros  # noqa: E402

RETRO = "retros/<int:retro_id>/"
CARD = f"{RETRO}cards/<int:card_id>/"
urlpatterns += [
    path("retros/", retros.retro_list, name="retros"),
    path("retros/new/", retros.retro_new, name="retro_new"),
    path(RETRO, retros.retro_detail, name="retro"),
    path(f"{RETRO}packet/<slug:key>.csv", retros.retro_csv, name="retro_csv"),
    path(f"{RETRO}cards/", retros.card_add, name="retro_cards"),
    path(CARD, retros.card, name="retro_card"),
    path(f"{CARD}edit/", retros.card_edit, name="retro_card_edit"),
    path(f"{CARD}delete/", retros.card_delete, name="retro_card_delete"),
    path(f"{CARD}vote/", retros.card_vote, name="retro_vote"),
    path(f"{RETRO}actions/", retros.action_add, name="retro_actions"),
    path(f"{RETRO}close/", retros.retro_close, name="retro_close"),
]

# The internal customer map and a team's customers (decision 0037).
urlpatterns += [
    path("map/", customer_map.customer_map, name="map"),
    path("map/flows.csv", customer_map.map_csv, name="map_csv"),
    path("teams/<slug:slug>/customers/", customers.team_customers, name="customers"),
    path("teams/<slug:slug>/customers/key/", customers.key_customer_new, name="key_customer_new"),
    path(
        "teams/<slug:slug>/customers/key/<slug:customer_slug>/",
        customers.key_customer,
        name="key_customer",
    ),
    path(
        "teams/<slug:slug>/customers/key/<slug:customer_slug>/remove/",
        customers.key_customer_remove,
        name="key_customer_remove",
    ),
]
