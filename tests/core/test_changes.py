"""Changed records are announced downward-free: the domain services announce, the report's
tallies (a layer above) subscribe, and both happen in one transaction."""

import pytest
from django.db import transaction
from django.utils import timezone

from ct05.commitments.models import Commitment
from ct05.commitments.services import create_commitment
from ct05.core import changes
from ct05.core.changes import Records
from ct05.reports import tallies
from ct05.reports.models import CommitmentTally

YEAR = timezone.localdate().year
DEEDS = [{"title": "Việc 1"}, {"title": "Việc 2"}, {"title": "Việc 3"}]


def test_the_reports_tallies_follow_every_kind_of_change():
    expected = {
        Records.COMMITMENTS: tallies.refresh_commitments,
        Records.RATINGS: tallies.refresh_ratings,
        Records.MEMBERSHIPS: tallies.refresh_memberships,
        Records.STUDY: tallies.refresh_study,
        Records.MEETINGS: tallies.refresh_meetings,
        Records.STUDIED: tallies.refresh_studied,
        Records.ACTIVITIES: tallies.refresh_activities,
        Records.PLANS: tallies.refresh_plans,
        Records.EXEMPLARS: tallies.refresh_exemplars,
        Records.TASKS: tallies.refresh_tasks,
        Records.AWARDS: tallies.refresh_awards,
        Records.DIALOGUES: tallies.refresh_dialogues,
        Records.INDICATORS: tallies.refresh_indicators,
        Records.ETHICS_CODES: tallies.refresh_ethics_codes,
        Records.ORGANIZATIONS: tallies.refresh_organizations,
    }
    assert set(expected) == set(Records)
    for records, refresh in expected.items():
        assert refresh in changes.subscribers(records)
    # Where a member belongs at a year's end decides where they count as having studied.
    assert tallies.refresh_studied_years in changes.subscribers(Records.MEMBERSHIPS)
    # A subtree's move takes its sums over subtrees along.
    assert tallies.subtree_moved in changes._move_subscribers


def test_a_change_is_announced_with_a_year_except_memberships():
    with pytest.raises(TypeError, match="with a year"):
        changes.announce(Records.COMMITMENTS, organization_id=1)
    with pytest.raises(TypeError, match="without a year"):
        changes.announce(Records.MEMBERSHIPS, organization_id=1, year=YEAR)
    with pytest.raises(TypeError, match="without a year"):  # a code counts from its year on
        changes.announce(Records.ETHICS_CODES, organization_id=1, year=YEAR)


@pytest.fixture
def failing_subscriber(monkeypatch):
    def fail(organization_id, year):
        raise RuntimeError("the tally could not be written")

    monkeypatch.setitem(
        changes._subscribers,
        Records.COMMITMENTS,
        [*changes.subscribers(Records.COMMITMENTS), fail],
    )


def test_a_subscriber_that_fails_takes_the_change_back_with_it(world, failing_subscriber):
    person = world.people_a1[1]
    with pytest.raises(RuntimeError), transaction.atomic():
        create_commitment(user=world.bithu1, person=person, year=YEAR, deeds=DEEDS)
    assert not Commitment.objects.filter(person=person).exists()
    assert not CommitmentTally.objects.exists()


def test_a_service_announces_the_organization_and_year_it_changed(world, monkeypatch):
    heard = []
    monkeypatch.setitem(
        changes._subscribers,
        Records.COMMITMENTS,
        [lambda organization_id, year: heard.append((organization_id, year))],
    )
    create_commitment(user=world.bithu1, person=world.people_a1[1], year=YEAR, deeds=DEEDS)
    assert heard == [(world.cell_a1.pk, YEAR)]
    # With the report's subscriber taken away, no tally was written: the services do not
    # write the report's tallies themselves.
    assert not CommitmentTally.objects.exists()


def test_deferred_writes_update_each_organizations_year_once_at_the_end(world, monkeypatch):
    heard = []
    monkeypatch.setitem(
        changes._subscribers,
        Records.COMMITMENTS,
        [lambda organization_id, year: heard.append((organization_id, year))],
    )
    with changes.deferred():
        for person in world.people_a1[1:]:
            create_commitment(user=world.bithu1, person=person, year=YEAR, deeds=DEEDS)
        create_commitment(user=world.bithu2, person=world.people_b1[1], year=YEAR, deeds=DEEDS)
        assert heard == []  # nothing yet: the figures are brought up to date at the end
    assert heard == [(world.cell_a1.pk, YEAR), (world.cell_b1.pk, YEAR)]


def test_deferred_tallies_agree_with_the_records(world):
    with changes.deferred():
        for person in world.people_a1[1:]:
            create_commitment(user=world.bithu1, person=person, year=YEAR, deeds=DEEDS)
    tally = CommitmentTally.objects.get(organization=world.cell_a1, year=YEAR)
    assert (tally.deed_count, tally.commitments) == (3, 3)


def test_deferred_writes_that_fail_announce_nothing(world, monkeypatch):
    heard = []
    monkeypatch.setitem(
        changes._subscribers,
        Records.COMMITMENTS,
        [lambda organization_id, year: heard.append((organization_id, year))],
    )
    with pytest.raises(RuntimeError), changes.deferred():
        create_commitment(user=world.bithu2, person=world.people_b1[1], year=YEAR, deeds=DEEDS)
        raise RuntimeError("the import stopped half-way")
    assert heard == []
