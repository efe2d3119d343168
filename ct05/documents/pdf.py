"""The report as a PDF: the same content as the Word file, laid out by an HTML template
(``documents/print.html``, with the page's ``ct05/document.css``) and printed by WeasyPrint.
WeasyPrint needs Pango and the fonts from the system (``make pdf`` installs them): Times New
Roman where present, else the metric-compatible Liberation Serif."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import CSS, HTML

# The page itself: A4 with the margins of Hướng dẫn 36-HD/VPTW, Times New Roman 14 pt.
PAGE = """
@page { size: A4; margin: 20mm 15mm 20mm 30mm; }
body { font-family: "Times New Roman", "Liberation Serif", serif; font-size: 14pt; line-height: 1.3; }
"""


@cache
def _stylesheets() -> list[CSS]:
    """Handed to WeasyPrint beside the HTML, so the template holds no inline style (the same
    Content-Security-Policy rule as every page)."""
    document_css = Path(finders.find("ct05/document.css")).read_text(encoding="utf-8")
    return [CSS(string=PAGE), CSS(string=document_css)]


def render_pdf(document: dict) -> bytes:
    html = render_to_string("documents/print.html", {"document": document})
    return HTML(string=html).write_pdf(stylesheets=_stylesheets())
