from django.urls import path

from inservice.feedback import views_trends

urlpatterns: list[object] = [
    path("teams/<slug:slug>/sentiment/", views_trends.team_sentiment, name="team_sentiment"),
    path(
        "teams/<slug:slug>/sentiment/block/",
        views_trends.team_sentiment_block,
        name="team_sentiment_block",
    ),
]
