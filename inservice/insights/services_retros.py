"""The write path of retrospectives (decision 0039): making one, the board's cards and votes, the
action items and their requests, closing.

Every refusal is a ValidationError keyed by the field it is about (nothing is written); a write
into a closed retrospective is refused whole. Each write locks the retrospective's row first,
so a card, a vote or an action cannot land after the facilitator has closed it.

An action item is a tracked request of its owner's team: the team's "Retrospective actions"
service (made on first need through catalog.services, asked for by the retrospective's teams
only), due at the end of the due date in the team's calendar (`resolve_by`, as a workflow
step's), assigned to the owner, asked for the facilitator, its description linking back.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.text import Truncator, get_text_list
from django.utils.translation import gettext as _

from inservice.catalog import services as catalog
from inservice.catalog.choices import Audience
from inservice.catalog.models import Service
from inservice.catalog.permissions import can_ask
from inservice.insights import periods
from inservice.insights.models_retros import (
    MAX_DAYS,
    MAX_TEAMS,
    MAX_TEXT,
    MAX_TITLE,
    MIN_TEAMS,
    RetroAction,
    RetroActionService,
    RetroCard,
    RetroColumn,
    Retrospective,
    RetroState,
    RetroTeam,
    RetroVote,
    team_key,
)
from inservice.insights.permissions_retros import Retro, is_facilitator, may_create_for, takes_part
from inservice.lib.queries import unique
from inservice.org.choices import Role
from inservice.org.models import Membership, Person, Team
from inservice.sla import business
from inservice.tickets import services as tickets
from inservice.workflows import schedule

Problems = dict[str, list[str]]
SUBJECT_LENGTH = 200
DUE_WITHIN_DAYS = 366


def _too_long(text: str, limit: int) -> str:
    return _("Too long: at most %(max)s characters (this has %(n)s).") % {
        "max": f"{limit:,}",
        "n": f"{len(text):,}",
    }


# -- making one ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RetroDraft:
    teams: Sequence[Team]
    start: date | None
    end: date | None
    title: str = ""


def retro_problems(actor: Person, draft: RetroDraft, today: date) -> Problems:
    """Everything wrong with the draft, keyed by field (empty when it can be made)."""
    errors: Problems = {}
    ids = {team.pk for team in draft.teams}
    if len(ids) < MIN_TEAMS:
        errors["teams"] = [_("Choose at least two teams: a retrospective is between teams.")]
    elif len(ids) > MAX_TEAMS:
        errors["teams"] = [_("Choose at most %(n)s teams.") % {"n": MAX_TEAMS}]
    elif not may_create_for(actor, ids):
        errors["teams"] = [
            _("You lead none of these teams: a retrospective is made by a lead of one of them.")
        ]
    start, end = draft.start, draft.end
    if start is None:
        errors["start"] = [_("Choose the first day of the period.")]
    elif start > today:
        errors["start"] = [_("The period starts in the future: a retrospective looks back.")]
    if end is None:
        errors["end"] = [_("Choose the last day of the period.")]
    elif end > today:
        errors["end"] = [_("The period ends in the future: choose today or an earlier day.")]
    elif start is not None and end < start:
        errors["end"] = [_("The period ends before it starts.")]
    elif start is not None and (end - start).days + 1 > MAX_DAYS:
        errors["end"] = [_("Choose a period of at most a year (%(n)s days).") % {"n": MAX_DAYS}]
    if len(draft.title.strip()) > MAX_TITLE:
        errors["title"] = [_too_long(draft.title.strip(), MAX_TITLE)]
    return errors


def create_retrospective(
    actor: Person, draft: RetroDraft, *, now: datetime | None = None
) -> Retrospective:
    """A new open retrospective facilitated by `actor`, between the draft's teams. The previous
    one is the last closed retrospective between exactly the same teams, found now."""
    now = now or timezone.now()
    errors = retro_problems(actor, draft, periods.local_day(now))
    if errors:
        raise ValidationError(errors)
    assert draft.start is not None  # checked above
    assert draft.end is not None
    teams = sorted({team.pk: team for team in draft.teams}.values(), key=lambda t: t.name)
    title = draft.title.strip() or Truncator(
        get_text_list([team.name for team in teams], _("and"))
    ).chars(MAX_TITLE)
    key = team_key(team.pk for team in teams)
    with transaction.atomic():
        retro = Retrospective.objects.create(
            title=title,
            team_key=key,
            period_start=draft.start,
            period_end=draft.end,
            facilitator=actor,
            created_at=now,
            previous=Retrospective.objects.last_closed_between(key),
        )
        RetroTeam.objects.bulk_create(RetroTeam(retro=retro, team=team) for team in teams)
    return retro


# -- the board ------------------------------------------------------------------------------------


def _require_participant(actor: Person, retro: Retro) -> None:
    if not takes_part(actor, retro.retro, retro.team_ids):
        raise PermissionDenied(_("Only the retrospective's participants do this."))


def _lock_open(retro: Retro) -> Retrospective:
    """The retrospective's row, locked for the rest of the transaction; refused once closed."""
    locked = Retrospective.objects.select_for_update().get(pk=retro.pk)
    if locked.state != RetroState.OPEN:
        raise ValidationError(
            _("The retrospective is closed: its board and action items no longer change.")
        )
    return locked


