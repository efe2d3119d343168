"""A synthetic province (or nation) of N members, fast: rows streamed, no per-row services.

For the benchmark and for load tests. The shape follows a province after the 2025 reform:
one provincial committee, about 30 grassroots committees (communes and agencies), cells of
15–40 members. Last year is complete (commitments approved, deeds evaluated, ratings decided
within the excellent cap); this year is under way (80% committed, about half approved).

With ``provinces`` P > 1 the root is the central level and P provincial committees below it
share the members (sizes within ±50% of each other), each shaped like the province above but
with a grassroots committee for about every 60 cells (a few thousand in a nation of 5.6
million), as the country's communes and agencies are.

The tree is written as treebeard would write it (``path``, ``depth``, ``numchild``; steplen 4,
alphabet 0-9A-Z) with the matching :class:`OrganizationLink` rows, so
``Organization.find_problems()`` finds nothing. The root is found again by its code: building
the same (N, seed, P) twice writes nothing the second time.

The rows are plain tuples written by :class:`~ct05.demo.loader.Loader` (binary ``COPY`` on
PostgreSQL, ``bulk_create`` on SQLite), their ids reserved from the tables' sequences first;
they bypass the services: the report's tallies are rebuilt at the end (``tallies.rebuild()``,
one INSERT … SELECT a tally in the database),
and **no change history is written** for the synthetic rows (nobody edited them; an edit made
later through the pages or the API is recorded as usual).
"""

from __future__ import annotations

import datetime
import itertools
import os
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone
from tqdm import tqdm

from ct05.commitments.models import Commitment, CommitmentStatus, Deed, ProgressNote
from ct05.core.connections import each_on_a_connection, shareable
from ct05.demo.codes import code_for
from ct05.meetings.models import Meeting, MeetingAttendance, MeetingKind
from ct05.organizations.models import (
    Locality,
    LocalityKind,
    Organization,
    OrganizationKind,
    OrganizationLink,
)
from ct05.organizations.paths import rebuild_paths
from ct05.people.models import EthnicGroup, Membership, Person, PersonKind
from ct05.ratings.models import (
    PeriodKind,
    Rating,
    RatingChange,
    RatingStatus,
    SubjectKind,
    TaskRecord,
)
from ct05.ratings.services import default_scheme
from ct05.reports import tallies
from ct05.study.models import Reflection, SessionAttendance, SessionKind, StudySession, Topic

from . import deeds as deed_texts
from .build import established_on
from .loader import Loader
from .names import STYLES
from .scoring import (
    ORGANIZATION_WEIGHTS,
    PERSON_WEIGHTS,
    ScoreScale,
    assign_levels,
    evaluations_for,
)
from .synth_community import synth_community
from .synth_plans_tasks import synth_plans_tasks_inspections
from .synth_rules import SHARE as ABSENT_SHARE

MAX_COMMITTEES = 30
CELLS_PER_COMMITTEE = 60  # in a nation: about a grassroots committee per 60 cells
CELL_SIZES = (15, 40)
RECORDS = 64  # the records of tasks to draw from, per level
FLUSH_MEMBERS = 10_000  # rows are handed to the writer every this many members
# Connections that recount the tallies and vacuum the tables at the build's end, one a core:
# each of those statements keeps a core of the database busy, and the builder is idle then.
JOBS = os.cpu_count() or 1
REGIONS = [
    {"mong": 70, "dao": 15, "kinh": 10, "giay": 5},
    {"thai": 60, "kinh": 25, "mong": 15},
    {"tay": 50, "kinh": 30, "dao": 20},
    {"kinh": 75, "tay": 10, "nung": 10, "giay": 5},
    {"nung": 45, "mong": 30, "kinh": 25},
]
THEMATIC_SUBJECT = "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"
TASK_FIELDS = tuple(TaskRecord.FIELDS)
DEED_COUNTS, DEED_WEIGHTS = (3, 4, 5), (35, 80, 100)  # 35%, 45%, 20% (cumulated)
DEED_TITLES = {  # the pools formatted once
    name: [t.format(n=2) for t in pool]
    for name, pool in (
        ("agency", deed_texts.PROVINCIAL),
        ("village", deed_texts.VILLAGE),
        ("general", deed_texts.GENERAL),
    )
}
# The tables of millions of rows: their indexes are built after the load, not row by row.
BULK_MODELS = (
    Person,
    Person.kinds.through,
    Membership,
    Commitment,
    Deed,
    ProgressNote,
    Rating,
    RatingChange,
    StudySession,
    SessionAttendance,
    Reflection,
    Meeting,
    MeetingAttendance,
)


