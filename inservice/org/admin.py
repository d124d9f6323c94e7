"""The administrator's directory: people, teams, memberships, locations, key contacts, tokens.

Creation goes through org.services (the model invariants live there: lower-case emails, valid time
zones, upper-case key prefixes, a person's own team as a membership, a lead kept per team).
"""

from __future__ import annotations

from typing import Any
from zoneinfo import available_timezones

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import NestedObjects
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import ValidationError
from django.db import router
from django.db.models import Model, QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inservice.org import services
from inservice.org.choices import Role, TeamKind
from inservice.org.models import ApiToken, ImportJob, KeyContact, Location, Membership, Person, Team
from inservice.org.models_charter import Charter, Vision

MANAGER_CHAIN_LIMIT = 50  # deeper than any real organisation chart; stops a walk on bad data


def zone_choices() -> list[tuple[str, str]]:
    return [(zone, zone) for zone in sorted(available_timezones())]


class RedactedDeletionMixin:
    """The delete confirmation page lists every related object by name; never a hidden one.

    Deleting a person, team or service lists the requests that protect it, and a request's name
    carries its subject. Confidential requests of a team the administrator is not in are listed
    without it. Duck-typed (`is_confidential` and `team_id`) so the directory does not import the
    apps built on top of it.
    """

    admin_site: admin.AdminSite

    def get_deleted_objects(
        self, objs: Any, request: HttpRequest
    ) -> tuple[list[Any], dict[str, int], set[str], list[Any]]:
        try:
            first = objs[0]
        except IndexError:
            return [], {}, set(), []
        collector = NestedObjects(using=router.db_for_write(type(first)), origin=objs)
        collector.collect(objs)
        perms_needed: set[str] = set()
        user = request.user
        visible_teams = user.team_ids() if isinstance(user, Person) else frozenset()
        site = self.admin_site

        def describe(obj: Model) -> str:
            opts = obj._meta
            label = capfirst(opts.verbose_name)
            if getattr(obj, "is_confidential", False) and (
                getattr(obj, "team_id", None) not in visible_teams
            ):
                return f"{label}: {_('a confidential request')}"
            if not site.is_registered(type(obj)):
                return f"{label}: {obj}"
            if not site.get_model_admin(type(obj)).has_delete_permission(request, obj):
                perms_needed.add(str(opts.verbose_name))
            try:
                url = reverse(
                    f"{site.name}:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]
                )
            except NoReverseMatch:
                return f"{label}: {obj}"
            return format_html('{}: <a href="{}">{}</a>', label, url, obj)

        to_delete = collector.nested(describe)
        protected = [describe(obj) for obj in collector.protected]
        found_by_model: dict[Any, Any] = collector.model_objs  # keyed by model class
        counts = {
            str(model._meta.verbose_name_plural): len(found)
            for model, found in found_by_model.items()
        }
        return to_delete, counts, perms_needed, protected


def _check_manager(person: Person, manager: Person | None) -> None:
    """Refuses a manager who is the person, or who reports (up the chain) to the person."""
    steps = 0
    while manager is not None and steps < MANAGER_CHAIN_LIMIT:
        if person.pk is not None and manager.pk == person.pk:
            raise ValidationError(
                _("%(name)s cannot be in their own management chain.") % {"name": person}
            )
        manager, steps = manager.manager, steps + 1


class PersonFieldsMixin(forms.ModelForm):  # type: ignore[type-arg]  # a mixin for two Person forms
    def clean_email(self) -> str:
        email = str(self.cleaned_data.get("email") or "").strip().lower()
        if Person.objects.filter(email__iexact=email).exclude(pk=self.instance.pk).exists():
            raise ValidationError(_("Someone in the directory already has this email address."))
        return email

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        manager = cleaned.get("manager")
        if manager is not None:
            try:
                _check_manager(self.instance, manager)
            except ValidationError as exc:
                self.add_error("manager", exc)
        return cleaned


class PersonCreationForm(PersonFieldsMixin, AdminUserCreationForm):  # type: ignore[type-arg]  # stubs make it generic over the user model
    time_zone = forms.ChoiceField(label=gettext_lazy("time zone"), initial="UTC")

    class Meta(AdminUserCreationForm.Meta):
        model = Person
        fields = (
            "username",
            "name",
            "email",
            "title",
            "team",
            "manager",
            "location",
            "time_zone",
            "employment_type",
        )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = zone_choices()  # type: ignore[attr-defined]  # a ChoiceField


