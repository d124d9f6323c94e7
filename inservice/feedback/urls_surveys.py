"""Pulse surveys, under /feedback/surveys/ (names in the "feedback" namespace)."""

from django.urls import URLPattern, path

from inservice.feedback import (
    views_surveys,
    views_surveys_answer,
    views_surveys_builder,
    views_surveys_results,
)

urlpatterns: list[URLPattern] = [
    path("", views_surveys.survey_list, name="surveys"),
    path("new/", views_surveys_builder.survey_new, name="survey_new"),
    path("<int:survey_id>/", views_surveys.survey_detail, name="survey"),
    path("<int:survey_id>/edit/", views_surveys_builder.survey_edit, name="survey_edit"),
    path("<int:survey_id>/open/", views_surveys.survey_open, name="survey_open"),
    path("<int:survey_id>/close/", views_surveys.survey_close, name="survey_close"),
    path("<int:survey_id>/answer/", views_surveys_answer.survey_answer, name="survey_answer"),
    path("<int:survey_id>/results/", views_surveys_results.survey_results, name="survey_results"),
    path(
        "<int:survey_id>/results.csv",
        views_surveys_results.survey_results_csv,
        name="survey_results_csv",
    ),
]
