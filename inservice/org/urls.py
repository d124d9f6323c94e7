from django.urls import path

from inservice.org import views, views_availability, views_charter, views_tokens

app_name = "org"

urlpatterns = [
    path("directory/", views.directory, name="directory"),
    path("directory/people/suggest/", views.people_suggestions, name="people_suggestions"),
    path("directory/people/<int:person_id>/", views.person, name="person"),
    path("directory/teams/<slug:slug>/", views.team, name="team"),
    path("vision/", views_charter.vision, name="vision"),
    path("account/availability/", views_availability.mine, name="availability"),
    path("account/tokens/", views_tokens.tokens, name="tokens"),
    path("account/tokens/<int:token_id>/revoke/", views_tokens.revoke_token, name="revoke_token"),
]
