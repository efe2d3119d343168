"""Uploads through the API: a bad file is a 400 naming the problem; the schema states the limit."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ct05.study.models import Reflection
from tests.files import PDF, xlsx_bytes, zip_bomb

from .test_study import session


@pytest.mark.parametrize(
    "upload, message",
    [
        (("bai.docx", zip_bomb(60)), "Tệp giải nén ra hơn 50 MB nên không được nhận."),
        (
            ("bai.docx", xlsx_bytes()),
            "Nội dung tệp không phải là tệp .docx thật: thiếu phần word/document.xml.",
        ),
        (("bai.pdf", b"Just text, not a PDF"), "Nội dung tệp không phải là tệp .pdf thật."),
        (("bai.pdf", b"%PDF-1.7\n" + b"\x00\xff" * 100), "Không mở được tệp như một văn bản PDF."),
    ],
)
def test_a_bad_essay_file_is_a_400_naming_the_problem(world, settings, tmp_path, upload, message):
    settings.MEDIA_ROOT = tmp_path
    created = session(world).json()
    response = world.api(world.bithu1).post(
        "/api/reflections/",
        {
            "session": created["id"],
            "person": world.people_a1[0].pk,
            "received": "true",
            "file": SimpleUploadedFile(*upload),
        },
    )
    assert response.status_code == 400
    assert message in str(response.json())
    assert not Reflection.objects.exists()
    assert not any(tmp_path.rglob("*.*"))


def test_a_real_pdf_is_accepted(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    created = session(world).json()
    client = world.api(world.bithu1)
    response = client.post(
        "/api/reflections/",
        {
            "session": created["id"],
            "person": world.people_a1[0].pk,
            "received": "true",
            "file": SimpleUploadedFile("bai.pdf", PDF, content_type="application/pdf"),
        },
    )
    assert response.status_code == 201, response.content
    download = client.get(f"/api/reflections/{response.json()['id']}/file/")
    assert b"".join(download.streaming_content) == PDF


def test_the_schema_states_the_kinds_and_the_limit(world):
    response = world.api(world.tuyengiao).get(
        "/api/schema/", {"format": "json"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    schema = response.content.decode()
    assert "Files .pdf, .doc, .docx, .odt, .jpg, .jpeg, .png, at most 10 MB." in schema
