"""Internal NPS campaigns, under /feedback/nps/ (names in the "feedback" namespace)."""

from django.urls import URLPattern, path

from inservice.feedback import views_nps, views_nps_answer, views_nps_manage

urlpatterns: list[URLPattern] = [
    path("teams/<slug:slug>/", views_nps.team_page, name="nps_team"),
    path("teams/<slug:slug>/block/", views_nps.team_block, name="nps_block"),
    path("new/", views_nps_manage.new_campaign, name="nps_new"),
    path("<int:survey_id>/", views_nps.campaign_page, name="nps_campaign"),
    path("<int:survey_id>/results.csv", views_nps.campaign_csv, name="nps_csv"),
    path("<int:survey_id>/close/", views_nps_manage.close_campaign, name="nps_close"),
    path("<int:survey_id>/answer/", views_nps_answer.answer_page, name="nps_answer"),
]