class PersonChangeForm(PersonFieldsMixin, UserChangeForm):  # type: ignore[type-arg]  # stubs make it generic over the user model
    time_zone = forms.ChoiceField(label=gettext_lazy("time zone"))

    class Meta(UserChangeForm.Meta):
        model = Person
        fields = (  # type: ignore[assignment]  # the stubs type UserChangeForm's "__all__" as str
            "username",
            "password",
            "name",
            "email",
            "title",
            "team",
            "manager",
            "location",
            "time_zone",
            "employment_type",
            "is_active",
            "is_staff",
            "is_superuser",
            "groups",
            "user_permissions",
            "last_login",
            "date_joined",
        )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = zone_choices()  # type: ignore[attr-defined]  # a ChoiceField


# The directory's own fields of a person, on the change and the add page alike.
DIRECTORY_FIELDS = (
    "name",
    "email",
    "title",
    "team",
    "manager",
    "location",
    "time_zone",
    "employment_type",
)


@admin.register(Person)
class PersonAdmin(RedactedDeletionMixin, UserAdmin):  # type: ignore[type-arg]  # UserAdmin is generic in the stubs only
    form = PersonChangeForm
    add_form = PersonCreationForm
    list_display = ("username", "name", "email", "team", "employment_type", "is_staff", "is_active")
    list_select_related = ("team",)
    list_filter = ("employment_type", "is_staff", "is_superuser", "is_active", "team")
    search_fields = ("username", "name", "email")
    ordering = ("name",)
    autocomplete_fields = ("team", "manager", "location")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (gettext_lazy("Directory"), {"fields": DIRECTORY_FIELDS}),
        (
            gettext_lazy("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (gettext_lazy("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "usable_password", "password1", "password2"),
            },
        ),
        (gettext_lazy("Directory"), {"fields": DIRECTORY_FIELDS}),
    )

    def save_model(self, request: HttpRequest, obj: Person, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            # As when a person is created: the team they sit in is a team they serve in.
            if "team" in form.changed_data and obj.team is not None:
                obj.forget_memberships()
                if obj.team.pk not in obj.team_ids():
                    services.add_member(obj.team, obj, Role.MEMBER)
            return
        data = form.cleaned_data
        created = services.create_person(
            username=obj.username,
            name=obj.name,
            email=obj.email,
            password=data.get("password1") if data.get("set_usable_password") else None,
            team=obj.team,
            manager=obj.manager,
            location=obj.location,
            time_zone=obj.time_zone,
            employment_type=obj.employment_type,
            title=obj.title,
        )
        # The admin goes on with the object it built (log entry, redirect): make it the saved one.
        obj.pk, obj.password, obj.email = created.pk, created.password, created.email
        obj._state.adding = False


class TeamForm(forms.ModelForm):  # type: ignore[type-arg]  # ModelForm is generic in the stubs only
    class Meta:
        model = Team
        fields = ("name", "kind", "parent", "key_prefix", "description", "email")

    def clean_key_prefix(self) -> str:
        prefix = str(self.cleaned_data.get("key_prefix") or "").strip().upper()
        if not (2 <= len(prefix) <= 8 and prefix.isalpha() and prefix.isascii()):
            raise ValidationError(_("Use two to eight letters, e.g. IT."))
        return prefix

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        parent = cleaned.get("parent")
        if parent is not None and parent.kind != TeamKind.DEPARTMENT:
            self.add_error("parent", _("A team can only sit inside a department."))
        name = str(cleaned.get("name") or "")
        if self.instance.pk is None and name:
            slug = slugify(name)[:60]
            if not slug:
                self.add_error("name", _("Use at least one Latin letter or digit in the name."))
            elif Team.objects.filter(slug=slug).exists():
                self.add_error(
                    "name", _("Another team's name makes the same web address: choose another.")
                )
        return cleaned


class MembershipForm(forms.ModelForm):  # type: ignore[type-arg]  # ModelForm is generic in the stubs only
    class Meta:
        model = Membership
        fields = ("person", "role")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            # A membership row is one person's: change the role or remove it, not the person.
            self.fields["person"].disabled = True


class MembershipFormSet(BaseInlineFormSet):  # type: ignore[type-arg]  # generic in the stubs only
    def clean(self) -> None:
        super().clean()
        team = self.instance
        if team.pk is None:
            return
        had_lead = Membership.objects.filter(team=team, role=Role.LEAD).exists()
        keeps_lead = any(
            form.cleaned_data.get("role") == Role.LEAD
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        )
        if had_lead and not keeps_lead:
            raise ValidationError(
                _("A team keeps at least one lead: make someone else lead first.")
            )


class MembershipInline(admin.TabularInline):  # type: ignore[type-arg]  # generic in the stubs only
    model = Membership
    form = MembershipForm
    formset = MembershipFormSet
    autocomplete_fields = ("person",)
    extra = 0

    def get_queryset(self, request: HttpRequest) -> QuerySet[Membership]:
        return super().get_queryset(request).select_related("person")


@admin.register(Team)
class TeamAdmin(RedactedDeletionMixin, admin.ModelAdmin):  # type: ignore[type-arg]  # generic in the stubs only
    form = TeamForm
    list_display = ("name", "key_prefix", "kind", "parent", "email")
    list_select_related = ("parent",)
    list_filter = ("kind",)
    search_fields = ("name", "key_prefix", "description")
    readonly_fields = ("slug",)
    autocomplete_fields = ("parent",)
    inlines = (MembershipInline,)

    def save_model(self, request: HttpRequest, obj: Team, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        created = services.create_team(
            name=obj.name,
            key_prefix=obj.key_prefix,
            kind=obj.kind,
            parent=obj.parent,
            description=obj.description,
            email=obj.email,
        )
        obj.pk, obj.slug, obj.key_prefix = created.pk, created.slug, created.key_prefix
        obj._state.adding = False

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if formset.model is not Membership:
            super().save_formset(request, form, formset, change)
            return
        team: Team = form.instance
        formset.save(commit=False)
        # Roles first, removals last: the lead rule is checked against the team as it ends up.
        for membership in formset.new_objects:
            services.add_member(team, membership.person, membership.role)
        # Promotions before demotions, so "make B lead, A member" never leaves the team leaderless.
        changed = sorted(
            (m for m, _fields in formset.changed_objects), key=lambda m: m.role != Role.LEAD
        )
        for membership in changed:
            services.set_role(team, membership.person, membership.role)
        for membership in formset.deleted_objects:
            services.remove_member(team, membership.person)


class LocationForm(forms.ModelForm):  # type: ignore[type-arg]  # ModelForm is generic in the stubs only
    time_zone = forms.ChoiceField(label=gettext_lazy("time zone"), initial="UTC")

    class Meta:
        model = Location
        fields = ("name", "time_zone", "country")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = zone_choices()  # type: ignore[attr-defined]  # a ChoiceField

    def clean_country(self) -> str:
        return str(self.cleaned_data.get("country") or "").strip().upper()


@admin.register(Location)
class LocationAdmin(RedactedDeletionMixin, admin.ModelAdmin):  # type: ignore[type-arg]  # generic in the stubs only
    form = LocationForm
    list_display = ("name", "time_zone", "country")
    search_fields = ("name", "country")
    list_filter = ("country",)


@admin.register(KeyContact)
class KeyContactAdmin(RedactedDeletionMixin, admin.ModelAdmin):  # type: ignore[type-arg]  # generic in the stubs only
    list_display = ("team", "person", "topics", "position")
    list_select_related = ("team", "person")
    search_fields = ("topics", "team__name", "person__name", "person__email")
    autocomplete_fields = ("team", "person")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # generic in the stubs only
    """Read-only but for revoking. The digest never appears: not in a column, form or filter."""

    fields = ("person", "name", "prefix", "scope", "created_at", "last_used_at", "revoked_at")
    readonly_fields = fields
    list_display = ("name", "prefix", "person", "scope", "created_at", "last_used_at", "revoked_at")
    list_select_related = ("person",)
    list_filter = ("scope", ("revoked_at", admin.EmptyFieldListFilter))
    search_fields = ("name", "prefix", "person__name", "person__email")
    actions = ("revoke",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_revoke_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_superuser)

    @admin.action(description=gettext_lazy("Revoke the selected tokens"), permissions=["revoke"])
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        revoked = sum(
            services.revoke_api_token(token.person, token.pk)
            for token in queryset.filter(revoked_at__isnull=True).select_related("person")
        )
        self.message_user(
            request,
            _("%(count)d tokens revoked: they no longer open the API.") % {"count": revoked},
            messages.SUCCESS,
        )


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # generic in the stubs only
    """A record of CSV imports; they are started and read on the import page, not here."""

    fields = (
        "filename",
        "created_by",
        "created_at",
        "status",
        "total_rows",
        "processed_rows",
        "summary",
        "finished_at",
    )
    readonly_fields = fields
    list_display = ("filename", "created_by", "created_at", "status", "total_rows")
    list_select_related = ("created_by",)
    list_filter = ("status",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


class WrittenOnItsPage(admin.ModelAdmin):  # type: ignore[type-arg]  # generic in the stubs only
    """Read here, written on its own page through org.services_charter (which checks the
    Markdown and the version); deleting one is allowed."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(Vision)
class VisionAdmin(WrittenOnItsPage):
    list_display = ("statement", "updated_by", "updated_at")
    list_select_related = ("updated_by",)


@admin.register(Charter)
class CharterAdmin(WrittenOnItsPage):
    list_display = ("team", "mission", "updated_by", "updated_at")
    list_select_related = ("team", "updated_by")
    search_fields = ("team__name", "mission")
