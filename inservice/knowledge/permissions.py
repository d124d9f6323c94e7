"""Who reads, writes and edits articles. What a person may not see is a 404, as for an article
that does not exist: pages, API, blocks and emails alike.

- A published article is for everyone signed in, whatever its services: articles are knowledge a
  team chose to publish (a guide to a confidential service says how to ask, never who asked).
- Drafts and archived articles are for their editors: the owner, the leads of the article's
  team, administrators. ArticleQuerySet.editable_by is the same rule in SQL.
- Anyone who serves in a team writes articles for it (and owns them); administrators for any team.
- Agents (people who serve in a team offering services) also search requests: those their teams
  hold, every one of which they may see (tickets.permissions).
"""

from __future__ import annotations

from django.http import Http404

from inservice.catalog.models import Service
from inservice.catalog.permissions import can_ask
from inservice.knowledge.models import Article
from inservice.lib.queries import unique
from inservice.org.models import Membership, Person, Team


def can_edit(person: Person, article: Article) -> bool:
    return (
        person.is_superuser
        or article.owner_id == person.pk
        or article.team_id in person.lead_team_ids()
    )


def can_read(person: Person, article: Article) -> bool:
    return article.is_published or can_edit(person, article)


def can_write_for(person: Person, team: Team | int) -> bool:
    """Whether the person writes articles for `team`: its members and administrators."""
    team_id = team if isinstance(team, int) else team.pk
    return person.is_superuser or team_id in person.team_ids()


def writes_articles(person: Person) -> bool:
    return person.is_superuser or bool(person.team_ids())


def serving_team_ids(person: Person) -> list[int]:
    """The teams the person serves in that offer services (whose requests they search)."""
    rows = (
        Membership.objects.filter(person=person, team__services__isnull=False)
        .values_list("team_id", flat=True)
        .distinct()
        .order_by("team_id")
    )
    return list(rows)


def _article(slug: str) -> Article:
    found = unique(Article.objects.select_related("team", "owner").filter(slug=slug[:80]))
    if found is None:
        raise Http404
    return found


def get_article_for_user(person: Person, slug: str) -> Article:
    article = _article(slug)
    if not can_read(person, article):
        raise Http404
    return article


def get_article_to_edit(person: Person, slug: str) -> Article:
    article = _article(slug)
    if not can_edit(person, article):
        raise Http404
    return article


def get_service_to_ask(person: Person, service_id: str | int | None) -> Service | None:
    """The service someone is asking for (the ask page's suggestions and deflections): None
    when none is named; 404 for an unknown one or one the person may not ask for."""
    if service_id in (None, ""):
        return None
    try:
        pk = int(service_id)
    except (TypeError, ValueError) as exc:
        raise Http404 from exc
    service = unique(Service.objects.select_related("team").filter(pk=pk))
    if service is None or not can_ask(person, service):
        raise Http404
    return service
