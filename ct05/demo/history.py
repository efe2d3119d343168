"""The demo province's history: the reform of 1 July 2025 that made it.

As in Resolution 202/2025/QH15 (Yên Bái and Lào Cai merged into Lào Cai from 1/7/2025), Tỉnh
ủy Yên Bái stands from 2016, beside the demo province, with Huyện ủy Mù Cang Chải, six
communes and their village cells, whose members file commitments from 2021 and whose cells
meet. On 1/7/2025 the district is dissolved, its communes merge three into one, placed under
the demo province, the cells of a village pair merge, and Tỉnh ủy Yên Bái itself merges into
Tỉnh ủy Lào Cai. The members then file their commitments in the new cells: last year's run the
whole cycle (approved, evaluated, rated) like the rest of the province, this year's are under
way. So the demo province's reports of 2021 and 2024 show, as they were, only what Lào Cai then
held (and Yên Bái's its district); regrouped by today's tree (``tree=today``) they add Yên
Bái's records, a new commune's 2021 baseline being its three predecessors' sum; from 2025 on
the new communes are the province's own. The pickers of a past year list Yên Bái, its district
and communes where they stood, marked "merged into …" or "dissolved from …".

Through the services, like the rest of the demo, and deterministic (the builder's rng).
"""

from __future__ import annotations

import datetime

from ct05.commitments.services import create_commitment
from ct05.meetings.services import record_meeting
from ct05.organizations.models import Organization
from ct05.organizations.services import create_organization
from ct05.people.services import create_person
from ct05.reorganizations import services as reorganize
from ct05.reorganizations.services import NewOrganization

from . import deeds as deed_texts
from .province import Member, Post

OLD_PROVINCE = "Tỉnh ủy Yên Bái"
OLD_PROVINCE_CODE = "YB-2016"
DISTRICT = "Huyện ủy Mù Cang Chải"
FOUNDED = datetime.date(2016, 1, 1)
REFORM = datetime.date(2025, 7, 1)
# Old communes (and two villages each), merged three into one on 1/7/2025.
OLD_COMMUNES = [
    ("Khao Mang", ["Bản Khao Mang", "Bản Trống Tông"]),
    ("Mồ Dề", ["Bản Mồ Dề", "Bản Kể Cả"]),
    ("Chế Cu Nha", ["Bản Chế Cu Nha", "Bản Tà Chơ"]),
    ("Lao Chải", ["Bản Lao Chải", "Bản Háng Tày"]),
    ("Dế Xu Phình", ["Bản Dế Xu Phình", "Bản Trống Páo Sang"]),
    ("Nậm Khắt", ["Bản Nậm Khắt", "Bản Tả Ghênh"]),
]
NEW_COMMUNES = ["Đảng bộ xã Khao Mang", "Đảng bộ xã Lao Chải"]
FAMILIES = ["Giàng", "Sùng", "Vàng", "Thào", "Lý", "Hầu", "Mùa", "Lầu"]
MIDDLES = {"male": ["A", "Seo", "Chứ"], "female": ["Thị"]}
GIVEN = ["Dế", "Páo", "Vừ", "Chống", "Sinh", "Mỷ", "Dợ", "Chua", "Pàng", "Súa", "Nhìa", "Tồng"]


