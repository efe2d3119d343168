"""The report as a Word document, from a .docx template with placeholders (docxtpl).

CT05 ships ``data/bao-cao-ct05.docx`` (made by :func:`build_default_template`; ``ct05
docx_template`` writes a copy to start a province's own from). An administrator replaces it by
putting their own at ``<CT05_DATA_DIR>/templates/bao-cao-ct05.docx`` (or naming one in
``CT05_REPORT_TEMPLATE``); the placeholders are documented in docs/documents.md. The template
holds the house style (page, fonts, header, signature block); the tables of figures are put in
where ``{{p section.table }}`` stands, laid out here.
"""

from __future__ import annotations

import os
from io import BytesIO
from pathlib import Path

from django.conf import settings
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docxtpl import DocxTemplate

SHIPPED = Path(__file__).parent / "data" / "bao-cao-ct05.docx"
TEMPLATE_NAME = "bao-cao-ct05.docx"
FONT = "Times New Roman"


def template_path() -> Path:
    """The province's template if an administrator put one in place, else the shipped one."""
    named = os.environ.get("CT05_REPORT_TEMPLATE")
    if named and Path(named).is_file():
        return Path(named)
    own = Path(settings.DATA_DIR) / "templates" / TEMPLATE_NAME
    return own if own.is_file() else SHIPPED


def render_docx(document: dict, template: Path | None = None) -> bytes:
    """The document (from :func:`ct05.documents.content.build_document`) as a .docx file."""
    tpl = DocxTemplate(str(template or template_path()))
    context = dict(document)
    context["parts"] = [
        {
            **part,
            "sections": [
                {
                    **section,
                    "paragraphs": [
                        {**p, "shown": p["text"] or f"[{p.get('prompt', '')}]"}
                        for p in section["paragraphs"]
                    ],
                    "table": _table(tpl, section["table"]) if section["table"] else None,
                }
                for section in part["sections"]
            ],
        }
        for part in document["parts"]
    ]
    tpl.render(context, autoescape=True)
    buffer = BytesIO()
    tpl.save(buffer)
    return buffer.getvalue()


def _table(tpl: DocxTemplate, table: dict):
    sub = tpl.new_subdoc()
    columns = table["columns"]
    grid = sub.add_table(rows=0, cols=len(columns))
    try:
        grid.style = "Table Grid"
    except (KeyError, ValueError):
        _borders(grid)
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    for i, values in enumerate([columns, *table["rows"], table["total"]]):
        bold = i == 0 or i == len(table["rows"]) + 1
        cells = grid.add_row().cells
        for j, value in enumerate(values):
            paragraph = cells[j].paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT if j == 0 else WD_ALIGN_PARAGRAPH.RIGHT
            if i == 0:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = paragraph.add_run(str(value))
            run.bold = bold
            run.font.size = Pt(11)
            run.font.name = FONT
    return sub


def _borders(table) -> None:
    """Single lines round every cell, for a template without the "Table Grid" style."""
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "single")
        element.set(qn("w:sz"), "4")
        borders.append(element)
    table._tbl.tblPr.append(borders)


# ---- the shipped template ---------------------------------------------------------------------


def _paragraph(container, text: str = "", *, bold=False, italic=False, underline=False,
               size: float | None = None, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False):  # fmt: skip
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(0)
    if indent:
        paragraph.paragraph_format.first_line_indent = Mm(10)
        paragraph.paragraph_format.space_after = Pt(6)
    if text:
        run = paragraph.add_run(text)
        run.bold, run.italic, run.underline = bold, italic, underline
        if size:
            run.font.size = Pt(size)
    return paragraph


def _no_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def build_default_template(path: Path) -> None:
    """Write CT05's template: A4, margins 20/20/30/15 mm, Times New Roman 14 pt, the header of
    Hướng dẫn 36-HD/VPTW, numbered parts, the signature block and "Nơi nhận"."""
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    doc._body.clear_content()

    header = doc.add_table(rows=1, cols=2)
    _no_borders(header)
    left, right = header.rows[0].cells
    left.width, right.width = Mm(75), Mm(90)
    left.paragraphs[0].add_run("{{ superior }}").font.size = Pt(13)
    left.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _paragraph(left, "{{ issuing_body }}", bold=True, size=13)
    _paragraph(left, "*", size=13)
    _paragraph(left, "{{ number }}", size=13)
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = right.paragraphs[0].add_run("{{ party }}")
    run.bold, run.underline, run.font.size = True, True, Pt(14)
    _paragraph(right, "")
    _paragraph(right, "{{ place_date }}", italic=True, size=13)

    _paragraph(doc, "")
    _paragraph(doc, "{{ title }}", bold=True, size=15)
    _paragraph(doc, "{{ summary }}", bold=True)
    _paragraph(doc, "-----")
    _paragraph(doc, "")

    justify = WD_ALIGN_PARAGRAPH.JUSTIFY
    _paragraph(doc, "{%p for part in parts %}", align=justify)
    _paragraph(doc, "{{ part.heading }}", bold=True, align=justify, indent=True)
    _paragraph(doc, "{%p for section in part.sections %}", align=justify)
    _paragraph(doc, "{%p if section.heading %}", align=justify)
    _paragraph(doc, "{{ section.heading }}", bold=True, align=justify, indent=True)
    _paragraph(doc, "{%p endif %}", align=justify)
    _paragraph(doc, "{%p for paragraph in section.paragraphs %}", align=justify)
    _paragraph(doc, "{{ paragraph.shown }}", align=justify, indent=True)
    _paragraph(doc, "{%p endfor %}", align=justify)
    _paragraph(doc, "{%p if section.table %}", align=justify)
    _paragraph(doc, "{{p section.table }}", align=justify)
    _paragraph(doc, "{%p endif %}", align=justify)
    _paragraph(doc, "{%p endfor %}", align=justify)
    _paragraph(doc, "{%p endfor %}", align=justify)
    _paragraph(doc, "")

    signature = doc.add_table(rows=1, cols=2)
    _no_borders(signature)
    left, right = signature.rows[0].cells
    left.width, right.width = Mm(80), Mm(85)
    run = left.paragraphs[0].add_run("Nơi nhận:")
    run.bold, run.italic, run.underline, run.font.size = True, True, True, Pt(12)
    _paragraph(left, "{%p for line in recipients %}", align=WD_ALIGN_PARAGRAPH.LEFT)
    _paragraph(left, "{{ line }}", size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    _paragraph(left, "{%p endfor %}", align=WD_ALIGN_PARAGRAPH.LEFT)
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    right.paragraphs[0].add_run("{{ signing_for }}").bold = True
    _paragraph(right, "{{ signer_title }}", bold=True)
    for _blank in range(3):
        _paragraph(right, "")
    _paragraph(right, "{{ signer_name }}", bold=True)
    doc.save(str(path))
