"""People workbooks: all rows in, nothing twice, one bad row writes nothing."""

import pytest
from django.utils import timezone

from ct05.imports.importer import run_import
from ct05.people.models import Membership, Person
from ct05.reports import tallies
from ct05.reports.selectors import directive05_report

from .helpers import code_world, person_row, write_people

pytestmark = pytest.mark.django_db


@pytest.fixture
def coded(world):
    code_world(world)
    return world


def members(world) -> int:
    """The report's member count over the province this year."""
    year = timezone.localdate().year
    return directive05_report(organization=world.province, year=year)["commitments"]["people"]


def test_a_thousand_rows_import_once_and_count_in_the_report(coded, tmp_path):
    before, counted = Person.objects.count(), members(coded)
    path = write_people(tmp_path / "people.xlsx", [person_row(i) for i in range(1, 1001)])
    result = run_import(path, user=coded.tuyengiao)
    assert result.problems == []
    assert result.written == 1000
    assert Person.objects.count() == before + 1000
    assert tallies.differences() == []
    assert members(coded) == counted + 1000
    again = run_import(path, user=coded.tuyengiao)
    assert again.problems == [] and again.written == 0
    assert Person.objects.count() == before + 1000
    assert members(coded) == counted + 1000
