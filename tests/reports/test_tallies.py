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
from tests.factories import ALL_ON_TIME

YEAR = timezone.localdate().year
DEEDS = [{"title": "Việc 1"}, {"title": "Việc 2"}, {"title": "Việc 3"}]
SCORES = {"general": 25, "task_results": 55}


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

    rating = self_assess(
        user=world.bithu1,
        person=world.people_a1[2],
        year=YEAR - 1,
        scores=SCORES,
        conditions=ALL_ON_TIME,
    )
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


def test_the_check_names_a_tally_that_says_more_than_the_records_and_what_they_say(world):
    create_commitment(user=world.bithu1, person=world.people_a1[1], year=YEAR, deeds=DEEDS)
    CommitmentTally.objects.update(commitments=5)  # as after a write that skipped the services

    found = tallies.differences()

    stored = [line for line in found if line.startswith("CommitmentTally stored only")]
    missing = [line for line in found if line.startswith("CommitmentTally missing")]
    assert len(stored) == len(missing) == 1
    assert f"{world.cell_a1.pk}, {YEAR}, 3, 5," in stored[0]
    assert f"{world.cell_a1.pk}, {YEAR}, 3, 1," in missing[0]
    # Summed from the tally as it is now, the sums over subtrees differ from those stored.
    assert any(line.startswith("CommitmentSubtree stored only") for line in found)
    call_command("recount")
    assert tallies.differences() == []


def test_a_refused_change_leaves_the_tallies_alone(world):
    one = create_commitment(user=world.bithu1, person=world.people_a1[1], year=YEAR, deeds=DEEDS)
    before = list(CommitmentTally.objects.values_list("deed_count", "commitments"))
    with pytest.raises(ValidationError):
        update_commitment(user=world.bithu1, commitment=one, deeds=DEEDS[:1])
    assert list(CommitmentTally.objects.values_list("deed_count", "commitments")) == before


def test_study_and_meetings_keep_their_tallies_equal_to_the_records(world):
    import datetime

    from ct05.meetings.services import record_meeting, update_meeting
    from ct05.study.services import record_reflection, record_session, update_attendance

    people = world.people_a1
    day = datetime.date(YEAR - 1, 12, 20)
    session = record_session(
        user=world.bithu1,
        organization=world.cell_a1,
        date=day,
        kind="study",
        attendance=[{"person": p.pk} for p in people],
    )
    record_reflection(user=world.bithu1, session=session, person=people[1])
    record_reflection(user=world.bithu1, session=session, person=people[2])
    assert tallies.differences() == []
    # Marked absent after the essay came in: the essay no longer counts.
    update_attendance(
        user=world.bithu1,
        session=session,
        attendance=[{"person": p.pk, "present": p != people[2]} for p in people],
    )
    assert tallies.differences() == []
    study = directive05_report(organization=world.province, year=YEAR - 1)["study"]
    assert (study["sessions"], study["attendances"], study["reflections"]) == (1, 3, 1)

    meeting = record_meeting(
        user=world.bithu1, organization=world.cell_a1, date=day, kind="regular"
    )
    assert tallies.differences() == []
    # Moved into the next year and made thematic: both years are recounted.
    update_meeting(
        user=world.bithu1,
        meeting=meeting,
        date=datetime.date(YEAR, 1, 5),
        kind="thematic",
        directive05=True,
    )
    assert tallies.differences() == []
    before = directive05_report(organization=world.province, year=YEAR - 1)["meetings"]
    after = directive05_report(organization=world.province, year=YEAR)["meetings"]
    assert (before["regular"], before["thematic"]) == (0, 0)
    assert (after["regular"], after["thematic"], after["with_directive05"]) == (0, 1, 1)


def test_memberships_corrected_in_the_admin_are_recounted(world, client):
    import datetime

    from ct05.accounts.models import User
    from ct05.people.models import Membership

    person = world.people_a1[3]
    membership = Membership.objects.get(person=person)
    client.force_login(User.objects.create_superuser("quantri", password="x"))
    url = f"/admin/people/person/{person.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data["kinds"] = [k for k in form["kinds"].value()]
    data.update(
        {
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "1",
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1000",
            "memberships-0-id": membership.pk,
            "memberships-0-person": person.pk,
            "memberships-0-organization": world.cell_b1.pk,
            "memberships-0-valid_from": "01/01/2020",
            "memberships-0-valid_to": "",
        }
    )
    response = client.post(url, data)

    assert response.status_code == 302, response.content[:2000]
    assert Membership.objects.get(pk=membership.pk).organization == world.cell_b1
    assert tallies.differences() == []
    people = {
        row["organization"]["name"]: row["commitments"]["people"]
        for row in directive05_report(organization=world.province, year=YEAR - 1)["children"]
        if not row["organization"]["own"]
    }
    assert people == {"Đảng ủy xã A": 5, "Đảng ủy xã B": 4}
    assert datetime.date(2020, 1, 1) == membership.valid_from


def test_overlapping_memberships_are_refused_in_the_admin(world, client):
    from ct05.accounts.models import User
    from ct05.people.models import Membership

    person = world.people_a1[3]
    membership = Membership.objects.get(person=person)
    client.force_login(User.objects.create_superuser("quantri", password="x"))
    url = f"/admin/people/person/{person.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data["kinds"] = list(form["kinds"].value())
    data.update(
        {
            "memberships-TOTAL_FORMS": "2",
            "memberships-INITIAL_FORMS": "1",
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1000",
            "memberships-0-id": membership.pk,
            "memberships-0-person": person.pk,
            "memberships-0-organization": world.cell_a1.pk,
            "memberships-0-valid_from": "01/01/2020",
            "memberships-0-valid_to": "",
            "memberships-1-person": person.pk,
            "memberships-1-organization": world.cell_b1.pk,
            "memberships-1-valid_from": f"01/01/{YEAR}",
            "memberships-1-valid_to": "",
        }
    )

    response = client.post(url, data, HTTP_ACCEPT_LANGUAGE="vi")

    assert response.status_code == 200  # the form again, with the error
    assert f"chồng lên nhau từ ngày 01/01/{YEAR}" in response.content.decode()
    assert "Vui lòng sửa các lỗi dưới đây." in response.content.decode()  # the admin's banner
    assert Membership.objects.filter(person=person).count() == 1
