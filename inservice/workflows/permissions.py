"""Who sees what of workflows. Fetchers answer 404 for what a person may not see.

- A template that can be started is visible to everyone (like the catalog); one that cannot, to
  the leads of its owning team and administrators, who also are the ones who edit it.
- A run: the person who started it, the teams that own one of its steps or its template, and
  administrators (RunQuerySet.visible_to).
"""

from __future__ import annotations

from django.http import Http404

from inservice.org.models import Person
from inservice.workflows.models import Run, WorkflowTemplate
from inservice.workflows.services.templates import can_edit_template


def can_view_template(person: Person, template: WorkflowTemplate) -> bool:
    return (template.is_active and template.current_id is not None) or can_edit_template(
        person, template.team_id
    )


def get_template_for_user(person: Person, template_id: int) -> WorkflowTemplate:
    template = (
        WorkflowTemplate.objects.select_related("team", "current").filter(pk=template_id).first()
    )
    if template is None or not can_view_template(person, template):
        raise Http404("No such workflow.")
    return template


def get_template_to_manage(person: Person, template_id: int) -> WorkflowTemplate:
    template = get_template_for_user(person, template_id)
    if not can_edit_template(person, template.team_id):
        raise Http404("No such workflow.")
    return template


def get_run_for_user(person: Person, run_id: int) -> Run:
    run = (
        Run.objects.visible_to(person)
        .select_related("template__team__calendar", "version", "initiator", "initiating_team")
        .filter(pk=run_id)
        .first()
    )
    if run is None:
        raise Http404("No such workflow run.")
    return run
