"""The learning pages' forms. They only read the input: every rule (empty or oversized content,
links, quiz wording, due dates, answers) is the service's, placed beside its field by
lib.forms.add_refusal, so the pages, the API and the demo refuse the same things alike."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from inservice.learning.choices import Trigger
from inservice.learning.models.content import (
    MAX_BODY,
    MAX_SUMMARY,
    MAX_TITLE,
    MAX_URL,
    Course,
    Program,
    QuizQuestion,
)
from inservice.learning.reflection_prompts import MAX_ANSWER, PROMPTS, RATING_LABELS, SKILLS
from inservice.org.fields import PeopleField
from inservice.org.models import Team

if TYPE_CHECKING:
    from django.db.models import QuerySet


def _text(label: Any, rows: int, limit: int, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        strip=False,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows, "maxlength": limit}),
    )


class HeadingForm(forms.Form):
    """A course's or program's title and summary; a new one also chooses its owner team."""

    team = forms.ModelChoiceField(
        label=_("Owner team"),
        queryset=Team.objects.none(),
        to_field_name="slug",
        empty_label=None,
        help_text=_("Its leads keep it up to date."),
    )
    title = forms.CharField(
        label=_("Title"), required=False, widget=forms.TextInput(attrs={"maxlength": MAX_TITLE})
    )
    summary = _text(_("Summary"), 3, MAX_SUMMARY, _("What people learn, in a sentence or two."))

    def __init__(self, *args: Any, teams: QuerySet[Team] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if teams is None:
            del self.fields["team"]
        else:
            field = self.fields["team"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = teams


class ModuleForm(forms.Form):
    title = forms.CharField(
        label=_("Title"), required=False, widget=forms.TextInput(attrs={"maxlength": MAX_TITLE})
    )
    body = _text(
        _("Content"),
        18,
        MAX_BODY,
        _(
            "Markdown: **bold**, *italics*, lists, headings (## Heading) and links "
            "([text](https://…)). No HTML."
        ),
    )
    video_url = forms.CharField(
        label=_("Video link (optional)"),
        required=False,
        widget=forms.URLInput(attrs={"maxlength": MAX_URL, "placeholder": "https://"}),
    )
    minutes = forms.IntegerField(label=_("Minutes it takes"), required=False, initial=10)


class QuizForm(forms.Form):
    questions = _text(
        _("Questions"),
        14,
        20_000,
        _(
            "One question per paragraph, a blank line between questions. Each option on a line "
            "of its own: “- ” for a wrong one, “* ” for a correct one. More than one “* ” makes "
            "it “choose all that apply”. Leave empty for no quiz."
        ),
    )
    pass_mark = forms.IntegerField(
        label=_("Pass mark (%)"),
        required=False,
        help_text=_("The share of questions to get right, e.g. 75."),
    )


class AssignForm(forms.Form):
    team = forms.ModelChoiceField(
        label=_("A whole team"),
        queryset=Team.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=_("No team"),
        help_text=_("Everyone in it now; people who join later are not included."),
    )
    people = PeopleField(label=_("People"), required=False)
    due_on = forms.DateField(
        label=_("Due on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, teams: QuerySet[Team], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["team"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = teams


class RuleForm(forms.Form):
    trigger = forms.ChoiceField(label=_("When"), choices=Trigger.choices)
    target = forms.ChoiceField(label=_("Assign"), choices=())
    team = forms.ModelChoiceField(
        label=_("Joining the team"),
        queryset=Team.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=_("Any team that owns services"),
        help_text=_("For rules about joining a team."),
    )
    due_in_days = forms.IntegerField(
        label=_("Due within (working days)"), required=False, initial=20
    )

    def __init__(
        self,
        *args: Any,
        courses: list[Course],
        programs: list[Program],
        teams: QuerySet[Team],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        target = self.fields["target"]
        assert isinstance(target, forms.ChoiceField)
        target.choices = [
            (str(_("Programs")), [(f"program:{p.pk}", p.title) for p in programs]),
            (str(_("Courses")), [(f"course:{c.pk}", c.title) for c in courses]),
        ]
        team = self.fields["team"]
        assert isinstance(team, forms.ModelChoiceField)
        team.queryset = teams


class QuizAnswerForm(forms.Form):
    """One field per question, `q<id>`: radio buttons, or checkboxes when more than one option
    is correct. Nothing is required here: the service says which question is unanswered."""

    def __init__(self, *args: Any, questions: list[QuizQuestion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            choices = [(str(i), option) for i, option in enumerate(question.options)]
            field: forms.Field
            if question.multiple:
                field = forms.MultipleChoiceField(
                    label=question.text,
                    choices=choices,
                    required=False,
                    widget=forms.CheckboxSelectMultiple,
                    help_text=_("Choose all that apply."),
                )
            else:
                field = forms.ChoiceField(
                    label=question.text,
                    choices=choices,
                    required=False,
                    widget=forms.RadioSelect,
                )
            self.fields[f"q{question.pk}"] = field

    def answers(self) -> dict[str, list[int]]:
        """{question id: [option indexes]} as the service takes them."""
        found: dict[str, list[int]] = {}
        for question in self.questions:
            value = self.cleaned_data.get(f"q{question.pk}")
            chosen = value if isinstance(value, list) else [value] if value else []
            found[str(question.pk)] = [int(v) for v in chosen]
        return found


class ReflectionForm(forms.Form):
    """A 1-5 rating per skill (optional) and a text per prompt (optional)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        scale = [(str(n), f"{n} · {label}") for n, label in RATING_LABELS.items()]
        for skill in SKILLS:
            self.fields[skill.key] = forms.TypedChoiceField(
                label=skill.text,
                choices=scale,
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
            )
        for prompt in PROMPTS:
            self.fields[prompt.key] = _text(prompt.text, 4, MAX_ANSWER, prompt.hint)

    def answers(self) -> dict[str, str]:
        return {p.key: self.cleaned_data.get(p.key) or "" for p in PROMPTS}

    def ratings(self) -> dict[str, int | None]:
        return {s.key: self.cleaned_data.get(s.key) for s in SKILLS}
