"""The kudos app's only write path, used as one module (`from inservice.kudos import
services`): `giving` (give, take back within the window, hide with a reason), `telling` (the
recipients and their managers after the window, the monthly highlights in batches), `values`
(the organisation's values, kept by administrators) and `preferences` (whether one's manager
hears of one's kudos)."""

from inservice.kudos.services.giving import (
    DEFAULT_DAILY_LIMIT,
    NewKudos,
    daily_limit,
    day_of,
    delete_kudos,
    give_kudos,
    given_today,
    hide_kudos,
    kudos_problems,
)
from inservice.kudos.services.preferences import set_tell_manager, tells_manager
from inservice.kudos.services.telling import (
    DIGEST_BATCH,
    digest_batch,
    digest_key,
    kudos_path,
    kudos_to_tell,
    tell,
)
from inservice.kudos.services.values import save_value, value_problems

__all__ = [
    "DEFAULT_DAILY_LIMIT",
    "DIGEST_BATCH",
    "NewKudos",
    "daily_limit",
    "day_of",
    "delete_kudos",
    "digest_batch",
    "digest_key",
    "give_kudos",
    "given_today",
    "hide_kudos",
    "kudos_path",
    "kudos_problems",
    "kudos_to_tell",
    "save_value",
    "set_tell_manager",
    "tell",
    "tells_manager",
    "value_problems",
]
