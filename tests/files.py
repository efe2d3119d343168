"""Files for upload tests, built in memory: real small documents and crafted bad ones."""

import io
import zipfile

from pypdf import PdfWriter


def pdf_bytes() -> bytes:
    """A real PDF of one blank A4 page."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


PDF = pdf_bytes()


def _zip(parts: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


CONTENT_TYPES = b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'


def docx_bytes(extra: dict[str, bytes] | None = None) -> bytes:
    """The parts a .docx cannot lack (enough for the checks, not for Word)."""
    return _zip(
        {
            "[Content_Types].xml": CONTENT_TYPES,
            "word/document.xml": b"<w:document/>",
            **(extra or {}),
        }
    )


def xlsx_bytes() -> bytes:
    return _zip({"[Content_Types].xml": CONTENT_TYPES, "xl/workbook.xml": b"<workbook/>"})


def zip_bomb(unpacked_mb: int = 60) -> bytes:
    """A .docx of a few hundred kilobytes that unpacks to ``unpacked_mb`` megabytes of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(unpacked_mb):
                part.write(chunk)
    return buffer.getvalue()
