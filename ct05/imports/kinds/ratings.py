"""Decided yearly ratings of past years: of members (by party card number or citizen ID) and of
organizations (by code, the person's columns left blank).

The importer must be the level that decides: for a member of a grassroots organization, whoever
may change it; otherwise (and for an organization's own rating) a level strictly above.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ct05.core.years import FIRST_YEAR
from ct05.ratings.models import Level, PeriodKind, Rating, RatingChange, RatingStatus, SubjectKind
from ct05.ratings.services import GRASSROOTS_KINDS, default_scheme

from .. import bulk
from ..importer import Context, OrgRef
from .base import CellError, Column, Kind, SheetRows, digits_of, integer_of, register, text
from .common import both_languages, labels
from .people import CARD, CITIZEN, find_members

YEAR = "Năm"
NAME = "Họ và tên"
ORG = "Mã tổ chức"
LEVEL = "Mức xếp loại"


def level_labels() -> list[str]:
    return list(labels(Level).values())


@register
class Ratings(Kind):
    name = "ratings"
    sheet = "Xếp loại"
    order = 40
    signature = LEVEL
    columns = [
        Column(YEAR, "year", required=True, width=7),
        Column(CARD, "party_card_number", width=17),
        Column(CITIZEN, "citizen_id", width=17),
        Column(NAME, "full_name", width=26),
        Column(ORG, "organization", width=20),
        Column(LEVEL, "level", required=True, width=30, choices=level_labels),
    ]
    instructions = [
        gettext_noop(
            "Decided yearly ratings of past years. A member's row names the person by party card "
            "number or citizen ID; an organization's row leaves those blank and gives its code."
        ),
        gettext_noop(
            "You import the ratings you may decide: a member of a grassroots organization by "
            "that organization, anything else by a level above."
        ),
    ]

    def _may_decide(self, ctx: Context, ref: OrgRef, member: bool) -> bool:
        if member and ref.kind in GRASSROOTS_KINDS:
            return ctx.may_change(ref)
        paths = ctx.change_paths
        if paths is None:
            return True
        return bool(ref.path) and any(ref.path.startswith(p) and ref.path != p for p in paths)

    def check(self, sheet: SheetRows, ctx: Context) -> None:
        idx = sheet.index
        levels = {k.casefold(): v for k, v in both_languages(Level).items()}
        parsed = []
        this_year = timezone.localdate().year
        for number, row in sheet.rows:
            cells = {k: (row[i] if i < len(row) else None) for k, i in idx.items()}
            bad = False
            try:
                year = integer_of(cells.get("year"))
                if year is None or not FIRST_YEAR <= year < this_year:
                    raise CellError(
                        _("A past year, from %(first)s to %(last)s.")
                        % {"first": FIRST_YEAR, "last": this_year - 1}
                    )
            except CellError as problem:
                ctx.error(sheet, number, YEAR, cells.get("year"), problem)
                bad, year = True, None
            raw = cells.get("level")
            level = levels.get(text(raw).casefold())
            if level is None:
                ctx.error(sheet, number, LEVEL, raw, _("Choose a level from the list."))
                bad = True
            card = digits_of(cells.get("party_card_number"))
            citizen = digits_of(cells.get("citizen_id"), 12)
            code = text(cells.get("organization"))
            if not card and not citizen and not code:
                ctx.error(
                    sheet,
                    number,
                    CARD,
                    None,
                    _("Name the person (party card number or citizen ID) or the organization."),
                )
                bad = True
            if not bad:
                parsed.append((number, year, card, citizen, code, level))
            ctx.tick(checked=1)
        members = find_members(ctx, {p[2] for p in parsed if p[2]}, {p[3] for p in parsed if p[3]})
        plans, seen = [], {}
        for number, year, card, citizen, code, level in parsed:
            if card or citizen:
                member = members.get(("card", card)) if card else None
                member = member or (members.get(("citizen", citizen)) if citizen else None)
                if member is None:
                    ctx.error(
                        sheet,
                        number,
                        CARD if card else CITIZEN,
                        card or citizen,
                        _("No person has this number, in the database or in this workbook."),
                    )
                    continue
                home = member.organization_in(year)
                if home is None:
                    ctx.error(
                        sheet,
                        number,
                        YEAR,
                        year,
                        _("This person was not a member of any organization in this year."),
                    )
                    continue
                subject = ("person", id(member.person))
                target = (member.person, None, home)
            else:
                ref = ctx.organization(code)
                if ref is None:
                    ctx.error(
                        sheet,
                        number,
                        ORG,
                        code,
                        _("No organization has this code, in the database or in this workbook."),
                    )
                    continue
                if ref.valid_from and ref.valid_from > datetime.date(year, 12, 31):
                    ctx.error(sheet, number, YEAR, year, _("The organization did not exist then."))
                    continue
                subject, home = ("organization", code.casefold()), ref
                target = (None, ref, ref)
            if not self._may_decide(ctx, home, member=subject[0] == "person"):
                ctx.error(
                    sheet,
                    number,
                    CARD if subject[0] == "person" else ORG,
                    card or citizen or code,
                    _("You may not decide this rating: it is decided by a level above yours."),
                )
                continue
            if (subject, year) in seen:
                ctx.error(
                    sheet,
                    number,
                    YEAR,
                    year,
                    _("This rating is already on row %(row)s.") % {"row": seen[subject, year]},
                )
                continue
            seen[subject, year] = number
            plans.append((*target, year, level))
        ctx.plans[self.name] = plans

    def write(self, ctx: Context) -> int:
        plans = ctx.plans.get(self.name, [])
        schemes: dict[int, int] = {}
        creates, changed = [], []
        people = [p.pk for p, _o, _h, _y, _l in plans if p is not None and p.pk]
        orgs = [o.pk for _p, o, _h, _y, _l in plans if o is not None and o.pk]
        existing = {}
        for start in range(0, max(len(people), len(orgs)), 900):
            for rating in Rating.objects.filter(
                period_kind=PeriodKind.YEAR,
                person_id__in=people[start : start + 900],
            ) | Rating.objects.filter(
                period_kind=PeriodKind.YEAR,
                subject_organization_id__in=orgs[start : start + 900],
            ):
                key = (
                    ("p", rating.person_id)
                    if rating.person_id
                    else ("o", rating.subject_organization_id)
                )
                existing[key, rating.year] = rating
        for person, organization, home, year, level in plans:
            key = ("p", person.pk) if person is not None else ("o", organization.pk)
            stored = existing.get((key, year))
            if stored is not None:
                if stored.status == RatingStatus.DECIDED and stored.level == level:
                    continue
                stored.status, stored.level = RatingStatus.DECIDED, level
                stored.decided_at = timezone.now()
                stored.decided_by_id = getattr(ctx.user, "pk", None)
                changed.append(stored)
                ctx.touched_ratings.add((stored.organization_id, year))
                continue
            if year not in schemes:
                schemes[year] = default_scheme(year).pk
            creates.append(
                Rating(
                    person_id=person.pk if person is not None else None,
                    subject_organization_id=organization.pk if organization is not None else None,
                    organization_id=home.pk,
                    scheme_id=schemes[year],
                    period_kind=PeriodKind.YEAR,
                    year=year,
                    quarter=0,
                    status=RatingStatus.DECIDED,
                    level=level,
                    subject_kind=SubjectKind.MEMBER
                    if person is not None
                    else SubjectKind.COLLECTIVE,
                    decided_at=timezone.now(),
                    decided_by_id=getattr(ctx.user, "pk", None),
                )
            )
            ctx.touched_ratings.add((home.pk, year))
        bulk.insert(Rating, creates, user=ctx.user)
        bulk.update(Rating, changed, ["status", "level", "decided_at", "decided_by"], user=ctx.user)
        RatingChange.objects.bulk_create(
            [
                RatingChange(
                    rating_id=r.pk,
                    by_id=getattr(ctx.user, "pk", None),
                    action="imported",
                    status=RatingStatus.DECIDED,
                    level=r.level,
                )
                for r in [*creates, *changed]
            ],
            batch_size=bulk.BATCH,
        )
        written = len(creates) + len(changed)
        ctx.tick(written=written)
        return written

    def export_rows(self, organization, user):
        levels = labels(Level)
        ratings = (
            Rating.objects.filter(
                organization__path__startswith=organization.path,
                period_kind=PeriodKind.YEAR,
                status=RatingStatus.DECIDED,
                year__lt=timezone.localdate().year,
            )
            .select_related("person", "subject_organization")
            .order_by("year", "organization__path", "pk")
        )
        for r in ratings.iterator(chunk_size=2000):
            if r.person_id:
                yield [
                    r.year,
                    r.person.party_card_number,
                    r.person.citizen_id,
                    r.person.full_name,
                    "",
                    levels[r.level],
                ]
            else:
                yield [r.year, "", "", "", r.subject_organization.code, levels[r.level]]
