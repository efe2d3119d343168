"""The demo's models and exemplars, awards, community activities, dialogue conferences,
petitions, socio-economic targets and new-rural criteria, through the services.

Last year reads like the published reports: 5.250 cadre-turns and 17.700 resident-turns in
"Ngày cuối tuần cùng dân", 165,2 km of road repaired, 52 ha of terraced field reclaimed, and the
province's 33 targets with 26 achieved (the poverty rate among those that must stay below).
This year is under way. One petition assigned to bithu1's cell is past its deadline, so
``ct05 remind`` has someone to remind. A generator of its own keeps the rest of the demo as it
was.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from ct05.activities.models import OutputUnit, Programme
from ct05.activities.services import record_activity
from ct05.dialogues.services import record_dialogue, record_petition, update_petition
from ct05.indicators.models import Direction, RuralCriterion
from ct05.indicators.services import record_rural_criteria, set_target
from ct05.organizations.models import CELL_KINDS, LocalityKind
from ct05.recognition.models import AwardForm, AwardIssuer, ExemplarType
from ct05.recognition.services import record_award, register_exemplar, set_exemplar_status

SEED = 1505
LAST_YEAR_TOTALS = {"cadre_turns": 5250, "resident_turns": 17700}
LAST_YEAR_OUTPUTS = {"road_repaired_km": Decimal("165.2"), "terrace_ha": Decimal("52")}
MODEL_NAMES = {
    "dan_van_kheo": ["Dân vận khéo trong vận động hiến đất làm đường", "Dân vận khéo xây dựng bản văn hóa"],
    "cooperative": ["Hợp tác xã chè Shan tuyết", "Hợp tác xã dược liệu"],
    "cooperative_group": ["Tổ hợp tác nuôi cá ruộng", "Tổ hợp tác trồng quế"],
    "self_managed_group": ["Tổ tự quản bảo vệ rừng", "Tổ tự quản đường làng"],
    "production_model": ["Mô hình trồng lúa đặc sản", "Mô hình chăn nuôi lợn đen"],
    "club": ["Câu lạc bộ văn nghệ dân tộc", "Câu lạc bộ phụ nữ không sinh con thứ ba"],
    "self_managed_clan": ["Dòng họ Giàng tự quản", "Dòng họ Sùng khuyến học"],
    "ocop_product": ["Sản phẩm OCOP mật ong bạc hà", "Sản phẩm OCOP chè Shan tuyết"],
    "breakthrough_model": ["Mô hình đột phá chuyển đổi số ở thôn", "Mô hình đột phá giảm nghèo bền vững"],
    "good_people_good_deeds": ["Gương người tốt việc tốt hiến đất", "Gương người tốt việc tốt cứu người"],
}  # fmt: skip
TARGETS = [
    ("Tốc độ tăng trưởng kinh tế", "%", Direction.AT_LEAST, "8", "8.4"),
    ("Thu nhập bình quân đầu người", "triệu đồng", Direction.AT_LEAST, "60", "62.5"),
    ("Tỷ lệ hộ nghèo", "%", Direction.AT_MOST, "20", "18"),
    ("Tỷ lệ hộ nghèo đa chiều giảm", "điểm %", Direction.AT_LEAST, "3", "3.2"),
    ("Tỷ lệ trẻ em suy dinh dưỡng", "%", Direction.AT_MOST, "15", "16.1"),
    ("Tỷ lệ che phủ rừng", "%", Direction.AT_LEAST, "63", "63.2"),
    ("Tỷ lệ dân số tham gia bảo hiểm y tế", "%", Direction.AT_LEAST, "95", "96"),
    ("Tỷ lệ lao động qua đào tạo", "%", Direction.AT_LEAST, "68", "66"),
    ("Số xã đạt chuẩn nông thôn mới", "xã", Direction.AT_LEAST, "5", "5"),
    ("Tỷ lệ thôn có đường ô tô được cứng hóa", "%", Direction.AT_LEAST, "90", "91"),
    ("Tỷ lệ hộ dùng nước sạch", "%", Direction.AT_LEAST, "95", "93"),
]


def _split(rng: random.Random, total, parts: int, step=1):
    """``total`` in ``parts`` random shares of ``step`` that add up to it exactly."""
    units = int(Decimal(total) / Decimal(step))
    cuts = sorted(rng.sample(range(1, units), parts - 1))
    shares = [b - a for a, b in zip([0, *cuts], [*cuts, units], strict=True)]
    return [Decimal(step) * s if step != 1 else s for s in shares]


def _day(rng: random.Random, year: int, today: datetime.date) -> datetime.date:
    last = min(datetime.date(year, 12, 31), today)
    first = datetime.date(year, 1, 1)
    return first + datetime.timedelta(days=rng.randint(0, (last - first).days))


def build_community(builder) -> None:
    rng = random.Random(SEED)
    admin, root, today = builder.admin, builder.root, builder.today
    years = [builder.last_year, builder.this_year]
    cells = [o for o in builder.organizations if o.kind in CELL_KINDS]
    village_cells = [c for c in cells if c.locality_id and c.locality.kind == LocalityKind.VILLAGE]
    communes = [
        o
        for o in builder.organizations
        if o.kind == "grassroots_committee" and o.locality_id and o.locality.kind == "commune"
    ]
    people_of: dict[int, list] = {}
    for member in builder.members:
        people_of.setdefault(member.organization.pk, []).append(member.person)
    bithu1_cell = builder.bithu1_cell
    user_of = builder.secretary_users

    # -- community activities ------------------------------------------------------------------
    weekend = Programme.objects.get(code="weekend_with_people")
    good_deeds = Programme.objects.get(code="good_people_good_deeds")
    units = {u.code: u for u in OutputUnit.objects.all()}
    for year in years:
        count = 36 if year < today.year else 12
        hosts = [bithu1_cell, *rng.sample(village_cells, min(count - 1, len(village_cells)))]
        hosts = (hosts * 3)[:count]
        if year < today.year:
            cadres = _split(rng, LAST_YEAR_TOTALS["cadre_turns"], count)
            residents = _split(rng, LAST_YEAR_TOTALS["resident_turns"], count)
            roads = _split(rng, LAST_YEAR_OUTPUTS["road_repaired_km"], count // 2, Decimal("0.1"))
            terraces = _split(rng, LAST_YEAR_OUTPUTS["terrace_ha"], count // 3, Decimal("0.5"))
        else:
            cadres = [rng.randint(20, 80) for _ in range(count)]
            residents = [rng.randint(60, 300) for _ in range(count)]
            roads = [Decimal(rng.randint(5, 40)) / 10 for _ in range(count // 2)]
            terraces = [Decimal(rng.randint(1, 6)) / 2 for _ in range(count // 3)]
        for i, cell in enumerate(hosts):
            outputs = [{"unit": units["workdays"], "quantity": cadres[i] + residents[i]}]
            if i < len(roads):
                outputs.append({"unit": units["road_repaired_km"], "quantity": roads[i]})
            if i < len(terraces):
                outputs.append({"unit": units["terrace_ha"], "quantity": terraces[i]})
            if i % 4 == 0:
                outputs.append(
                    {
                        "unit": units["road_concreted_km"],
                        "quantity": Decimal(rng.randint(2, 15)) / 10,
                    }
                )
            if i % 5 == 0:
                outputs.append({"unit": units["vnd"], "quantity": rng.randint(5, 60) * 1_000_000})
            if i % 6 == 0:
                outputs.append(
                    {"unit": units["lighting_km"], "quantity": Decimal(rng.randint(5, 30)) / 10}
                )
            record_activity(
                user=user_of.get(cell.pk, admin),
                programme=weekend if i % 7 else good_deeds,
                organization=cell,
                date=_day(rng, year, today),
                village=cell.locality,
                cadre_turns=cadres[i],
                resident_turns=residents[i],
                description="Ra quân “Ngày cuối tuần cùng dân”: tu sửa đường liên thôn, khơi "
                "thông rãnh thoát nước, giúp hộ nghèo làm nhà.",
                outputs=outputs,
            )

    # -- models and exemplars, awards ------------------------------------------------------------
    types = list(ExemplarType.objects.filter(active=True))
    forms = {f.code: f for f in AwardForm.objects.all()}
    issuers = list(AwardIssuer.objects.exclude(level="district"))
    exemplars = []
    for year in years:
        for i in range(30 if year < today.year else 10):
            kind = types[i % len(types)]
            cell = bithu1_cell if i == 0 else rng.choice(cells)
            people = people_of.get(cell.pk, [])
            individual = bool(people) and i % 3 == 2
            exemplar = register_exemplar(
                user=admin,
                type=kind,
                name=rng.choice(MODEL_NAMES.get(kind.code, [kind.name])),
                organization=cell,
                holder_kind="individual" if individual else "collective",
                person=rng.choice(people) if individual else None,
                holder_name="" if individual else f"Tổ viên {cell.name.removeprefix('Chi bộ ')}",
                field=rng.choice(
                    ["Kinh tế", "Văn hóa - xã hội", "Quốc phòng - an ninh", "Xây dựng Đảng"]
                ),
                registered_on=_day(rng, year, today),
                description="Mô hình được chi bộ đăng ký, phân công đảng viên phụ trách, "
                "sơ kết hằng quý.",
            )
            exemplars.append(exemplar)
            if year < today.year and i % 2 == 0:
                set_exemplar_status(
                    user=admin,
                    exemplar=exemplar,
                    status="building",
                    date=exemplar.registered_on + datetime.timedelta(days=10),
                )
                if i % 4 == 0:
                    exemplar.refresh_from_db()
                    set_exemplar_status(
                        user=admin,
                        exemplar=exemplar,
                        status="recognized",
                        date=min(exemplar.registered_on + datetime.timedelta(days=120), today),
                    )
    for year in years:
        for i in range(18 if year < today.year else 4):
            cell = bithu1_cell if i == 0 else rng.choice(cells)
            people = people_of.get(cell.pk, [])
            individual = bool(people) and i % 3 != 0
            linked = next((e for e in exemplars if e.organization_id == cell.pk), None)
            record_award(
                user=admin,
                form=forms["certificate_of_merit" if i % 3 else "diploma_of_merit"],
                issuer=rng.choice(issuers),
                decision_number=f"{100 + i}-QĐ/TU",
                decision_date=_day(rng, year, today),
                organization=cell,
                recipient_kind="individual" if individual else "collective",
                person=rng.choice(people) if individual else None,
                reason="Có thành tích xuất sắc trong học tập và làm theo tư tưởng, đạo đức, "
                "phong cách Hồ Chí Minh",
                exemplar=linked if i % 2 == 0 else None,
            )

    # -- dialogue conferences and petitions ------------------------------------------------------
    for year in years:
        for commune in communes:
            day = _day(rng, year, today)
            dialogue = record_dialogue(
                user=admin,
                organization=commune,
                date=day,
                chair=f"Bí thư {commune.name}",
                participants=rng.randint(60, 220),
                subject="Hội nghị đối thoại giữa người đứng đầu cấp ủy, chính quyền với nhân dân",
            )
            commune_cells = [c for c in cells if c.path.startswith(commune.path)]
            for j in range(rng.randint(1, 3)):
                assigned = commune_cells[j % len(commune_cells)] if commune_cells else commune
                petition = record_petition(
                    user=admin,
                    organization=commune,
                    source="dialogue",
                    dialogue=dialogue,
                    received_on=day,
                    petitioner="Cử tri thôn",
                    content=rng.choice(
                        [
                            "Đề nghị sửa chữa đường liên thôn bị sạt lở.",
                            "Đề nghị hỗ trợ giống cây trồng cho hộ nghèo.",
                            "Đề nghị lắp đặt đường điện chiếu sáng ở trung tâm thôn.",
                        ]
                    ),
                    assigned_organization=assigned,
                    deadline=day + datetime.timedelta(days=30),
                )
                closing = day + datetime.timedelta(days=rng.randint(10, 40))
                if closing <= today and rng.random() < 0.75:
                    update_petition(
                        user=admin,
                        petition=petition,
                        status="resolved",
                        response="Đã giao đơn vị chuyên môn khảo sát, khắc phục.",
                        closed_on=closing,
                    )
    overdue_from = max(today - datetime.timedelta(days=45), datetime.date(today.year - 1, 1, 1))
    record_petition(
        user=admin,
        organization=bithu1_cell,
        source="reception",
        received_on=overdue_from,
        petitioner="Hộ gia đình ở thôn",
        content="Đề nghị giải quyết tranh chấp ranh giới đất vườn giữa hai hộ.",
        assigned_organization=bithu1_cell,
        deadline=overdue_from + datetime.timedelta(days=30),
    )

    # -- socio-economic targets and new-rural criteria -------------------------------------------
    criteria = list(RuralCriterion.objects.filter(active=True))
    for year in years:
        complete = year < today.year
        for i in range(33):
            name, unit, direction, target, actual = TARGETS[i % len(TARGETS)]
            if i >= len(TARGETS):
                name = f"{name} (nhóm {i // len(TARGETS) + 1})"
            achieved = i < 26
            value = Decimal(actual)
            if achieved != _meets(direction, value, Decimal(target)):
                value = Decimal(target) + (
                    Decimal(1) if achieved == (direction == Direction.AT_LEAST) else Decimal(-1)
                )
            set_target(
                user=admin,
                organization=root,
                year=year,
                name=name,
                unit=unit,
                direction=direction,
                target=Decimal(target),
                actual=value if complete else None,
            )
        for commune in communes:
            met = rng.randint(13, 19) if complete else rng.randint(12, 17)
            record_rural_criteria(
                user=admin,
                organization=commune,
                year=year,
                met=criteria[:met],
            )


def _meets(direction: str, actual: Decimal, target: Decimal) -> bool:
    return actual >= target if direction == Direction.AT_LEAST else actual <= target
