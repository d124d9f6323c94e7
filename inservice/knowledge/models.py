"""The knowledge base: articles, FAQs and service guides, what readers said of them, and the
requests they answered before anyone had to ask.

An `Article` belongs to a team and has an owner (a member of that team) and a review date. Its
body is Markdown (sanitised when shown). Drafts and archived articles are for its editors (the
owner, the team's leads, administrators); a published article is for everyone signed in.
Counts are kept on the article so lists and search never count rows: helpful / not helpful
answers (`ArticleFeedback`, one per person, changeable) and deflections (`Deflection`, a request
that was never asked because the article answered it).

Search does not read these columns through the ORM: knowledge.search_schema adds PostgreSQL's
`search_document` column and GIN indexes, or SQLite's FTS5 tables, beside them.
"""

from __future__ import annotations

from datetime import date

from django.db import models
from django.db.models import Count, F, Q
from django.utils.translation import gettext_lazy as _

from inservice.catalog.models import Service
from inservice.knowledge.choices import Kind, State
from inservice.lib.sentiment import Tone
from inservice.org.models import Person, Team

MAX_TITLE = 200
MAX_SUMMARY = 300
MAX_BODY = 100_000
MAX_COMMENT = 2_000
MAX_SERVICES = 20
# An article "needs attention" once at least this many people answered and this share of them
# (in percent) said it did not help; its owner is told once per such episode.
UNHELPFUL_MIN_ANSWERS = 10
UNHELPFUL_SHARE = 40


def _to_review(today: date) -> Q:
    """Past its review date (published), or found unhelpful by readers."""
    return Q(state=State.PUBLISHED, review_on__lt=today) | Q(attention_since__isnull=False)


class ArticleQuerySet(models.QuerySet["Article"]):
    def published(self) -> ArticleQuerySet:
        return self.filter(state=State.PUBLISHED)

    def editable_by(self, person: Person) -> ArticleQuerySet:
        """Articles the person edits: their own, their teams' as a lead, all as an administrator
        (knowledge.permissions.can_edit is the same rule for one article)."""
        if person.is_superuser:
            return self.all()
        return self.filter(Q(owner=person) | Q(team_id__in=sorted(person.lead_team_ids())))

    def visible_to(self, person: Person) -> ArticleQuerySet:
        """Published ones, and the drafts and archived ones the person edits."""
        if person.is_superuser:
            return self.all()
        return self.filter(
            Q(state=State.PUBLISHED)
            | Q(owner=person)
            | Q(team_id__in=sorted(person.lead_team_ids()))
        )

    def linked_to(self, service: Service | int) -> ArticleQuerySet:
        return self.filter(services=service)

    def past_review(self, today: date) -> ArticleQuerySet:
        """Published articles whose review date has passed (partial index article_review_idx)."""
        return self.filter(state=State.PUBLISHED, review_on__lt=today)

    def to_flag(self, today: date) -> ArticleQuerySet:
        """Past review, and the owner not yet told about this review date."""
        return self.past_review(today).filter(
            Q(review_flagged_on__isnull=True) | ~Q(review_flagged_on=F("review_on"))
        )

    def needing_attention(self) -> ArticleQuerySet:
        return self.filter(attention_since__isnull=False)

    def to_review(self, today: date) -> ArticleQuerySet:
        """What the review page lists."""
        return self.filter(_to_review(today))

    def counts(self, today: date) -> dict[str, int]:
        """How many are published and how many are to review, in one query (the blocks)."""
        return self.aggregate(
            published=Count("id", filter=Q(state=State.PUBLISHED)),
            to_review=Count("id", filter=_to_review(today)),
        )

    def for_list(self) -> ArticleQuerySet:
        return self.select_related("team", "owner")

    def most_useful(self) -> ArticleQuerySet:
        """Those that answered most requests first, then the most found helpful."""
        return self.order_by("-deflection_count", "-helpful_count", "title", "id")


