"""Make the workbooks of tests/imports/test_formulas.py: people sheets whose cells are formulas,
saved by LibreOffice with the values it calculated (as Excel saves them).

openpyxl writes a formula without its value (it does not calculate); LibreOffice opens that
file, calculates every formula and saves formula and value together. Run from the repository
with LibreOffice installed (Debian: ``apt-get install libreoffice-calc-nogui``)::

    .venv/bin/python tests/imports/files/make_formulas.py

The files it wrote were made with LibreOffice 7.4.7 (Debian 12) and are kept in the repository,
so the tests need no LibreOffice.
"""

from __future__ import annotations

import pathlib
import shutil
import subprocess
import tempfile

from openpyxl import Workbook

HERE = pathlib.Path(__file__).resolve().parent
SHEET = "Đảng viên"
# The people template's headers (ct05.imports.kinds.people.People.columns), in its order.
HEADERS = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc", "Số thẻ đảng viên",
           "Số định danh cá nhân", "Mã tổ chức", "Tên tổ chức", "Chức vụ", "Ngày vào Đảng",
           "Ngày chính thức", "Sinh hoạt từ ngày"]  # fmt: skip


def formula_rows() -> list[dict]:
    """Two people, every cell a formula but the gender; the second one's numbers as numbers."""
    return [
        {
            "STT": "=ROW()-1",
            "Họ và tên": '="Nguyễn Văn "&"Công Thức"',
            "Ngày sinh": "=DATE(1980,2,3)",
            "Giới tính": "Nam",
            "Dân tộc": '=UPPER("kinh")',
            "Số thẻ đảng viên": '=TEXT(93000000+ROW(),"0")',
            "Số định danh cá nhân": '=TEXT(1000000000+ROW(),"000000000000")',
            "Mã tổ chức": '="A"&"1"',
            "Chức vụ": '=LOWER("ĐẢNG VIÊN")',
            "Ngày vào Đảng": "=DATE(2010,3,15)",
            "Ngày chính thức": "=K2+365",
            "Sinh hoạt từ ngày": '="01/01/"&(2019+1)',
        },
        {
            "STT": "=ROW()-1",
            "Họ và tên": '=PROPER("lò thị") & " Hai"',
            "Ngày sinh": "=DATE(1990,12,31)",
            "Giới tính": "Nữ",
            "Dân tộc": '="Thái"',
            "Số thẻ đảng viên": "=93000000+ROW()",
            "Số định danh cá nhân": "=1000000000+ROW()",
            "Mã tổ chức": '=IF(LEN(B3)>0,"A2","")',
            "Ngày vào Đảng": "",
            "Ngày chính thức": "",
            "Sinh hoạt từ ngày": "",
        },
    ]


def build(path: pathlib.Path, rows: list[dict]) -> pathlib.Path:
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.append(HEADERS)
    for row in rows:
        ws.append([row.get(h) for h in HEADERS])
    for column in ("C", "K", "L"):  # the dates' cells shown as dates, as a user formats them
        for cell in ws[column][1:]:
            cell.number_format = "dd/mm/yyyy"
    wb.save(path)
    return path


def saved_by_libreoffice(source: pathlib.Path, target: pathlib.Path) -> pathlib.Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("LibreOffice (soffice) is not installed")
    with tempfile.TemporaryDirectory() as out:
        subprocess.run(
            [soffice, "--headless", "--calc", "--convert-to", "xlsx:Calc MS Excel 2007 XML",
             "--outdir", out, str(source)],
            check=True, capture_output=True, timeout=180,
        )  # fmt: skip
        shutil.move(pathlib.Path(out) / source.name, target)
    return target


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        folder = pathlib.Path(folder)
        saved_by_libreoffice(
            build(folder / "formulas.xlsx", formula_rows()), HERE / "formulas-libreoffice.xlsx"
        )
        errors = formula_rows()[:1]
        errors[0]["Ngày sinh"] = "=DATE(1980,2,3)/0"
        saved_by_libreoffice(
            build(folder / "errors.xlsx", errors), HERE / "formula-error-libreoffice.xlsx"
        )


if __name__ == "__main__":
    main()
