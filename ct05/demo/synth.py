"""A synthetic province of N members, fast: bulk inserts, no per-row services.

For the benchmark and for load tests. The shape follows a province after the 2025 reform:
one provincial committee, about 30 grassroots committees (communes and agencies), cells of
15–40 members. Last year is complete (commitments approved, deeds evaluated, ratings decided
within the excellent cap); this year is under way (80% committed, about half approved).

The tree is written as treebeard would write it (``path``, ``depth``, ``numchild``; steplen 4,
alphabet 0-9A-Z) with the matching :class:`OrganizationLink` rows, so
``Organization.find_problems()`` finds nothing. The province is a separate root, found again by
its code: building the same (N, seed) twice writes nothing the second time.

Bulk inserts bypass the services: the report's tallies are rebuilt at the end
(``tallies.rebuild()``), and **no change history is written** for the synthetic rows (nobody
edited them; an edit made later through the pages or the API is recorded as usual).
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone

from ct05.commitments.models import Commitment, CommitmentStatus, Deed, ProgressNote
from ct05.demo.codes import code_for
from ct05.meetings.models import Meeting, MeetingKind
from ct05.organizations.models import (
    Locality,
    LocalityKind,
    Organization,
    OrganizationKind,
    OrganizationLink,
)
from ct05.organizations.paths import rebuild_paths
from ct05.people.models import EthnicGroup, Membership, Person, PersonKind
from ct05.ratings.models import PeriodKind, Rating, RatingChange, RatingStatus, SubjectKind
from ct05.ratings.services import default_scheme
from ct05.reports import tallies
from ct05.study.models import Reflection, SessionAttendance, SessionKind, StudySession, Topic

from . import deeds as deed_texts
from .build import established_on
from .names import NameMaker, weighted_choice
from .scoring import (
    ORGANIZATION_WEIGHTS,
    PERSON_WEIGHTS,
    ScoreScale,
    assign_levels,
    evaluations_for,
)
from .synth_community import synth_community
from .synth_plans_tasks import synth_plans_tasks_inspections
from .synth_rules import add_unexcused_absences

BATCH = 1000
MAX_COMMITTEES = 30
CELL_SIZES = (15, 40)
REGIONS = [
    {"mong": 70, "dao": 15, "kinh": 10, "giay": 5},
    {"thai": 60, "kinh": 25, "mong": 15},
    {"tay": 50, "kinh": 30, "dao": 20},
    {"kinh": 75, "tay": 10, "nung": 10, "giay": 5},
    {"nung": 45, "mong": 30, "kinh": 25},
]


def synth_code(members: int, seed: int) -> str:
    return f"SYN-{members}-{seed}"


def synth_name(members: int, seed: int) -> str:
    return f"Tỉnh tổng hợp (synth {members} seed {seed})"


def synth_root(members: int, seed: int) -> Organization | None:
    return Organization.objects.filter(depth=1, code=synth_code(members, seed)).first()


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


@dataclass
class Committee:
    organization: Organization
    cells: list[Organization]
    sizes: list[int]
    mix: dict[str, int]
    agency: bool
    commune: Locality | None = None
    heads: dict[int, int] = field(default_factory=dict)  # organization id -> person id


class SyntheticBuilder:
    def __init__(self, *, members: int, seed: int, log: Callable[[str], None] | None = None):
        if members < 1:
            raise ValueError("A synthetic province needs at least one member.")
        self.members, self.seed = members, seed
        self.rng = random.Random(seed)
        self.conditions_rng = random.Random(seed + 1)  # the tasks' record, apart
        self.names = NameMaker(self.rng, unique=False)
        self.log = log or (lambda message: None)
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

    # --- the tree --------------------------------------------------------------------------

    def _tree(self) -> tuple[Organization, list[Committee]]:
        rng = self.rng
        sizes = plan_cells(rng, self.members)
        count = max(1, min(MAX_COMMITTEES, round(len(sizes) / 4)))
        bounds = [round(i * len(sizes) / count) for i in range(count + 1)]
        last_root = Organization.objects.filter(depth=1).order_by("-path").first()
        path = last_root._inc_path() if last_root else Organization._get_path(None, 1, 1)
        province = Locality.objects.create(
            kind=LocalityKind.PROVINCE, name=synth_name(self.members, self.seed)
        )
        root = Organization(
            name=synth_name(self.members, self.seed),
            kind=OrganizationKind.PROVINCIAL_COMMITTEE,
            code=synth_code(self.members, self.seed),
            path=path,
            depth=1,
            numchild=count,
            valid_from=self.established,
            locality=province,
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
            committee = Organization(
                name=f"Đảng bộ {label}",
                kind=OrganizationKind.GRASSROOTS_COMMITTEE,
                code=code_for(root.code, Organization._get_path(path, 2, i + 1)),
                path=Organization._get_path(path, 2, i + 1),
                depth=2,
                numchild=len(cell_sizes),
                valid_from=self.established,
            )
            cells = []
            for j in range(len(cell_sizes)):
                cell = Organization(
                    name=f"Chi bộ {'phòng' if agency else 'thôn'} {j + 1} ({label})",
                    kind=OrganizationKind.CELL,
                    code=code_for(root.code, Organization._get_path(committee.path, 3, j + 1)),
                    path=Organization._get_path(committee.path, 3, j + 1),
                    depth=3,
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
            commune.parent = province
        Locality.objects.bulk_create(communes, batch_size=BATCH)
        for c in committees:
            c.organization.locality = c.commune or province
        village_rows = [
            Locality(kind=LocalityKind.VILLAGE, name=name, parent=commune)
            for _, commune, name in villages
        ]
        Locality.objects.bulk_create(village_rows, batch_size=BATCH)
        for (cell, _, _), village in zip(villages, village_rows, strict=True):
            cell.locality = village
        for c in committees:
            for cell in c.cells:
                if cell.locality_id is None:
                    cell.locality = province
        everything = [root]
        for c in committees:
            everything.append(c.organization)
            everything.extend(c.cells)
        Organization.objects.bulk_create(everything, batch_size=BATCH)
        links = [OrganizationLink(child=root, parent=None, valid_from=self.established)]
        for c in committees:
            links.append(
                OrganizationLink(child=c.organization, parent=root, valid_from=self.established)
            )
            links.extend(
                OrganizationLink(child=cell, parent=c.organization, valid_from=self.established)
                for cell in c.cells
            )
        OrganizationLink.objects.bulk_create(links, batch_size=BATCH)
        rebuild_paths()  # the paths over time the reports read, derived from the links
        self.log(f"tree: 1 province, {count} committees, {len(sizes)} cells")
        return root, committees

    # --- people and their year --------------------------------------------------------------

    def _people(self, committee: Committee, first: bool) -> None:
        """Everyone in one committee, with last year's cycle and this year's so far."""
        rng, established = self.rng, self.established
        people, cells_of = [], []
        kind_rows: list[tuple[int, list[str]]] = []
        for cell, size in zip(committee.cells, committee.sizes, strict=True):
            for index in range(size):
                gender = "male" if rng.random() < 0.6 else "female"
                ethnic = weighted_choice(rng, committee.mix)
                age = rng.randint(23, 70 if not committee.agency else 58)
                birth = datetime.date(self.this_year - age, rng.randint(1, 12), rng.randint(1, 28))
                admission = datetime.date(
                    max(birth.year + rng.randint(19, 35), birth.year + 19), rng.randint(1, 12), 19
                )
                latest = established - datetime.timedelta(days=365)
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
                kinds = ["party_member"]
                if committee.agency:
                    kinds.append(rng.choice(["civil_servant", "public_employee"]))
                elif rng.random() < 0.3:
                    kinds.append("association_member")
                people.append(
                    Person(
                        **Person.derived_fields(self.names.make(ethnic, gender)),
                        gender=gender,
                        birth_date=birth,
                        ethnic_group_id=self.ethnic.get(ethnic),
                        position=position,
                        party_admission_date=admission,
                    )
                )
                cells_of.append(cell)
                kind_rows.append((len(people) - 1, kinds))
        Person.objects.bulk_create(people, batch_size=BATCH)
        Membership.objects.bulk_create(
            [
                Membership(person=p, organization=c, valid_from=established)
                for p, c in zip(people, cells_of, strict=True)
            ],
            batch_size=BATCH,
        )
        through = Person.kinds.through
        Person.kinds.through.objects.bulk_create(
            [
                through(person_id=people[i].pk, personkind_id=self.kinds[code])
                for i, codes in kind_rows
                for code in codes
            ],
            batch_size=BATCH,
        )
        # Heads: each cell's secretary; the committee's is its first cell's secretary.
        start = 0
        for cell, size in zip(committee.cells, committee.sizes, strict=True):
            committee.heads[cell.pk] = people[start].pk
            start += size
        committee.heads[committee.organization.pk] = people[0].pk
        self._last_year(committee, people, cells_of)
        self._this_year(people, cells_of)
        for year in (self.last_year, self.this_year):
            self._study(committee, people, cells_of, year)
            self._meetings(committee, year)
        self.people_count += len(people)

    # --- study sessions and cell meetings ---------------------------------------------------------

    def _months(self, year: int) -> list[int]:
        """The months of ``year`` that are over by today (all twelve for a past year)."""
        if year < self.this_year:
            return list(range(1, 13))
        return list(range(1, self.today.month + (self.today.day >= 25)))

    def _study(self, committee: Committee, people, cells_of, year: int) -> None:
        """The committee's conference on the year's topic in March (essays from most of those
        present), and one study session in each cell in the autumn; each member present with
        probability 0.92. Only what is over by today."""
        rng = self.rng
        topic = self.topics[year]
        sessions, lists = [], []
        conference = datetime.date(year, 3, 10)
        if conference <= self.today:
            sessions.append(
                StudySession(
                    organization=committee.organization,
                    date=conference,
                    kind=SessionKind.DISSEMINATION,
                    topic=topic,
                    title=topic.title,
                )
            )
            lists.append(people)
        members_of: dict[int, list] = {}
        cell_of: dict[int, Organization] = {}
        for person, cell in zip(people, cells_of, strict=True):
            members_of.setdefault(cell.pk, []).append(person)
            cell_of[person.pk] = cell
        for cell in committee.cells:
            day = datetime.date(year, 9, rng.randint(5, 28))
            if day <= self.today:
                sessions.append(
                    StudySession(organization=cell, date=day, kind=SessionKind.STUDY, topic=topic)
                )
                lists.append(members_of[cell.pk])
        StudySession.objects.bulk_create(sessions, batch_size=BATCH)
        attendance, reflections = [], []
        for session, members in zip(sessions, lists, strict=True):
            for person in members:
                present = rng.random() < 0.92
                attendance.append(
                    SessionAttendance(
                        session=session,
                        person=person,
                        present=present,
                        absence_reason="" if present else "Đi làm ăn xa",
                        member_organization=cell_of[person.pk],
                    )
                )
                if present and session.kind == SessionKind.DISSEMINATION and rng.random() < 0.8:
                    received = session.date + datetime.timedelta(days=rng.randint(7, 30))
                    reflections.append(
                        Reflection(
                            session=session,
                            person=person,
                            received=received <= self.today,
                            received_at=received if received <= self.today else None,
                        )
                    )
        SessionAttendance.objects.bulk_create(attendance, batch_size=BATCH)
        Reflection.objects.bulk_create(reflections, batch_size=BATCH)

    def _meetings(self, committee: Committee, year: int) -> None:
        """A regular meeting each month and a thematic one each quarter; one cell in ten misses
        a month or two, one in eight a thematic meeting. The attendance lists are left out:
        the report does not read them, and at about 30 rows a meeting they would outgrow every
        other table and so flatter the benchmark's yardstick."""
        rng = self.rng
        months = self._months(year)
        meetings = []
        for cell in committee.cells:
            skipped = set(rng.sample(months, min(len(months), rng.randint(1, 2))))
            skipped = skipped if rng.random() < 0.1 else set()
            short = rng.random() < 0.125
            for month in months:
                if month not in skipped:
                    meetings.append(
                        Meeting(
                            organization=cell,
                            date=datetime.date(year, month, rng.randint(3, 12)),
                            kind=MeetingKind.REGULAR,
                            directive05=rng.random() < 0.3,
                            dues_collected=True,
                        )
                    )
                if month % 3 == 0 and not (short and month == 9):
                    meetings.append(
                        Meeting(
                            organization=cell,
                            date=datetime.date(year, month, rng.randint(15, 22)),
                            kind=MeetingKind.THEMATIC,
                            directive05=True,
                            subject="Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
                        )
                    )
        Meeting.objects.bulk_create(meetings, batch_size=BATCH)

    def _last_year(self, committee: Committee, people, cells_of) -> None:
        rng, year, scale = self.rng, self.last_year, self.scale
        levels: list[str] = []
        for size in committee.sizes:
            levels.extend(assign_levels(rng, size, PERSON_WEIGHTS))
        commitments = [
            Commitment(
                person=p,
                year=year,
                organization=c,
                status=CommitmentStatus.APPROVED,
                reviewed_at=self.reviewed_at,
            )
            for p, c in zip(people, cells_of, strict=True)
        ]
        deeds = []
        for commitment, level in zip(commitments, levels, strict=True):
            count = rng.choices([3, 4, 5], weights=[35, 45, 20])[0]
            results = evaluations_for(rng, level, count)
            titles = self._titles(count, committee.agency)
            commitment.deed_count = commitment.deeds_evaluated = count
            commitment.deeds_achieved = sum(r == "achieved" for r in results)
            for order, (title, result) in enumerate(zip(titles, results, strict=True), start=1):
                deeds.append(
                    Deed(
                        commitment=commitment,
                        title=title,
                        order=order,
                        self_evaluation=result,
                        evaluation=result,
                        evaluated_at=self.decided_at,
                    )
                )
        Commitment.objects.bulk_create(commitments, batch_size=BATCH)
        Deed.objects.bulk_create(deeds, batch_size=BATCH)
        ratings = []
        for person, cell, level in zip(people, cells_of, levels, strict=True):
            scores, total = scale.scores_for(rng, level)
            ratings.append(self._rating(level, scores, total, person=person, organization=cell))
        self._save_ratings(ratings)

    def _titles(self, count: int, agency: bool) -> list[str]:
        pool = deed_texts.PROVINCIAL if agency else deed_texts.VILLAGE
        titles = self.rng.sample(pool, count - 1) + [self.rng.choice(deed_texts.GENERAL)]
        return [t.format(n=2) for t in titles]

    def _rating(self, level, scores, total, **subject) -> Rating:
        collective = "subject_organization" in subject
        conditions = self.scale.conditions_for(self.conditions_rng, level, collective)
        return Rating(
            **subject,
            **conditions,
            # Heads are known once the tree is complete: ``_organizations`` marks them leaders.
            subject_kind=SubjectKind.COLLECTIVE if collective else SubjectKind.MEMBER,
            scheme=self.scheme,
            period_kind=PeriodKind.YEAR,
            year=self.last_year,
            status=RatingStatus.DECIDED,
            self_level=level,
            proposed_level=level,
            level=level,
            scores=scores,
            score=total,
            proposed_at=self.decided_at,
            decided_at=self.decided_at,
        )

    def _save_ratings(self, ratings: list[Rating]) -> None:
        Rating.objects.bulk_create(ratings, batch_size=BATCH)
        RatingChange.objects.bulk_create(
            [
                RatingChange(
                    rating=r,
                    action="decide",
                    status=r.status,
                    level=r.level,
                    score=r.score,
                    scores=r.scores,
                )
                for r in ratings
            ],
            batch_size=BATCH,
        )

    def _this_year(self, people, cells_of) -> None:
        rng, year = self.rng, self.this_year
        first_day = datetime.date(year, 1, 1)
        days = max((self.today - first_day).days, 0)
        commitments, approved = [], []
        for person, cell in zip(people, cells_of, strict=True):
            if rng.random() >= 0.8:
                continue
            is_approved = rng.random() < 0.55
            commitment = Commitment(
                person=person,
                year=year,
                organization=cell,
                status=CommitmentStatus.APPROVED if is_approved else CommitmentStatus.SUBMITTED,
                reviewed_at=self.this_reviewed_at if is_approved else None,
            )
            commitments.append(commitment)
            approved.append(is_approved)
        deeds, noted = [], []
        for commitment, is_approved in zip(commitments, approved, strict=True):
            count = rng.choices([3, 4, 5], weights=[35, 45, 20])[0]
            commitment.deed_count = count
            for order, title in enumerate(self._titles(count, False), start=1):
                deed = Deed(commitment=commitment, title=title, order=order)
                deeds.append(deed)
                if is_approved and order == 1 and rng.random() < 0.25:
                    noted.append(deed)
        Commitment.objects.bulk_create(commitments, batch_size=BATCH)
        Deed.objects.bulk_create(deeds, batch_size=BATCH)
        notes = []
        for deed in noted:
            day = first_day + datetime.timedelta(days=rng.randint(0, days))
            notes.append(
                ProgressNote(deed=deed, date=day, text=deed_texts.progress_text(rng, day.month))
            )
        ProgressNote.objects.bulk_create(notes, batch_size=BATCH)

    # --- organizations' own ratings and heads --------------------------------------------------

    def _organizations(self, root: Organization, committees: list[Committee]) -> None:
        rng, scale = self.rng, self.scale
        groups = [[root], [c.organization for c in committees]]
        groups.extend(c.cells for c in committees)
        ratings = []
        for group in groups:
            for organization, level in zip(
                group, assign_levels(rng, len(group), ORGANIZATION_WEIGHTS), strict=True
            ):
                scores, total = scale.scores_for(rng, level)
                ratings.append(
                    self._rating(
                        level,
                        scores,
                        total,
                        subject_organization=organization,
                        organization=organization,
                    )
                )
        self._save_ratings(ratings)
        heads = {}
        for c in committees:
            heads.update(c.heads)
        heads[root.pk] = committees[0].heads[committees[0].organization.pk]
        Organization.objects.bulk_update(
            [Organization(pk=pk, head_id=person_id) for pk, person_id in heads.items()],
            ["head"],
            batch_size=BATCH,
        )
        Rating.objects.filter(person__in=set(heads.values()), year=self.last_year).update(
            subject_kind=SubjectKind.LEADER
        )

    @transaction.atomic
    def build(self) -> Organization:
        root, committees = self._tree()
        self.topics = {
            year: Topic.objects.create(
                organization=root,
                year=year,
                title=f"Chuyên đề năm {year}: học tập và làm theo tư tưởng, đạo đức, "
                "phong cách Hồ Chí Minh",
            )
            for year in (self.last_year, self.this_year)
        }
        for index, committee in enumerate(committees, start=1):
            self._people(committee, first=index == 1)
            self.log(f"committee {index}/{len(committees)}: {self.people_count} people so far")
        self._organizations(root, committees)
        add_unexcused_absences(root, seed=self.seed, year=self.last_year)
        synth_plans_tasks_inspections(self, root, committees)
        synth_community(
            root, seed=self.seed, years=[self.last_year, self.this_year], today=self.today
        )
        return root


def analyze() -> None:
    """Fresh planner statistics after a bulk load, as autovacuum would leave them later.

    On PostgreSQL outside a transaction this is ``VACUUM ANALYZE``: it also sets the pages'
    visibility bits, so the first reads of the new rows do not pay for writing them.
    """
    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")


def build_synthetic(
    *, members: int, seed: int = 1, log: Callable[[str], None] | None = None
) -> tuple[Organization, bool]:
    """The synthetic province of (members, seed); ``(root, False)`` when it already exists."""
    root = synth_root(members, seed)
    if root is not None:
        return root, False
    root = SyntheticBuilder(members=members, seed=seed, log=log).build()
    # Bulk inserts skip the services, so the report's tallies are rebuilt from the records.
    tallies.rebuild()
    analyze()
    return root, True
