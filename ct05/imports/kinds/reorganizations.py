"""Reorganizations by code (issue 12 part 4): rename, move, merge, dissolve, each from a day.

One row per organization changed; the rows of a merge share the new code and the day. Checked
whole before anything changes: every cell first (with sheet, row, column, value), the scope
rule per row (the level above the organization decides), then the whole sheet tried through the
reorganization services and taken back, so a refusal (a cycle, a day before the last change,
members left without an organization) is a row's problem, not a half-applied file. The write
applies the same rows through the same services (``ct05.reorganizations.workbook``, which
``ct05 reorganize FILE`` reads too).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ct05.core.permissions import can_change_above
from ct05.core.text import fold
from ct05.organizations.models import Organization, OrganizationKind
from ct05.reorganizations import workbook
from ct05.reorganizations.models import ReorganizationKind

from ..importer import Context
from .base import CellError, Column, Kind, SheetRows, date_of, register, text
from .common import labels

OLD, NEW, KIND, EFFECTIVE, NEW_NAME, NEW_KIND, PARENT = (
    "Mã cũ",
    "Mã mới",
    "Loại thay đổi",
    "Ngày hiệu lực",
    "Tên mới",
    "Loại hình mới",
    "Mã cấp trên",
)
CHANGES = ["Đổi tên", "Chuyển", "Sáp nhập", "Giải thể"]  # what workbook.KINDS reads
COLUMN_OF = {
    "old_code": OLD,
    "new_code": NEW,
    "new_name": NEW_NAME,
    "parent_code": PARENT,
}


def change_labels() -> list[str]:
    return list(CHANGES)


def kind_labels() -> list[str]:
    return list(labels(OrganizationKind).values())


@register
class Reorganizations(Kind):
    name = "reorganizations"
    sheet = "Sắp xếp tổ chức"
    order = 90  # after the sheets that add organizations and people
    signature = KIND
    exports = False  # a reorganization is new each time: the template only
    columns = [
        Column(OLD, "old_code", required=True, width=22),
        Column(NEW, "new_code", width=22),
        Column(KIND, "kind", required=True, width=16, choices=change_labels),
        Column(EFFECTIVE, "effective", required=True, width=16, is_date=True),
        Column(NEW_NAME, "new_name", width=40),
        Column(NEW_KIND, "new_kind", width=30, choices=kind_labels),
        Column(PARENT, "parent_code", width=22),
    ]
    instructions = [
        gettext_noop(
            "One row per organization changed, from the effective date; nothing is deleted and "
            "reports of earlier periods keep the tree as it was. Codes are those of "
            "organizations already in CT05."
        ),
        gettext_noop(
            "Rename: the old code and the new name. Move: the old code goes under the new "
            "code. Merge: the rows with the same new code and date merge into it, an existing "
            "organization or a new one (new name, kind, parent code). Dissolve: the old code "
            "ends; the new code, if given, takes over its members and organizations."
        ),
        gettext_noop(
            "Only the level above an organization may reorganize it. A split says who goes "
            "where: it is made on the organization's reorganize page or through the API."
        ),
    ]

    def check(self, sheet: SheetRows, ctx: Context) -> None:
        kinds = {fold(k): v for k, v in workbook.KINDS.items()}
        kinds.update({fold(str(label)): code for code, label in ReorganizationKind.choices})
        organization_kinds = workbook.organization_kinds()
        idx = sheet.index

        def cell(row, key):
            i = idx.get(key)
            return row[i] if i is not None and i < len(row) else None

        rows: list[workbook.Row] = []
        before = len(ctx.problems)
        codes = {
            text(cell(r, key))
            for _n, r in sheet.rows
            for key in ("old_code", "new_code", "parent_code")
        } - {""}
        current = {
            o.code.casefold(): o
            for o in Organization.objects.filter(code__in=codes, valid_to__isnull=True)
        }
        made: set[str] = set()  # new codes that earlier rows create
        for number, row in sheet.rows:
            old_code = text(cell(row, "old_code"))
            kind = kinds.get(fold(text(cell(row, "kind"))))
            if kind is None or kind == ReorganizationKind.SPLIT:
                ctx.error(
                    sheet,
                    number,
                    KIND,
                    cell(row, "kind"),
                    _("Choose the kind of change from the list (a split is made on the page)."),
                )
            try:
                effective = date_of(cell(row, "effective"))
                if effective is None:
                    raise CellError(_("The effective date is required."))
            except CellError as error:
                ctx.error(sheet, number, EFFECTIVE, cell(row, "effective"), error)
                effective = None
            values = {
                key: text(cell(row, key))
                for key in ("new_code", "new_name", "new_kind", "parent_code")
            }
            raw_new_kind = values["new_kind"]
            values["new_kind"] = organization_kinds.get(raw_new_kind.casefold(), "")
            if raw_new_kind and not values["new_kind"]:
                ctx.error(sheet, number, NEW_KIND, raw_new_kind, _("Choose a kind from the list."))
            organization = current.get(old_code.casefold()) if old_code else None
            if not old_code:
                ctx.error(sheet, number, OLD, None, _("The organization's code is required."))
            elif organization is None and old_code.casefold() not in made:
                ctx.error(
                    sheet,
                    number,
                    OLD,
                    old_code,
                    _("No current organization has this code."),
                )
            elif organization is not None and not can_change_above(ctx.user, organization):
                ctx.error(
                    sheet,
                    number,
                    OLD,
                    old_code,
                    _("Only the level above “%(name)s” may reorganize it.")
                    % {"name": organization.name},
                )
            needs = {
                ReorganizationKind.RENAME: [("new_name", _("Write the new name."))],
                ReorganizationKind.MOVE: [("new_code", _("Write the code of the new parent."))],
                ReorganizationKind.MERGE: [
                    ("new_code", _("Write the code of the organization they merge into."))
                ],
            }.get(kind, [])
            for key, message in needs:
                if not values[key]:
                    ctx.error(sheet, number, COLUMN_OF[key], None, message)
            if (
                kind == ReorganizationKind.MERGE
                and values["new_code"]
                and values["new_code"].casefold() not in current
            ):
                made.add(values["new_code"].casefold())
                if not values["parent_code"]:
                    ctx.error(
                        sheet,
                        number,
                        PARENT,
                        None,
                        _("A new organization needs the code of the organization it sits under."),
                    )
            if kind is not None and effective is not None:
                rows.append(
                    workbook.Row(
                        number=number,
                        old_code=old_code,
                        kind=kind,
                        effective=effective,
                        **values,
                    )
                )
            ctx.tick(checked=1)
        ctx.plans[self.name] = rows
        if len(ctx.problems) > before or not rows:
            return
        # The whole sheet tried through the services, then taken back.
        by_number = {row.number: row for row in rows}
        try:
            workbook.apply(rows, user=ctx.user, dry_run=True)
        except workbook.RowRefused as error:
            ctx.error(sheet, error.row, OLD, by_number[error.row].old_code, error.reason)
        except (ValidationError, PermissionDenied) as error:  # pragma: no cover - defensive
            ctx.error(sheet, rows[0].number, OLD, rows[0].old_code, " ".join(error.messages))

    def write(self, ctx: Context) -> int:
        rows = ctx.plans.get(self.name) or []
        done = workbook.apply(rows, user=ctx.user)
        ctx.tick(written=len(done))
        return len(done)

    def export_rows(self, organization, user):
        return []  # a reorganization is new each time: the template is empty