def build_history(builder) -> None:
    """``builder``: the DemoBuilder (its rng, admin, root and ethnic groups)."""
    rng, admin = builder.rng, builder.admin
    mong = builder.ethnic.get("mong")
    today = builder.today
    root = create_organization(
        name=OLD_PROVINCE,
        kind="provincial_committee",
        valid_from=FOUNDED,
        code=OLD_PROVINCE_CODE,
    )
    district = create_organization(
        name=DISTRICT, kind="district_committee", parent=root, valid_from=FOUNDED
    )
    communes, cells, people_of = [], [], {}
    for commune_name, villages in OLD_COMMUNES:
        commune = create_organization(
            name=f"Đảng bộ xã {commune_name}",
            kind="grassroots_committee",
            parent=district,
            valid_from=FOUNDED,
        )
        communes.append(commune)
        for village in villages:
            cell = create_organization(
                name=f"Chi bộ {village}", kind="cell", parent=commune, valid_from=FOUNDED
            )
            cells.append(cell)
            people = []
            for index in range(rng.randint(3, 5)):
                gender = "male" if rng.random() < 0.6 else "female"
                people.append(
                    create_person(
                        full_name=" ".join(
                            [
                                rng.choice(FAMILIES),
                                rng.choice(MIDDLES[gender]),
                                rng.choice(GIVEN),
                            ]
                        ),
                        gender=gender,
                        organization=cell,
                        valid_from=FOUNDED,
                        kinds=["party_member"],
                        birth_date=datetime.date(rng.randint(1960, 1980), rng.randint(1, 12), 1),
                        ethnic_group=mong,
                        position="Bí thư chi bộ" if index == 0 else "Đảng viên",
                        party_admission_date=datetime.date(rng.randint(2000, 2015), 5, 19),
                    )
                )
            people_of[cell.pk] = people
            cell.head = people[0]
            cell.save(update_fields=["head", "updated_at"])
        commune.head = people_of[cells[-2].pk][0]
        commune.save(update_fields=["head", "updated_at"])
    district.head = people_of[cells[0].pk][0]
    district.save(update_fields=["head", "updated_at"])
    root.head = district.head
    root.save(update_fields=["head", "updated_at"])

    def commitments(year: int, share: float = 0.9) -> None:
        for people in people_of.values():
            for person in people:
                if rng.random() < share:
                    create_commitment(
                        user=admin,
                        person=person,
                        year=year,
                        deeds=deed_texts.pick_deeds(rng, "village", rng.randint(3, 4), year),
                    )

    def meetings(cell, year: int, months) -> None:
        for month in months:
            day = datetime.date(year, month, rng.randint(5, 20))
            if day > today:
                continue
            record_meeting(
                user=admin,
                organization=cell,
                date=day,
                kind="regular",
                attendance=[{"person": p.pk} for p in people_of[cell.pk]],
            )

    for year in range(2021, REFORM.year):
        commitments(year)
        for cell in cells:
            meetings(cell, year, (3, 9))

    # The reform of 1/7/2025: the district dissolved, its communes merged three into one under
    # the demo province, the cells of a village pair merged, and Yên Bái into Lào Cai.
    province = builder.root
    reorganize.dissolve(user=None, source=district, effective=REFORM)
    new_communes = []
    for n, name in enumerate(NEW_COMMUNES):
        record = reorganize.merge(
            user=None,
            sources=communes[3 * n : 3 * n + 3],
            target=NewOrganization(name=name, kind="grassroots_committee", parent=province),
            effective=REFORM,
        )
        new_communes.append(record.targets.get())
    merged_cells = []
    for n in range(0, len(cells), 2):
        first, second = cells[n], cells[n + 1]
        reorganize.merge(user=None, sources=[first, second], target=first, effective=REFORM)
        people_of[first.pk] += people_of.pop(second.pk)
        merged_cells.append(first)
    reorganize.merge(user=None, sources=[root, province], target=province, effective=REFORM)
    for index, commune in enumerate(new_communes):
        commune.head = people_of[merged_cells[3 * index].pk][0]
        commune.save(update_fields=["head", "updated_at"])
    post = Post(position="Đảng viên", category="village")
    for year in range(REFORM.year, today.year + 1):
        if year == builder.last_year:  # the whole cycle, like the rest of the province
            builder.run_cycle(
                [
                    Member(person, Organization.objects.get(pk=cell_pk), post)
                    for cell_pk, people in people_of.items()
                    for person in people
                ],
                [Organization.objects.get(pk=o.pk) for o in (*new_communes, *merged_cells)],
                year,
            )
        else:
            commitments(year)
        for cell in merged_cells:
            meetings(cell, year, (9, 10) if year == REFORM.year else (3, 9))
    builder.log("history: Tỉnh ủy Yên Bái before 1/7/2025, merged into the demo province")
