"""What every kind of workbook shares: its columns, how a cell is read, and the problems found.

A kind (organizations, people, commitments, ratings; later the reorganization's) is a class with
a sheet title, its columns, ``check`` (every row, nothing written, problems collected on the
context) and ``write`` (what ``check`` planned, set-based), registered with :func:`register`.
The importer, the templates, the exports and the API read the registry, so adding a kind is one
module that calls ``register``.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.utils.translation import gettext as _

from ct05.core.text import fold


@dataclass(frozen=True)
class Column:
    header: str  # exactly as the sheet's header row spells it (Vietnamese)
    key: str
    required: bool = False
    width: int = 16
    choices: Callable[[], list[str]] | None = None  # the drop-down's values, when any
    note: str = ""  # what the instructions sheet says of the column
    is_date: bool = False


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int
    column: str
    value: Any
    message: str

    def as_dict(self) -> dict:
        value = self.value
        if isinstance(value, datetime.datetime | datetime.date):
            value = value.strftime("%d/%m/%Y")
        elif value is not None and not isinstance(value, int | float | bool | str):
            value = str(value)
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "value": value,
            "message": str(self.message),
        }


@dataclass
class SheetRows:
    """One sheet of a kind: the row number of its header, the column index of each key and the
    data rows (number, cells) with blank and title rows left out."""

    name: str
    kind: Kind
    header_row: int
    index: dict[str, int]
    rows: list[tuple[int, list]]
    extra: dict[str, int] = field(default_factory=dict)  # header -> index, headers no column names


class Kind:
    name: ClassVar[str]  # in URLs: /api/imports/templates/<name>.xlsx
    sheet: ClassVar[str]  # the data sheet's title
    order: ClassVar[int]  # checked and written in this order (organizations before people)
    columns: ClassVar[list[Column]]
    # A header only this kind's sheet has: how a sheet of another title is recognised.
    signature: ClassVar[str]
    instructions: ClassVar[list[str]] = []
    exports: ClassVar[bool] = True  # whether a subtree is exported in this kind's format

    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    def check(self, sheet: SheetRows, ctx) -> None:  # pragma: no cover - every kind has one
        raise NotImplementedError

    def write(self, ctx) -> int:  # pragma: no cover
        raise NotImplementedError

    def export_rows(self, organization, user) -> Iterable[list]:  # pragma: no cover
        raise NotImplementedError


REGISTRY: dict[str, Kind] = {}


def register(kind_class: type[Kind]) -> type[Kind]:
    REGISTRY[kind_class.name] = kind_class()
    return kind_class


def kinds_in_order() -> list[Kind]:
    return sorted(REGISTRY.values(), key=lambda k: k.order)


# --- reading cells ---------------------------------------------------------------------------

_DATE = re.compile(r"^\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*$")


class CellError(ValueError):
    """A cell that cannot be read as its column needs; the message is the user's."""


def text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%d/%m/%Y")
    return " ".join(str(value).split())


def date_of(value) -> datetime.date | None:
    """A date from an Excel date cell or text in dd/mm/yyyy; ``None`` when blank."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    match = _DATE.match(str(value))
    if match:
        day, month, year = match.groups()
        try:
            return datetime.date(int(year), int(month), int(day))
        except ValueError:
            pass
    raise CellError(_("Not a date: write it as dd/mm/yyyy (for example 24/11/2026)."))


def integer_of(value) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise CellError(_("Not a whole number."))
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    raise CellError(_("Not a whole number."))


def digits_of(value, length: int | None = None) -> str:
    """A number kept as digits (a citizen ID written as a number loses its leading zeros: they
    are put back when ``length`` is known)."""
    if value is None or value == "":
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and length:
        return f"{value:0{length}d}"
    return "".join(str(value).split())


def chooser(labels: dict[str, str]) -> Callable[[Any], str | None]:
    """A reader of a drop-down cell: the label (any case, with or without diacritics) or the
    code; ``None`` for a value not on the list."""
    folded = {fold(label): code for code, label in labels.items()}
    folded.update({fold(code): code for code in labels})

    def choose(value) -> str | None:
        return folded.get(fold(text(value)))

    return choose