def _card_text(text: str) -> str:
    text = text.strip()
    if not text:
        raise ValidationError({"text": [_("Write something on the card.")]})
    if len(text) > MAX_TEXT:
        raise ValidationError({"text": [_too_long(text, MAX_TEXT)]})
    return text


def add_card(
    actor: Person, retro: Retro, column: str, text: str, *, now: datetime | None = None
) -> RetroCard:
    _require_participant(actor, retro)
    errors: Problems = {}
    if column not in RetroColumn.values:
        errors["column"] = [_("Choose a column: went well, to improve or ideas.")]
    try:
        text = _card_text(text)
    except ValidationError as exc:
        errors |= exc.message_dict
    if errors:
        raise ValidationError(errors)
    now = now or timezone.now()
    with transaction.atomic():
        _lock_open(retro)
        return RetroCard.objects.create(
            retro=retro.retro,
            column=column,
            text=text,
            author=actor,
            created_at=now,
            updated_at=now,
        )


def _still_there(card: RetroCard) -> None:
    """Under the retrospective's lock: the card was not deleted since it was read."""
    if not RetroCard.objects.filter(pk=card.pk).exists():
        raise ValidationError(_("This card was deleted meanwhile."))


def _require_author(actor: Person, card: RetroCard) -> None:
    if card.author_id != actor.pk:
        raise PermissionDenied(_("Only the card's author changes it."))


def edit_card(
    actor: Person, retro: Retro, card: RetroCard, text: str, *, now: datetime | None = None
) -> RetroCard:
    """The author's new text for their card, while the retrospective is open."""
    _require_author(actor, card)
    text = _card_text(text)
    with transaction.atomic():
        _lock_open(retro)
        _still_there(card)
        card.text, card.updated_at = text, now or timezone.now()
        card.save(update_fields=["text", "updated_at"])
    return card


def delete_card(actor: Person, retro: Retro, card: RetroCard) -> None:
    """The author takes their card off the board (its votes go with it; an action made from it
    stays, without the link)."""
    _require_author(actor, card)
    with transaction.atomic():
        _lock_open(retro)
        _still_there(card)
        card.delete()


def toggle_vote(
    actor: Person, retro: Retro, card: RetroCard, *, now: datetime | None = None
) -> bool:
    """The participant's vote on the card, or its removal when they had voted. Returns whether
    they vote for it now."""
    _require_participant(actor, retro)
    if card.retro_id != retro.pk:
        raise ValidationError({"card": [_("This card is on another board.")]})
    with transaction.atomic():
        _lock_open(retro)  # also serialises two clicks of the same person
        _still_there(card)
        removed, _kinds = RetroVote.objects.filter(card=card, person=actor).delete()
        if removed:
            return False
        RetroVote.objects.create(card=card, person=actor, created_at=now or timezone.now())
    return True


