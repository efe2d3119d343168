"""The shape of the demo province: who works where, under the tree after the 2025 reform.

Pure data: :mod:`ct05.demo.build` turns it into organizations, people and users through the
services. Place names follow Lào Cai after its 2025 merger; people are generated.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ct05.organizations.models import Organization
    from ct05.people.models import Person

PROVINCE_NAME = "Tỉnh ủy Lào Cai"
PROVINCE_LOCALITY = "Lào Cai"
DEMO_CODE = "DEMO-LAOCAI"


@dataclass(frozen=True)
class Commune:
    name: str  # "xã Y Tý", "phường Lào Cai"
    villages: tuple[str, ...]  # "Thôn Lao Chải", "Bản Mồ Dề", "Tổ dân phố Kim Tân"
    ethnic_mix: dict[str, int]
    third_cell: str  # "school" or "health"

    @property
    def place(self) -> str:
        return self.name.split(" ", 1)[1]


COMMUNES = [
    Commune(
        "xã Y Tý",
        ("Thôn Lao Chải", "Thôn Choản Thèn", "Thôn Mò Phú Chải", "Thôn Ngải Thầu"),
        {"mong": 60, "dao": 20, "giay": 10, "kinh": 10},
        "school",
    ),
    Commune(
        "xã Mù Cang Chải",
        ("Bản Chế Cu Nha", "Bản Mồ Dề", "Bản Kim Nọi", "Bản Lìm Mông"),
        {"mong": 80, "thai": 10, "kinh": 10},
        "health",
    ),
    Commune(
        "phường Lào Cai",
        ("Tổ dân phố Phố Mới", "Tổ dân phố Kim Tân", "Tổ dân phố Cốc Lếu"),
        {"kinh": 76, "tay": 8, "giay": 6, "nung": 5, "thai": 5},
        "school",
    ),
    Commune(
        "phường Sa Pa",
        ("Tổ dân phố Cầu Mây", "Thôn Cát Cát", "Thôn Sín Chải", "Thôn Tả Van"),
        {"kinh": 35, "mong": 35, "dao": 20, "giay": 10},
        "health",
    ),
    Commune(
        "xã Mường Khương",
        ("Thôn Sảng Chải", "Thôn Na Khui", "Thôn Mã Tuyển"),
        {"nung": 45, "mong": 30, "kinh": 15, "giay": 10},
        "school",
    ),
    Commune(
        "xã Bắc Hà",
        ("Thôn Na Cồ", "Thôn Na Hối", "Thôn Lầu Thí Ngài", "Thôn Nậm Đét"),
        {"mong": 50, "tay": 20, "kinh": 20, "nung": 10},
        "health",
    ),
    Commune(
        "phường Nghĩa Lộ",
        ("Bản Pá Khoang", "Bản Sà Rèn", "Tổ dân phố Cầu Thia"),
        {"thai": 60, "kinh": 30, "tay": 5, "mong": 5},
        "school",
    ),
    Commune(
        "xã Bảo Yên",
        ("Thôn Khuổi Ca", "Thôn Nà Khương", "Thôn Bản Ràng", "Thôn Khuổi Phường"),
        {"tay": 55, "kinh": 25, "dao": 20},
        "school",
    ),
]

# The two communes whose first village cells have the demo secretaries bithu1 and bithu2.
BITHU1_COMMUNE, BITHU2_COMMUNE = 0, 1

PROVINCIAL_MIX = {"kinh": 65, "tay": 10, "thai": 7, "mong": 8, "dao": 5, "nung": 5}


@dataclass(frozen=True)
class Post:
    """One person's place: position, kinds, the deeds they pick from, whom they head."""

    position: str
    kinds: tuple[str, ...] = ("party_member",)
    category: str = "provincial"
    gender: str | None = None
    ages: tuple[int, int] = (26, 58)
    heads: tuple[str, ...] = ()  # "own" (its unit), "parent", "province", "locality" (village head)
    key: str = ""  # names a post the users refer to


@dataclass
class Member:
    """One person of the demo in their organization, in their post."""

    person: Person
    organization: Organization
    post: Post


LEADER = ("party_member", "cadre")
CIVIL = ("party_member", "civil_servant")
EMPLOYEE = ("party_member", "public_employee")


