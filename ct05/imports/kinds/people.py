"""People with their current membership and position, found by party card number or citizen ID.

A row whose key matches a person updates them (and transfers them when the organization's code
differs from their current one); a new key adds a person with their membership. The same rules
as the forms: ``Person.clean`` (dates a person can have), memberships that do not overlap.
"""

from __future__ import annotations

import datetime
import json
from types import SimpleNamespace

from django.db import connection
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ct05.core.models import active_on
from ct05.core.text import fold, normalize_spaces, vietnamese_sort_key
from ct05.organizations.models import Organization
from ct05.people.models import EthnicGroup, Gender, Membership, Person, date_problems

from .. import bulk
from ..importer import Context, OrgRef
from .base import CellError, Column, Kind, SheetRows, date_of, digits_of, register, text
from .common import both_languages, labels

NAME = "Họ và tên"
BIRTH = "Ngày sinh"
GENDER = "Giới tính"
ETHNIC = "Dân tộc"
CARD = "Số thẻ đảng viên"
CITIZEN = "Số định danh cá nhân"
ORG = "Mã tổ chức"
ORG_NAME = "Tên tổ chức"
POSITION = "Chức vụ"
ADMISSION = "Ngày vào Đảng"
OFFICIAL = "Ngày chính thức"
SINCE = "Sinh hoạt từ ngày"

# Person fields a row sets, and the column each comes from.
FIELDS = {
    "full_name": NAME,
    "birth_date": BIRTH,
    "gender": GENDER,
    "ethnic_group_id": ETHNIC,
    "party_card_number": CARD,
    "citizen_id": CITIZEN,
    "position": POSITION,
    "party_admission_date": ADMISSION,
    "party_official_date": OFFICIAL,
}
COLUMN_OF_FIELD = {name.removesuffix("_id"): column for name, column in FIELDS.items()}
CHUNK = 900  # keys per query (SQLite's limit on parameters)
TICK = 500  # rows checked between two counts of the progress


def people_with(field: str, keys: list[str]) -> list[Person]:
    """The people whose ``field`` (party card number, citizen ID) is one of ``keys``.

    On PostgreSQL one parameter instead of 100,000 prepared ones: the keys as one JSON text
    (encoded in C; psycopg dumps a list parameter value by value, a third of a second for
    100,000), unpacked by the server; the condition ``<> ''`` is the unique index's, so the
    index is used. SQLite: chunks of keys."""
    if not keys:
        return []
    if connection.vendor == "postgresql":
        column = connection.ops.quote_name(field)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id FROM {connection.ops.quote_name(Person._meta.db_table)} "
                f"WHERE {column} <> '' AND {column} = ANY("
                "ARRAY(SELECT jsonb_array_elements_text(%s::jsonb)))",
                [json.dumps(list(keys))],
            )
            ids = [row[0] for row in cursor.fetchall()]
        return list(Person.objects.filter(pk__in=ids)) if ids else []
    found = []
    for start in range(0, len(keys), CHUNK):
        found += Person.objects.exclude(**{field: ""}).filter(
            **{f"{field}__in": keys[start : start + CHUNK]}
        )
    return found


def gender_labels() -> list[str]:
    return list(labels(Gender).values())


def ethnic_names() -> list[str]:
    return list(EthnicGroup.objects.order_by("order", "name").values_list("name", flat=True))


