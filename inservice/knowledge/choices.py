"""What an article is and where it stands, with the labels and badge colours the pages show."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    ARTICLE = "article", _("Article")
    FAQ = "faq", _("FAQ")
    GUIDE = "guide", _("Service guide")


class State(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")

    @property
    def badge(self) -> str:
        return STATE_BADGES[self]


STATE_BADGES = {State.DRAFT: "warn", State.PUBLISHED: "ok", State.ARCHIVED: "muted"}
