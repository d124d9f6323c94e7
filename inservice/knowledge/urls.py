"""The knowledge base's pages, under /knowledge/ (namespace "knowledge")."""

from django.urls import URLPattern, path

from inservice.knowledge.views import articles, blocks, editor, reading, search

app_name = "knowledge"

urlpatterns: list[URLPattern] = [
    path("", articles.index, name="index"),
    path("search/", search.search_page, name="search"),
    path("suggest/", search.suggest, name="suggest"),
    path("new/", editor.new, name="new"),
    path("review/", articles.review, name="review"),
    path("articles/<slug:slug>/", articles.article, name="article"),
    path("articles/<slug:slug>/edit/", editor.edit, name="edit"),
    path("articles/<slug:slug>/publish/", editor.publish, name="publish"),
    path("articles/<slug:slug>/archive/", editor.archive, name="archive"),
    path("articles/<slug:slug>/reviewed/", editor.reviewed, name="reviewed"),
    path("articles/<slug:slug>/feedback/", reading.feedback, name="feedback"),
    path("articles/<slug:slug>/deflect/", reading.deflect, name="deflect"),
    path("teams/<slug:slug>/block/", blocks.team_block, name="team_block"),
    path("people/<int:person_id>/block/", blocks.person_block, name="person_block"),
    path("requests/<str:key>/block/", blocks.request_block, name="request_block"),
]