class Article(models.Model):
    """An article, FAQ or service guide of a team, in Markdown."""

    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.ARTICLE)
    title = models.CharField(_("title"), max_length=MAX_TITLE)
    # Given once from the title and never changed, so links to the article keep working.
    slug = models.SlugField(_("slug"), max_length=80, db_index=False)
    summary = models.CharField(_("summary"), max_length=MAX_SUMMARY, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    owner = models.ForeignKey(
        Person,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # article_owner_idx leads with it
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        on_delete=models.PROTECT,
        related_name="knowledge_articles",
        db_index=False,
    )
    services = models.ManyToManyField(
        Service, verbose_name=_("services"), blank=True, related_name="knowledge_articles"
    )
    review_on = models.DateField(_("review by"))
    # The review date the owner was last told had passed: once per review date.
    review_flagged_on = models.DateField(null=True, blank=True, editable=False)
    # Since when readers find it unhelpful (see UNHELPFUL_SHARE); empty when they do not.
    attention_since = models.DateTimeField(null=True, blank=True, editable=False)
    helpful_count = models.PositiveIntegerField(default=0, editable=False)
    unhelpful_count = models.PositiveIntegerField(default=0, editable=False)
    deflection_count = models.PositiveIntegerField(default=0, editable=False)
    # Optimistic concurrency: two editors saving at once cannot overwrite each other.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField(_("updated"))
    published_at = models.DateTimeField(_("first published"), null=True, blank=True)
    # Last: SQLite reads a row's columns in order, and a body may run to 100,000 characters
    # (a filter on the state must not read through it).
    body = models.TextField(_("text"), help_text=_("Markdown."))

    objects = ArticleQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="article_slug_unique"),
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="article_kind_valid"),
            models.CheckConstraint(condition=Q(state__in=State.values), name="article_state_valid"),
            models.CheckConstraint(
                condition=~Q(state=State.PUBLISHED) | Q(published_at__isnull=False),
                name="article_published_dated",
            ),
        ]
        indexes = [
            # The article list and the API list: published ones, most recently updated first.
            models.Index("state", F("updated_at").desc(), F("id").desc(), name="article_list_idx"),
            # A team's articles (the list's team filter, the block on the team's page).
            models.Index(
                "team", "state", F("updated_at").desc(), F("id").desc(), name="article_team_idx"
            ),
            models.Index(fields=["owner", "state"], name="article_owner_idx"),
            # The daily review flag: published articles by review date.
            models.Index(
                fields=["review_on"],
                condition=Q(state=State.PUBLISHED),
                name="article_review_idx",
            ),
            # "Needs attention" in the editors' lists.
            models.Index(
                fields=["team"],
                condition=Q(attention_since__isnull=False),
                name="article_attention_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def state_enum(self) -> State:
        return State(self.state)

    @property
    def is_published(self) -> bool:
        return self.state == State.PUBLISHED

    @property
    def answers(self) -> int:
        return self.helpful_count + self.unhelpful_count

    @property
    def helpful_percent(self) -> int | None:
        """The share of readers who said it helped, in percent (None before anyone answered)."""
        if not self.answers:
            return None
        return round(100 * self.helpful_count / self.answers)

    @property
    def needs_attention(self) -> bool:
        return self.attention_since is not None

    def is_past_review(self, today: date) -> bool:
        return self.is_published and self.review_on < today


def reads_unhelpful(helpful: int, unhelpful: int) -> bool:
    """Whether answers this many and this share say "not helpful" (UNHELPFUL_*)."""
    answers = helpful + unhelpful
    return answers >= UNHELPFUL_MIN_ANSWERS and unhelpful * 100 >= UNHELPFUL_SHARE * answers


class ArticleFeedback(models.Model):
    """One reader's answer to "Did this help?", with an optional comment; they may change it."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="feedback")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    helpful = models.BooleanField(_("helpful"))
    comment = models.TextField(_("comment"), blank=True)
    tone = models.CharField(max_length=8, choices=Tone.choices, blank=True)
    tone_score = models.FloatField(null=True, blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "person"], name="article_feedback_once"),
        ]
        indexes = [
            # The editors' latest comments on an article.
            models.Index("article", F("updated_at").desc(), name="article_feedback_recent_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.article_id}: {'yes' if self.helpful else 'no'}"


class Deflection(models.Model):
    """A request that was not asked: the person said an article answered their question."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="deflections")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index("article", F("created_at").desc(), name="deflection_article_idx"),
            # Deflections per service over a period (and the same click twice: services.deflect).
            models.Index(fields=["service", "created_at"], name="deflection_service_idx"),
            models.Index("person", "article", F("created_at").desc(), name="deflection_person_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.article_id} by {self.person_id}"