@dataclass
class Unit:
    """An organization under construction: its posts, and the units under it."""

    name: str
    kind: str
    key: str = ""
    posts: list[Post] = field(default_factory=list)
    children: list[Unit] = field(default_factory=list)
    locality: str = ""  # "province", "commune", or a village name
    ethnic_mix: dict[str, int] = field(default_factory=lambda: dict(PROVINCIAL_MIX))


def village_posts(village: str, size: int, dual: bool, rng) -> list[Post]:
    """Posts of a village cell: its secretary (often also village head), deputy, the village's
    association leaders, then ordinary members."""
    word = village.split(" ")[0]
    head_title = {"Thôn": "Trưởng thôn", "Bản": "Trưởng bản"}.get(word, "Tổ trưởng tổ dân phố")
    ward = word == "Tổ"
    village_kinds = ("party_member",)
    posts = [
        Post(
            f"Bí thư chi bộ, {head_title.lower()}" if dual else "Bí thư chi bộ",
            category="village_leader",
            ages=(32, 62),
            heads=("own", "locality") if dual else ("own",),
            key="secretary",
        ),
        Post("Phó Bí thư chi bộ", category="village_leader", ages=(28, 60), key="deputy"),
    ]
    if not dual:
        posts.append(
            Post(head_title, category="village_leader", ages=(30, 60), heads=("locality",))
        )
    extras = [
        Post("Chi hội trưởng Chi hội Phụ nữ", ("party_member", "association_member"), "village", "female"),
        Post("Chi hội trưởng Chi hội Nông dân", ("party_member", "association_member"), "village"),
        Post("Bí thư Chi đoàn", ("party_member", "union_member"), "village", ages=(22, 30)),
        Post("Chi hội trưởng Chi hội Cựu chiến binh", ("party_member", "association_member"), "village", "male", (50, 72)),
        Post("Công an viên", village_kinds, "village", "male", (24, 45)),
        Post("Nhân viên y tế thôn bản", village_kinds, "village", ages=(25, 50)),
        Post("Trưởng ban Công tác Mặt trận", village_kinds, "village", ages=(40, 68)),
    ]  # fmt: skip
    posts.extend(extras[: max(0, min(len(extras), size - len(posts) - 3))])
    ordinary = ["Hưu trí", "Kinh doanh", "Cán bộ hưu trí"] if ward else ["Nông dân"]
    while len(posts) < size:
        posts.append(Post(rng.choice(ordinary), village_kinds, "village", ages=(22, 75)))
    return posts


