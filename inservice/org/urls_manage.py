from django.urls import path

from inservice.org import views_availability, views_charter, views_manage

app_name = "manage_org"

urlpatterns = [
    path("vision/", views_charter.vision_edit, name="vision_edit"),
    path("teams/<slug:slug>/", views_manage.team, name="team"),
    path("teams/<slug:slug>/charter/", views_charter.charter_edit, name="charter_edit"),
    path("teams/<slug:slug>/members/", views_manage.members, name="members"),
    path(
        "teams/<slug:slug>/members/<int:person_id>/role/",
        views_manage.member_role,
        name="member_role",
    ),
    path(
        "teams/<slug:slug>/members/<int:person_id>/remove/",
        views_manage.member_remove,
        name="member_remove",
    ),
    path(
        "teams/<slug:slug>/members/<int:person_id>/availability/",
        views_availability.member,
        name="member_availability",
    ),
    path("teams/<slug:slug>/contacts/", views_manage.contacts, name="contacts"),
    path(
        "teams/<slug:slug>/contacts/<int:contact_id>/",
        views_manage.contact_edit,
        name="contact_edit",
    ),
    path(
        "teams/<slug:slug>/contacts/<int:contact_id>/remove/",
        views_manage.contact_remove,
        name="contact_remove",
    ),
]
