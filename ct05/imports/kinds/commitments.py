"""Yearly commitments with their deeds, by person (party card number or citizen ID) and year.

A commitment is filed with the organization the person belonged to in the year (as the
commitment service files it); it needs at least the minimum of deeds in force there. A row
for a person and year already committed updates the pledge and the deeds, deed by deed.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ct05.commitments.models import Commitment, CommitmentStatus, Deed, Evaluation
from ct05.core.models import TEXT_LENGTH
from ct05.core.years import check_year
from ct05.organizations.models import Organization, setting_resolver

from .. import bulk
from ..importer import Context
from .base import CellError, Column, Kind, SheetRows, integer_of, register, text
from .common import both_languages, labels
from .people import CARD, CITIZEN, find_members, person_keys

YEAR = "Năm"
NAME = "Họ và tên"
ORG = "Mã tổ chức"
PLEDGE = "Nội dung cam kết"
STATUS = "Trạng thái"
DEEDS = 10
DEED = "Việc làm %d"
RESULT = "Kết quả %d"


def evaluation_labels() -> list[str]:
    return list(labels(Evaluation).values())


def status_labels() -> list[str]:
    return list(labels(CommitmentStatus).values())


def _deed_columns() -> list[Column]:
    columns = []
    for i in range(1, DEEDS + 1):
        columns.append(Column(DEED % i, f"deed{i}", width=30))
        columns.append(Column(RESULT % i, f"result{i}", width=14, choices=evaluation_labels))
    return columns


@register
class Commitments(Kind):
    name = "commitments"
    sheet = "Cam kết"
    order = 30
    signature = DEED % 1
    columns = [
        Column(YEAR, "year", required=True, width=7),
        Column(CARD, "party_card_number", width=17),
        Column(CITIZEN, "citizen_id", width=17),
        Column(NAME, "full_name", width=26),
        Column(ORG, "organization", width=20),
        Column(PLEDGE, "pledge", width=40),
        Column(STATUS, "status", width=16, choices=status_labels),
        *_deed_columns(),
    ]
    instructions = [
        gettext_noop(
            "One row per person and year. The person is found by the party card number or the "
            "citizen ID; the name and the organization's code are there to read, not read back."
        ),
        gettext_noop(
            "At least the minimum of deeds in force for the person's organization; a row for a "
            "person and year already committed updates that commitment."
        ),
    ]

    def check(self, sheet: SheetRows, ctx: Context) -> None:
        idx = sheet.index
        evaluations = {k.casefold(): v for k, v in both_languages(Evaluation).items()}
        statuses = {k.casefold(): v for k, v in both_languages(CommitmentStatus).items()}
        min_deeds = setting_resolver(
            dict(Organization.objects.values_list("path", "min_deeds")), "min_deeds"
        )
        title_limit = Deed._meta.get_field("title").max_length
        parsed = []
        for number, row in sheet.rows:
            cells = {k: (row[i] if i < len(row) else None) for k, i in idx.items()}
            bad = False
            try:
                year = integer_of(cells.get("year"))
                if year is None:
                    raise CellError(_("The year is required."))
                check_year(year)
            except (CellError, ValidationError) as problem:
                message = problem.messages[0] if isinstance(problem, ValidationError) else problem
                ctx.error(sheet, number, YEAR, cells.get("year"), message)
                bad, year = True, None
            keys = person_keys(cells, sheet, number, ctx)
            bad = bad or keys is None
            pledge = str(cells.get("pledge") or "").strip()
            if len(pledge) > TEXT_LENGTH:
                ctx.error(sheet, number, PLEDGE, pledge[:50], _("The pledge is too long."))
                bad = True
            raw_status = cells.get("status")
            status = (
                statuses.get(text(raw_status).casefold())
                if raw_status not in (None, "")
                else CommitmentStatus.SUBMITTED
            )
            if status is None:
                ctx.error(sheet, number, STATUS, raw_status, _("Choose a value from the list."))
                bad = True
            deeds = []
            for i in range(1, DEEDS + 1):
                title = text(cells.get(f"deed{i}"))
                raw = cells.get(f"result{i}")
                evaluation = evaluations.get(text(raw).casefold()) if raw not in (None, "") else ""
                if evaluation is None:
                    ctx.error(sheet, number, RESULT % i, raw, _("Choose a value from the list."))
                    bad = True
                if len(title) > title_limit:
                    ctx.error(sheet, number, DEED % i, title[:50], _("At most 300 characters."))
                    bad = True
                if title:
                    deeds.append((title, evaluation or ""))
                elif evaluation:
                    ctx.error(sheet, number, RESULT % i, raw, _("A result without a deed."))
                    bad = True
            if not bad:
                parsed.append((number, year, keys, pledge, status, deeds))
            ctx.tick(checked=1)
        members = find_members(
            ctx,
            {row[2][0] for row in parsed if row[2][0]},
            {row[2][1] for row in parsed if row[2][1]},
        )
        seen: dict[tuple[int, int], int] = {}
        plans = []
        for number, year, (card, citizen), pledge, status, deeds in parsed:
            member = members.get(("card", card)) if card else None
            member = member or (members.get(("citizen", citizen)) if citizen else None)
            if member is None:
                column, value = (CARD, card) if card else (CITIZEN, citizen)
                ctx.error(
                    sheet,
                    number,
                    column,
                    value,
                    _("No person has this number, in the database or in this workbook."),
                )
                continue
            organization = member.organization_in(year)
            if organization is None:
                ctx.error(
                    sheet,
                    number,
                    YEAR,
                    year,
                    _("This person was not a member of any organization in this year."),
                )
                continue
            if not ctx.may_change(organization):
                column, value = (CARD, card) if card else (CITIZEN, citizen)
                ctx.error(
                    sheet,
                    number,
                    column,
                    value,
                    _("This person is outside the part of the tree you may change."),
                )
                continue
            key = (id(member.person), year)
            if key in seen:
                ctx.error(
                    sheet,
                    number,
                    YEAR,
                    year,
                    _("This person's commitment for this year is already on row %(row)s.")
                    % {"row": seen[key]},
                )
                continue
            seen[key] = number
            if organization.path:
                minimum = min_deeds(organization.path)
            else:
                parent = ctx.organization(organization.parent_code or "")
                minimum = organization.min_deeds or (
                    min_deeds(parent.path) if parent and parent.path else 3
                )
            if len(deeds) < minimum:
                ctx.error(
                    sheet,
                    number,
                    DEED % (len(deeds) + 1),
                    None,
                    _("Register at least %(minimum)s deeds (this row has %(count)s).")
                    % {"minimum": minimum, "count": len(deeds)},
                )
                continue
            plans.append((member.person, organization, year, pledge, status, deeds))
        # Who already committed in those years: an update, deed by deed, or nothing.
        existing: dict[tuple[int, int], Commitment] = {}
        known = [p for p in plans if p[0].pk]
        for start in range(0, len(known), 900):
            chunk = known[start : start + 900]
            for commitment in Commitment.objects.filter(
                person_id__in={p[0].pk for p in chunk}, year__in={p[2] for p in chunk}
            ):
                existing[commitment.person_id, commitment.year] = commitment
        ctx.plans[self.name] = (plans, existing)

    def write(self, ctx: Context) -> int:
        plans, existing = ctx.plans.get(self.name, ([], {}))
        creates, changed, touched = [], [], []
        old_deeds: dict[int, list[Deed]] = {}
        ids = [c.pk for c in existing.values()]
        for start in range(0, len(ids), 900):
            for deed in Deed.objects.filter(commitment_id__in=ids[start : start + 900]).order_by(
                "commitment", "order", "pk"
            ):
                old_deeds.setdefault(deed.commitment_id, []).append(deed)
        new_deeds, updated_deeds, removed = [], [], []
        for person, organization, year, pledge, status, deeds in plans:
            stored = existing.get((person.pk, year)) if person.pk else None
            if stored is None:
                commitment = Commitment(
                    person_id=person.pk,
                    organization_id=organization.pk,
                    year=year,
                    pledge=pledge,
                    status=status,
                )
                creates.append((commitment, deeds))
                continue
            before = [(d.title, d.evaluation) for d in old_deeds.get(stored.pk, [])]
            if stored.pledge == pledge and stored.status == status and before == deeds:
                continue
            stored.pledge, stored.status = pledge, status
            changed.append(stored)
            olds = old_deeds.get(stored.pk, [])
            for i, (title, evaluation) in enumerate(deeds):
                if i < len(olds):
                    if (olds[i].title, olds[i].evaluation) != (title, evaluation):
                        olds[i].title, olds[i].evaluation = title, evaluation
                        updated_deeds.append(olds[i])
                else:
                    new_deeds.append(
                        Deed(
                            commitment_id=stored.pk, order=i + 1, title=title, evaluation=evaluation
                        )
                    )
            removed.extend(d.pk for d in olds[len(deeds) :])
            touched.append(stored.pk)
            ctx.touched_commitments.add((stored.organization_id, year))
        bulk.insert(Commitment, [c for c, _d in creates], user=ctx.user)
        for commitment, deeds in creates:
            new_deeds.extend(
                Deed(commitment_id=commitment.pk, order=i, title=title, evaluation=evaluation)
                for i, (title, evaluation) in enumerate(deeds, start=1)
            )
            ctx.touched_commitments.add((commitment.organization_id, commitment.year))
        bulk.insert(Deed, new_deeds, user=ctx.user)
        bulk.update(Commitment, changed, ["pledge", "status"], user=ctx.user)
        bulk.update(Deed, updated_deeds, ["title", "evaluation"], user=ctx.user)
        if removed:
            Deed.objects.filter(pk__in=removed).delete()
        ids = [c.pk for c, _d in creates] + touched
        for start in range(0, len(ids), 900):
            Commitment.objects.filter(pk__in=ids[start : start + 900]).refresh_deed_counts()
        written = len(creates) + len(changed)
        ctx.tick(written=written)
        return written

    def export_rows(self, organization, user):
        statuses = labels(CommitmentStatus)
        evaluations = labels(Evaluation)
        commitments = (
            Commitment.objects.filter(organization__path__startswith=organization.path)
            .select_related("person", "organization")
            .prefetch_related("deeds")
            .order_by("year", "organization__path", "person__sort_key", "pk")
        )
        for c in commitments.iterator(chunk_size=2000):
            deeds = []
            for deed in list(c.deeds.all())[:DEEDS]:
                deeds += [deed.title, evaluations.get(deed.evaluation, "")]
            yield [
                c.year,
                c.person.party_card_number,
                c.person.citizen_id,
                c.person.full_name,
                c.organization.code,
                c.pledge,
                statuses.get(c.status, ""),
                *deeds,
            ]
