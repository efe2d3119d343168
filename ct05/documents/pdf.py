"""The report as a PDF: the same content as the Word file, laid out by an HTML template
(``documents/print.html``, with the page's ``ct05/document.css``) and printed by WeasyPrint.
WeasyPrint needs Pango and the fonts from the system (``make pdf`` installs them): Times New
Roman where present, else the metric-compatible Liberation Serif."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from weasyprint import HTML


@cache
def _stylesheet() -> str:
    return Path(finders.find("ct05/document.css")).read_text(encoding="utf-8")


def render_pdf(document: dict) -> bytes:
    html = render_to_string(
        "documents/print.html", {"document": document, "css": mark_safe(_stylesheet())}
    )
    return HTML(string=html).write_pdf()
