"""Page numbers for lists that may hold tens of thousands of rows."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.core.paginator import Paginator

# Past this many rows a list says "10,000+" and offers the pages up to it: counting a large
# backlog exactly on every page view costs more than the page.
ROW_CAP = 10_000


class CappedPaginator(Paginator):  # type: ignore[type-arg]  # generic in the stubs only
    @cached_property
    def count(self) -> int:
        object_list: Any = self.object_list
        if hasattr(object_list, "order_by"):
            return int(object_list.order_by()[: ROW_CAP + 1].count())
        return len(object_list)

    @property
    def capped(self) -> bool:
        return self.count > ROW_CAP

    @property
    def shown_count(self) -> str:
        return f"{ROW_CAP:,}+" if self.capped else f"{self.count:,}"
