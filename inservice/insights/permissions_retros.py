"""Who takes part in a retrospective, and who may do what in it (decision 0039). Anything a person
may not see is a 404, as for something that does not exist: the page, its partials, its CSV and
the API alike.

- Making one: the leads of any of its teams, and administrators.
- Taking part (reading the packet and the board, adding cards, voting, making action items):
  the members and leads of its teams, and its facilitator. Nobody else, administrators included.
- A card is changed or deleted by its author alone; the facilitator alone closes it. After the
  close everything is read-only (the services refuse).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404

from inservice.insights.models_retros import RetroCard, Retrospective
from inservice.lib.queries import unique
from inservice.org.models import Person, Team


def may_create(person: Person) -> bool:
    """Whether the person may make retrospectives at all (they lead a team, or administer)."""
    return person.is_superuser or bool(person.lead_team_ids())


def may_create_for(person: Person, team_ids: set[int]) -> bool:
    return person.is_superuser or bool(team_ids & person.lead_team_ids())


@dataclass(frozen=True)
class Retro:
    """A retrospective as its participants see it: the row and its teams, by name."""

    retro: Retrospective
    teams: list[Team]

    @property
    def team_ids(self) -> set[int]:
        return {team.pk for team in self.teams}

    @property
    def pk(self) -> int:
        return self.retro.pk


def takes_part(person: Person, retro: Retrospective, team_ids: set[int]) -> bool:
    return person.pk == retro.facilitator_id or bool(team_ids & person.team_ids())


def is_facilitator(person: Person, retro: Retrospective) -> bool:
    return person.pk == retro.facilitator_id


def get_retro_for_user(person: Person, retro_id: int) -> Retro:
    """The retrospective with its facilitator, the previous one and its teams, for a participant;
    404 otherwise. Two queries (and the person's memberships, once)."""
    found = unique(
        Retrospective.objects.select_related("facilitator", "previous").filter(pk=retro_id)
    )
    if found is None:
        raise Http404
    teams = list(found.teams.order_by("name", "id"))
    if not takes_part(person, found, {team.pk for team in teams}):
        raise Http404
    return Retro(found, teams)


def get_card_for_author(person: Person, retro: Retro, card_id: int) -> RetroCard:
    """A card of this retrospective that the person wrote, or 404."""
    card = unique(RetroCard.objects.filter(pk=card_id, retro=retro.retro))
    if card is None or card.author_id != person.pk:
        raise Http404
    return card


def get_card(retro: Retro, card_id: int) -> RetroCard:
    """Any card of this retrospective (a participant votes on every one), or 404."""
    card = unique(RetroCard.objects.filter(pk=card_id, retro=retro.retro))
    if card is None:
        raise Http404
    return card