def close_retrospective(
    actor: Person, retro: Retro, *, now: datetime | None = None
) -> Retrospective:
    """The facilitator closes it: from then on the board and the action items are read-only,
    and it becomes the previous retrospective of the next one between the same teams."""
    if not is_facilitator(actor, retro.retro):
        raise PermissionDenied(_("Only the facilitator closes the retrospective."))
    with transaction.atomic():
        locked = _lock_open(retro)
        locked.state, locked.closed_at = RetroState.CLOSED, now or timezone.now()
        locked.save(update_fields=["state", "closed_at"])
    retro.retro.state, retro.retro.closed_at = locked.state, locked.closed_at
    return locked


# -- action items ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActionDraft:
    text: str
    owner: Person | None
    due_on: date | None
    card: RetroCard | None = None


def owners_team(owner: Person, retro: Retro) -> Team | None:
    """The team an action of `owner` belongs to: the first of the retrospective's teams (by
    name) they serve in; None when they serve in none."""
    serves = owner.team_ids()
    return next((team for team in retro.teams if team.pk in serves), None)


def action_problems(
    retro: Retro, draft: ActionDraft, now: datetime
) -> tuple[Problems, str, Team | None]:
    """What is wrong with the draft (keyed by field), its text (the card's when left empty) and
    the owner's team."""
    errors: Problems = {}
    text = draft.text.strip() or (draft.card.text if draft.card is not None else "")
    if not text:
        errors["text"] = [_("Say what will be done.")]
    elif len(text) > MAX_TEXT:
        errors["text"] = [_too_long(text, MAX_TEXT)]
    if draft.card is not None and draft.card.retro_id != retro.pk:
        errors["card"] = [_("This card is on another board.")]
    team = None
    if draft.owner is None:
        errors["owner"] = [_("Choose who owns the action.")]
    else:
        team = owners_team(draft.owner, retro) if draft.owner.is_active else None
        if team is None:
            errors["owner"] = [
                _(
                    "%(name)s serves in none of the retrospective's teams: choose someone who "
                    "does, so the action is their team's request."
                )
                % {"name": draft.owner.name}
            ]
    if draft.due_on is None:
        errors["due_on"] = [_("Choose a due date.")]
    else:
        zone = business.for_team(team).zone if team is not None else periods.reporting_zone()
        today = now.astimezone(zone).date()
        if draft.due_on < today:
            errors["due_on"] = [_("The due date is in the past: choose today or a later day.")]
        elif draft.due_on > today + timedelta(days=DUE_WITHIN_DAYS):
            errors["due_on"] = [_("Choose a due date within a year.")]
    return errors, text, team


def add_action(
    actor: Person, retro: Retro, draft: ActionDraft, *, now: datetime | None = None
) -> RetroAction:
    """An action item and its request, opened for the facilitator in the owner's team's
    "Retrospective actions" service, due at the end of the due date and assigned to the owner."""
    _require_participant(actor, retro)
    now = now or timezone.now()
    errors, text, team = action_problems(retro, draft, now)
    if errors:
        raise ValidationError(errors)
    owner, due_on = draft.owner, draft.due_on
    assert owner is not None  # checked above
    assert due_on is not None
    assert team is not None
    with transaction.atomic():
        locked = _lock_open(retro)
        if draft.card is not None:
            _still_there(draft.card)
        service = action_service(team, retro.teams, owner, now)
        # Whoever made the action opens it when the service is theirs to ask for; an
        # administrator facilitating from outside the teams is not in its audience: the owner.
        opener = actor if can_ask(actor, service) else owner
        ticket = tickets.open_ticket(
            opener,
            tickets.NewRequest(
                service=service,
                subject=Truncator(" ".join(text.split())).chars(SUBJECT_LENGTH),
                description=_description(locked, retro.teams, text, owner, due_on),
                requester=retro.retro.facilitator,
                resolve_by=due_end(team, due_on, now),
                entry_data={"retrospective": locked.pk},
            ),
        )
        # Assigned by its maker when they serve in the team (the owner is told), else by the
        # owner themself.
        ticket = tickets.assign(actor if team.pk in actor.team_ids() else owner, ticket, owner)
        return RetroAction.objects.create(
            retro=locked,
            card=draft.card,
            text=text,
            owner=owner,
            due_on=due_on,
            ticket=ticket,
            created_by=actor,
            created_at=now,
        )


