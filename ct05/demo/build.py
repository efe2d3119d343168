"""Build the demo province through the services, so it obeys the rules users do.

Deterministic (one ``random.Random`` with a fixed seed) and idempotent: the province is found by
its code and nothing is written when it exists. Last year runs the full cycle (commitments
approved, deeds evaluated, ratings decided); this year is under way.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from ct05.accounts.models import RoleAssignment, User
from ct05.commitments import services as commitment_services
from ct05.core import changes
from ct05.demo.codes import assign_codes
from ct05.organizations.models import PARTY_KINDS, Locality, LocalityKind, Organization
from ct05.organizations.services import create_organization
from ct05.people.models import EthnicGroup, Person
from ct05.people.services import create_person
from ct05.ratings import services as rating_services
from ct05.ratings.models import Level
from ct05.ratings.services import default_scheme

from . import deeds as deed_texts
from .community import build_community
from .filed_reports import build_filed_reports
from .history import FOUNDED, build_history
from .names import NameMaker, weighted_choice
from .plans_tasks import build_plans_tasks_inspections
from .province import (
    BITHU1_COMMUNE,
    BITHU2_COMMUNE,
    COMMUNES,
    DEMO_CODE,
    PROVINCE_LOCALITY,
    PROVINCE_NAME,
    Member,
    Post,
    Unit,
    commune_units,
    provincial_units,
)
from .scoring import (
    DECISION_ORDER,
    ORGANIZATION_WEIGHTS,
    PERSON_WEIGHTS,
    ScoreScale,
    assign_levels,
    evaluations_for,
    one_level_up,
)
from .study_meetings import build_study_and_meetings

SEED = 5052016  # Directive 05-CT/TW, 15/5/2016
PASSWORD = "ct05-demo"


@dataclass(frozen=True)
class Login:
    username: str
    role: str
    description: str


LOGINS = [
    Login("admin", "admin", "superuser, whole province"),
    Login("tuyengiao", "propaganda", "propaganda officer of the province"),
    Login("lanhdao", "viewer", "provincial leadership, read-only"),
    Login("dangbo1", "secretary", "secretary of bithu1's grassroots committee"),
    Login("bithu1", "secretary", "secretary of a village cell"),
    Login("bithu2", "secretary", "secretary of a village cell in another commune"),
    Login("dangvien1", "member", "member of bithu1's cell, no commitment this year yet"),
]


def demo_root() -> Organization | None:
    return Organization.objects.filter(depth=1, code=DEMO_CODE).first()


def established_on(today: datetime.date) -> datetime.date:
    """The day the demo tree (and everyone's membership in it) begins: 1 January of the year
    before last.

    The tree has the shape of a province after the 1/7/2025 reform, but it stands from a whole
    year before last year, so that last year's cycle is complete (twelve months of meetings)
    and the year before it is empty: a user can record a year's meetings there and watch the
    report change. The province committee itself stands from 2016 (``history.FOUNDED``), so
    its reports of earlier years exist; the tree as it was before the reform comes from Tỉnh ủy
    Yên Bái, merged into it on 1/7/2025 (``history``).
    """
    return datetime.date(today.year - 2, 1, 1)


class DemoBuilder:
    def __init__(self, *, log=None):
        self.rng = random.Random(SEED)
        self.conditions_rng = random.Random(SEED + 1)
        self.names = NameMaker(self.rng)
        self.today = timezone.localdate()
        self.this_year = self.today.year
        self.last_year = self.this_year - 1
        self.established = established_on(self.today)
        self.log = log or (lambda message: None)
        self.ethnic = {g.code: g for g in EthnicGroup.objects.all()}
        self.members: list[Member] = []
        self.organizations: list[Organization] = []
        self.keyed: dict[str, Organization] = {}
        self.keyed_people: dict[str, Person] = {}
        self.secretary_users: dict[int, User] = {}  # cell id -> the demo secretary's user

    # --- the tree and the people ---------------------------------------------------------

    @transaction.atomic
    def build(self) -> Organization:
        self.admin = self._user("admin", is_superuser=True, is_staff=True)
        province_locality = Locality.objects.create(
            kind=LocalityKind.PROVINCE, name=PROVINCE_LOCALITY, code="10"
        )
        self.root = create_organization(
            name=PROVINCE_NAME,
            kind="provincial_committee",
            valid_from=min(self.established, FOUNDED),
            code=DEMO_CODE,
            locality=province_locality,
            min_deeds=3,
            excellent_cap_pct=20,
            cap_enforcement="warn",
        )
        self.organizations.append(self.root)
        units = [commune_units(c, self.rng) for c in COMMUNES] + provincial_units()
        for index, unit in enumerate(units[: len(COMMUNES)]):
            unit.key = f"commune{index}"
            unit.children[0].key = f"village_cell{index}"
        for unit in units:
            self._add_unit(unit, self.root, province_locality, province_locality, [self.root])
        self.log(f"{len(self.organizations)} organizations, {len(self.members)} people")
        self._users()
        # The report's tallies once per organization and year, not after every record; the
        # filed reports below read them, so they come after the block.
        with changes.deferred():
            self._last_year()
            self._this_year()
            build_study_and_meetings(self)
            self.log("study sessions, reflections and cell meetings")
            build_plans_tasks_inspections(self)
            build_community(self)
            self.log("models, awards, activities, dialogues, petitions and targets")
        build_filed_reports(self)
        build_history(self)
        return self.root

    def _add_unit(self, unit: Unit, parent, province_locality, commune_locality, chain) -> None:
        if unit.locality == "commune" and unit.kind == "grassroots_committee":
            commune_name = unit.name.removeprefix("Đảng bộ ")
            commune_locality = Locality.objects.create(
                kind=LocalityKind.COMMUNE,
                name=commune_name[0].upper() + commune_name[1:],
                parent=province_locality,
            )
            locality = commune_locality
        elif unit.locality == "province":
            locality = province_locality
        elif unit.locality == "commune":
            locality = commune_locality
        else:
            locality = Locality.objects.create(
                kind=LocalityKind.VILLAGE, name=unit.locality, parent=commune_locality
            )
        organization = create_organization(
            name=unit.name,
            kind=unit.kind,
            parent=parent,
            valid_from=self.established,
            locality=locality,
        )
        self.organizations.append(organization)
        if unit.key:
            self.keyed[unit.key] = organization
        for post in unit.posts:
            person = self._person(post, organization, unit.ethnic_mix)
            for target in post.heads:
                if target == "own":
                    head_of = organization
                elif target == "parent":
                    head_of = chain[-1]
                elif target == "province":
                    head_of = self.root
                else:  # the village locality
                    locality.head = person
                    locality.save(update_fields=["head", "updated_at"])
                    continue
                head_of.head = person
                head_of.save(update_fields=["head", "updated_at"])
        for child in unit.children:
            self._add_unit(
                child, organization, province_locality, commune_locality, [*chain, organization]
            )

    def _person(self, post: Post, organization: Organization, ethnic_mix) -> Person:
        rng = self.rng
        gender = post.gender or ("male" if rng.random() < 0.6 else "female")
        ethnic = weighted_choice(rng, ethnic_mix)
        age = rng.randint(*post.ages)
        birth = datetime.date(self.this_year - age, rng.randint(1, 12), rng.randint(1, 28))
        admission = None
        if "party_member" in post.kinds:
            joined_at = min(age - 1, rng.randint(19, 35))
            admission = datetime.date(
                birth.year + joined_at, rng.choice([2, 3, 5, 9, 12]), rng.choice([3, 19, 27])
            )
            latest = self.established - datetime.timedelta(days=365)
            if admission > latest:
                admission = latest - datetime.timedelta(days=rng.randint(0, 700))
            # Admitted at 18 at the earliest: a young member is a little older then.
            if admission.year - birth.year < 19:
                birth = birth.replace(year=admission.year - 19)
        person = create_person(
            full_name=self.names.make(ethnic, gender),
            gender=gender,
            organization=organization,
            valid_from=self.established,
            kinds=list(post.kinds),
            birth_date=birth,
            ethnic_group=self.ethnic.get(ethnic),
            position=post.position,
            party_admission_date=admission,
        )
        self.members.append(Member(person, organization, post))
        if post.key:
            self.keyed_people.setdefault(f"{organization.pk}:{post.key}", person)
        return person

    # --- users -----------------------------------------------------------------------------

    def _user(self, username: str, person=None, **extra) -> User:
        """A demo login. An account of that name made before the demo (``createsuperuser
        admin``) is kept as it is, password included; it only gains its demo role."""
        existing = User.objects.filter(username=username).first()
        if existing is not None:
            return existing
        if not hasattr(self, "_password"):
            self._password = make_password(PASSWORD)  # one hash: six logins in no time
        return User.objects.create(
            username=username, password=self._password, person=person, **extra
        )

    def _cell_people(self, cell: Organization) -> list[Person]:
        return [m.person for m in self.members if m.organization.pk == cell.pk]

    def _users(self) -> None:
        province, valid_from = self.root, self.established
        cell1 = self.keyed[f"village_cell{BITHU1_COMMUNE}"]
        cell2 = self.keyed[f"village_cell{BITHU2_COMMUNE}"]
        committee1 = self.keyed[f"commune{BITHU1_COMMUNE}"]
        propaganda = self.keyed["propaganda"]
        people1 = self._cell_people(cell1)
        self.bithu1_cell, self.bithu2_cell = cell1, cell2
        # dangvien1 and one other member of bithu1's cell write no commitment this year.
        self.dangvien1_person, self.uncommitted_person = people1[-1], people1[-2]
        users = {
            "admin": (self.admin, province, "admin"),
            "tuyengiao": (
                self._user(
                    "tuyengiao",
                    self.keyed_people[f"{propaganda.pk}:propaganda_officer"],
                ),
                province,
                "propaganda",
            ),
            "lanhdao": (self._user("lanhdao"), province, "viewer"),
            "dangbo1": (
                self._user("dangbo1", committee1.head),
                committee1,
                "secretary",
            ),
            "bithu1": (self._user("bithu1", cell1.head), cell1, "secretary"),
            "bithu2": (self._user("bithu2", cell2.head), cell2, "secretary"),
            "dangvien1": (self._user("dangvien1", self.dangvien1_person), cell1, "member"),
        }
        for user, organization, role in users.values():
            RoleAssignment.objects.create(
                user=user, organization=organization, role=role, valid_from=valid_from
            )
        self.users = {name: user for name, (user, _, _) in users.items()}
        self.secretary_users = {cell1.pk: self.users["bithu1"], cell2.pk: self.users["bithu2"]}

    def _reviewer(self, member: Member) -> User:
        """The cell's own secretary reviews where the demo has one (not their own commitment)."""
        user = self.secretary_users.get(member.organization.pk)
        if user is None or user.person_id == member.person.pk:
            return self.admin
        return user

    # --- last year: the whole cycle ------------------------------------------------------------

    def _deeds(self, member: Member, year: int) -> list[dict]:
        count = self.rng.choices([3, 4, 5], weights=[35, 45, 20])[0]
        return deed_texts.pick_deeds(self.rng, member.post.category, count, year)

    def _pledge(self, year: int) -> str:
        return self.rng.choice(deed_texts.PLEDGES).format(year=year)

    def _last_year(self) -> None:
        self.run_cycle(self.members, self.organizations, self.last_year)

    def run_cycle(self, members: list[Member], organizations: list, year: int) -> None:
        """A year's whole cycle for ``members`` (commitments approved, deeds evaluated, ratings
        decided) and the party organizations among ``organizations`` rated."""
        rng, admin = self.rng, self.admin
        scale = ScoreScale.of(default_scheme(year))
        by_org = defaultdict(list)
        for member in members:
            by_org[member.organization.pk].append(member)
        levels: dict[int, str] = {}
        for group in by_org.values():
            for member, level in zip(
                group, assign_levels(rng, len(group), PERSON_WEIGHTS), strict=True
            ):
                levels[member.person.pk] = level
        for member in members:
            commitment = commitment_services.create_commitment(
                user=admin,
                person=member.person,
                year=year,
                deeds=self._deeds(member, year),
                pledge=self._pledge(year),
            )
            reviewer = self._reviewer(member)
            commitment_services.review_commitment(
                user=reviewer, commitment=commitment, approve=True
            )
            deeds = list(commitment.deeds.all())
            results = evaluations_for(rng, levels[member.person.pk], len(deeds))
            evaluations = {d.pk: r for d, r in zip(deeds, results, strict=True)}
            commitment_services.self_evaluate_deeds(
                user=admin, commitment=commitment, evaluations=evaluations
            )
            commitment_services.evaluate_deeds(
                user=reviewer, commitment=commitment, evaluations=evaluations
            )
            achieved = results.count("achieved")
            commitment_services.update_commitment(
                user=admin,
                commitment=commitment,
                self_assessment=f"Hoàn thành {achieved}/{len(results)} việc làm đã đăng ký.",
            )
        ordered = sorted(members, key=lambda m: DECISION_ORDER[levels[m.person.pk]])
        for member in ordered:
            level = levels[member.person.pk]
            self_level = one_level_up(level) if rng.random() < 0.1 else level
            self._rate(scale, year, level, self_level, person=member.person)
        self._rate_organizations(scale, year, organizations)
        self.log(f"{year}: {len(members)} commitments evaluated, ratings decided")

    def _rate(self, scale, year, level, self_level, **subject) -> None:
        admin = self.admin
        # The tasks' record has its own generator: the rest of the demo draws as before.
        collective, rng = "organization" in subject, self.conditions_rng
        self_scores, _ = scale.scores_for(self.rng, self_level)
        rating = rating_services.self_assess(
            user=admin,
            year=year,
            level=self_level,
            scores=self_scores or None,
            conditions=scale.conditions_for(rng, self_level, collective) or None,
            **subject,
        )
        scores, _ = scale.scores_for(self.rng, level)
        rating = rating_services.propose(
            user=admin,
            rating=rating,
            level=level,
            scores=scores or None,
            conditions=scale.conditions_for(rng, level, collective) or None,
        )
        _, warnings = rating_services.decide(user=admin, rating=rating)
        assert not warnings, warnings  # the levels were drawn within the cap

    def _rate_organizations(self, scale, year, organizations) -> None:
        party = [o for o in organizations if o.kind in PARTY_KINDS]
        by_parent = defaultdict(list)
        for organization in party:
            by_parent[organization.path[: -organization.steplen]].append(organization)
        levels: dict[int, str] = {}
        for group in by_parent.values():
            for organization, level in zip(
                group, assign_levels(self.rng, len(group), ORGANIZATION_WEIGHTS), strict=True
            ):
                levels[organization.pk] = level
        for organization in sorted(party, key=lambda o: DECISION_ORDER[levels[o.pk]]):
            level = levels[organization.pk]
            self._rate(scale, year, level, level, organization=organization)

    # --- this year: under way ------------------------------------------------------------------

    def _this_year(self) -> None:
        rng, year, admin = self.rng, self.this_year, self.admin
        skip = {self.dangvien1_person.pk, self.uncommitted_person.pk}
        first_day = datetime.date(year, 1, 1)
        days = max((self.today - first_day).days, 0)
        committed = 0
        for member in self.members:
            if member.person.pk in skip or rng.random() >= 0.8:
                continue
            commitment = commitment_services.create_commitment(
                user=admin,
                person=member.person,
                year=year,
                deeds=self._deeds(member, year),
                pledge=self._pledge(year),
            )
            committed += 1
            roll = rng.random()
            if roll < 0.05:
                commitment_services.review_commitment(
                    user=self._reviewer(member),
                    commitment=commitment,
                    approve=False,
                    note=deed_texts.RETURN_NOTE,
                )
            elif roll < 0.6:
                commitment_services.review_commitment(
                    user=self._reviewer(member), commitment=commitment, approve=True
                )
                if rng.random() < 0.5:
                    for deed in list(commitment.deeds.all())[: rng.randint(1, 2)]:
                        day = first_day + datetime.timedelta(days=rng.randint(0, days))
                        commitment_services.add_progress_note(
                            user=self._reviewer(member),
                            deed=deed,
                            date=day,
                            text=deed_texts.progress_text(rng, day.month),
                        )
        # A few members of bithu2's cell have already assessed themselves.
        scale = ScoreScale.of(default_scheme(year))
        for person in self._cell_people(self.bithu2_cell)[1:4]:
            scores, _ = scale.scores_for(rng, Level.GOOD)
            rating_services.self_assess(
                user=self.users["bithu2"],
                person=person,
                year=year,
                level=Level.GOOD,
                scores=scores or None,
                conditions=scale.conditions_for(self.conditions_rng, Level.GOOD, False) or None,
            )
        self.log(f"{year}: {committed} commitments under way")


def build_demo(*, log=None) -> tuple[Organization, bool]:
    """The demo province; ``(root, False)`` when it was already there (nothing is written)."""
    root = demo_root()
    if root is not None:
        assign_codes(root)  # a demo built before organizations had codes
        return root, False
    root = DemoBuilder(log=log).build()
    assign_codes(root)
    return root, True


def logins() -> list[dict]:
    """The demo logins as they stand in the database (role and organization of each)."""
    users = {
        u.username: u
        for u in User.objects.filter(username__in=[login.username for login in LOGINS])
    }
    rows = []
    for login in LOGINS:
        user = users.get(login.username)
        if user is None:
            continue
        assignment = (
            RoleAssignment.objects.current()
            .filter(user=user)
            .select_related("organization")
            .first()
        )
        rows.append(
            {
                "username": login.username,
                "password": PASSWORD,
                "role": assignment.role if assignment else "",
                "organization": assignment.organization.name if assignment else "",
                "person": str(user.person) if user.person_id else "",
                "note": login.description,
            }
        )
    return rows
