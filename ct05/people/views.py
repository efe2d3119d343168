"""People: a searchable list over the visible subtrees, and one person's page."""

from __future__ import annotations

import re

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from ct05.commitments.models import Commitment
from ct05.core.models import active_on
from ct05.core.paging import Paginator
from ct05.core.params import id_param, parse_id
from ct05.core.views import is_htmx, render_page
from ct05.organizations.models import Organization
from ct05.ratings.models import Rating

from .forms import MAX_QUERY, PICK_LIMIT, PersonFilterForm, choosable, find_people
from .models import Membership, Person

PAGE_SIZE = 50


@login_required
def person_list(request):
    form = PersonFilterForm(request.GET or None, user=request.user)
    people = Person.objects.visible_to(request.user)
    if form.is_bound:
        if form.is_valid():
            if q := form.cleaned_data["q"]:
                people = people.search(q)
            if organization := form.cleaned_data["organization"]:
                subtree = Organization.objects.filter(path__startswith=organization.path)
                people = people.members_of(subtree)
        else:
            people = people.none()
    current = (
        Membership.objects.filter(active_on(timezone.localdate()))
        .select_related("organization")
        .order_by("-valid_from")
    )
    people = (
        people.select_related("ethnic_group")
        .prefetch_related(Prefetch("memberships", current, to_attr="current_memberships"))
        .vietnamese_order()
    )
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    template = "people/list.html#results" if is_htmx(request) else "people/list.html"
    return render_page(request, template, {"form": form, "page": page})


@login_required
def person_detail(request, pk: int):
    person = get_object_or_404(
        Person.objects.visible_to(request.user).select_related("ethnic_group"), pk=pk
    )
    memberships = person.memberships.select_related("organization").order_by("-valid_from")
    commitments = (
        Commitment.objects.visible_to(request.user)
        .filter(person=person)
        .select_related("organization")
        .prefetch_related("deeds")
        .order_by("-year")
    )
    ratings = (
        Rating.objects.visible_to(request.user)
        .filter(person=person)
        .select_related("scheme")
        .order_by("-year", "-quarter")
    )
    return render_page(
        request,
        "people/detail.html",
        {
            "person": person,
            "kinds": person.kinds.all(),
            "memberships": memberships,
            "commitments": commitments,
            "ratings": ratings,
        },
    )


PICKER_NAME = re.compile(r"[a-z_]{1,30}")


@login_required
def person_pick(request):
    """The people a picker offers for what was typed (htmx): the user's scope only, members
    of the organization's subtree when one is named, diacritics ignored."""
    name = str(request.GET.get("name") or "")
    if not PICKER_NAME.fullmatch(name):
        name = "person"
    query = str(request.GET.get(f"{name}_q") or "")[:MAX_QUERY]
    organization = None
    if (organization_id := id_param(request.GET, "organization")) is not None:
        organization = get_object_or_404(
            Organization.objects.visible_to(request.user), pk=organization_id
        )
    chosen = None
    if (chosen_id := parse_id(request.GET.get(name))) is not None:
        chosen = choosable(request.user, organization).filter(pk=chosen_id).first()
    options = []
    if query.strip():
        found = find_people(request.user, query, organization)
        if chosen is not None:
            found = found.exclude(pk=chosen.pk)
        options = list(found[:PICK_LIMIT])
    return render(
        request,
        "people/_picker_options.html",
        {"name": name, "query": query, "chosen": chosen, "options": options, "limit": PICK_LIMIT},
    )
