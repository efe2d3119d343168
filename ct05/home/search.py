"""The header's search: people, organizations and commitments within the user's scope,
diacritics ignored ("giang a vu" finds "Giàng A Vừ"), every word of the query in the name.

Each kind is read through its scoped queryset (``visible_to``), so nothing outside the user's
subtrees is found. The queries do not grow with what is found: people and commitments are
matched on the folded name columns (``search_name`` of the person and of the organization) in
the database, one count and one page each, so a nation's 220,000 organizations are never read
to find a few.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ct05.commitments.models import Commitment
from ct05.core.models import active_on
from ct05.core.paging import Paginator
from ct05.core.text import fold
from ct05.organizations.models import Organization
from ct05.people.models import Membership, Person

PAGE_SIZE = 20
MAX_LENGTH = 100
KINDS = {
    "people": _("People"),
    "organizations": _("Organizations"),
    "commitments": _("Commitments"),
}


def words_of(query: str) -> list[str]:
    """The query's words, folded; NUL bytes dropped (PostgreSQL refuses them) and the query cut
    to a name's length, so any text typed is a search, never an error."""
    return fold(query.replace("\x00", "")[:MAX_LENGTH]).split()


def _name_matches(words: list[str], field: str) -> Q:
    condition = Q()
    for word in words:
        condition &= Q(**{f"{field}__contains": word})
    return condition


def people(user, words: list[str]):
    current = (
        Membership.objects.filter(active_on(timezone.localdate()))
        .select_related("organization")
        .order_by("-valid_from")
    )
    return (
        Person.objects.visible_to(user)
        .filter(_name_matches(words, "search_name"))
        .prefetch_related(Prefetch("memberships", current, to_attr="current_memberships"))
        .vietnamese_order()
    )


def organizations(user, words: list[str]):
    return (
        Organization.objects.visible_to(user)
        .filter(_name_matches(words, "search_name"))
        .order_by("path")
    )


def commitments(user, words: list[str]):
    return (
        Commitment.objects.visible_to(user)
        .filter(_name_matches(words, "person__search_name"))
        .select_related("person", "organization")
        .order_by("-year", "person__sort_key", "pk")
    )


@dataclass
class Results:
    kind: str
    counts: dict[str, int]
    page: Page | None


def search(user, query: str, kind: str | None, page_number) -> Results:
    """Counts of every kind, and one page of ``kind`` (the first kind with results when none is
    asked for)."""
    words = words_of(query)
    if not words:
        return Results(kind=kind or "people", counts=dict.fromkeys(KINDS, 0), page=None)
    paginators = {
        "people": Paginator(people(user, words), PAGE_SIZE),
        "organizations": Paginator(organizations(user, words), PAGE_SIZE),
        "commitments": Paginator(commitments(user, words), PAGE_SIZE),
    }
    counts = {name: paginator.count for name, paginator in paginators.items()}
    if kind not in KINDS:
        kind = next((k for k in KINDS if counts[k]), "people")
    page = paginators[kind].get_page(page_number)
    return Results(kind=kind, counts=counts, page=page)
