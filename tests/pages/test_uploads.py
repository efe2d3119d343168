"""Uploads through the pages: the form says what it takes, and a bad file is refused on its field."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ct05.meetings.models import Meeting
from ct05.study import services as study_services
from ct05.study.models import Reflection
from tests.files import PDF, xlsx_bytes, zip_bomb
from tests.pages.test_meetings import CREATE, DAY, form_data

from .conftest import text

BAD = [
    (("bien-ban.docx", zip_bomb(60)), "Tệp giải nén ra hơn 50 MB nên không được nhận."),
    (
        ("bien-ban.docx", xlsx_bytes()),
        "Nội dung tệp không phải là tệp .docx thật: thiếu phần word/document.xml.",
    ),
    (("bien-ban.pdf", "Biên bản họp chi bộ".encode()), "Nội dung tệp không phải là tệp .pdf thật."),
]


def test_the_minutes_form_states_the_kinds_and_the_limit(client, world):
    client.force_login(world.bithu1)
    page = text(client.get(CREATE, {"organization": world.cell_a1.pk}))
    assert "Tệp .pdf, .doc, .docx, .odt, .jpg, .jpeg, .png, tối đa 10 MB." in page


@pytest.mark.parametrize("upload, message", BAD)
def test_a_bad_minutes_file_is_refused_naming_the_problem(
    client, world, settings, tmp_path, upload, message
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(world.bithu1)
    response = client.post(CREATE, form_data(world, minutes_file=SimpleUploadedFile(*upload)))
    assert response.status_code == 200
    assert message in text(response)
    assert not Meeting.objects.exists()
    assert not any(tmp_path.rglob("*.*"))


def test_a_real_pdf_is_kept_as_minutes(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(world.bithu1)
    good = SimpleUploadedFile("bien-ban.pdf", PDF, content_type="application/pdf")
    assert client.post(CREATE, form_data(world, minutes_file=good)).status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.minutes_file.read() == PDF


@pytest.mark.parametrize("upload, message", BAD)
def test_a_bad_essay_is_refused_on_the_reflection_form(
    client, world, settings, tmp_path, upload, message
):
    settings.MEDIA_ROOT = tmp_path
    attendance = [{"person": p.pk} for p in world.people_a1[:3]]
    session = study_services.record_session(
        user=world.bithu1, organization=world.cell_a1, date=DAY, kind="study", attendance=attendance
    )
    client.force_login(world.bithu1)
    page = text(client.get(reverse("study-session-detail", args=[session.pk])))
    assert "tối đa 10 MB" in page
    response = client.post(
        reverse("study-reflection", args=[session.pk]),
        {"person": world.people_a1[0].pk, "received": "on", "file": SimpleUploadedFile(*upload)},
    )
    assert response.status_code == 200
    assert message in text(response)
    assert not Reflection.objects.exists()
