"""The counting rules that keep anonymous answers anonymous (decision 0029). Pure, no ORM.

Every figure drawn from anonymous answers (pulse surveys, anonymous NPS campaigns, the sentiment
of anonymous text) goes through these functions before anyone sees it, administrators included:

- a group is shown only when at least `minimum` people answered in it (`may_show`);
- a breakdown (respondents split by department, say) shows only groups that pass, and when some
  are hidden, the hidden ones together must also reach the minimum; otherwise the smallest shown
  groups are hidden with them, since the total minus the shown groups would give the hidden ones
  away (`visible_groups`);
- free-text comments are shown only when at least `minimum` of them were written in the group
  (`may_show`, on the number of comments), in random order (`shuffled`).
"""

from __future__ import annotations

import random
from collections.abc import Hashable, Mapping, Sequence
from typing import TypeVar

DEFAULT_MIN_GROUP = 5
SMALLEST_MIN_GROUP = 3  # below this no minimum protects anyone

K = TypeVar("K", bound=Hashable)
T = TypeVar("T")


def may_show(respondents: int, minimum: int) -> bool:
    """Whether a figure over `respondents` people may be shown."""
    return respondents >= max(minimum, 1)


def visible_groups(groups: Mapping[K, int], minimum: int) -> set[K]:
    """The groups of a breakdown that may be shown. `groups` must split the whole population
    (people in no group counted under a group of their own), so that their sum is the total a
    reader also sees. A group is shown when it has at least `minimum` respondents and the groups
    hidden beside it add up to none or to at least `minimum`; when they add up to fewer, the
    smallest shown groups are hidden too until they do."""
    total = sum(groups.values())
    if not may_show(total, minimum):
        return set()
    visible = {key for key, count in groups.items() if count >= minimum}
    hidden = total - sum(groups[key] for key in visible)
    while 0 < hidden < minimum and visible:
        smallest = min(visible, key=lambda key: (groups[key], str(key)))
        visible.remove(smallest)
        hidden += groups[smallest]
    return visible


def shuffled(items: Sequence[T]) -> list[T]:
    """`items` in a random order (comments, so that their order tells nothing of who wrote
    them or when)."""
    out = list(items)
    random.SystemRandom().shuffle(out)
    return out
