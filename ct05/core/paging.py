"""The pages' paginator: a list's count stops at ``COUNT_CAP``.

Counting a nation's members (5.6 million rows behind two membership semi-joins) takes seconds,
far more than reading a page of 25; a national administrator's first look at the people, the
commitments or the meetings would pay it every time. So a page's list counts at most
``COUNT_CAP`` + 1 rows (``SELECT COUNT(*)`` over a ``LIMIT``): up to the cap the count is exact,
above it the page says "more than 10,000" and offers the pages up to it; a filter (a province,
a committee, a name) narrows the list to a count that is exact again. The API keeps exact
counts (``api/pagination.py``)."""

from __future__ import annotations

from django.core.paginator import Paginator as DjangoPaginator
from django.utils.functional import cached_property

COUNT_CAP = 10_000


class Paginator(DjangoPaginator):
    """Django's paginator whose ``count`` stops at ``COUNT_CAP`` + 1 (``capped`` then)."""

    capped = False

    @cached_property
    def count(self) -> int:
        rows = self.object_list
        if not hasattr(rows, "query"):  # a list: its length is free
            return len(rows)
        # Without the order: a sliced query keeps its ORDER BY inside the count's subquery,
        # which would sort the whole list (by a joined name, say) to count 10,001 rows.
        count = rows.order_by()[: COUNT_CAP + 1].count()
        self.capped = count > COUNT_CAP
        return count
