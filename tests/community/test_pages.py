"""The register pages as a secretary uses them on a phone: recording, lists filtered, photos
shown as thumbnails, the printable award register, overdue petitions marked and reminded."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from PIL import Image

from ct05.activities.models import Activity, ActivityEvidence
from ct05.dialogues.services import record_petition
from ct05.notifications.models import Notification
from ct05.recognition.models import Award
from ct05.recognition.services import record_award

from .test_report import seed_figures

TODAY = timezone.localdate()
DAY = max(TODAY - datetime.timedelta(days=2), datetime.date(TODAY.year, 1, 1))


def photo(name="anh.jpg", size=(1200, 900)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 120, 60)).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def activity_form(world, places, **extra):
    return {
        "organization": world.cell_a1.pk,
        "programme": 1,
        "date": DAY.isoformat(),
        "village": places["a1"].pk,
        "cadre_turns": "30",
        "resident_turns": "90",
        "output_road_repaired_km": "1.5",
        "description": "Tu sửa đường vào bản",
        **extra,
    }


def test_a_secretary_records_an_activity_with_a_photo_and_sees_its_thumbnail(
    client, world, places, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(world.bithu1)
    response = client.post("/activities/new/", activity_form(world, places, evidence=photo()))
    activity = Activity.objects.get()
    evidence = ActivityEvidence.objects.get()

    assert response.status_code == 302
    assert activity.outputs.get().quantity == Decimal("1.5")
    detail = client.get(f"/activities/{activity.pk}/").content.decode()
    assert "1,5 km" in detail
    assert f"/activities/evidence/activities/{evidence.pk}/thumbnail/" in detail
    thumb = client.get(f"/activities/evidence/activities/{evidence.pk}/thumbnail/")
    assert thumb.status_code == 200 and thumb["Content-Type"] == "image/jpeg"
    assert max(Image.open(io.BytesIO(b"".join(thumb.streaming_content))).size) <= 320
    listing = client.get(f"/activities/?year={TODAY.year}&programme=1").content.decode()
    assert "Tu sửa đường" not in listing and "1,5 km" in listing
    client.force_login(world.bithu2)
    assert client.get(f"/activities/evidence/activities/{evidence.pk}/file/").status_code == 404
    assert client.get(f"/activities/{activity.pk}/").status_code == 404


def test_a_file_that_is_not_the_photo_it_claims_is_refused_and_nothing_is_written(
    client, world, places, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(world.bithu1)
    fake = SimpleUploadedFile("anh.jpg", b"\xff\xd8\xff" + b"not a photo" * 10)
    response = client.post("/activities/new/", activity_form(world, places, evidence=fake))
    assert response.status_code == 200
    assert "Ảnh bị hỏng" in response.content.decode()
    assert not Activity.objects.exists()
    assert not any(tmp_path.rglob("*.*"))


def test_a_bad_quantity_on_the_form_is_shown_and_nothing_is_written(client, world, places):
    client.force_login(world.bithu1)
    response = client.post(
        "/activities/new/", activity_form(world, places, output_road_repaired_km="-2")
    )
    assert response.status_code == 200
    assert 'class="field invalid"' in response.content.decode()
    assert not Activity.objects.exists()


def test_the_award_register_prints_per_organization_and_per_person(client, world):
    seed_figures(world)
    client.force_login(world.bithu1)
    of_cell = client.get(f"/models/awards/register/?organization={world.cell_a1.pk}")
    person = world.people_a1[1]
    of_person = client.get(f"/models/awards/register/?person={person.pk}")
    outside = client.get(f"/models/awards/register/?person={world.people_b1[1].pk}")

    assert of_cell.status_code == 200
    assert of_cell.content.decode().count("-QĐ/TU") == 73
    assert f"Sổ khen thưởng của {person.full_name}" in of_person.content.decode()
    assert of_person.content.decode().count("-QĐ/TU") == 50
    assert outside.status_code == 404


def test_an_award_for_a_person_outside_the_scope_is_refused(world):
    response = world.api(world.bithu1).post(
        "/api/awards/",
        {
            "form": "certificate_of_merit",
            "issuer": "provincial_standing_committee",
            "decision_number": "12-QĐ/TU",
            "decision_date": DAY.isoformat(),
            "organization": world.cell_a1.pk,
            "recipient_kind": "individual",
            "person": world.people_b1[1].pk,
            "reason": "Có thành tích",
        },
        format="json",
    )
    assert response.status_code in (400, 404)
    assert not Award.objects.exists()


def test_an_award_for_a_member_of_a_sibling_cell_is_a_400_naming_the_person(world):
    with pytest.raises(ValidationError) as refused:
        record_award(
            user=world.dangbo_a,
            form=__import__(
                "ct05.recognition.models", fromlist=["AwardForm"]
            ).AwardForm.objects.first(),
            issuer=__import__(
                "ct05.recognition.models", fromlist=["AwardIssuer"]
            ).AwardIssuer.objects.first(),
            decision_number="1",
            decision_date=DAY,
            organization=world.cell_a1,
            recipient_kind="individual",
            person=world.people_a2[0],
            reason="x",
        )
    assert "person" in refused.value.message_dict
    assert not Award.objects.exists()


def test_overdue_petitions_are_marked_and_reminded_once(client, world):
    received = TODAY - datetime.timedelta(days=40)
    petition = record_petition(
        user=world.dangbo_a,
        organization=world.commune_a,
        source="mail",
        received_on=received,
        content="Đề nghị sửa cầu treo",
        assigned_organization=world.cell_a1,
        deadline=received + datetime.timedelta(days=30),
    )
    client.force_login(world.bithu1)
    listing = client.get(f"/dialogues/petitions/?year={received.year}").content.decode()
    only_overdue = client.get(f"/dialogues/petitions/?year={received.year}&status=overdue")

    call_command("remind", stdout=io.StringIO())
    call_command("remind", stdout=io.StringIO())

    assert "Quá hạn" in listing
    assert "Đề nghị sửa cầu treo" in only_overdue.content.decode()
    reminders = Notification.objects.filter(key=f"petition-overdue:{petition.pk}")
    assert [n.user for n in reminders] == [world.bithu1]


def test_last_years_unanswered_petition_is_in_this_years_overdue_list(client, world):
    received = datetime.date(TODAY.year - 1, 11, 20)
    record_petition(
        user=world.dangbo_a,
        organization=world.commune_a,
        source="mail",
        received_on=received,
        content="Đề nghị làm lại cống thoát nước",
        assigned_organization=world.cell_a1,
        deadline=received + datetime.timedelta(days=30),
    )
    client.force_login(world.dangbo_a)
    overdue = client.get("/dialogues/petitions/?status=overdue").content.decode()
    this_year = client.get("/dialogues/petitions/").content.decode()
    # Filtered by the cell it is assigned to (it was received by the commune).
    of_cell = client.get(
        f"/dialogues/petitions/?organization={world.cell_a1.pk}&year={received.year}"
    ).content.decode()

    assert "Đề nghị làm lại cống thoát nước" in overdue
    assert "Đề nghị làm lại cống thoát nước" not in this_year  # received last year
    assert "Đề nghị làm lại cống thoát nước" in of_cell


def test_an_awards_page_leads_to_the_registers_and_a_long_register_is_printed_by_year(
    client, world, monkeypatch
):
    seed_figures(world)
    award = Award.objects.filter(person=world.people_a1[1]).first()
    client.force_login(world.bithu1)
    detail = client.get(f"/models/awards/{award.pk}/").content.decode()
    assert f"/models/awards/register/?person={world.people_a1[1].pk}" in detail
    assert f"/models/awards/register/?organization={world.cell_a1.pk}" in detail

    monkeypatch.setattr("ct05.recognition.views.REGISTER_LIMIT", 60)
    page = client.get(f"/models/awards/register/?organization={world.cell_a1.pk}").content.decode()
    assert page.count("-QĐ/TU") == 60
    assert "Còn 13 khen thưởng không có trong sổ này" in page
    year = award.decision_date.year
    by_year = f"/models/awards/register/?organization={world.cell_a1.pk}&amp;year={year}"
    assert by_year in page
    of_year = client.get(by_year.replace("&amp;", "&")).content.decode()
    assert of_year.count("-QĐ/TU") == 60 and "Còn 13" in of_year  # all 73 are of that year
    # A year out of range is a 400 with a message, never an error page.
    assert client.get(f"{by_year.replace('&amp;', '&')}0").status_code == 400