def synth_code(members: int, seed: int, provinces: int = 1) -> str:
    code = f"SYN-{members}-{seed}"
    return code if provinces == 1 else f"{code}-P{provinces}"


def synth_name(members: int, seed: int, provinces: int = 1) -> str:
    if provinces == 1:
        return f"Tỉnh tổng hợp (synth {members} seed {seed})"
    return f"Trung ương tổng hợp (synth {members} seed {seed}, {provinces} tỉnh)"


def synth_root(members: int, seed: int, provinces: int = 1) -> Organization | None:
    return Organization.objects.filter(depth=1, code=synth_code(members, seed, provinces)).first()


def plan_cells(rng: random.Random, members: int) -> list[int]:
    """Cell sizes of 15–40 adding up to exactly ``members``."""
    sizes, left = [], members
    while left > 0:
        size = min(rng.randint(*CELL_SIZES), left)
        if size < CELL_SIZES[0] and sizes:
            sizes[-1] += size
        else:
            sizes.append(size)
        left -= size
    return sizes


def share_members(rng: random.Random, members: int, parts: int) -> list[int]:
    """``members`` split into ``parts`` sizes within about ±50% of each other, adding up."""
    if parts == 1:
        return [members]
    weights = [rng.uniform(0.5, 1.5) for _ in range(parts)]
    total = sum(weights)
    sizes = [max(1, int(members * w / total)) for w in weights]
    sizes[0] += members - sum(sizes)
    return sizes


@dataclass
class Committee:
    organization: Organization
    cells: list[Organization]
    sizes: list[int]
    mix: dict[str, int]
    agency: bool
    commune: Locality | None = None
    heads: dict[int, int] = field(default_factory=dict)  # organization id -> person id
    first_person: int = 0  # the id of its first member; the others follow


@dataclass
class Province:
    organization: Organization
    committees: list[Committee]


class _Fixed:
    """Stands in for a ``Random`` whose ``uniform`` is already drawn (scores memoized)."""

    def __init__(self, value: float):
        self.value = value

    def uniform(self, _a, _b) -> float:
        return self.value


