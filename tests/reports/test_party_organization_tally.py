"""The party organizations a report counts (the rated ones, the cells held to their meeting
norms) read from the sums over subtrees of the whole years each existed, and the few that began
or ended within the report's years read one by one: the same figures as every organization read
one by one, whatever the days they began and ended, for a year, a quarter, several years or the
year under way."""

import datetime
from collections import defaultdict

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ct05.organizations.models import Organization, OrganizationKind
from ct05.organizations.services import (
    create_organization,
    dissolve_organization,
    update_settings,
)
from ct05.reports import tallies
from ct05.reports.models import PartyOrganizationSubtree
from ct05.reports.periods import Period
from ct05.reports.scope import ReportScope
from ct05.reports.selectors import directive05_report

EDGES = [
    datetime.date(year, month, day)
    for year in (2023, 2024, 2025, 2026)
    for month, day in ((1, 1), (1, 2), (12, 30), (12, 31))
]
DAYS = st.one_of(
    st.sampled_from(EDGES),
    st.dates(min_value=datetime.date(2023, 1, 1), max_value=datetime.date(2026, 12, 31)),
)
PERIODS = [
    Period.of_year(2024),
    Period.of_year(2025),
    Period.of_year(2026),  # under way
    Period.of_years(2024, 2025),
    Period.of_quarter(2025, 2),
    Period(datetime.date(2024, 3, 15), datetime.date(2025, 8, 20)),
]


def grouped(scope: ReportScope) -> dict:
    """``party_organizations`` summed by what the sections read of it."""
    counts: dict = defaultdict(lambda: [0, 0])
    for row in scope.party_organizations:
        key = (
            scope.bucket_of_path(row["bucket"]),
            bool(row["cell"]),
            str(row["began_in"]),
            str(row["ended_in"]),
            row["regular_norm"] and int(row["regular_norm"]),
            row["thematic_norm"] and int(row["thematic_norm"]),
            row["regular"],
            row["thematic"],
        )
        counts[key][0] += row["n"]
        counts[key][1] += row["years"]
    return {key: value for key, value in counts.items() if value != [0, 0]}


def both_ways(monkeypatch, root, period) -> tuple:
    results = []
    for read_sums in (True, False):
        monkeypatch.setattr(ReportScope, "READ_SUMS", read_sums)
        scope = ReportScope.load(root, period)
        report = directive05_report(organization=root, period=period)
        report.pop("generated_at")
        results.append((grouped(scope), report))
    monkeypatch.undo()
    return tuple(results)


@pytest.mark.django_db
@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(spans=st.lists(st.tuples(DAYS, st.none() | DAYS, st.booleans()), max_size=5))
def test_the_party_organizations_from_the_sums_are_those_read_one_by_one(world, monkeypatch, spans):
    for began, ended, committee in spans:
        parent = world.commune_a if committee else world.commune_b
        kind = OrganizationKind.GRASSROOTS_COMMITTEE if committee else OrganizationKind.CELL
        organization = create_organization(
            name="Chi bộ mới", kind=kind, parent=parent, valid_from=began
        )
        if ended is not None and ended >= began:
            dissolve_organization(organization=organization, effective=ended)
    # A norm set below the province: the cells of commune B counted apart.
    update_settings(
        user=world.admin,
        organization=Organization.objects.get(pk=world.commune_b.pk),
        regular_meetings_norm=6,
    )
    assert tallies.differences() == []
    for period in PERIODS:  # the province's rows: commune A, and commune B under its own norm
        from_sums, one_by_one = both_ways(monkeypatch, world.province, period)
        assert from_sums == one_by_one, period


@pytest.mark.django_db
def test_a_cell_set_up_or_dissolved_changes_the_sums_of_every_level_above(world):
    def cells(organization, year: int) -> int:
        rows = PartyOrganizationSubtree.objects.filter(
            organization=organization, year__lte=year, last_year__gte=year, cell=True
        )
        return sum(row.organizations for row in rows)

    before = cells(world.province, 2025)
    new = create_organization(
        name="Chi bộ thôn C",
        kind=OrganizationKind.CELL,
        parent=world.commune_a,
        valid_from=datetime.date(2024, 6, 1),
    )
    # A whole year from 2025 on: counted from the sums in 2025, not in 2024.
    assert cells(world.province, 2025) == before + 1
    assert cells(world.commune_a, 2024) == cells(world.commune_a, 2024 - 1)
    dissolve_organization(organization=new, effective=datetime.date(2025, 12, 30))
    assert cells(world.province, 2025) == before  # not the whole of 2025 any more
    assert tallies.differences() == []
    # Read one by one instead: still counted in 2025's report, for the days it existed.
    report = directive05_report(organization=world.province, year=2025)
    assert report["meetings"]["cells"] == before + 1


@pytest.mark.django_db
def test_the_reports_queries_do_not_grow_with_organizations_that_began_in_its_year(world):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            directive05_report(organization=world.province, year=2025)
        return len(captured)

    before = queries()
    for n in range(5):
        create_organization(
            name=f"Chi bộ {n}",
            kind=OrganizationKind.CELL,
            parent=world.commune_b,
            valid_from=datetime.date(2025, 3, n + 1),
        )
    assert queries() == before
