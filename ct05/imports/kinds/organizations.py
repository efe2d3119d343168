"""The organization tree by code: the parent named by its code."""

from __future__ import annotations

from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ct05.core.text import fold
from ct05.organizations.models import Organization, OrganizationKind, OrganizationLink

from .. import bulk
from ..importer import Context, OrgRef
from .base import CellError, Column, Kind, SheetRows, date_of, integer_of, register, text
from .common import both_languages, labels

CODE, NAME, KIND, PARENT, FOUNDED, MIN_DEEDS = (
    "Mã tổ chức",
    "Tên tổ chức",
    "Loại tổ chức",
    "Mã tổ chức cấp trên",
    "Ngày thành lập",
    "Số việc làm tối thiểu",
)


def kind_labels() -> list[str]:
    return list(labels(OrganizationKind).values())


@register
class Organizations(Kind):
    name = "organizations"
    sheet = "Tổ chức"
    order = 10
    signature = NAME
    columns = [
        Column(CODE, "code", required=True, width=22),
        Column(NAME, "name", required=True, width=40),
        Column(KIND, "kind", required=True, width=30, choices=kind_labels),
        Column(PARENT, "parent", width=22),
        Column(FOUNDED, "valid_from", width=16, is_date=True),
        Column(MIN_DEEDS, "min_deeds", width=12),
    ]
    instructions = [
        gettext_noop(
            "One row per organization. The code identifies it: a row whose code exists "
            "updates that organization, a new code adds one under the parent named by its code."
        ),
        gettext_noop(
            "The parent must be in the database or in this sheet, and inside the part of the "
            "tree you may change. Moving an organization is done on its page, not by import."
        ),
    ]

    def check(self, sheet: SheetRows, ctx: Context) -> None:
        kinds = {fold(k): v for k, v in both_languages(OrganizationKind).items()}
        kinds.update({k: k for k in OrganizationKind.values})
        idx = sheet.index
        planned: dict[str, tuple[int, dict, str]] = {}

        def cell(row, key):
            i = idx.get(key)
            return row[i] if i is not None and i < len(row) else None

        seen: dict[str, int] = {}
        for number, row in sheet.rows:
            code = text(cell(row, "code"))
            if not code:
                ctx.error(sheet, number, CODE, None, _("The organization's code is required."))
            elif len(code) > 30:
                ctx.error(sheet, number, CODE, code, _("At most 30 characters."))
            elif code.casefold() in seen:
                ctx.error(
                    sheet,
                    number,
                    CODE,
                    code,
                    _("This code is already on row %(row)s of the sheet.")
                    % {"row": seen[code.casefold()]},
                )
                code = ""
            else:
                seen[code.casefold()] = number
            name = text(cell(row, "name"))
            if not name:
                ctx.error(sheet, number, NAME, None, _("The organization's name is required."))
            elif len(name) > 255:
                ctx.error(sheet, number, NAME, name, _("At most 255 characters."))
            raw_kind = cell(row, "kind")
            kind = kinds.get(fold(text(raw_kind)))
            if kind is None:
                ctx.error(sheet, number, KIND, raw_kind, _("Choose a kind from the list."))
            try:
                valid_from = date_of(cell(row, "valid_from"))
            except CellError as error:
                ctx.error(sheet, number, FOUNDED, cell(row, "valid_from"), error)
                valid_from = None
            try:
                min_deeds = integer_of(cell(row, "min_deeds"))
                if min_deeds is not None and not 1 <= min_deeds <= 20:
                    raise CellError(_("Between 1 and 20."))
            except CellError as error:
                ctx.error(sheet, number, MIN_DEEDS, cell(row, "min_deeds"), error)
                min_deeds = None
            parent = text(cell(row, "parent"))
            values = {
                "name": name,
                "kind": kind,
                "valid_from": valid_from,
                "min_deeds": min_deeds,
                "parent": parent,
            }
            if code:
                planned[code.casefold()] = (number, values, code)
            ctx.tick(checked=1)

        existing = ctx.organizations
        # Organizations the file adds, known by code to the later sheets (people's cells).
        for key, (_number, values, code) in planned.items():
            if key not in existing:
                existing[key] = OrgRef(
                    code,
                    None,
                    None,
                    values["kind"] or "",
                    values["valid_from"],
                    values["min_deeds"],
                    parent_code=values["parent"] or None,
                    name=values["name"],
                    planned=True,
                )
        parents = dict(
            Organization.objects.filter(
                pk__in=[r.pk for k, r in existing.items() if k in planned and not r.planned]
            ).values_list("pk", "path")
        )
        by_path = {r.path: r for r in existing.values() if r.path}
        creates, updates = [], []
        for key, (number, values, code) in planned.items():
            ref = existing[key]
            parent_code = values["parent"]
            parent = ctx.organization(parent_code) if parent_code else None
            if parent_code and parent is None:
                ctx.error(
                    sheet,
                    number,
                    PARENT,
                    parent_code,
                    _("No organization has this code, in the database or in this sheet."),
                )
                continue
            if ref.planned:
                if parent is None:
                    if ctx.change_paths is not None:
                        ctx.error(
                            sheet,
                            number,
                            PARENT,
                            None,
                            _("Name the parent by its code: only an administrator adds a root."),
                        )
                        continue
                elif not ctx.may_change(parent) or _cycle(ctx, ref):
                    ctx.error(
                        sheet,
                        number,
                        PARENT,
                        parent_code,
                        _("You may not add an organization under this one."),
                    )
                    continue
                creates.append((ref, values))
            else:
                if not ctx.may_change(ref):
                    ctx.error(
                        sheet,
                        number,
                        CODE,
                        code,
                        _("This organization is outside the part of the tree you may change."),
                    )
                    continue
                current_parent = by_path.get(parents[ref.pk][: -Organization.steplen])
                if parents[ref.pk][: -Organization.steplen] and (
                    parent is None or parent is not current_parent
                ):
                    ctx.error(
                        sheet,
                        number,
                        PARENT,
                        parent_code,
                        _(
                            "The parent differs from the organization's current one: moving an "
                            "organization is done on its page, not by import."
                        ),
                    )
                    continue
                updates.append((ref, values))
        ctx.plans[self.name] = (creates, updates)

    def write(self, ctx: Context) -> int:
        creates, updates = ctx.plans.get(self.name, ([], []))
        changed, fields = [], set()
        if updates:
            stored = Organization.objects.in_bulk([ref.pk for ref, _v in updates])
            for ref, values in updates:
                organization = stored[ref.pk]
                diff = []
                for name in ("name", "kind", "valid_from", "min_deeds"):
                    value = values[name]
                    if value is None and name == "valid_from":
                        continue
                    if getattr(organization, name) != value:
                        setattr(organization, name, value)
                        diff.append(name)
                if "name" in diff:  # the pickers and the search find it by its new name
                    organization.search_name = fold(organization.name)
                    diff.append("search_name")
                if diff:
                    changed.append(organization)
                    fields.update(diff)
                if "kind" in diff or "valid_from" in diff:  # the years it counts in
                    ctx.touched_organizations.add(organization.pk)
            bulk.update(Organization, changed, sorted(fields), user=ctx.user)
        # New organizations, parents first: each takes the next path under its parent.
        pending = list(creates)
        added = []
        next_step: dict[str, int] = {}
        created: set[int] = set()
        while pending:
            ready = [
                (ref, values)
                for ref, values in pending
                if not values["parent"] or ctx.organization(values["parent"]).path is not None
            ]
            if not ready:  # pragma: no cover - cycles are refused by check
                break
            placed = {id(ref) for ref, _values in ready}
            pending = [item for item in pending if id(item[0]) not in placed]
            batch = []
            for ref, values in ready:
                parent = ctx.organization(values["parent"]) if values["parent"] else None
                if parent is None:
                    key, depth = "", 1
                else:
                    key, depth = parent.path, len(parent.path) // Organization.steplen + 1
                if key not in next_step and parent is not None and id(parent) in created:
                    next_step[key] = 0  # added by this import: no child yet
                if key not in next_step:
                    last = (
                        Organization.objects.filter(path__startswith=key, depth=depth)
                        .order_by("-path")
                        .values_list("path", flat=True)
                        .first()
                    )
                    next_step[key] = int(last[-Organization.steplen :], 36) if last else 0
                next_step[key] += 1
                path = Organization._get_path(key or None, depth, next_step[key])
                organization = Organization(
                    code=ref.code,
                    name=values["name"],
                    kind=values["kind"],
                    valid_from=values["valid_from"] or ctx.today,
                    min_deeds=values["min_deeds"],
                    path=path,
                    depth=depth,
                    numchild=0,
                )
                ref.path, ref.valid_from = path, organization.valid_from
                created.add(id(ref))
                batch.append((organization, parent))
            bulk.insert(Organization, [o for o, _p in batch], user=ctx.user)
            for organization, _parent in batch:
                ctx.organization(organization.code).pk = organization.pk
                ctx.touched_organizations.add(organization.pk)
            added.extend(batch)
        if added:
            counts: dict[int, int] = {}
            for _organization, parent in added:
                if parent is not None:
                    counts[parent.pk] = counts.get(parent.pk, 0) + 1
            for pk, count in counts.items():
                Organization.objects.filter(pk=pk).update(numchild=F("numchild") + count)
            OrganizationLink.objects.bulk_create(
                [
                    OrganizationLink(
                        child_id=o.pk,
                        parent_id=p.pk if p else None,
                        valid_from=o.valid_from,
                    )
                    for o, p in added
                ]
            )
        written = len(changed) + len(added)
        ctx.tick(written=written)
        return written

    def export_rows(self, organization, user):
        codes = dict(
            Organization.objects.filter(
                path__startswith=organization.path[: -organization.steplen] or organization.path
            ).values_list("path", "code")
        )
        kinds = labels(OrganizationKind)
        for org in Organization.objects.filter(path__startswith=organization.path).order_by("path"):
            parent_code = codes.get(org.path[: -org.steplen], "") if org.depth > 1 else ""
            yield [
                org.code,
                org.name,
                kinds.get(org.kind, org.kind),
                parent_code if org.pk != organization.pk or org.depth > 1 else "",
                org.valid_from,
                org.min_deeds,
            ]


def _cycle(ctx: Context, ref: OrgRef) -> bool:
    seen = set()
    while ref is not None and ref.planned:
        if ref.code.casefold() in seen:
            return True
        seen.add(ref.code.casefold())
        ref = ctx.organization(ref.parent_code or "")
    return False
