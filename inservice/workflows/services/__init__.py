"""The workflows app's only write path, used as one module: `from inservice.workflows import services`.

- `templates`: templates and their versions, checked whole before anything is written;
- `runs`: starting a run, opening each step when its predecessors finish, moving the anchor,
  cancelling;
- `agreements`: two-way service agreements and their review reminders.
"""

from inservice.workflows.services.agreements import (
    REVIEW_REMINDER_DAYS,
    AgreementDraft,
    Commitment,
    NoticeTerm,
    agreement_problems,
    create_agreement,
    end_agreement,
    remind_review,
    reviews_due,
    update_agreement,
)
from inservice.workflows.services.runs import (
    advance,
    can_manage_run,
    cancel_run,
    move_anchor,
    start_run,
)
from inservice.workflows.services.templates import (
    Param,
    StepDraft,
    VersionDraft,
    can_edit_template,
    check_version,
    create_template,
    save_version,
    set_template_active,
)

__all__ = [
    "REVIEW_REMINDER_DAYS",
    "AgreementDraft",
    "Commitment",
    "NoticeTerm",
    "Param",
    "StepDraft",
    "VersionDraft",
    "advance",
    "agreement_problems",
    "can_edit_template",
    "can_manage_run",
    "cancel_run",
    "check_version",
    "create_agreement",
    "create_template",
    "end_agreement",
    "move_anchor",
    "remind_review",
    "reviews_due",
    "save_version",
    "set_template_active",
    "start_run",
    "update_agreement",
]