def due_end(team: Team, day: date, now: datetime) -> datetime:
    """When an action due on `day` is due: the end of that working day in the team's calendar
    (of the working day before, when the team does not work that day), or the date's own
    midnight when that moment has already passed."""
    table = business.for_team(team)
    try:
        due = schedule.due_for(table, day, 0)
    except schedule.NoWorkingDay:
        due = None
    if due is not None and due.at > now:
        return due.at
    return schedule.day_bounds(table, day)[1]


def _markdown_text(text: str) -> str:
    """Plain text placed inside Markdown link text: brackets would end the link."""
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


def _description(
    retro: Retrospective, teams: Sequence[Team], text: str, owner: Person, due_on: date
) -> str:
    url = reverse("insights:retro", args=[retro.pk])
    return "\n\n".join(
        [
            _("An action agreed in the retrospective [%(title)s](%(url)s) between %(teams)s.")
            % {
                "title": _markdown_text(retro.title),
                "url": url,
                "teams": get_text_list([team.name for team in teams], _("and")),
            },
            text,
            _("Owner: %(owner)s. Due: %(due)s.")
            % {"owner": owner.name, "due": formats.date_format(due_on, "j F Y")},
        ]
    )


def _action_steps() -> list[tuple[str, str]]:
    """The operating steps of a team's "Retrospective actions" service: (step, what it means)."""
    return [
        (_("Agree the action"), _("The owner confirms what will be done and by when.")),
        (_("Do it"), _("The owner carries the action out, with the other teams as needed.")),
        (
            _("Report the outcome"),
            _(
                "The owner resolves the request saying what changed; the next retrospective "
                "between the same teams opens with it."
            ),
        ),
    ]


def action_service(team: Team, audience: Sequence[Team], owner: Person, now: datetime) -> Service:
    """The team's "Retrospective actions" service, asked for by `audience` (the teams of the
    retrospective) among others; made on first need. Read with the team's calendar, as
    open_ticket plans with it."""
    link = unique(RetroActionService.objects.filter(team=team))
    if link is None:
        link = _make_action_service(team, audience, owner, now)
    service = Service.objects.select_related("team__calendar").get(pk=link.service_id)
    have = set(service.audience_teams.values_list("pk", flat=True))
    if not {t.pk for t in audience} <= have:
        wanted = Team.objects.filter(pk__in=have | {t.pk for t in audience})
        catalog.update_service(service, audience_teams=list(wanted))
    return service


def _make_action_service(
    team: Team, audience: Sequence[Team], owner: Person, now: datetime
) -> RetroActionService:
    lead = (
        Membership.objects.filter(team=team, role=Role.LEAD, person__is_active=True)
        .select_related("person")
        .order_by("person__name", "pk")
        .first()
    )
    base = _("Retrospective actions")
    taken = set(
        Service.objects.filter(team=team, name__startswith=base).values_list("name", flat=True)
    )
    name, n = base, 2
    while name in taken:  # a service of that name the team made itself
        name, n = f"{base} ({n})", n + 1
    try:
        with transaction.atomic():
            service = catalog.create_service(
                team,
                name=name,
                summary=_("Actions agreed in retrospectives with other teams."),
                description=_(
                    "Each request here is an action item agreed in a cross-department "
                    "retrospective, opened from its board: its owner, due date and the "
                    "retrospective are in the description."
                ),
                audience=Audience.TEAMS,
                audience_teams=audience,
                accountable=lead.person if lead is not None else owner,
            )
            # Like every service, it says how its requests are handled.
            catalog.set_operating_steps(service, _action_steps())
            return RetroActionService.objects.create(team=team, service=service, created_at=now)
    except (IntegrityError, ValidationError):
        # Made by another action at the same moment: theirs is the team's.
        made = unique(RetroActionService.objects.filter(team=team))
        if made is None:
            raise
        return made
