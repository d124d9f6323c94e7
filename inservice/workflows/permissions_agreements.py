"""Who may see and change a service agreement (decision 0027).

Everyone signed in reads every agreement: they are the organisation's published service
commitments, like the catalog. A lead of the providing team makes one (it binds that team's
service levels); after that the leads of either side keep it, and administrators everything.
Anyone else asking to change one gets 404, as for a missing agreement.
"""

from __future__ import annotations

from django.http import Http404

from inservice.lib.queries import unique
from inservice.org.models import Person, Team
from inservice.org.permissions import get_team
from inservice.workflows.models import Agreement


def can_create_agreement(person: Person, provider: Team | int) -> bool:
    provider_id = provider if isinstance(provider, int) else provider.pk
    return person.is_superuser or provider_id in person.lead_team_ids()


def can_edit_agreement(person: Person, agreement: Agreement) -> bool:
    leads = person.lead_team_ids()
    return person.is_superuser or bool({agreement.provider_id, agreement.receiver_id} & leads)


def get_agreement(agreement_id: int) -> Agreement:
    """Any agreement, with both teams and the provider's calendar (measures count in it)."""
    found = unique(
        Agreement.objects.select_related("provider__calendar", "receiver", "created_by").filter(
            pk=agreement_id
        )
    )
    if found is None:
        raise Http404
    return found


def get_agreement_to_edit(person: Person, agreement_id: int) -> Agreement:
    agreement = get_agreement(agreement_id)
    if not can_edit_agreement(person, agreement):
        raise Http404
    return agreement


def get_provider_to_offer(person: Person, slug: str) -> Team:
    """A team the person may make a new agreement for, as its provider, or 404."""
    team = get_team(slug)
    if not can_create_agreement(person, team):
        raise Http404
    return team
