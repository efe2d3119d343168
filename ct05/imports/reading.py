"""Reading an uploaded workbook with python-calamine (formulas come as their values).

Each sheet is matched to a kind by its title or, failing that, by a header only that kind has;
the header row is found among the first rows (a merged title above it is skipped), columns are
matched by their header in any order (extra columns are fine), and blank rows are left out.
"""

from __future__ import annotations

from python_calamine import CalamineWorkbook

from ct05.core.text import fold

from .kinds.base import REGISTRY, Kind, SheetRows, text

HEADER_SCAN = 15  # rows searched for the header row


def _kind_by_title(title: str) -> Kind | None:
    for kind in REGISTRY.values():
        if fold(kind.sheet) == fold(title):
            return kind
    return None


def _header_row(rows: list[list], kind: Kind | None) -> tuple[Kind, int] | None:
    """The kind and index of the first row holding the kind's required headers."""
    kinds = [kind] if kind else sorted(REGISTRY.values(), key=lambda k: -len(k.signature))
    for number, row in enumerate(rows[:HEADER_SCAN]):
        found = {fold(text(v)) for v in row if v not in (None, "")}
        if not found:
            continue
        for candidate in kinds:
            if kind is None and fold(candidate.signature) not in found:
                continue
            required = {fold(c.header) for c in candidate.columns if c.required}
            if required <= found:
                return candidate, number
    return None


def read_workbook(path) -> tuple[list[SheetRows], list[str]]:
    """The sheets of kinds found in the workbook at ``path``, and the titles of sheets that
    look like a kind's (by title) but lack its header row."""
    workbook = CalamineWorkbook.from_path(str(path))
    found, unreadable = [], []
    try:
        for title in workbook.sheet_names:
            titled = _kind_by_title(title)
            rows = workbook.get_sheet_by_name(title).to_python(skip_empty_area=False)
            header = _header_row(rows, titled)
            if header is None:
                if titled is not None:
                    unreadable.append(title)
                continue
            kind, number = header
            headers = [fold(text(v)) for v in rows[number]]
            by_header = {h: i for i, h in enumerate(headers) if h}
            index = {
                c.key: by_header[fold(c.header)]
                for c in kind.columns
                if fold(c.header) in by_header
            }
            extra = {
                text(rows[number][i]): i
                for h, i in by_header.items()
                if h not in {fold(c.header) for c in kind.columns}
            }
            data = [
                (n + 1, row)
                for n, row in enumerate(rows[number + 1 :], start=number + 1)
                if any(
                    v not in (None, "") and not (isinstance(v, str) and not v.strip()) for v in row
                )
            ]
            found.append(SheetRows(title, kind, number + 1, index, data, extra))
    finally:
        workbook.close()
    return found, unreadable
