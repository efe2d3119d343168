"""A reorganization workbook: one row per change, checked whole before anything changes.

Columns (first row; Vietnamese or English headers): ``old_code`` (mã cũ), ``new_code`` (mã mới),
``kind`` (loại: rename/đổi tên, move/chuyển, merge/sáp nhập, dissolve/giải thể),
``effective`` (ngày hiệu lực, a date or dd/mm/yyyy), and where needed ``new_name`` (tên mới),
``new_kind`` (loại hình mới) and ``parent_code`` (mã cấp trên).

- rename: ``old_code`` takes ``new_name`` (and ``new_code`` as its code, when given);
- move: ``old_code`` goes under ``new_code``;
- merge: every row with the same ``new_code`` and day is one merge: the ``old_code`` organizations
  merge into ``new_code`` — an existing organization, or a new one named ``new_name`` (of
  ``new_kind``, default the first source's) under ``parent_code``;
- dissolve: ``old_code`` ends; ``new_code``, when given, takes over its members.

A split needs to say who goes where: it is made through the API or the page, not here. The
import's template of this workbook (``ct05.imports.kinds.reorganizations``, sheet "Sắp xếp tổ
chức") has the same Vietnamese headers, so a filled template serves here too.

``read(file)`` parses the rows (a 400-style ``ValidationError`` naming the row for a bad cell);
``apply(rows, user=…, dry_run=…)`` applies them in order in one transaction, through the same
services as the API — any refusal takes everything back and names the row; a dry run always
takes everything back and says what would have changed.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from ct05.organizations.models import Organization, OrganizationKind

from . import services
from .models import ReorganizationKind

HEADERS = {
    "old_code": "old_code", "mã cũ": "old_code", "ma cu": "old_code",
    "new_code": "new_code", "mã mới": "new_code", "ma moi": "new_code",
    "kind": "kind", "loại": "kind", "loại thay đổi": "kind",
    "effective": "effective", "ngày hiệu lực": "effective",
    "new_name": "new_name", "tên mới": "new_name",
    "new_kind": "new_kind", "loại hình mới": "new_kind",
    "parent_code": "parent_code", "mã cấp trên": "parent_code",
}  # fmt: skip
KINDS = {
    "rename": "rename", "đổi tên": "rename",
    "move": "move", "chuyển": "move",
    "merge": "merge", "sáp nhập": "merge", "hợp nhất": "merge",
    "dissolve": "dissolve", "giải thể": "dissolve",
}  # fmt: skip
MAX_ROWS = 5000


def organization_kinds() -> dict[str, str]:
    """{label or code, casefolded: code} of the kinds of organization, in Vietnamese and English
    (the import's template offers the Vietnamese labels)."""
    found = {code.casefold(): code for code in OrganizationKind.values}
    for language in ("en", "vi"):
        with translation.override(language):
            found.update({str(label).casefold(): code for code, label in OrganizationKind.choices})
    return found


class RowRefused(ValidationError):
    """A row the services refused: ``row`` its number, ``reason`` their message."""

    def __init__(self, row: int, reason: str):
        super().__init__(_("Row %(row)s: %(error)s") % {"row": row, "error": reason})
        self.row, self.reason = row, reason


@dataclass
class Row:
    number: int  # the row's number in the sheet
    old_code: str
    new_code: str
    kind: str
    effective: datetime.date
    new_name: str = ""
    new_kind: str = ""
    parent_code: str = ""


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _date(value, number: int) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.datetime.strptime(_text(value), "%d/%m/%Y").date()
    except ValueError:
        raise ValidationError(
            _("Row %(row)s: the effective date “%(value)s” is not a date (dd/mm/yyyy).")
            % {"row": number, "value": _text(value)}
        ) from None


def read(file) -> list[Row]:
    """The workbook's rows (its first sheet), each cell checked."""
    try:
        sheet = load_workbook(file, read_only=True, data_only=True).worksheets[0]
    except Exception:  # noqa: BLE001 - whatever openpyxl raises on a file that is no workbook
        raise ValidationError(_("The file is not an Excel workbook (.xlsx).")) from None
    lines = sheet.iter_rows(values_only=True)
    header = [HEADERS.get(_text(cell).lower(), "") for cell in next(lines, ())]
    missing = {"old_code", "kind", "effective"} - set(header)
    if missing:
        raise ValidationError(
            _("The first row must name the columns; missing: %(names)s.")
            % {"names": ", ".join(sorted(missing))}
        )
    rows: list[Row] = []
    for number, values in enumerate(lines, start=2):
        cells = {name: value for name, value in zip(header, values, strict=False) if name}
        if not any(_text(v) for v in cells.values()):
            continue
        if len(rows) >= MAX_ROWS:
            raise ValidationError(_("At most %(count)s rows at once.") % {"count": MAX_ROWS})
        kind = KINDS.get(_text(cells.get("kind")).lower())
        if kind is None:
            raise ValidationError(
                _("Row %(row)s: the kind of change “%(value)s” is not one of %(kinds)s.")
                % {
                    "row": number,
                    "value": _text(cells.get("kind")),
                    "kinds": ", ".join(KINDS),
                }
            )
        new_kind = _text(cells.get("new_kind"))
        new_kind = organization_kinds().get(new_kind.casefold(), new_kind)
        if new_kind and new_kind not in OrganizationKind.values:
            raise ValidationError(
                _("Row %(row)s: “%(value)s” is not a kind of organization.")
                % {"row": number, "value": new_kind}
            )
        rows.append(
            Row(
                number=number,
                old_code=_text(cells.get("old_code")),
                new_code=_text(cells.get("new_code")),
                kind=kind,
                effective=_date(cells.get("effective"), number),
                new_name=_text(cells.get("new_name")),
                new_kind=new_kind,
                parent_code=_text(cells.get("parent_code")),
            )
        )
    return rows


def _by_code(code: str, number: int, *, required: bool = True) -> Organization | None:
    """The current organization with ``code`` (``number``: the row, for the caller's message)."""
    if not code:
        if required:
            raise ValidationError(_("A code is missing."))
        return None
    found = list(Organization.objects.filter(code=code, valid_to__isnull=True)[:2])
    if len(found) != 1:
        raise ValidationError(
            (
                _("No current organization has the code “%(code)s”.")
                if not found
                else _("Several organizations have the code “%(code)s”.")
            )
            % {"code": code}
        )
    return found[0]


def _apply_one(group: list[Row], user) -> str:
    first = group[0]
    number, day = first.number, first.effective
    if first.kind == ReorganizationKind.RENAME:
        organization = _by_code(first.old_code, number)
        services.rename(user=user, organization=organization, name=first.new_name, effective=day)
        if first.new_code:
            Organization.objects.filter(pk=organization.pk).update(code=first.new_code)
        return f"{first.old_code} → {first.new_name}"
    if first.kind == ReorganizationKind.MOVE:
        services.move(
            user=user,
            sources=[_by_code(first.old_code, number)],
            parent=_by_code(first.new_code, number),
            effective=day,
        )
        return f"{first.old_code} ↳ {first.new_code}"
    if first.kind == ReorganizationKind.DISSOLVE:
        services.dissolve(
            user=user,
            source=_by_code(first.old_code, number),
            target=_by_code(first.new_code, number, required=False),
            effective=day,
        )
        return f"{first.old_code} ✕"
    sources = [_by_code(row.old_code, row.number) for row in group]
    existing = Organization.objects.filter(code=first.new_code, valid_to__isnull=True).first()
    if existing is not None:
        target = existing
    else:
        target = services.NewOrganization(
            name=first.new_name or first.new_code,
            kind=first.new_kind or sources[0].kind,
            parent=_by_code(first.parent_code, number),
        )
    record = services.merge(user=user, sources=sources, target=target, effective=day)
    if existing is None and first.new_code:
        record.targets.update(code=first.new_code)
    return f"{', '.join(r.old_code for r in group)} ⇒ {first.new_code}"


class DryRun(Exception):
    pass


def apply(rows: list[Row], *, user=None, dry_run: bool = False) -> list[str]:
    """Apply the rows in order (the rows of one merge together), all or nothing. Returns a line
    per change; raises ``RowRefused`` naming the first row refused (nothing changed)."""
    groups: list[list[Row]] = []
    merges: dict[tuple, list[Row]] = {}
    for row in rows:
        if row.kind == ReorganizationKind.MERGE:
            key = (row.new_code, row.effective)
            if key not in merges:
                merges[key] = []
                groups.append(merges[key])
            merges[key].append(row)
        else:
            groups.append([row])
    done: list[str] = []
    try:
        with transaction.atomic():
            for group in groups:
                try:
                    done.append(_apply_one(group, user))
                except (ValidationError, PermissionDenied) as error:
                    reason = (
                        " ".join(error.messages)
                        if isinstance(error, ValidationError)
                        else str(error)
                    )
                    raise RowRefused(group[0].number, reason) from None
            if dry_run:
                raise DryRun
    except DryRun:
        pass
    return done
