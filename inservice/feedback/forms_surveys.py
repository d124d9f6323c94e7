"""Forms for the survey pages: the builder (the survey, then one form per question), and the
answer form built from a survey's questions.

They turn what was typed into a draft or a mapping of answers; services.surveys checks them whole
and its errors (keyed `questions.2.options`, `questions.<id>`) are put back on the field they are
about. Choice options are typed one per line.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from inservice.feedback.anonymity import DEFAULT_MIN_GROUP
from inservice.feedback.models.surveys import Question, QuestionKind, Survey
from inservice.feedback.services.surveys import (
    LARGEST_MIN_GROUP,
    MAX_TEXT_ANSWER,
    QuestionDraft,
    SurveyDraft,
)
from inservice.org.models import Team

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
PREFIX = "questions"
MAX_QUESTIONS = 40


class TeamChoices(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.parent.name} — {obj.name}" if obj.parent_id else str(obj.name)


class SurveyForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    intro = forms.CharField(
        label=_("Introduction"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why you ask and what you will do with the answers."),
    )
    owner = forms.ModelChoiceField(label=_("Run by"), queryset=Team.objects.none())
    audience_everyone = forms.BooleanField(label=_("Ask everyone"), required=False)
    audience = TeamChoices(
        label=_("Or ask these teams and departments"),
        queryset=Team.objects.select_related("parent").order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("A department brings the people of all its teams."),
    )
    opens_on = forms.DateField(label=_("Opens on"), widget=DATE_INPUT)
    closes_on = forms.DateField(
        label=_("Closes on"),
        widget=DATE_INPUT,
        help_text=_("No answers from this day; the results are released."),
    )
    min_group = forms.IntegerField(
        label=_("Smallest group shown"),
        initial=DEFAULT_MIN_GROUP,
        min_value=3,
        max_value=LARGEST_MIN_GROUP,
        help_text=_(
            "No figure over fewer respondents is ever shown, to anyone, administrators included. "
            "Fixed once the survey opens."
        ),
    )

    def __init__(self, teams: Sequence[Team], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["owner"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Team.objects.filter(pk__in=[t.pk for t in teams]).order_by("name")


class QuestionForm(forms.Form):
    # The initial kind lets an untouched blank question count as not there at all.
    kind = forms.ChoiceField(
        label=_("Kind"), choices=QuestionKind.choices, initial=QuestionKind.SCALE
    )
    text = forms.CharField(label=_("Question"), max_length=300)
    options = forms.CharField(
        label=_("Options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Choices only: one per line."),
    )
    scale_min = forms.IntegerField(label=_("Scale from"), initial=1, required=False)
    scale_max = forms.IntegerField(label=_("to"), initial=5, required=False)
    required = forms.BooleanField(label=_("An answer is required"), required=False, initial=True)

    def draft(self) -> QuestionDraft:
        data = self.cleaned_data
        options = tuple(line.strip() for line in data["options"].splitlines() if line.strip())
        return QuestionDraft(
            kind=data["kind"],
            text=data["text"],
            options=options,
            scale_min=data["scale_min"] if data["scale_min"] is not None else 1,
            scale_max=data["scale_max"] if data["scale_max"] is not None else 5,
            required=data["required"],
        )


QuestionFormSet = forms.formset_factory(
    QuestionForm, extra=0, can_delete=True, max_num=MAX_QUESTIONS
)


def survey_initial(survey: Survey) -> dict[str, Any]:
    return {
        "title": survey.title,
        "intro": survey.intro,
        "owner": survey.owner_id,
        "audience_everyone": survey.audience_everyone,
        "audience": list(survey.audience.values_list("pk", flat=True)),
        "opens_on": survey.opens_on,
        "closes_on": survey.closes_on,
        "min_group": survey.min_group,
    }


def question_initial(question: Question) -> dict[str, Any]:
    return {
        "kind": question.kind,
        "text": question.text,
        "options": "\n".join(question.options),
        "scale_min": question.scale_min,
        "scale_max": question.scale_max,
        "required": question.required,
    }


def kept_questions(questions: forms.BaseFormSet[Any]) -> list[QuestionForm]:
    """The question forms that count: filled in and not marked for removal."""
    return [
        f
        for f in questions.forms
        if isinstance(f, QuestionForm) and f.has_changed() and not f.cleaned_data.get("DELETE")
    ]


def draft_of(form: SurveyForm, questions: forms.BaseFormSet[Any]) -> SurveyDraft:
    data = form.cleaned_data
    return SurveyDraft(
        title=data["title"],
        intro=data["intro"],
        owner=data["owner"],
        opens_on=data["opens_on"],
        closes_on=data["closes_on"],
        questions=tuple(f.draft() for f in kept_questions(questions)),
        audience=tuple(data["audience"]),
        audience_everyone=data["audience_everyone"],
        min_group=data["min_group"],
    )


def place(refused: ValidationError, form: SurveyForm, questions: forms.BaseFormSet[Any]) -> None:
    """The service's refusals next to what they concern: `questions.2.options` on the third
    question kept."""
    kept = kept_questions(questions)
    for key, found in refused.message_dict.items():
        parts = key.split(".")
        if parts[0] == "questions" and len(parts) == 3 and int(parts[1]) < len(kept):
            target = kept[int(parts[1])]
            target.add_error(parts[2] if parts[2] in target.fields else None, found)
        elif key in form.fields:
            form.add_error(key, found)
        else:
            form.add_error(None, found)


# -- answering ---------------------------------------------------------------------------------


ANSWER_PLEASE = {"required": _("Please answer this question.")}


def _field(question: Question) -> forms.Field:
    label, required, errors = question.text, question.required, ANSWER_PLEASE
    if question.kind == QuestionKind.SCALE:
        values = range(question.scale_min, question.scale_max + 1)
        return forms.TypedChoiceField(
            label=label,
            required=required,
            choices=[(v, str(v)) for v in values],
            coerce=int,
            error_messages=errors,
            widget=forms.RadioSelect(attrs={"class": "row"}),  # the values side by side
        )
    if question.kind == QuestionKind.SINGLE:
        return forms.ChoiceField(
            label=label,
            required=required,
            choices=[(o, o) for o in question.options],
            error_messages=errors,
            widget=forms.RadioSelect,
        )
    if question.kind == QuestionKind.MULTIPLE:
        return forms.MultipleChoiceField(
            label=label,
            required=required,
            choices=[(o, o) for o in question.options],
            error_messages=errors,
            widget=forms.CheckboxSelectMultiple,
        )
    return forms.CharField(
        label=label,
        required=required,
        max_length=MAX_TEXT_ANSWER,
        error_messages=errors,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": MAX_TEXT_ANSWER}),
    )


class AnswerForm(forms.Form):
    """One field per question, named `q<id>`, in the survey's order."""

    def __init__(self, questions: Sequence[Question], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            self.fields[f"q{question.pk}"] = _field(question)

    def answers(self) -> dict[int, Any]:
        return {q.pk: self.cleaned_data.get(f"q{q.pk}") for q in self.questions}

    def place(self, refused: ValidationError) -> None:
        for key, found in refused.message_dict.items():
            name = "q" + key.removeprefix("questions.")
            self.add_error(name if name in self.fields else None, found)
