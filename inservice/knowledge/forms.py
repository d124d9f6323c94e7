"""The knowledge base's forms. They only read the input: every rule (empty or oversized text,
HTML and links in Markdown, the team, the owner, the review date) is the services', placed beside
its field by lib.forms.add_refusal, so pages, API and demo refuse the same things in the same
words."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from inservice.catalog.models import Service
from inservice.knowledge.choices import Kind
from inservice.knowledge.models import MAX_BODY, MAX_COMMENT, MAX_SUMMARY, MAX_TITLE, Article
from inservice.org.fields import PersonField
from inservice.org.models import Person, Team


def writable_teams(person: Person) -> QuerySet[Team]:
    """The teams the person writes for (knowledge.permissions.can_write_for, in SQL)."""
    teams = Team.objects.order_by("name")
    return teams if person.is_superuser else teams.filter(memberships__person=person).distinct()


class ServicesField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]  # generic in the stubs only
    """Services named with their team: several teams offer a "Password reset"."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.team.name} · {obj.name}"


class ArticleForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices, initial=Kind.ARTICLE)
    title = forms.CharField(
        label=_("Title"), required=False, widget=forms.TextInput(attrs={"maxlength": MAX_TITLE})
    )
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        help_text=_("One or two sentences: shown in lists, search and suggestions."),
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": MAX_SUMMARY}),
    )
    body = forms.CharField(
        label=_("Text"),
        required=False,
        strip=False,
        help_text=_(
            "Markdown: **bold**, lists, [links](https://…), `code`. HTML and pictures are not "
            "allowed."
        ),
        widget=forms.Textarea(attrs={"rows": 18, "maxlength": MAX_BODY}),
    )
    team = forms.ModelChoiceField(
        label=_("Team"),
        queryset=Team.objects.none(),
        to_field_name="slug",
        required=False,
        error_messages={"invalid_choice": _("Choose one of the teams you serve in.")},
    )
    owner = PersonField(
        label=_("Owner"),
        required=False,
        help_text=_(
            "A member of the team, who keeps it right and hears about it. Empty: you (or, when "
            "editing, no change)."
        ),
    )
    services = ServicesField(
        label=_("Services it helps with"),
        queryset=Service.objects.none(),
        required=False,
        help_text=_("Suggested to people asking for these services, before they send."),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        error_messages={"invalid_choice": _("Choose services the catalog offers.")},
    )
    review_on = forms.DateField(
        label=_("Review by"),
        required=False,
        help_text=_("When the owner is reminded to check it is still right (six months if empty)."),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Enter a date as YYYY-MM-DD.")},
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        team = self.fields["team"]
        assert isinstance(team, forms.ModelChoiceField)
        team.queryset = writable_teams(person)
        services = self.fields["services"]
        assert isinstance(services, forms.ModelMultipleChoiceField)
        services.queryset = (
            Service.objects.filter(is_active=True)
            .select_related("team")
            .order_by("team__name", "name")
        )

    @classmethod
    def for_article(cls, article: Article, person: Person) -> ArticleForm:
        return cls(
            person=person,
            initial={
                "kind": article.kind,
                "title": article.title,
                "summary": article.summary,
                "body": article.body,
                "team": article.team.slug,
                "owner": article.owner.email,
                "services": list(article.services.values_list("pk", flat=True)),
                "review_on": article.review_on,
                "version": article.version,
            },
        )


class FeedbackForm(forms.Form):
    helpful = forms.TypedChoiceField(
        label=_("Did this answer your question?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether it helped: yes or no.")},
    )
    comment = forms.CharField(
        label=_("What was missing or unclear? (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MAX_COMMENT}),
    )


class ReviewedForm(forms.Form):
    review_on = forms.DateField(
        label=_("Next review by"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": _("Choose the next review date."),
            "invalid": _("Enter a date as YYYY-MM-DD."),
        },
    )
