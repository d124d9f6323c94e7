"""The only write path for service levels: clocks, the sweep, calendars, policies, promises.

Callers use this package as one module: `from inservice.sla import services`.
"""

from inservice.sla.services.calendars import (
    add_closure,
    create_team_calendar,
    remove_closure,
    save_calendar,
)
from inservice.sla.services.clocks import (
    Plan,
    apply,
    on_public_reply,
    on_status,
    on_transfer,
    plan,
    refresh_health,
    retarget_resolution,
    start,
)
from inservice.sla.services.policies import (
    PAUSABLE_STATUSES,
    policy_problems,
    remove_policy,
    save_policy,
)
from inservice.sla.services.promises import (
    LAPSE_BATCH,
    PromiseRecord,
    Suggestion,
    acknowledge,
    back_at,
    lapse,
    lapse_promises,
    promise_email,
    promise_record,
    promise_records_by_person,
    renegotiate,
    standing_promise,
    suggest,
)
from inservice.sla.services.promises import on_public_reply as promise_on_public_reply
from inservice.sla.services.promises import on_status as promise_on_status
from inservice.sla.services.sweep import (
    SweepResult,
    announce,
    describe_escalation,
    due_clocks,
    look_at,
    look_at_batch,
    sweep,
    sweep_batch,
    unannounced,
)

__all__ = [
    "LAPSE_BATCH",
    "PAUSABLE_STATUSES",
    "Plan",
    "PromiseRecord",
    "Suggestion",
    "SweepResult",
    "acknowledge",
    "add_closure",
    "announce",
    "apply",
    "back_at",
    "create_team_calendar",
    "describe_escalation",
    "due_clocks",
    "lapse",
    "lapse_promises",
    "look_at",
    "look_at_batch",
    "on_public_reply",
    "on_status",
    "on_transfer",
    "plan",
    "policy_problems",
    "promise_email",
    "promise_on_public_reply",
    "promise_on_status",
    "promise_record",
    "promise_records_by_person",
    "refresh_health",
    "remove_closure",
    "remove_policy",
    "renegotiate",
    "retarget_resolution",
    "save_calendar",
    "save_policy",
    "standing_promise",
    "start",
    "suggest",
    "sweep",
    "sweep_batch",
    "unannounced",
]
