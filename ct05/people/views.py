"""People: a searchable list over the visible subtrees, and one person's page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ct05.commitments.models import Commitment
from ct05.core.models import active_on
from ct05.core.views import is_htmx, render_page
from ct05.organizations.models import Organization
from ct05.ratings.models import Rating

from .forms import PersonFilterForm
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
