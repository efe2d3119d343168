"""Whatever sequence of moves, merges and splits follows, every past year's report of every
organization, taken as the tree was, is what it was before them; and a report's query count
does not grow with the number of reorganizations."""

import contextlib
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from ct05.commitments.services import create_commitment
from ct05.organizations.models import Organization
from ct05.organizations.models import OrganizationKind as K
from ct05.people.models import Membership
from ct05.reorganizations import services
from ct05.reorganizations.services import NewOrganization, SplitPart
from ct05.reports import tallies
from ct05.reports.selectors import directive05_report
from tests.factories import OrganizationFactory, PersonFactory

DEEDS = [{"title": "Việc 1"}, {"title": "Việc 2"}, {"title": "Việc 3"}]
YEARS = (2021, 2022)


class Rollback(Exception):
    pass


def reports(organizations) -> dict:
    result = {}
    for organization in organizations:
        organization = Organization.objects.get(pk=organization.pk)
        for year in YEARS:
            report = directive05_report(organization=organization, year=year)
            report.pop("generated_at")
            # The rows in any order: a move puts an organization last among its new siblings.
            report["children"] = {row["organization"]["id"]: row for row in report["children"]}
            result[organization.pk, year] = report
    return result


def add_records(world):
    for person in [*world.people_a1, *world.people_a2, *world.people_b1]:
        for year in YEARS:
            create_commitment(user=world.admin, person=person, year=year, deeds=DEEDS)


def active_cells():
    return list(Organization.objects.filter(kind=K.CELL, valid_to__isnull=True).order_by("pk"))


def active_committees():
    return list(
        Organization.objects.filter(kind=K.GRASSROOTS_COMMITTEE, valid_to__isnull=True).order_by(
            "pk"
        )
    )


def step(data, day: datetime.date, n: int) -> None:
    """One random reorganization on ``day`` among the organizations still open."""
    op = data.draw(st.sampled_from(["move", "merge", "split", "move_committee"]))
    cells, committees = active_cells(), active_committees()
    if op == "move" and cells:
        cell = data.draw(st.sampled_from(cells))
        services.move(
            user=None, sources=[cell], parent=data.draw(st.sampled_from(committees)), effective=day
        )
    elif op == "merge" and len(cells) >= 2:
        chosen = data.draw(st.lists(st.sampled_from(cells), min_size=2, max_size=3, unique=True))
        into_new = data.draw(st.booleans())
        target = (
            NewOrganization(
                name=f"Chi bộ hợp nhất {n}",
                kind=K.CELL,
                parent=data.draw(st.sampled_from(committees)),
            )
            if into_new
            else chosen[0]
        )
        services.merge(user=None, sources=chosen, target=target, effective=day)
    elif op == "split" and cells:
        cell = data.draw(st.sampled_from(cells))
        people = [
            m.person
            for m in Membership.objects.filter(
                organization=cell, valid_to__isnull=True
            ).select_related("person")
        ]
        sides = [data.draw(st.booleans()) for _ in people]
        parent = Organization.objects.get_parent(cell)
        services.split(
            user=None,
            source=cell,
            parts=[
                SplitPart(
                    NewOrganization(f"Chi bộ tách {n}.{i}", K.CELL, parent),
                    people=[p for p, side in zip(people, sides, strict=True) if side == i],
                )
                for i in (0, 1)
            ],
            effective=day,
        )
    elif op == "move_committee" and len(committees) >= 2:
        a, b = data.draw(st.lists(st.sampled_from(committees), min_size=2, max_size=2, unique=True))
        if not Organization.objects.get(pk=b.pk).path.startswith(
            Organization.objects.get(pk=a.pk).path
        ):
            services.move(user=None, sources=[a], parent=b, effective=day)


@pytest.mark.django_db
@settings(
    max_examples=12,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # no shrinking: each example is slow
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_past_reports_as_the_tree_was_survive_any_reorganization(world, data):
    try:
        with transaction.atomic():
            add_records(world)
            watched = list(Organization.objects.all())
            before = reports(watched)
            count = data.draw(st.integers(min_value=1, max_value=5))
            for n in range(count):
                day = datetime.date(2023, 1, 1) + datetime.timedelta(days=40 * n)
                # A refused step (a move to where it already is) changes nothing.
                with contextlib.suppress(ValidationError):
                    step(data, day, n)
            after = reports(watched)
            for key, report in before.items():
                assert after[key] == report, key
            # Today's tree's sums over subtrees followed every move.
            assert tallies.differences() == []
            raise Rollback
    except Rollback:
        pass


def test_the_query_count_does_not_grow_with_reorganizations(world):
    add_records(world)

    def queries(organization):
        with CaptureQueriesContext(connection) as captured:
            directive05_report(organization=Organization.objects.get(pk=organization.pk), year=2021)
        return len(captured.captured_queries)

    services.move(
        user=None,
        sources=[world.cell_a2],
        parent=world.commune_b,
        effective=datetime.date(2023, 1, 1),
    )
    once = queries(world.province)
    day = datetime.date(2023, 2, 1)
    for n in range(6):
        extra = OrganizationFactory(
            name=f"Xã {n}",
            kind=K.GRASSROOTS_COMMITTEE,
            parent=world.province,
            valid_from=datetime.date(2020, 1, 1),
        )
        cell = OrganizationFactory(parent=extra, valid_from=datetime.date(2020, 1, 1))
        PersonFactory(organization=cell)
        services.merge(
            user=None,
            sources=[extra, world.commune_b],
            target=world.commune_b,
            effective=day + datetime.timedelta(days=n),
        )
    assert queries(world.province) == once
    # The 2021 report of the province follows the tree of 2021 (cell_a2 under commune A).
    report = directive05_report(organization=world.province, year=2021)
    rows = {row["organization"]["id"]: row for row in report["children"]}
    assert rows[world.commune_a.pk]["commitments"]["committed"] == len(world.people_a1) + len(
        world.people_a2
    )
