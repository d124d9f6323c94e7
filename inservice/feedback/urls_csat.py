"""Satisfaction after each request, under /feedback/ (names in the "feedback" namespace)."""

from django.urls import URLPattern, path

from inservice.feedback import views_csat, views_csat_follow_ups, views_csat_team

urlpatterns: list[URLPattern] = [
    # The email's signed links: no sign-in, the token is the authority.
    path("rate/<str:token>/", views_csat.rate_link, name="rate_link"),
    path("requests/<str:key>/rating/", views_csat.ticket_rating, name="ticket_rating"),
    path("follow-ups/", views_csat_follow_ups.follow_ups, name="follow_ups"),
    path("follow-ups/<int:follow_up_id>/", views_csat_follow_ups.follow_up, name="follow_up"),
    path("teams/<slug:slug>/ratings/", views_csat_team.team_ratings, name="team_ratings"),
    path(
        "teams/<slug:slug>/ratings/block/",
        views_csat_team.team_ratings_block,
        name="team_ratings_block",
    ),
    path("services/<int:service_id>/survey-rule/", views_csat_team.survey_rule, name="survey_rule"),
]