def commune_units(commune: Commune, rng) -> Unit:
    place = commune.place
    level = "phường" if commune.name.startswith("phường") else "xã"
    party = [
        Post(f"Bí thư Đảng ủy {level}", LEADER, "commune", ages=(38, 56), heads=("parent",), key="committee_secretary"),
        Post(f"Phó Bí thư Thường trực Đảng ủy {level}, Bí thư Chi bộ", LEADER, "commune", ages=(35, 56), heads=("own",)),
        Post("Chủ nhiệm Ủy ban Kiểm tra Đảng ủy", LEADER, "commune", ages=(35, 56)),
        Post(f"Chủ tịch Ủy ban Mặt trận Tổ quốc {level}", LEADER, "commune", ages=(35, 58)),
        Post(f"Chủ tịch Hội Liên hiệp Phụ nữ {level}", LEADER, "commune", "female", (30, 50)),
        Post(f"Bí thư Đoàn Thanh niên {level}", LEADER, "commune", ages=(25, 32)),
        Post(f"Chủ tịch Hội Nông dân {level}", LEADER, "commune", ages=(35, 58)),
        Post("Chuyên viên Văn phòng Đảng ủy", CIVIL, "commune", ages=(25, 45)),
    ]  # fmt: skip
    people_committee = [
        Post(f"Chủ tịch Ủy ban nhân dân {level}, Bí thư Chi bộ", LEADER, "commune", ages=(36, 56), heads=("own",)),
        Post(f"Phó Chủ tịch Ủy ban nhân dân {level}", LEADER, "commune", ages=(32, 56)),
        Post("Công chức Văn phòng - Thống kê", CIVIL, "commune", ages=(25, 45)),
        Post("Công chức Tài chính - Kế toán", CIVIL, "commune", ages=(25, 50)),
        Post("Công chức Địa chính - Nông nghiệp - Xây dựng và Môi trường", CIVIL, "commune", ages=(25, 50)),
        Post("Công chức Văn hóa - Xã hội", CIVIL, "commune", ages=(25, 45)),
        Post("Công chức Tư pháp - Hộ tịch", CIVIL, "commune", ages=(25, 45)),
        Post(f"Chỉ huy trưởng Ban Chỉ huy Quân sự {level}", LEADER, "commune", "male", (30, 50)),
    ]  # fmt: skip
    if commune.third_cell == "school":
        third_name = f"Chi bộ Trường Trung học cơ sở {place}"
        third = [
            Post("Hiệu trưởng, Bí thư Chi bộ", EMPLOYEE, "school", ages=(38, 56), heads=("own",)),
            Post("Phó Hiệu trưởng", EMPLOYEE, "school", ages=(32, 55)),
            Post("Tổng phụ trách Đội", EMPLOYEE, "school", ages=(24, 35)),
        ] + [Post("Giáo viên", EMPLOYEE, "school", ages=(24, 55)) for _ in range(5)]
    else:
        third_name = f"Chi bộ Trạm Y tế {commune.name}"
        third = [
            Post(
                "Trưởng Trạm Y tế, Bí thư Chi bộ", EMPLOYEE, "health", ages=(35, 56), heads=("own",)
            ),
            Post("Y sĩ", EMPLOYEE, "health", ages=(25, 55)),
            Post("Nữ hộ sinh", EMPLOYEE, "health", "female", (25, 50)),
            Post("Dược sĩ", EMPLOYEE, "health", ages=(25, 50)),
            Post("Điều dưỡng", EMPLOYEE, "health", ages=(24, 50)),
            Post("Điều dưỡng", EMPLOYEE, "health", ages=(24, 50)),
        ]
    committee = Unit(
        f"Đảng bộ {commune.name}",
        "grassroots_committee",
        locality="commune",
        ethnic_mix=commune.ethnic_mix,
    )
    for village in commune.villages:
        dual = rng.random() < 0.55
        size = rng.randint(8, 13)
        word, rest = village.split(" ", 1)
        if word == "Tổ":  # "Tổ dân phố Kim Tân"
            word, rest = "tổ dân phố", village.split(" ", 3)[3]
        committee.children.append(
            Unit(
                f"Chi bộ {word.lower()} {rest}",
                "cell",
                posts=village_posts(village, size, dual, rng),
                locality=village,
                ethnic_mix=commune.ethnic_mix,
            )
        )
    for name, posts in (
        (f"Chi bộ Cơ quan Đảng - Đoàn thể {commune.name}", party),
        (f"Chi bộ Ủy ban nhân dân {commune.name}", people_committee),
        (third_name, third),
    ):
        size = rng.randint(5, len(posts))
        committee.children.append(
            Unit(
                name,
                "cell",
                posts=posts[:size],
                locality="commune",
                ethnic_mix=commune.ethnic_mix,
            )
        )
    return committee


def staff(title: str, count: int, kinds=CIVIL, category="provincial", gender=None) -> list[Post]:
    return [Post(title, kinds, category, gender, (25, 55)) for _ in range(count)]


