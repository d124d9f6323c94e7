"""The only write path for service levels: clocks, the sweep, calendars, policies, promises.

Callers use this package as one module: `from inservice.sla import services`.
"""

from inservice.sla.services.calendars import (
    add_closure,
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
    start,
)
from inservice.sla.services.sweep import SweepResult, look_at, sweep, sweep_batch

__all__ = [
    "Plan",
    "SweepResult",
    "add_closure",
    "apply",
    "look_at",
    "on_public_reply",
    "on_status",
    "on_transfer",
    "plan",
    "refresh_health",
    "remove_closure",
    "save_calendar",
    "start",
    "sweep",
    "sweep_batch",
]
