"""The report's tallies always equal a count from the records."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from ct05.commitments.services import create_commitment, evaluate_deeds, update_commitment
from ct05.ratings.services import decide, propose, reopen, self_assess
from ct05.reports import tallies
from ct05.reports.models import CommitmentTally
from ct05.reports.selectors import directive05_report

YEAR = timezone.localdate().year
DEEDS = [{"title": "Việc 1"}, {"title": "Việc 2"}, {"title": "Việc 3"}]
SCORES = {"politics_ethics": 25, "tasks": 48, "directive05": 7}


def test_every_change_through_the_services_keeps_the_tallies_equal_to_the_records(world):
    one = create_commitment(user=world.bithu1, person=world.people_a1[1], year=YEAR, deeds=DEEDS)
    create_commitment(user=world.bithu2, person=world.people_b1[1], year=YEAR, deeds=DEEDS[:3])
    assert tallies.differences() == []

    update_commitment(user=world.bithu1, commitment=one, deeds=[*DEEDS, {"title": "Việc 4"}])
    deeds = list(one.deeds.all())
    evaluate_deeds(
        user=world.bithu1,
        commitment=one,
        evaluations={deeds[0].pk: "achieved", deeds[1].pk: "partly"},
    )
    assert tallies.differences() == []

    rating = self_assess(user=world.bithu1, person=world.people_a1[2], year=YEAR - 1, scores=SCORES)
    propose(user=world.bithu1, rating=rating)
    decide(user=world.dangbo_a, rating=rating)
    assert tallies.differences() == []
    reopen(user=world.dangbo_a, rating=rating, note="Sai điểm")
    assert tallies.differences() == []

    report = directive05_report(organization=world.province, year=YEAR)["commitments"]
    assert (report["committed"], report["deeds_registered"]) == (2, 7)
    assert (report["deeds_evaluated"], report["deeds_achieved"]) == (2, 1)


def test_recount_rebuilds_what_a_bulk_load_left_out(world):
    create_commitment(user=world.bithu1, person=world.people_a1[1], year=YEAR, deeds=DEEDS)
    CommitmentTally.objects.all().delete()  # as after an import that skipped the services
    assert tallies.differences() != []

    call_command("recount")

    assert tallies.differences() == []
    assert (
        directive05_report(organization=world.province, year=YEAR)["commitments"]["committed"] == 1
    )


def test_a_refused_change_leaves_the_tallies_alone(world):
    one = create_commitment(user=world.bithu1, person=world.people_a1[1], year=YEAR, deeds=DEEDS)
    before = list(CommitmentTally.objects.values_list("deed_count", "commitments"))
    with pytest.raises(ValidationError):
        update_commitment(user=world.bithu1, commitment=one, deeds=DEEDS[:1])
    assert list(CommitmentTally.objects.values_list("deed_count", "commitments")) == before
