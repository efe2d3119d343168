"""The API's pages: 100 rows by default, and a count that a large list does not pay on each page.

Counting the people of a province (100,000 rows behind two membership semi-joins) costs a
quarter of a second of database time, far more than reading a page of 100; an API client paging
through the list asks for that same count on every page. So a count of ``LARGE_COUNT`` rows or
more is kept in the shared cache for ``COUNT_SECONDS``, under a key made of the count's own SQL
and parameters: the same user scope, filters and day (the date is in the query) find it again,
anything else counts afresh. A smaller count, such as a cell's or a commune's, is counted on
every request and is exact. A large count may thus lag a minute behind additions and removals;
the pages themselves are always read afresh.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator as DjangoPaginator
from django.utils.functional import cached_property
from rest_framework.pagination import PageNumberPagination

LARGE_COUNT = 10_000
COUNT_SECONDS = 60


def count_key(queryset) -> str | None:
    """The cache key of the queryset's count, or None when it has no SQL (an empty filter)."""
    query = getattr(queryset, "query", None)
    if query is None:
        return None
    try:
        sql, params = query.chain().get_compiler(queryset.db).as_sql()
    except EmptyResultSet:
        return None
    digest = hashlib.sha256(repr((sql, params)).encode()).hexdigest()
    return f"ct05:api-count:{digest}"


class CountOnceAMinutePaginator(DjangoPaginator):
    @cached_property
    def count(self) -> int:
        key = count_key(self.object_list)
        if key is not None:
            cached = cache.get(key)
            if cached is not None:
                return cached
        count = super().count
        if key is not None and count >= LARGE_COUNT:
            cache.set(key, count, COUNT_SECONDS)
        return count


class Pagination(PageNumberPagination):
    """100 rows a page by default; ``?page_size=`` up to 1,000 for exports and scripts."""

    django_paginator_class = CountOnceAMinutePaginator
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000
