"""The suggestion box, the board and concerns, under /feedback/suggestions/ (names in the
"feedback" namespace)."""

from django.urls import URLPattern, path

from inservice.feedback import (
    views_suggestions,
    views_suggestions_board,
    views_suggestions_concerns,
)

urlpatterns: list[URLPattern] = [
    path("", views_suggestions_board.suggestion_board, name="suggestion_board"),
    path("new/", views_suggestions.suggestion_new, name="suggestion_new"),
    path("mine/", views_suggestions.suggestion_mine, name="suggestion_mine"),
    path("follow/<str:secret>/", views_suggestions.suggestion_follow, name="suggestion_follow"),
    path("<int:suggestion_id>/", views_suggestions.suggestion_detail, name="suggestion_detail"),
    path(
        "<int:suggestion_id>/answer/",
        views_suggestions.suggestion_answer,
        name="suggestion_answer",
    ),
    path("<int:suggestion_id>/reply/", views_suggestions.suggestion_reply, name="suggestion_reply"),
    path(
        "organisation/",
        views_suggestions_board.suggestion_inbox_org,
        name="suggestion_inbox_org",
    ),
    path("team/<slug:slug>/", views_suggestions_board.suggestion_inbox, name="suggestion_inbox"),
    path(
        "team/<slug:slug>/block/",
        views_suggestions_board.suggestion_team_block,
        name="suggestion_team_block",
    ),
    path("concerns/", views_suggestions_concerns.concern_list, name="concern_list"),
    path("concerns/new/", views_suggestions_concerns.concern_new, name="concern_new"),
    path(
        "concerns/<int:concern_id>/",
        views_suggestions_concerns.concern_detail,
        name="concern_detail",
    ),
    path(
        "concerns/<int:concern_id>/answer/",
        views_suggestions_concerns.concern_answer,
        name="concern_answer",
    ),
]
