"""A lead's team management page: members and roles, key contacts and the team's services.

Every view fetches the team through get_team_to_manage: anyone who is neither its lead nor an
administrator gets 404. With htmx a change answers 204 + HX-Trigger and the changed section
reloads itself (showing the confirmation); without JavaScript every form posts and is redirected
back (303). Bad input answers 422 with the section (or the whole page) and its messages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from inservice.catalog.models import Service
from inservice.lib.forms import add_refusal
from inservice.lib.htmx import is_fragment, triggered
from inservice.lib.requests import person_of
from inservice.org import services
from inservice.org.choices import Role
from inservice.org.forms import AddMemberForm, KeyContactForm, RoleForm, TopicsForm
from inservice.org.models import KeyContact, Membership, Person, Team
from inservice.org.permissions import can_manage_team, get_team_to_manage

MEMBERS_CHANGED = "members-changed"
CONTACTS_CHANGED = "contacts-changed"


@dataclass
class MemberRow:
    membership: Membership
    error: str = ""


@dataclass
class ContactRow:
    contact: KeyContact
    form: TopicsForm


def _members_section(
    team: Team, form: AddMemberForm | None = None, errors: dict[int, str] | None = None
) -> dict[str, Any]:
    memberships = (
        Membership.objects.filter(team=team)
        .select_related("person")
        .order_by("role", "person__name")  # "lead" sorts before "member": leads first
    )
    errors = errors or {}
    return {
        "member_rows": [MemberRow(m, errors.get(m.person_id, "")) for m in memberships],
        "member_form": form or AddMemberForm(),
    }


def _contacts_section(
    team: Team, form: KeyContactForm | None = None, edited: TopicsForm | None = None
) -> dict[str, Any]:
    rows = []
    for contact in team.key_contacts.select_related("person").order_by("position", "person__name"):
        prefix = f"contact-{contact.pk}"
        row_form = (
            edited
            if edited is not None and edited.prefix == prefix
            else TopicsForm(prefix=prefix, initial={"topics": contact.topics})
        )
        rows.append(ContactRow(contact, row_form))
    return {"contact_rows": rows, "contact_form": form or KeyContactForm()}


def _page_context(
    team: Team,
    members: dict[str, Any] | None = None,
    contacts: dict[str, Any] | None = None,
) -> dict[str, Any]:
    return {
        "team": team,
        "services": list(
            Service.objects.filter(team=team).select_related("accountable").order_by("name")
        ),
        **(members if members is not None else _members_section(team)),
        **(contacts if contacts is not None else _contacts_section(team)),
        "nav": "directory",
    }


def _answer(
    request: HttpRequest,
    team: Team,
    status: int = 200,
    *,
    members: dict[str, Any] | None = None,
    contacts: dict[str, Any] | None = None,
) -> HttpResponse:
    """The changed section for htmx, the whole page otherwise."""
    if is_fragment(request) and (members is not None or contacts is not None):
        template, section = (
            ("org/manage/partials/members.html", members)
            if members is not None
            else ("org/manage/partials/contacts.html", contacts)
        )
        context = {"team": team, "fragment": True, **(section or {})}
        return render(request, template, context, status=status)
    context = _page_context(team, members=members, contacts=contacts)
    return render(request, "org/manage/team.html", context, status=status)


def _changed(
    request: HttpRequest, actor: Person, team: Team, event: str, message: str
) -> HttpResponse:
    messages.success(request, message)
    actor.forget_memberships()
    if can_manage_team(actor, team):
        url = reverse("manage_org:team", args=[team.slug])
        return triggered(event) if is_fragment(request) else HttpResponseRedirect(url, status=303)
    # The lead stepped down or left: this page is no longer theirs, the team's own page is.
    url = reverse("org:team", args=[team.slug])
    if is_fragment(request):
        return triggered(event, redirect=url)
    return HttpResponseRedirect(url, status=303)


def _membership(team: Team, person_id: int) -> Membership:
    found = Membership.objects.filter(team=team, person_id=person_id).select_related("person")
    membership = found.first()
    if membership is None:
        raise Http404
    return membership


def _contact(team: Team, contact_id: int) -> KeyContact:
    contact = team.key_contacts.select_related("person").filter(pk=contact_id).first()
    if contact is None:
        raise Http404
    return contact


@require_GET
def team(request: HttpRequest, slug: str) -> HttpResponse:
    found = get_team_to_manage(person_of(request), slug)
    return render(request, "org/manage/team.html", _page_context(found))


@require_http_methods(["GET", "POST"])
def members(request: HttpRequest, slug: str) -> HttpResponse:
    """The members section (GET), or adding a member to it (POST)."""
    actor = person_of(request)
    found = get_team_to_manage(actor, slug)
    if request.method == "GET":
        return _answer(request, found, members=_members_section(found))
    form = AddMemberForm(request.POST)
    if form.is_valid():
        person: Person = form.cleaned_data["person"]
        if Membership.objects.filter(team=found, person=person).exists():
            # add_member would quietly change their role (even demote the last lead).
            form.add_error(
                "person",
                _("%(person)s is already in this team: change their role in the list.")
                % {"person": person},
            )
        else:
            try:
                services.add_member(found, person, form.cleaned_data["role"])
            except ValidationError as exc:
                add_refusal(form, exc)
            else:
                message = (
                    _("%(person)s joined the team as a lead.")
                    if form.cleaned_data["role"] == Role.LEAD
                    else _("%(person)s joined the team as a member.")
                ) % {"person": person}
                return _changed(request, actor, found, MEMBERS_CHANGED, message)
    return _answer(request, found, 422, members=_members_section(found, form=form))


@require_POST
def member_role(request: HttpRequest, slug: str, person_id: int) -> HttpResponse:
    actor = person_of(request)
    found = get_team_to_manage(actor, slug)
    membership = _membership(found, person_id)
    form = RoleForm(request.POST)
    if form.is_valid():
        try:
            services.set_role(found, membership.person, form.cleaned_data["role"])
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            message = (
                _("%(person)s is now a lead of the team.")
                if form.cleaned_data["role"] == Role.LEAD
                else _("%(person)s is now a member of the team.")
            ) % {"person": membership.person}
            return _changed(request, actor, found, MEMBERS_CHANGED, message)
    else:
        error = " ".join(str(e) for e in form.errors.get("role", []))
    section = _members_section(found, errors={membership.person_id: error})
    return _answer(request, found, 422, members=section)


@require_POST
def member_remove(request: HttpRequest, slug: str, person_id: int) -> HttpResponse:
    actor = person_of(request)
    found = get_team_to_manage(actor, slug)
    membership = _membership(found, person_id)
    try:
        services.remove_member(found, membership.person)
    except ValidationError as exc:
        section = _members_section(found, errors={membership.person_id: " ".join(exc.messages)})
        return _answer(request, found, 422, members=section)
    message = _("%(person)s is no longer in the team.") % {"person": membership.person}
    return _changed(request, actor, found, MEMBERS_CHANGED, message)


@require_http_methods(["GET", "POST"])
def contacts(request: HttpRequest, slug: str) -> HttpResponse:
    """The key contacts section (GET), or adding a key contact (POST)."""
    actor = person_of(request)
    found = get_team_to_manage(actor, slug)
    if request.method == "GET":
        return _answer(request, found, contacts=_contacts_section(found))
    form = KeyContactForm(request.POST)
    if form.is_valid():
        person: Person = form.cleaned_data["person"]
        if found.key_contacts.filter(person=person).exists():
            form.add_error(
                "person",
                _("%(person)s is already a key contact: edit their topics in the list.")
                % {"person": person},
            )
        else:
            try:
                services.set_key_contact(found, person, form.cleaned_data["topics"])
            except ValidationError as exc:
                add_refusal(form, exc)
            else:
                message = _("Colleagues can now find %(person)s for: %(topics)s.") % {
                    "person": person,
                    "topics": form.cleaned_data["topics"],
                }
                return _changed(request, actor, found, CONTACTS_CHANGED, message)
    return _answer(request, found, 422, contacts=_contacts_section(found, form=form))


@require_POST
def contact_edit(request: HttpRequest, slug: str, contact_id: int) -> HttpResponse:
    actor = person_of(request)
    found = get_team_to_manage(actor, slug)
    contact = _contact(found, contact_id)
    form = TopicsForm(request.POST, prefix=f"contact-{contact.pk}")
    if form.is_valid():
        try:
            services.set_key_contact(found, contact.person, form.cleaned_data["topics"])
        except ValidationError as exc:
            add_refusal(form, exc)
        else:
            message = _("The topics of %(person)s are saved.") % {"person": contact.person}
            return _changed(request, actor, found, CONTACTS_CHANGED, message)
    return _answer(request, found, 422, contacts=_contacts_section(found, edited=form))


@require_POST
def contact_remove(request: HttpRequest, slug: str, contact_id: int) -> HttpResponse:
    actor = person_of(request)
    found = get_team_to_manage(actor, slug)
    contact = _contact(found, contact_id)
    services.remove_key_contact(found, contact.pk)
    message = _("%(person)s is no longer listed as a key contact.") % {"person": contact.person}
    return _changed(request, actor, found, CONTACTS_CHANGED, message)