@register
class People(Kind):
    name = "people"
    sheet = "Đảng viên"
    order = 20
    signature = NAME
    columns = [
        Column("STT", "number", width=6),
        Column(NAME, "full_name", required=True, width=28),
        Column(BIRTH, "birth_date", width=13, is_date=True),
        Column(GENDER, "gender", width=9, choices=gender_labels),
        Column(ETHNIC, "ethnic_group", width=12, choices=ethnic_names),
        Column(CARD, "party_card_number", width=17),
        Column(CITIZEN, "citizen_id", width=17),
        Column(ORG, "organization", required=True, width=22),
        Column(ORG_NAME, "organization_name", width=30),
        Column(POSITION, "position", width=22),
        Column(ADMISSION, "party_admission_date", width=13, is_date=True),
        Column(OFFICIAL, "party_official_date", width=13, is_date=True),
        Column(SINCE, "since", width=13, is_date=True),
    ]
    instructions = [
        gettext_noop(
            "One row per person. The party card number or the citizen ID (12 digits) identifies "
            "the person: a row whose number is known updates that person, a new number adds one."
        ),
        gettext_noop(
            "The organization's code names the cell the person belongs to now; a different code "
            "from the current one transfers the person from the day in the last column "
            "(default: today)."
        ),
        gettext_noop("Dates as dd/mm/yyyy or Excel dates. The organization's name is not read."),
    ]

    def check(self, sheet: SheetRows, ctx: Context) -> None:
        """Every row, cell by cell; a tight loop (100,000 rows are checked in about the time
        python-calamine takes to read them): no model instance, lookups remembered per value."""
        idx = sheet.index
        genders = {fold(k): v for k, v in both_languages(Gender).items()}
        ethnic = {fold(name): pk for pk, name in EthnicGroup.objects.values_list("pk", "name")}
        ethnic.update(
            {fold(code): pk for pk, code in EthnicGroup.objects.values_list("pk", "code")}
        )
        seen_gender: dict = {}
        seen_ethnic: dict = {None: None, "": None}
        seen_org: dict = {}
        by_card: dict[str, int] = {}
        by_citizen: dict[str, int] = {}
        parsed = []
        error = ctx.error
        today = ctx.today
        width = max((len(row) for _n, row in sheet.rows[:1]), default=0)

        def column(key):
            i = idx.get(key)
            return i if i is not None and i < width else None

        i_name, i_gender, i_ethnic = column("full_name"), column("gender"), column("ethnic_group")
        i_card, i_citizen, i_org = (
            column("party_card_number"),
            column("citizen_id"),
            column("organization"),
        )
        i_position = column("position")
        dates = [
            (key, header, column(key))
            for key, header in (
                ("birth_date", BIRTH),
                ("party_admission_date", ADMISSION),
                ("party_official_date", OFFICIAL),
                ("since", SINCE),
            )
        ]
        date_types = (datetime.datetime, datetime.date)
        seen_date: dict = {}  # text -> the date, or the problem it has
        unticked = 0
        for number, row in sheet.rows:
            if len(row) < width:
                row = [*row, *([None] * (width - len(row)))]
            bad = False
            raw = row[i_name] if i_name is not None else None
            full_name = " ".join(raw.split()) if type(raw) is str else normalize_spaces(text(raw))
            if not full_name:
                error(sheet, number, NAME, None, _("The full name is required."))
                bad = True
            elif len(full_name) > 150:
                error(sheet, number, NAME, full_name, _("At most 150 characters."))
                bad = True
            raw = row[i_gender] if i_gender is not None else None
            if raw in seen_gender:
                gender = seen_gender[raw]
            else:
                gender = seen_gender[raw] = genders.get(fold(text(raw)))
            if gender is None:
                error(sheet, number, GENDER, raw, _("Choose Nam or Nữ from the list."))
                bad = True
            raw = row[i_ethnic] if i_ethnic is not None else None
            if raw in seen_ethnic:
                ethnic_id = seen_ethnic[raw]
            else:
                ethnic_id = seen_ethnic[raw] = ethnic.get(fold(text(raw)), False)
            if ethnic_id is False:
                error(sheet, number, ETHNIC, raw, _("Choose one of the 54 ethnic groups."))
                bad = True
            values = {}
            for key, header, i in dates:
                raw = row[i] if i is not None else None
                if raw is None or raw == "":
                    values[key] = None
                elif type(raw) is datetime.datetime:
                    values[key] = raw.date()
                elif type(raw) in date_types:
                    values[key] = raw
                else:
                    # Typed dates repeat (a cell's admission day is everyone's): read once.
                    found = seen_date.get(raw) if type(raw) is str else None
                    if found is None:
                        try:
                            found = date_of(raw)
                        except CellError as problem:
                            found = problem
                        if type(raw) is str:
                            seen_date[raw] = found
                    if isinstance(found, CellError):
                        error(sheet, number, header, raw, found)
                        bad = True
                        values[key] = None
                    else:
                        values[key] = found
            raw_card = row[i_card] if i_card is not None else None
            raw_citizen = row[i_citizen] if i_citizen is not None else None
            card = "".join(raw_card.split()) if type(raw_card) is str else digits_of(raw_card)
            citizen = (
                "".join(raw_citizen.split())
                if type(raw_citizen) is str
                else digits_of(raw_citizen, 12)
            )
            if card and (len(card) > 20 or not card.replace(".", "").isdigit()):
                error(sheet, number, CARD, raw_card, _("Digits (and dots) only, at most 20."))
                bad = True
            if citizen and (len(citizen) != 12 or not citizen.isdigit()):
                error(sheet, number, CITIZEN, raw_citizen, _("A citizen ID has 12 digits."))
                bad = True
            if not card and not citizen:
                error(
                    sheet,
                    number,
                    CARD,
                    None,
                    _("Give the party card number or the citizen ID: the person is found by it."),
                )
                bad = True
            if card:
                first = by_card.setdefault(card, number)
                if first != number:
                    error(
                        sheet,
                        number,
                        CARD,
                        card,
                        _("This number is already on row %(row)s of the sheet.") % {"row": first},
                    )
                    bad = True
            if citizen:
                first = by_citizen.setdefault(citizen, number)
                if first != number:
                    error(
                        sheet,
                        number,
                        CITIZEN,
                        citizen,
                        _("This number is already on row %(row)s of the sheet.") % {"row": first},
                    )
                    bad = True
            raw = row[i_org] if i_org is not None else None
            if raw in seen_org:
                org, problem = seen_org[raw]
            else:
                org, problem = seen_org[raw] = self._organization(ctx, text(raw))
            if problem:
                error(sheet, number, ORG, raw, problem)
                bad = True
            position = text(row[i_position]) if i_position is not None else ""
            if len(position) > 200:
                error(sheet, number, POSITION, position, _("At most 200 characters."))
                bad = True
            problems = date_problems(
                values["birth_date"],
                values["party_admission_date"],
                values["party_official_date"],
                today,
            )
            if problems:
                for field, message in problems.items():
                    error(sheet, number, COLUMN_OF_FIELD[field], values[field], message)
                bad = True
            if not bad:
                person = SimpleNamespace(
                    pk=None,
                    full_name=full_name,
                    birth_date=values["birth_date"],
                    gender=gender,
                    ethnic_group_id=ethnic_id,
                    party_card_number=card,
                    citizen_id=citizen,
                    position=position,
                    party_admission_date=values["party_admission_date"],
                    party_official_date=values["party_official_date"],
                )
                parsed.append((number, person, org, values["since"]))
            unticked += 1
            if unticked == TICK:
                ctx.tick(checked=unticked)
                unticked = 0
        ctx.tick(checked=unticked)
        self._match(sheet, ctx, parsed)

    @staticmethod
    def _organization(ctx: Context, code: str):
        """(the organization, None) or (None, why it cannot take members from this user)."""
        if not code:
            return None, _("The organization's code is required.")
        org = ctx.organization(code)
        if org is None:
            return None, _("No organization has this code, in the database or in this workbook.")
        if not ctx.may_change(org):
            return None, _("This organization is outside the part of the tree you may change.")
        return org, None

    def _match(self, sheet: SheetRows, ctx: Context, parsed: list) -> None:
        """Who of the rows is in the database already, and whether they may be changed."""
        cards = [p.party_card_number for _n, p, _o, _s in parsed if p.party_card_number]
        citizens = [p.citizen_id for _n, p, _o, _s in parsed if p.citizen_id]
        found_card: dict[str, Person] = {}
        found_citizen: dict[str, Person] = {}
        for keys, field, found in (
            (cards, "party_card_number", found_card),
            (citizens, "citizen_id", found_citizen),
        ):
            for person in people_with(field, keys):
                found[getattr(person, field)] = person
        existing = {p.pk: p for p in [*found_card.values(), *found_citizen.values()]}
        memberships: dict[int, Membership] = {}
        ids = list(existing)
        for start in range(0, len(ids), CHUNK):
            for membership in Membership.objects.filter(
                active_on(ctx.today), person_id__in=ids[start : start + CHUNK]
            ).select_related("organization"):
                memberships[membership.person_id] = membership
        later = set()
        for start in range(0, len(ids), CHUNK):
            later.update(
                Membership.objects.filter(
                    person_id__in=ids[start : start + CHUNK], valid_from__gt=ctx.today
                ).values_list("person_id", flat=True)
            )
        creates, updates, transfers = [], [], []
        may_change = ctx.change_paths
        if not existing:  # nobody in the file is known yet (a first import): all are new
            today = ctx.today
            creates = [(person, org, since or today) for _n, person, org, since in parsed]
            parsed = []
        for number, person, org, since in parsed:
            by_card = found_card.get(person.party_card_number) if person.party_card_number else None
            by_citizen = found_citizen.get(person.citizen_id) if person.citizen_id else None
            if by_card and by_citizen and by_card.pk != by_citizen.pk:
                ctx.error(
                    sheet,
                    number,
                    CITIZEN,
                    person.citizen_id,
                    _("The party card number and the citizen ID belong to two different people."),
                )
                continue
            stored = by_card or by_citizen
            if stored is None:
                creates.append((person, org, since or ctx.today))
                continue
            membership = memberships.get(stored.pk)
            if membership is None or (
                may_change is not None
                and not any(membership.organization.path.startswith(p) for p in may_change)
            ):
                ctx.error(
                    sheet,
                    number,
                    CARD if by_card else CITIZEN,
                    person.party_card_number or person.citizen_id,
                    _("This person is outside the part of the tree you may change."),
                )
                continue
            changed = [name for name in FIELDS if getattr(stored, name) != getattr(person, name)]
            if changed:
                for name in changed:
                    setattr(stored, name, getattr(person, name))
                updates.append((stored, changed))
            if org.pk != membership.organization_id:
                day = since or ctx.today
                if stored.pk in later:
                    ctx.error(
                        sheet,
                        number,
                        ORG,
                        org.code,
                        _(
                            "A transfer of this person is already recorded for a later day; correct that one instead."
                        ),
                    )
                elif day <= membership.valid_from:
                    ctx.error(
                        sheet,
                        number,
                        SINCE,
                        since,
                        _(
                            "The transfer must be dated after the current membership began (%(date)s)."
                        )
                        % {"date": membership.valid_from.strftime("%d/%m/%Y")},
                    )
                else:
                    transfers.append((membership, org, day))
        ctx.plans[self.name] = (creates, updates, transfers)

    def write(self, ctx: Context) -> int:
        creates, updates, transfers = ctx.plans.get(self.name, ([], [], []))
        people = [person for person, _org, _since in creates]
        bulk.insert(Person, people, user=ctx.user, prepare=_derive)
        ctx.tick(written=len(people) // 2)
        memberships = [
            SimpleNamespace(
                pk=None,
                person_id=person.pk,
                organization_id=org.pk,
                valid_from=since,
                valid_to=None,
            )
            for person, org, since in creates
        ]
        for person, _changed in updates:
            derived = Person.derived_fields(person.full_name)
            person.search_name, person.sort_key = derived["search_name"], derived["sort_key"]
        fields = sorted(
            {name for _p, changed in updates for name in changed}
            | ({"search_name", "sort_key"} if updates else set())
        )
        bulk.update(Person, [p for p, _c in updates], fields, user=ctx.user)
        ended = []
        for membership, org, day in transfers:
            membership.valid_to = day - datetime.timedelta(days=1)
            ended.append(membership)
            memberships.append(
                SimpleNamespace(
                    pk=None,
                    person_id=membership.person_id,
                    organization_id=org.pk,
                    valid_from=day,
                    valid_to=None,
                )
            )
            ctx.touched_memberships.add(membership.organization_id)
        if ended:
            bulk.update(Membership, ended, ["valid_to"], user=ctx.user)
        bulk.insert(Membership, memberships, user=ctx.user)
        ctx.touched_memberships.update(m.organization_id for m in memberships)
        written = len(creates) + len(updates) + len(transfers)
        ctx.tick(written=written - len(people) // 2)
        return written

    def export_rows(self, organization, user):
        today = datetime.date.today()
        memberships = (
            Membership.objects.filter(
                active_on(today),
                organization__path__startswith=organization.path,
            )
            .select_related("person", "person__ethnic_group", "organization")
            .order_by("organization__path", "person__sort_key", "person_id")
        )
        genders = labels(Gender)
        for number, m in enumerate(memberships, start=1):
            p = m.person
            yield [
                number,
                p.full_name,
                p.birth_date,
                genders.get(p.gender, ""),
                p.ethnic_group.name if p.ethnic_group_id else "",
                p.party_card_number,
                p.citizen_id,
                m.organization.code,
                m.organization.name,
                p.position,
                p.party_admission_date,
                p.party_official_date,
                m.valid_from,
            ]


def _derive(person) -> None:
    """The columns derived of the name (``Person.save`` sets them): computed as the rows stream
    to the database."""
    person.search_name = fold(person.full_name)
    person.sort_key = vietnamese_sort_key(person.full_name)


class Member:
    """A person a later sheet names by key: from the database or added by this workbook, with
    their memberships as (organization reference or id, from, to)."""

    def __init__(self, person, spans):
        self.person = person
        self.spans = spans  # [(OrgRef, valid_from, valid_to)]

    def organization_in(self, year: int):
        """The organization the person belonged to on the year's counting day, else the last
        one of the year; None when they were nowhere that year."""
        start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        day = min(datetime.date.today(), end)
        spans = [s for s in self.spans if s[1] <= end and (s[2] is None or s[2] >= start)]
        for ref, valid_from, valid_to in spans:
            if valid_from <= day and (valid_to is None or valid_to >= day):
                return ref
        return max(spans, key=lambda s: s[1])[0] if spans else None


def find_members(
    ctx: Context, cards: set[str], citizens: set[str]
) -> dict[tuple[str, str], Member]:
    """{("card", number) or ("citizen", id): Member} for the keys found, in this workbook's
    people sheet first, then in the database."""
    found: dict[tuple[str, str], Member] = {}
    planned = ctx.plans.get("people")
    if planned:
        for person, org, since in planned[0]:
            member = Member(person, [(org, since, None)])
            if person.party_card_number:
                found["card", person.party_card_number] = member
            if person.citizen_id:
                found["citizen", person.citizen_id] = member
    cards = [c for c in cards if ("card", c) not in found]
    citizens = [c for c in citizens if ("citizen", c) not in found]
    people: dict[int, Person] = {}
    for keys, field in ((cards, "party_card_number"), (citizens, "citizen_id")):
        for person in people_with(field, keys):
            people[person.pk] = person
    by_pk = {ref.pk: ref for ref in ctx.organizations.values() if ref.pk}
    spans: dict[int, list] = {pk: [] for pk in people}
    ids = list(people)
    for start in range(0, len(ids), CHUNK):
        for person_id, org_id, valid_from, valid_to in Membership.objects.filter(
            person_id__in=ids[start : start + CHUNK]
        ).values_list("person_id", "organization_id", "valid_from", "valid_to"):
            ref = by_pk.get(org_id) or _uncoded(org_id)
            spans[person_id].append((ref, valid_from, valid_to))
    for pk, person in people.items():
        member = Member(person, spans[pk])
        if person.party_card_number:
            found["card", person.party_card_number] = member
        if person.citizen_id:
            found["citizen", person.citizen_id] = member
    return found


def _uncoded(org_id: int) -> OrgRef:
    path, kind, valid_from, min_deeds = (
        Organization.objects.filter(pk=org_id)
        .values_list("path", "kind", "valid_from", "min_deeds")
        .get()
    )
    return OrgRef("", org_id, path, kind, valid_from, min_deeds)


def person_keys(cells: dict, sheet: SheetRows, number: int, ctx: Context):
    """The (card, citizen) keys of a row naming a person, or None after reporting why."""
    card = digits_of(cells.get("party_card_number"))
    citizen = digits_of(cells.get("citizen_id"), 12)
    if not card and not citizen:
        ctx.error(
            sheet,
            number,
            CARD,
            None,
            _("Give the party card number or the citizen ID: the person is found by it."),
        )
        return None
    return card, citizen