def provincial_units() -> list[Unit]:
    party_agencies = Unit(
        "Đảng bộ các cơ quan Đảng tỉnh",
        "bloc_committee",
        locality="province",
        children=[
            Unit(
                "Chi bộ Văn phòng Tỉnh ủy",
                "grassroots_cell",
                locality="province",
                posts=[
                    Post("Bí thư Tỉnh ủy", LEADER, ages=(50, 58), heads=("province",)),
                    Post("Phó Bí thư Thường trực Tỉnh ủy", LEADER, ages=(48, 58)),
                    Post("Chánh Văn phòng Tỉnh ủy, Bí thư Chi bộ", LEADER, ages=(42, 56), heads=("own",)),
                    Post("Phó Chánh Văn phòng Tỉnh ủy", LEADER, ages=(38, 55)),
                    Post("Trưởng phòng Tổng hợp", CIVIL, ages=(35, 55)),
                    *staff("Chuyên viên Phòng Tổng hợp", 2),
                    *staff("Chuyên viên Phòng Hành chính - Lưu trữ", 1),
                ],
            ),
            Unit(
                "Chi bộ Ban Tuyên giáo và Dân vận Tỉnh ủy",
                "grassroots_cell",
                key="propaganda",
                locality="province",
                posts=[
                    Post("Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy", LEADER, "propaganda", ages=(45, 58)),
                    Post("Phó Trưởng ban, Bí thư Chi bộ", LEADER, "propaganda", ages=(40, 56), heads=("own",)),
                    Post("Phó Trưởng ban", LEADER, "propaganda", ages=(38, 56)),
                    Post("Trưởng phòng Tuyên truyền - Báo chí", CIVIL, "propaganda", ages=(35, 55)),
                    Post("Chuyên viên Phòng Tuyên truyền - Báo chí", CIVIL, "propaganda", ages=(28, 40), key="propaganda_officer"),
                    *staff("Chuyên viên Phòng Lý luận chính trị - Lịch sử Đảng", 2, category="propaganda"),
                    *staff("Chuyên viên Phòng Dân vận", 2, category="propaganda"),
                ],
            ),
            Unit(
                "Chi bộ Ban Tổ chức Tỉnh ủy",
                "grassroots_cell",
                locality="province",
                posts=[
                    Post("Trưởng Ban Tổ chức Tỉnh ủy", LEADER, ages=(45, 58)),
                    Post("Phó Trưởng ban, Bí thư Chi bộ", LEADER, ages=(40, 56), heads=("own",)),
                    Post("Trưởng phòng Tổ chức đảng - Đảng viên", CIVIL, ages=(35, 55)),
                    *staff("Chuyên viên Phòng Tổ chức đảng - Đảng viên", 2),
                    *staff("Chuyên viên Phòng Bảo vệ chính trị", 2),
                ],
            ),
            Unit(
                "Chi bộ Cơ quan Đảng ủy các cơ quan Đảng tỉnh",
                "grassroots_cell",
                locality="province",
                posts=[
                    Post("Bí thư Đảng ủy các cơ quan Đảng tỉnh", LEADER, ages=(45, 58), heads=("parent",)),
                    Post("Phó Bí thư Đảng ủy, Bí thư Chi bộ", LEADER, ages=(40, 56), heads=("own",)),
                    *staff("Chuyên viên Văn phòng Đảng ủy", 3),
                ],
            ),
        ],
    )  # fmt: skip
    government = Unit(
        "Đảng bộ Ủy ban nhân dân tỉnh",
        "bloc_committee",
        locality="province",
        children=[
            Unit(
                "Chi bộ Văn phòng Ủy ban nhân dân tỉnh",
                "grassroots_cell",
                locality="province",
                posts=[
                    Post("Chủ tịch Ủy ban nhân dân tỉnh, Bí thư Đảng ủy Ủy ban nhân dân tỉnh", LEADER, ages=(48, 58), heads=("parent",)),
                    Post("Chánh Văn phòng Ủy ban nhân dân tỉnh, Bí thư Chi bộ", LEADER, ages=(40, 56), heads=("own",)),
                    *staff("Chuyên viên Văn phòng Ủy ban nhân dân tỉnh", 4),
                ],
            ),
            Unit(
                "Đảng bộ Sở Giáo dục và Đào tạo",
                "grassroots_committee",
                locality="province",
                children=[
                    Unit(
                        "Chi bộ Văn phòng Sở Giáo dục và Đào tạo",
                        "cell",
                        locality="province",
                        posts=[
                            Post("Giám đốc Sở Giáo dục và Đào tạo, Bí thư Đảng ủy", LEADER, "school", ages=(45, 58), heads=("parent",)),
                            Post("Chánh Văn phòng Sở, Bí thư Chi bộ", CIVIL, "school", ages=(38, 55), heads=("own",)),
                            *staff("Chuyên viên Văn phòng Sở", 4, category="school"),
                        ],
                    ),
                    Unit(
                        "Chi bộ Phòng Giáo dục phổ thông",
                        "cell",
                        locality="province",
                        posts=[
                            Post("Trưởng phòng Giáo dục phổ thông, Bí thư Chi bộ", CIVIL, "school", ages=(40, 56), heads=("own",)),
                            Post("Phó Trưởng phòng Giáo dục phổ thông", CIVIL, "school", ages=(35, 55)),
                            *staff("Chuyên viên Phòng Giáo dục phổ thông", 4, category="school"),
                        ],
                    ),
                ],
            ),
            Unit(
                "Đảng bộ Bệnh viện Đa khoa tỉnh",
                "grassroots_committee",
                locality="province",
                children=[
                    Unit(
                        "Chi bộ Khối Nội",
                        "cell",
                        locality="province",
                        posts=[
                            Post("Giám đốc Bệnh viện, Bí thư Đảng ủy", EMPLOYEE, "health", ages=(45, 58), heads=("parent",)),
                            Post("Trưởng khoa Nội tổng hợp, Bí thư Chi bộ", EMPLOYEE, "health", ages=(40, 56), heads=("own",)),
                            *staff("Bác sĩ", 3, EMPLOYEE, "health"),
                            *staff("Điều dưỡng", 3, EMPLOYEE, "health", "female"),
                        ],
                    ),
                    Unit(
                        "Chi bộ Khối Ngoại",
                        "cell",
                        locality="province",
                        posts=[
                            Post("Trưởng khoa Ngoại tổng hợp, Bí thư Chi bộ", EMPLOYEE, "health", ages=(40, 56), heads=("own",)),
                            *staff("Bác sĩ", 3, EMPLOYEE, "health"),
                            *staff("Điều dưỡng", 2, EMPLOYEE, "health"),
                            *staff("Kỹ thuật viên gây mê hồi sức", 1, EMPLOYEE, "health"),
                        ],
                    ),
                ],
            ),
        ],
    )  # fmt: skip
    non_party = ("civil_servant", "association_member")
    front = Unit(
        "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Lào Cai",
        "front",
        locality="province",
        posts=[
            Post("Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", LEADER, "front", ages=(48, 58), heads=("own",)),
            Post("Phó Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", LEADER, "front", ages=(42, 58)),
            Post("Trưởng ban Dân chủ - Pháp luật", CIVIL, "front", ages=(38, 56)),
            *staff("Chuyên viên Ban Phong trào", 2, category="front"),
        ],
        children=[
            Unit(
                "Hội Nông dân tỉnh Lào Cai",
                "mass_organization",
                locality="province",
                posts=[
                    Post("Chủ tịch Hội Nông dân tỉnh", LEADER, "front", ages=(45, 58), heads=("own",)),
                    Post("Phó Chủ tịch Hội Nông dân tỉnh", LEADER, "front", ages=(40, 58)),
                    *staff("Chuyên viên Ban Kinh tế - Xã hội", 2, non_party, "front"),
                ],
            ),
            Unit(
                "Hội Liên hiệp Phụ nữ tỉnh Lào Cai",
                "mass_organization",
                locality="province",
                posts=[
                    Post("Chủ tịch Hội Liên hiệp Phụ nữ tỉnh", LEADER, "front", "female", (42, 56), heads=("own",)),
                    Post("Phó Chủ tịch Hội Liên hiệp Phụ nữ tỉnh", LEADER, "front", "female", (38, 56)),
                    *staff("Chuyên viên Ban Gia đình - Xã hội", 2, non_party, "front", "female"),
                ],
            ),
            Unit(
                "Tỉnh đoàn Lào Cai",
                "mass_organization",
                locality="province",
                posts=[
                    Post("Bí thư Tỉnh đoàn", ("party_member", "cadre", "union_member"), "front", ages=(30, 38), heads=("own",)),
                    Post("Phó Bí thư Tỉnh đoàn", ("party_member", "cadre", "union_member"), "front", ages=(28, 35)),
                    *[Post("Chuyên viên Ban Phong trào", ("civil_servant", "union_member"), "front", ages=(24, 30)) for _ in range(3)],
                ],
            ),
        ],
    )  # fmt: skip
    return [party_agencies, government, front]
