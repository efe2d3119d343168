"""What an upload must be: a file of its kind that opens, not a bomb, a renamed file or a lie."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from ct05.core.uploads import upload_help_text, validate_upload
from tests.files import PDF, _zip, docx_bytes, xlsx_bytes, zip_bomb

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504


def refusal(name: str, content: bytes) -> str:
    with translation.override("vi"), pytest.raises(ValidationError) as caught:
        validate_upload(SimpleUploadedFile(name, content))
    return " ".join(caught.value.messages)


@pytest.mark.parametrize(
    "name, content",
    [
        ("bien-ban.pdf", PDF),
        ("bai.docx", docx_bytes()),
        ("bai.doc", OLE),
        ("anh.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 32),
        ("anh.jpg", b"\xff\xd8\xff\xe0" + b"\0" * 32),
        (
            "bai.odt",
            _zip(
                {
                    "mimetype": b"application/vnd.oasis.opendocument.text",
                    "content.xml": b"<office:document-content/>",
                }
            ),
        ),
    ],
)
def test_real_files_of_each_kind_are_accepted_and_left_at_their_start(name, content):
    upload = SimpleUploadedFile(name, content)
    validate_upload(upload)
    assert upload.read() == content


def test_a_zip_bomb_is_refused_naming_the_unpacked_limit():
    bomb = zip_bomb(60)
    assert len(bomb) < 1024 * 1024  # small on the wire
    assert refusal("bai.docx", bomb) == "Tệp giải nén ra hơn 50 MB nên không được nhận."


def test_a_part_that_unpacks_a_thousand_to_one_is_refused():
    assert "bị nén quá mức" in refusal("bai.docx", zip_bomb(10))


def test_a_zip_that_lies_about_its_sizes_is_refused():
    """The central directory says 13 bytes; the part really unpacks to a megabyte."""
    honest = docx_bytes({"word/media/x.bin": b"\0" * (1024 * 1024)})
    archive = zipfile.ZipFile(io.BytesIO(honest))
    info = archive.getinfo("word/media/x.bin")
    real = info.file_size.to_bytes(4, "little")
    liar = honest.replace(real, (13).to_bytes(4, "little"))
    assert liar != honest
    assert "Tệp bị hỏng" in refusal("bai.docx", liar)


def test_a_renamed_xlsx_is_not_a_docx():
    assert refusal("bai.docx", xlsx_bytes()) == (
        "Nội dung tệp không phải là tệp .docx thật: thiếu phần word/document.xml."
    )


def test_too_many_parts_are_refused():
    parts = {f"word/p{i}.xml": b"" for i in range(1001)}
    assert "quá nhiều thành phần" in refusal("bai.docx", docx_bytes(parts))


@pytest.mark.parametrize("name", ["../../etc/cron.d/x", "/etc/passwd", "C:\\x.xml", "a\\..\\..\\b"])
def test_a_part_named_outside_the_document_is_refused(name):
    assert "tên không được phép" in refusal("bai.docx", docx_bytes({name: b"x"}))


def test_a_zip_that_is_not_one_is_refused():
    assert "Tệp bị hỏng" in refusal("bai.docx", b"PK\x03\x04" + b"garbage" * 10)


def test_text_named_pdf_is_refused():
    assert refusal("bai.pdf", b"Hello, I am a text file") == (
        "Nội dung tệp không phải là tệp .pdf thật."
    )


def test_a_pdf_header_on_rubbish_is_refused():
    assert refusal("bai.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n") in (
        "Không mở được tệp như một văn bản PDF.",
        "Tệp PDF không có trang nào.",
    )
    assert refusal("bai.pdf", b"%PDF-1.7\n" + b"\x00\xff" * 100) == (
        "Không mở được tệp như một văn bản PDF."
    )


def test_an_ole_file_must_start_with_the_signature():
    assert refusal("bai.doc", docx_bytes()) == "Nội dung tệp không phải là tệp .doc thật."


def test_an_odt_must_say_so_in_its_mimetype():
    fake = _zip({"mimetype": b"application/zip", "content.xml": b"<x/>"})
    assert refusal("bai.odt", fake) == "Nội dung tệp không phải là tệp .odt thật."


def test_spreadsheets_are_not_accepted_today():
    assert "Không nhận loại tệp này" in refusal("bang.xlsx", xlsx_bytes())


def test_a_spreadsheet_once_accepted_must_hold_a_workbook(settings):
    settings.CT05_UPLOAD_EXTENSIONS = [*settings.CT05_UPLOAD_EXTENSIONS, "xlsx"]
    validate_upload(SimpleUploadedFile("bang.xlsx", xlsx_bytes()))
    assert refusal("bang.xlsx", docx_bytes()) == (
        "Nội dung tệp không phải là tệp .xlsx thật: thiếu phần xl/workbook.xml."
    )


def test_the_help_text_names_the_kinds_and_the_limit(settings):
    with translation.override("vi"):
        assert upload_help_text() == "Tệp .pdf, .doc, .docx, .odt, .jpg, .jpeg, .png, tối đa 10 MB."
        settings.CT05_UPLOAD_MAX_BYTES = 5 * 1024 * 1024
        assert upload_help_text().endswith("tối đa 5 MB.")
