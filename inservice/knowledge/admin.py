"""Articles in the admin: read, and published or archived through knowledge.services (so the
admin cannot store an article the editor would refuse); feedback and deflections are read-only
logs. Articles are written on their own pages (/knowledge/new/)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from inservice.knowledge import services
from inservice.knowledge.models import Article, ArticleFeedback, Deflection
from inservice.lib.requests import person_of

if TYPE_CHECKING:
    ArticleAdminBase = admin.ModelAdmin[Article]
    FeedbackAdminBase = admin.ModelAdmin[ArticleFeedback]
    DeflectionAdminBase = admin.ModelAdmin[Deflection]
else:  # ModelAdmin is generic in django-stubs only; at run time it takes no parameter
    ArticleAdminBase = FeedbackAdminBase = DeflectionAdminBase = admin.ModelAdmin


class ReadOnly:
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Article)
class ArticleAdmin(ReadOnly, ArticleAdminBase):
    list_display = [
        "title",
        "kind",
        "state",
        "team",
        "owner",
        "review_on",
        "helpful_count",
        "unhelpful_count",
        "deflection_count",
        "updated_at",
    ]
    list_filter = ["state", "kind", "team"]
    search_fields = ["title", "slug"]
    date_hierarchy = "updated_at"
    list_select_related = ["team", "owner"]
    actions = ["publish", "archive"]

    @admin.action(description=_("Publish the selected articles"))
    def publish(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        person = person_of(request)
        for article in queryset:
            services.publish_article(person, article)
        self.message_user(request, _("Published."), messages.SUCCESS)

    @admin.action(description=_("Archive the selected articles"))
    def archive(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        person = person_of(request)
        for article in queryset:
            services.archive_article(person, article)
        self.message_user(request, _("Archived."), messages.SUCCESS)


@admin.register(ArticleFeedback)
class FeedbackAdmin(ReadOnly, FeedbackAdminBase):
    list_display = ["article", "person", "helpful", "tone", "updated_at"]
    list_filter = ["helpful", "tone"]
    list_select_related = ["article", "person"]


@admin.register(Deflection)
class DeflectionAdmin(ReadOnly, DeflectionAdminBase):
    list_display = ["article", "person", "service", "created_at"]
    list_select_related = ["article", "person", "service"]
    date_hierarchy = "created_at"
