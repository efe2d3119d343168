"""Workbooks for the import tests, built as a user would fill a template."""

from __future__ import annotations

import datetime
from pathlib import Path

from openpyxl import Workbook

from ct05.imports.kinds.people import People
from ct05.organizations.models import Organization

PEOPLE_HEADERS = [c.header for c in People.columns]


def code_world(world) -> None:
    """Codes for the named world's organizations: P, A, B, A1, A2, B1."""
    for org, code in (
        (world.province, "P"),
        (world.commune_a, "A"),
        (world.commune_b, "B"),
        (world.cell_a1, "A1"),
        (world.cell_a2, "A2"),
        (world.cell_b1, "B1"),
    ):
        Organization.objects.filter(pk=org.pk).update(code=code)
        org.code = code


def person_row(i: int, code: str = "A1", **changes) -> dict:
    row = {
        "STT": i,
        "Họ và tên": f"Nguyễn Văn Số {i}",
        "Ngày sinh": datetime.date(1980, 1, 1) + datetime.timedelta(days=i % 3000),
        "Giới tính": "Nam" if i % 2 else "Nữ",
        "Dân tộc": "Kinh" if i % 3 else "Tày",
        "Số thẻ đảng viên": f"{90000000 + i}",
        "Số định danh cá nhân": f"{1000000000 + i:012d}",
        "Mã tổ chức": code,
        "Tên tổ chức": "",
        "Chức vụ": "Đảng viên",
        "Ngày vào Đảng": "15/03/2010",
        "Ngày chính thức": "15/03/2011",
        "Sinh hoạt từ ngày": "01/01/2020",
    }
    row.update(changes)
    return row


def write_people(path: Path, rows: list[dict], *, title_row: bool = False) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "Đảng viên"
    if title_row:
        ws.append(["DANH SÁCH ĐẢNG VIÊN"])
        ws.merge_cells("A1:F1")
    ws.append(PEOPLE_HEADERS)
    for row in rows:
        ws.append([row.get(h) for h in PEOPLE_HEADERS])
    wb.save(path)
    return path
