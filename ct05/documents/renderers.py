"""The document's files: Word and PDF from the same content, named for what they hold."""

from __future__ import annotations

from ct05.reports.renderers import file_name

from .content import Period
from .docx import render_docx
from .pdf import render_pdf

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
RENDERERS = {"docx": render_docx, "pdf": render_pdf}


def document_file(document: dict, extension: str, *, period: Period) -> tuple[bytes, str, str]:
    """(bytes, content type, file name) of ``document`` as ``extension`` (docx or pdf)."""
    name = file_name(document["organization"]["name"], period.slug, extension)
    return RENDERERS[extension](document), CONTENT_TYPES[extension], name
