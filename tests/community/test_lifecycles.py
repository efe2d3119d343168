"""A model moves registered → being built → recognized, or is dropped; a petition is answered,
resolved or rejected with its reason; the reports count each at its step."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from ct05.dialogues.models import Petition
from ct05.dialogues.services import record_petition, update_petition
from ct05.recognition.models import Exemplar, ExemplarType
from ct05.recognition.services import register_exemplar, set_exemplar_status
from ct05.reports.selectors import directive05_report

TODAY = timezone.localdate()
DAY = max(TODAY - datetime.timedelta(days=20), datetime.date(TODAY.year, 1, 1))


def model(world) -> Exemplar:
    return register_exemplar(
        user=world.bithu1,
        type=ExemplarType.objects.get(code="dan_van_kheo"),
        name="Mô hình",
        organization=world.cell_a1,
        holder_kind="collective",
        registered_on=DAY,
    )


def test_a_model_moves_on_one_step_at_a_time_and_a_dropped_one_stays_dropped(world):
    exemplar = model(world)
    with pytest.raises(ValidationError) as back:
        set_exemplar_status(user=world.bithu1, exemplar=exemplar, status="registered")
    assert "status" in back.value.message_dict
    set_exemplar_status(user=world.bithu1, exemplar=exemplar, status="building", date=DAY)
    set_exemplar_status(user=world.bithu1, exemplar=exemplar, status="dropped", date=TODAY)
    exemplar.refresh_from_db()
    assert (exemplar.status, exemplar.dropped_on) == ("dropped", TODAY)
    with pytest.raises(ValidationError):
        set_exemplar_status(user=world.bithu1, exemplar=exemplar, status="recognized")
    # A step is never dated before the registration, nor in the future.
    other = model(world)
    for day in (DAY - datetime.timedelta(days=1), TODAY + datetime.timedelta(days=1)):
        with pytest.raises(ValidationError):
            set_exemplar_status(user=world.bithu1, exemplar=other, status="building", date=day)
    figures = directive05_report(organization=world.province, year=TODAY.year)["models"]
    assert (figures["registered"], figures["recognized"]) == (2, 0)


def test_a_petition_is_rejected_only_with_its_reason_and_reopened_without_a_close_date(world):
    petition = record_petition(
        user=world.dangbo_a,
        organization=world.commune_a,
        source="reception",
        received_on=DAY,
        content="Đề nghị cấp nước sạch",
        assigned_organization=world.cell_a1,
        deadline=DAY + datetime.timedelta(days=30),
    )
    with pytest.raises(ValidationError) as no_reason:
        update_petition(user=world.bithu1, petition=petition, status="rejected")
    assert "response" in no_reason.value.message_dict
    assert Petition.objects.get().status == "received"

    update_petition(
        user=world.bithu1, petition=petition, status="rejected", response="Ngoài thẩm quyền"
    )
    rejected = Petition.objects.get()
    assert (rejected.status, rejected.closed_on) == ("rejected", TODAY)
    update_petition(user=world.bithu1, petition=rejected, status="in_progress")
    reopened = Petition.objects.get()
    assert (reopened.status, reopened.closed_on) == ("in_progress", None)
    update_petition(
        user=world.bithu1, petition=reopened, status="resolved", response="Đã lắp đường ống"
    )
    figures = directive05_report(organization=world.province, year=TODAY.year)["petitions"]
    assert (figures["received"], figures["resolved"]) == (1, 1)