class SyntheticBuilder:
    def __init__(
        self,
        *,
        members: int,
        seed: int,
        provinces: int = 1,
        log: Callable[[str], None] | None = None,
        progress: bool = False,
    ):
        if members < 1:
            raise ValueError("A synthetic province needs at least one member.")
        if provinces < 1 or (provinces > 1 and provinces * CELL_SIZES[0] > members):
            raise ValueError("Each province needs a cell of members at least.")
        self.members, self.seed, self.provinces = members, seed, provinces
        self.rng = random.Random(seed)
        self.conditions_rng = random.Random(seed + 1)  # the tasks' record, apart
        self.absences_rng = random.Random(f"absences:{seed}")
        self.log = log or (lambda message: None)
        self.progress = progress
        self.today = timezone.localdate()
        self.this_year, self.last_year = self.today.year, self.today.year - 1
        self.established = established_on(self.today)
        self.ethnic = dict(EthnicGroup.objects.values_list("code", "pk"))
        self.kinds = dict(PersonKind.objects.values_list("code", "pk"))
        self.scheme = default_scheme(self.last_year)
        self.scale = ScoreScale.of(self.scheme)
        tz = timezone.get_current_timezone()
        self.reviewed_at = datetime.datetime(self.last_year, 2, 15, 9, tzinfo=tz)
        self.decided_at = datetime.datetime(self.this_year, 1, 10, 9, tzinfo=tz)
        self.this_reviewed_at = datetime.datetime(self.this_year, 2, 15, 9, tzinfo=tz)
        self.people_count = 0
        self.loader = Loader()
        self._pending: dict[tuple, list] = {}
        self._names: dict[str, tuple] = {}
        self._score_memo: dict[tuple, tuple] = {}
        self._records: dict[tuple, list[tuple]] = {}

    # --- writing ----------------------------------------------------------------------------

    def _add(self, model, columns: tuple[str, ...], rows: list[tuple]) -> None:
        self._pending.setdefault((model, columns), []).extend(rows)

    def _flush(self) -> None:
        for (model, columns), rows in self._pending.items():
            self.loader.write(model, columns, rows)
        self._pending = {}

    # --- the tree --------------------------------------------------------------------------

    def _province(
        self, number: int, sizes: list[int], parent_path: str, depth: int, root_code: str
    ) -> tuple[Organization, list[Committee]]:
        """One province's organizations (not yet saved): its committee, grassroots committees
        and cells, their localities saved."""
        rng = self.rng
        if self.provinces == 1:
            count = max(1, min(MAX_COMMITTEES, round(len(sizes) / 4)))
            name, code = synth_name(self.members, self.seed), root_code
        else:
            most = max(MAX_COMMITTEES, round(len(sizes) / CELLS_PER_COMMITTEE))
            count = max(1, min(most, round(len(sizes) / 4)))
            name = f"Tỉnh ủy tổng hợp số {number:02d}"
        bounds = [round(i * len(sizes) / count) for i in range(count + 1)]
        path = Organization._get_path(parent_path, depth, number) if parent_path else parent_path
        if not parent_path:  # a root of its own: after the last root
            last_root = Organization.objects.filter(depth=1).order_by("-path").first()
            path = last_root._inc_path() if last_root else Organization._get_path(None, 1, 1)
        else:
            code = code_for(root_code, path)
        province_place = Locality.objects.create(kind=LocalityKind.PROVINCE, name=name)
        organization = Organization(
            name=name,
            kind=OrganizationKind.PROVINCIAL_COMMITTEE,
            code=code,
            path=path,
            depth=depth,
            numchild=count,
            valid_from=self.established,
            locality=province_place,
            min_deeds=3,
            excellent_cap_pct=20,
            cap_enforcement="warn",
        )
        committees, villages = [], []
        for i in range(count):
            cell_sizes = sizes[bounds[i] : bounds[i + 1]]
            agency = i % 6 == 0  # one committee in six is an agency's
            label = f"cơ quan số {i + 1:02d}" if agency else f"xã số {i + 1:02d}"
            commune = None
            if not agency:
                commune = Locality(kind=LocalityKind.COMMUNE, name=f"Xã số {i + 1:02d}")
            committee_path = Organization._get_path(path, depth + 1, i + 1)
            committee = Organization(
                name=f"Đảng bộ {label}",
                kind=OrganizationKind.GRASSROOTS_COMMITTEE,
                code=code_for(root_code, committee_path),
                path=committee_path,
                depth=depth + 1,
                numchild=len(cell_sizes),
                valid_from=self.established,
            )
            cells = []
            for j in range(len(cell_sizes)):
                cell_path = Organization._get_path(committee_path, depth + 2, j + 1)
                cell = Organization(
                    name=f"Chi bộ {'phòng' if agency else 'thôn'} {j + 1} ({label})",
                    kind=OrganizationKind.CELL,
                    code=code_for(root_code, cell_path),
                    path=cell_path,
                    depth=depth + 2,
                    numchild=0,
                    valid_from=self.established,
                )
                if commune is not None:
                    villages.append((cell, commune, f"Thôn {j + 1} ({label})"))
                cells.append(cell)
            committees.append(
                Committee(committee, cells, cell_sizes, rng.choice(REGIONS), agency, commune)
            )
        communes = [c.commune for c in committees if c.commune is not None]
        for commune in communes:
            commune.parent = province_place
        self.loader.save(communes)
        for c in committees:
            c.organization.locality = c.commune or province_place
        village_rows = [
            Locality(kind=LocalityKind.VILLAGE, name=name, parent=commune)
            for _, commune, name in villages
        ]
        self.loader.save(village_rows)
        for (cell, _, _), village in zip(villages, village_rows, strict=True):
            cell.locality = village
        for c in committees:
            for cell in c.cells:
                if cell.locality_id is None:
                    cell.locality = province_place
        return organization, committees

    def _tree(self) -> tuple[Organization, list[Province]]:
        """The organizations, their links and paths over time; each cell's head named ahead
        (the ids of the people are reserved here, in the order they are made)."""
        rng = self.rng
        code = synth_code(self.members, self.seed, self.provinces)
        root = None
        if self.provinces > 1:
            last_root = Organization.objects.filter(depth=1).order_by("-path").first()
            path = last_root._inc_path() if last_root else Organization._get_path(None, 1, 1)
            root = Organization(
                name=synth_name(self.members, self.seed, self.provinces),
                kind=OrganizationKind.CENTRAL_COMMITTEE,
                code=code,
                path=path,
                depth=1,
                numchild=self.provinces,
                valid_from=self.established,
                min_deeds=3,
                excellent_cap_pct=20,
                cap_enforcement="warn",
            )
        provinces = []
        shares = share_members(rng, self.members, self.provinces)
        for number, share in enumerate(shares, start=1):
            sizes = plan_cells(rng, share)
            if root is None:
                organization, committees = self._province(number, sizes, "", 1, code)
                root = organization
            else:
                organization, committees = self._province(number, sizes, root.path, 2, code)
            provinces.append(Province(organization, committees))
        # Heads: each cell's secretary (its first member); a committee's is its first cell's,
        # a province's its first committee's, the centre's its first province's.
        person = self.loader.ids(Person, self.members)
        for province in provinces:
            for c in province.committees:
                c.first_person = person
                for cell, size in zip(c.cells, c.sizes, strict=True):
                    cell.head_id = person
                    person += size
                c.organization.head_id = c.cells[0].head_id
            province.organization.head_id = province.committees[0].organization.head_id
        root.head_id = provinces[0].organization.head_id
        everything = [] if root is provinces[0].organization else [root]
        for province in provinces:
            everything.append(province.organization)
            for c in province.committees:
                everything.append(c.organization)
                everything.extend(c.cells)
        self.loader.save(everything)
        links = []
        for organization in everything:
            links.append(
                OrganizationLink(child=organization, parent=None, valid_from=self.established)
            )
        parent_of = {o.path: o for o in everything}
        steplen = Organization.steplen
        for link, organization in zip(links, everything, strict=True):
            if organization.depth > 1:
                link.parent = parent_of[organization.path[:-steplen]]
        self.loader.save(links)
        for province in provinces:
            for c in province.committees:
                for cell in c.cells:
                    c.heads[cell.pk] = cell.head_id
                c.heads[c.organization.pk] = c.organization.head_id
        rebuild_paths()  # the paths over time the reports read, derived from the links
        cells = sum(len(c.cells) for p in provinces for c in p.committees)
        committees = sum(len(p.committees) for p in provinces)
        self.log(f"tree: {len(provinces)} provinces, {committees} committees, {cells} cells")
        return root, provinces

    # --- people and their year --------------------------------------------------------------

    def _name(self, ethnic: str, gender: str) -> tuple[str, str, str]:
        """(full name, search name, sort key): names repeat, their derived forms are kept."""
        rng = self.rng
        style = STYLES.get(ethnic, STYLES["kinh"])
        male = gender == "male"
        full = " ".join(
            (
                rng.choice(style.families),
                rng.choice(style.male_middles if male else style.female_middles),
                rng.choice(style.male_given if male else style.female_given),
            )
        )
        derived = self._names.get(full)
        if derived is None:
            fields = Person.derived_fields(full)
            derived = (fields["full_name"], fields["search_name"], fields["sort_key"])
            self._names[full] = derived
        return derived

    def _people(self, committee: Committee, first: bool) -> None:
        """Everyone in one committee, with last year's cycle and this year's so far."""
        rng, established = self.rng, self.established
        this_year = self.this_year
        latest = established - datetime.timedelta(days=365)
        people, cells_of, heads = [], [], set()
        kind_rows = []
        person_id = committee.first_person
        regions = list(committee.mix)
        weights = list(itertools.accumulate(committee.mix[k] for k in regions))
        oldest = 70 if not committee.agency else 58
        for cell, size in zip(committee.cells, committee.sizes, strict=True):
            heads.add(person_id)
            for index in range(size):
                gender = "male" if rng.random() < 0.6 else "female"
                ethnic = rng.choices(regions, cum_weights=weights)[0]
                age = rng.randint(23, oldest)
                birth = datetime.date(this_year - age, rng.randint(1, 12), rng.randint(1, 28))
                admission = datetime.date(
                    max(birth.year + rng.randint(19, 35), birth.year + 19), rng.randint(1, 12), 19
                )
                if admission > latest:
                    admission = latest - datetime.timedelta(days=rng.randint(0, 700))
                # Admitted at 18 at the earliest (Person.clean): a young member is older then.
                if admission.year - birth.year < 19:
                    birth = birth.replace(year=admission.year - 19)
                if index == 0 and cell is committee.cells[0]:
                    position = "Bí thư Đảng ủy, Bí thư chi bộ"
                    if first:
                        position = "Bí thư Tỉnh ủy, " + position
                elif index == 0:
                    position = "Bí thư chi bộ"
                elif index == 1:
                    position = "Phó Bí thư chi bộ"
                else:
                    position = "Chuyên viên" if committee.agency else "Đảng viên"
                kind_rows.append((person_id, self.kinds["party_member"]))
                if committee.agency:
                    extra = rng.choice(["civil_servant", "public_employee"])
                    kind_rows.append((person_id, self.kinds[extra]))
                elif rng.random() < 0.3:
                    kind_rows.append((person_id, self.kinds["association_member"]))
                full, search, sort_key = self._name(ethnic, gender)
                people.append(
                    (
                        person_id,
                        full,
                        search,
                        sort_key,
                        gender,
                        birth,
                        self.ethnic.get(ethnic),
                        position,
                        admission,
                    )
                )
                cells_of.append(cell.pk)
                person_id += 1
        self._add(
            Person,
            (
                "id",
                "full_name",
                "search_name",
                "sort_key",
                "gender",
                "birth_date",
                "ethnic_group_id",
                "position",
                "party_admission_date",
            ),
            people,
        )
        ids = [row[0] for row in people]
        self._add(
            Membership,
            ("person_id", "organization_id", "valid_from"),
            [(p, c, established) for p, c in zip(ids, cells_of, strict=True)],
        )
        self._add(Person.kinds.through, ("person_id", "personkind_id"), kind_rows)
        self._last_year(committee, ids, cells_of, heads)
        self._this_year(ids, cells_of)
        for year in (self.last_year, self.this_year):
            self._study(committee, ids, cells_of, year)
            self._meetings(committee, ids, cells_of, year)
        self.people_count += len(people)

    # --- study sessions and cell meetings ---------------------------------------------------------

    def _months(self, year: int) -> list[int]:
        """The months of ``year`` that are over by today (all twelve for a past year)."""
        if year < self.this_year:
            return list(range(1, 13))
        return list(range(1, self.today.month + (self.today.day >= 25)))

    def _study(self, committee: Committee, ids, cells_of, year: int) -> None:
        """The committee's conference on the year's topic in March (essays from most of those
        present), and one study session in each cell in the autumn; each member present with
        probability 0.92. Only what is over by today."""
        rng, today = self.rng, self.today
        topic = self.topics[year]
        sessions, lists = [], []  # (organization, date, kind, title)
        conference = datetime.date(year, 3, 10)
        if conference <= today:
            sessions.append(
                (
                    committee.organization.pk,
                    conference,
                    SessionKind.DISSEMINATION.value,
                    topic.title,
                )
            )
            lists.append(range(len(ids)))
        members_of: dict[int, list[int]] = {}
        for index, cell in enumerate(cells_of):
            members_of.setdefault(cell, []).append(index)
        for cell in committee.cells:
            day = datetime.date(year, 9, rng.randint(5, 28))
            if day <= today:
                sessions.append((cell.pk, day, SessionKind.STUDY.value, ""))
                lists.append(members_of[cell.pk])
        first = self.loader.ids(StudySession, len(sessions))
        self._add(
            StudySession,
            ("id", "organization_id", "date", "kind", "topic_id", "title"),
            [(first + n, o, d, k, topic.pk, t) for n, (o, d, k, t) in enumerate(sessions)],
        )
        attendance, reflections = [], []
        random = rng.random
        for n, ((_, date, kind, _), members) in enumerate(zip(sessions, lists, strict=True)):
            session = first + n
            dissemination = kind == SessionKind.DISSEMINATION
            for index in members:
                person = ids[index]
                present = random() < 0.92
                attendance.append(
                    (session, person, present, "" if present else "Đi làm ăn xa", cells_of[index])
                )
                if present and dissemination and random() < 0.8:
                    received = date + datetime.timedelta(days=rng.randint(7, 30))
                    done = received <= today
                    reflections.append((session, person, done, received if done else None))
        self._add(
            SessionAttendance,
            ("session_id", "person_id", "present", "absence_reason", "member_organization_id"),
            attendance,
        )
        self._add(Reflection, ("session_id", "person_id", "received", "received_at"), reflections)

    def _meetings(self, committee: Committee, ids, cells_of, year: int) -> None:
        """A regular meeting each month and a thematic one each quarter; one cell in ten misses
        a month or two, one in eight a thematic meeting. The attendance lists are left out:
        the report does not read them, and at about 30 rows a meeting they would outgrow every
        other table and so flatter the benchmark's yardstick. Last year, about one member in
        250 was absent without reason from three of the cell's regular meetings (the
        Charter's art. 8, issue 9): those absences are the only attendance rows."""
        rng = self.rng
        months = self._months(year)
        meetings = []  # (organization, date, kind, directive05, dues, subject)
        regular_of: dict[int, list[int]] = {}
        for cell in committee.cells:
            skipped = set(rng.sample(months, min(len(months), rng.randint(1, 2))))
            skipped = skipped if rng.random() < 0.1 else set()
            short = rng.random() < 0.125
            regular = regular_of.setdefault(cell.pk, [])
            for month in months:
                if month not in skipped:
                    regular.append(len(meetings))
                    meetings.append(
                        (
                            cell.pk,
                            datetime.date(year, month, rng.randint(3, 12)),
                            MeetingKind.REGULAR.value,
                            rng.random() < 0.3,
                            True,
                            "",
                        )
                    )
                if month % 3 == 0 and not (short and month == 9):
                    meetings.append(
                        (
                            cell.pk,
                            datetime.date(year, month, rng.randint(15, 22)),
                            MeetingKind.THEMATIC.value,
                            True,
                            False,
                            THEMATIC_SUBJECT,
                        )
                    )
        first = self.loader.ids(Meeting, len(meetings))
        self._add(
            Meeting,
            ("id", "organization_id", "date", "kind", "directive05", "dues_collected", "subject"),
            [(first + n, *row) for n, row in enumerate(meetings)],
        )
        if year != self.last_year:
            return
        absences, draw = [], self.absences_rng
        for person, cell in zip(ids, cells_of, strict=True):
            if draw.random() >= ABSENT_SHARE:
                continue
            held = [n for n in regular_of[cell] if meetings[n][1] >= self.established]
            if len(held) < 3:
                continue
            absences.extend((first + n, person, False) for n in draw.sample(held, 3))
        self._add(MeetingAttendance, ("meeting_id", "person_id", "present"), absences)

    def _scores(self, level: str) -> tuple:
        """``scale.scores_for`` memoized: its one draw decides the scores."""
        value = round(self.rng.uniform(0.1, 0.85), 2)
        key = (level, value)
        found = self._score_memo.get(key)
        if found is None:
            scores, total = self.scale.scores_for(_Fixed(value), level)
            found = self._score_memo[key] = (self.loader.json(scores), total, scores)
        return found

    def _record(self, level: str, collective: bool) -> tuple:
        """A record of the tasks meeting ``level``'s conditions: one of ``RECORDS`` drawn once
        per (level, collective) by ``scale.conditions_for`` (40 µs a call, a third of a
        member's generation)."""
        key = (level, collective)
        records = self._records.get(key)
        if records is None:
            drawn = [
                self.scale.conditions_for(self.conditions_rng, level, collective)
                for _ in range(RECORDS)
            ]
            records = self._records[key] = [
                tuple(fields.get(name) for name in TASK_FIELDS) for fields in drawn
            ]
        return records[self.conditions_rng.randrange(RECORDS)]

    RATING_COLUMNS = (
        "id",
        "person_id",
        "subject_organization_id",
        "organization_id",
        "subject_kind",
        "scheme_id",
        "period_kind",
        "year",
        "status",
        "self_level",
        "proposed_level",
        "level",
        "scores",
        "score",
        "proposed_at",
        "decided_at",
        *TASK_FIELDS,
    )

    def _ratings(self, subjects: list[tuple]) -> None:
        """Decided ratings of last year and their history row: ``subjects`` are
        (person id or None, organization id, level, subject kind)."""
        first = self.loader.ids(Rating, len(subjects))
        ratings, changes = [], []
        scheme, year, decided = self.scheme.pk, self.last_year, self.decided_at
        period, status = PeriodKind.YEAR.value, RatingStatus.DECIDED.value
        for n, (person, organization, level, kind) in enumerate(subjects):
            scores, total, _ = self._scores(level)
            collective = person is None
            record = self._record(level, collective)
            rating = first + n
            ratings.append(
                (
                    rating,
                    person,
                    organization if collective else None,
                    organization,
                    kind,
                    scheme,
                    period,
                    year,
                    status,
                    level,
                    level,
                    level,
                    scores,
                    total,
                    decided,
                    decided,
                    *record,
                )
            )
            changes.append((rating, "decide", status, level, total, scores))
        self._add(Rating, self.RATING_COLUMNS, ratings)
        self._add(
            RatingChange, ("rating_id", "action", "status", "level", "score", "scores"), changes
        )

    def _titles(self, count: int, agency: bool) -> list[str]:
        pool = DEED_TITLES["agency" if agency else "village"]
        return self.rng.sample(pool, count - 1) + [self.rng.choice(DEED_TITLES["general"])]

    def _last_year(self, committee: Committee, ids, cells_of, heads: set[int]) -> None:
        rng, year = self.rng, self.last_year
        levels: list[str] = []
        for size in committee.sizes:
            levels.extend(assign_levels(rng, size, PERSON_WEIGHTS))
        first = self.loader.ids(Commitment, len(ids))
        commitments, deeds = [], []
        approved, reviewed, decided = (
            CommitmentStatus.APPROVED.value,
            self.reviewed_at,
            self.decided_at,
        )
        for n, (person, cell, level) in enumerate(zip(ids, cells_of, levels, strict=True)):
            count = rng.choices(DEED_COUNTS, cum_weights=DEED_WEIGHTS)[0]
            results = [str(r) for r in evaluations_for(rng, level, count)]
            titles = self._titles(count, committee.agency)
            achieved = sum(r == "achieved" for r in results)
            commitment = first + n
            commitments.append(
                (commitment, person, year, cell, approved, reviewed, count, count, achieved)
            )
            for order, (title, result) in enumerate(zip(titles, results, strict=True), start=1):
                deeds.append((commitment, title, order, result, result, decided))
        self._add(Commitment, self.COMMITMENT_COLUMNS, commitments)
        self._add(
            Deed,
            ("commitment_id", "title", "order", "self_evaluation", "evaluation", "evaluated_at"),
            deeds,
        )
        leader, member = SubjectKind.LEADER.value, SubjectKind.MEMBER.value
        self._ratings(
            [
                (person, cell, str(level), leader if person in heads else member)
                for person, cell, level in zip(ids, cells_of, levels, strict=True)
            ]
        )

    COMMITMENT_COLUMNS = (
        "id",
        "person_id",
        "year",
        "organization_id",
        "status",
        "reviewed_at",
        "deed_count",
        "deeds_evaluated",
        "deeds_achieved",
    )

    def _this_year(self, ids, cells_of) -> None:
        rng, year = self.rng, self.this_year
        first_day = datetime.date(year, 1, 1)
        days = max((self.today - first_day).days, 0)
        drawn = []
        for person, cell in zip(ids, cells_of, strict=True):
            if rng.random() >= 0.8:
                continue
            drawn.append((person, cell, rng.random() < 0.55))
        first = self.loader.ids(Commitment, len(drawn))
        commitments, deeds, noted = [], [], []
        approved, submitted = CommitmentStatus.APPROVED.value, CommitmentStatus.SUBMITTED.value
        for n, (person, cell, is_approved) in enumerate(drawn):
            count = rng.choices(DEED_COUNTS, cum_weights=DEED_WEIGHTS)[0]
            commitment = first + n
            commitments.append(
                (
                    commitment,
                    person,
                    year,
                    cell,
                    approved if is_approved else submitted,
                    self.this_reviewed_at if is_approved else None,
                    count,
                    0,
                    0,
                )
            )
            for order, title in enumerate(self._titles(count, False), start=1):
                if is_approved and order == 1 and rng.random() < 0.25:
                    noted.append(len(deeds))
                deeds.append((commitment, title, order))
        self._add(Commitment, self.COMMITMENT_COLUMNS, commitments)
        first_deed = self.loader.ids(Deed, len(deeds))
        self._add(
            Deed,
            ("id", "commitment_id", "title", "order"),
            [(first_deed + n, *row) for n, row in enumerate(deeds)],
        )
        notes = []
        for n in noted:
            day = first_day + datetime.timedelta(days=rng.randint(0, days))
            notes.append((first_deed + n, day, deed_texts.progress_text(rng, day.month)))
        self._add(ProgressNote, ("deed_id", "date", "text"), notes)

    # --- organizations' own ratings -----------------------------------------------------------

    def _organizations(self, root: Organization, provinces: list[Province]) -> None:
        rng = self.rng
        groups = [[root]]
        if len(provinces) > 1:
            groups.append([p.organization for p in provinces])
        for province in provinces:
            groups.append([c.organization for c in province.committees])
            groups.extend(c.cells for c in province.committees)
        subjects = []
        collective = SubjectKind.COLLECTIVE.value
        for group in groups:
            for organization, level in zip(
                group, assign_levels(rng, len(group), ORGANIZATION_WEIGHTS), strict=True
            ):
                subjects.append((None, organization.pk, str(level), collective))
        self._ratings(subjects)

    def _everyone(self, committees: list[Committee], firsts: set[int], bar) -> None:
        pending = 0
        for index, committee in enumerate(committees, start=1):
            self._people(committee, first=id(committee) in firsts)
            bar.update(sum(committee.sizes))
            pending += sum(committee.sizes)
            if pending >= FLUSH_MEMBERS:
                self._flush()
                pending = 0
            self.log(f"committee {index}/{len(committees)}: {self.people_count} people so far")

    @transaction.atomic
    def build(self) -> Organization:
        self.loader.fresh(BULK_MODELS)
        with self.loader.fast():
            root, provinces = self._tree()
            self.topics = {
                year: Topic.objects.create(
                    organization=root,
                    year=year,
                    title=f"Chuyên đề năm {year}: học tập và làm theo tư tưởng, đạo đức, "
                    "phong cách Hồ Chí Minh",
                )
                for year in (self.last_year, self.this_year)
            }
            committees = [c for p in provinces for c in p.committees]
            firsts = {id(p.committees[0]) for p in provinces}
            bar = tqdm(
                total=self.members, unit=" members", disable=not self.progress, smoothing=0.1
            )
            with self.loader.without_indexes(BULK_MODELS), self.loader.streaming():
                self._everyone(committees, firsts, bar)
                self._organizations(root, provinces)
                self._flush()
            bar.close()
            for province in provinces:
                synth_plans_tasks_inspections(
                    self, province.organization, province.committees, self.loader
                )
            synth_community(
                root,
                seed=self.seed,
                years=[self.last_year, self.this_year],
                today=self.today,
                loader=self.loader,
            )
        return root


