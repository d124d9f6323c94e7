"""How often and how fast things happen in the demo's simulated history (demo.history)."""

from __future__ import annotations

from dataclasses import dataclass

from inservice.tickets.choices import Status, TransferReason

# When people ask, by local hour (8:00 to 19:00): the morning peak and a smaller one after lunch.
HOUR_LOAD = (3, 9, 10, 8, 5, 6, 7, 6, 4, 2, 1, 1)
WORK_START = 8
# Share of a target that answering or resolving takes: lognormal (mu, sigma). About one first
# response in eleven and one resolution in eight come late, as in a team that watches its targets.
RESPONSE_TIME = (-0.8, 0.6)
RESOLUTION_TIME = (-0.7, 0.6)
# Gaps between progress updates, as a share of "update at least every": now and then one is late.
UPDATE_GAP = (-0.45, 0.3)
# Where a backlog's requests wait (Simulation.open_day).
OPEN_STOPS = (Status.NEW, Status.ACKNOWLEDGED, Status.IN_PROGRESS, Status.WAITING)
OPEN_STOP_WEIGHTS = (10, 15, 60, 15)
# Why requests change hands: most often the wrong team was asked.
TRANSFER_REASONS = (
    TransferReason.WRONG_TEAM,
    TransferReason.NEXT_STEP,
    TransferReason.NEEDS_EXPERTISE,
    TransferReason.NEEDS_APPROVAL,
)
TRANSFER_REASON_WEIGHTS = (5, 3, 2, 1)
# Why a request waits on its requester: mostly something the form did not ask for or they left out.
MISSING_INFORMATION_SHARE = 0.7


@dataclass(frozen=True)
class Odds:
    """How often things happen; the demo's defaults read like a real service organisation."""

    question: float = 0.3
    never_answers: float = 0.08
    note: float = 0.25
    transfer: float = 0.1
    priority_change: float = 0.05
    chase: float = 0.08
    cancel: float = 0.03
    thanks: float = 0.15
    reopen: float = 0.03
    duplicate: float = 0.02
    watcher: float = 0.12
    on_behalf: float = 0.05
    acknowledge_with_reply: float = 0.7
    start_with_reply: float = 0.85  # starting work without acknowledging, with a first reply
    resolve_with_reply: float = 1.0


# Leaner stories for seeding at scale: about eight timeline entries a request, service-level
# escalations included.
SCALE_ODDS = Odds(
    question=0.08,
    note=0.08,
    transfer=0.04,
    priority_change=0.02,
    chase=0.02,
    thanks=0.05,
    reopen=0.01,
    duplicate=0.01,
    watcher=0.15,
    acknowledge_with_reply=0.15,
    start_with_reply=0.75,
    resolve_with_reply=0.5,
)
