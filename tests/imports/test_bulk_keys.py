"""The import's foreign keys checked once, set-based, with the row-by-row triggers off.

The rows an import writes must refer only to rows that exist, and those rows must stay until
the import commits, as PostgreSQL's own checks guarantee; only the way of checking changes.
"""

import datetime
from types import SimpleNamespace

import psycopg
import pytest
from django.db import IntegrityError, connection, transaction

from ct05.imports import bulk
from ct05.imports.kinds.people import _derive
from ct05.people.models import EthnicGroup, Membership, Person
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.postgres_only


def person(number: int, **values) -> SimpleNamespace:
    return SimpleNamespace(
        pk=None,
        full_name=f"Lò Văn Khóa {number}",
        birth_date=datetime.date(1985, 5, 5),
        gender="male",
        ethnic_group_id=values.pop("ethnic_group_id", None),
        party_card_number=f"7700{number:06d}",
        citizen_id="",
        position="",
        party_admission_date=None,
        party_official_date=None,
        **values,
    )


@pytest.mark.django_db
def test_the_triggers_are_off_only_inside_the_block():
    def role() -> str:
        with connection.cursor() as cursor:
            cursor.execute("SHOW session_replication_role")
            return cursor.fetchone()[0]

    group = EthnicGroup.objects.get(name="Kinh")
    with transaction.atomic(), bulk.keys_checked_together():
        bulk.insert(Person, [person(1, ethnic_group_id=group.pk)], prepare=_derive)
        assert role() == "origin"  # back on once the rows are written
    assert role() == "origin"
    assert Person.objects.get(party_card_number="7700000001").ethnic_group == group


@pytest.mark.django_db
def test_a_row_naming_a_missing_row_is_refused_and_nothing_is_written():
    missing = EthnicGroup.objects.order_by("-pk").first().pk + 1000
    rows = [person(1), person(2, ethnic_group_id=missing)]
    with (
        pytest.raises(IntegrityError, match="people_person.ethnic_group_id"),
        transaction.atomic(),
        bulk.keys_checked_together(),
    ):
        bulk.insert(Person, rows, prepare=_derive)
    assert not Person.objects.filter(party_card_number__startswith="7700").exists()


@pytest.mark.django_db
def test_rows_may_name_rows_the_same_import_wrote():
    cell = OrganizationFactory()
    people = [person(i) for i in range(1, 4)]
    with transaction.atomic(), bulk.keys_checked_together():
        bulk.insert(Person, people, prepare=_derive)
        bulk.insert(
            Membership,
            [
                SimpleNamespace(
                    pk=None,
                    person_id=p.pk,
                    organization_id=cell.pk,
                    valid_from=datetime.date(2024, 1, 1),
                    valid_to=None,
                )
                for p in people
            ],
        )
    assert Membership.objects.filter(organization=cell).count() == 3
    with (
        pytest.raises(IntegrityError, match="people_membership.organization_id"),
        transaction.atomic(),
        bulk.keys_checked_together(),
    ):
        bulk.insert(
            Membership,
            [
                SimpleNamespace(
                    pk=None,
                    person_id=people[0].pk,
                    organization_id=cell.pk + 10_000,
                    valid_from=datetime.date(2025, 1, 1),
                    valid_to=None,
                )
            ],
        )
    assert Membership.objects.filter(person_id=people[0].pk).count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_rows_named_cannot_be_deleted_before_the_import_commits():
    """What the triggers' row locks guarantee: another session deleting the ethnic group the
    new people name waits for the import (here: gives up after 200 ms)."""
    group = EthnicGroup.objects.create(code="thu_khoa", name="Nhóm thử khóa", order=99)
    params = connection.get_connection_params()
    dsn = {k: params[k] for k in ("dbname", "user", "password", "host", "port") if k in params}
    with transaction.atomic():
        with bulk.keys_checked_together():
            bulk.insert(Person, [person(10, ethnic_group_id=group.pk)], prepare=_derive)
        with psycopg.connect(**dsn, autocommit=True) as other:
            other.execute("SET lock_timeout = '200ms'")
            with pytest.raises(psycopg.errors.LockNotAvailable):
                other.execute("DELETE FROM people_ethnicgroup WHERE id = %s", [group.pk])
    Person.objects.filter(party_card_number="7700000010").delete()
    group.delete()