def analyze(jobs: int = 1) -> None:
    """Fresh planner statistics after a bulk load, as autovacuum would leave them later.

    On PostgreSQL outside a transaction this is ``VACUUM ANALYZE``: it also sets the pages'
    visibility bits, so the first reads of the new rows do not pay for writing them. Each
    runs on one core; with ``jobs`` > 1 the tables, largest first, are shared out among that
    many connections, as ``vacuumdb --jobs`` does.
    """
    if not shareable():
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.oid::regclass::text FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind IN ('r', 'm') AND n.nspname = current_schema() "
            "ORDER BY pg_relation_size(c.oid) DESC"
        )
        tables = [table for (table,) in cursor.fetchall()]
    each_on_a_connection(_vacuum_analyze, tables, jobs)


def _vacuum_analyze(table: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {table}")


def build_synthetic(
    *,
    members: int,
    seed: int = 1,
    provinces: int = 1,
    log: Callable[[str], None] | None = None,
    progress: bool = False,
) -> tuple[Organization, bool]:
    """The synthetic province (or nation, ``provinces`` > 1) of (members, seed);
    ``(root, False)`` when it already exists."""
    root = synth_root(members, seed, provinces)
    if root is not None:
        return root, False
    builder = SyntheticBuilder(
        members=members, seed=seed, provinces=provinces, log=log, progress=progress
    )
    root = builder.build()
    say = tqdm.write if progress else builder.log
    # Bulk inserts skip the services, so the report's tallies are rebuilt from the records.
    say("Recounting the report's tallies…")
    tallies.rebuild(jobs=JOBS)
    say("Fresh planner statistics (VACUUM ANALYZE)…")
    analyze(jobs=JOBS)
    return root, True
