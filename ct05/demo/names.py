"""Plausible Vietnamese names by ethnic group, for the demo and the synthetic province.

Each group names people its own way: Kinh "Nguyễn Thị Thu Hương"; Mông "Giàng A Vừ", "Sùng Thị
Mỷ" (the middle word "A"/"Seo" for men, "Thị" for women); Dao "Tẩn Láo Lở", "Tẩn Tả Mẩy"; Thái
"Lò Văn Biên", "Cầm Thị Ơn". The lists are reference data for generated people, not a claim
about any real person.
"""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class NameStyle:
    families: tuple[str, ...]
    male_middles: tuple[str, ...]
    female_middles: tuple[str, ...]
    male_given: tuple[str, ...]
    female_given: tuple[str, ...]


STYLES: dict[str, NameStyle] = {
    "kinh": NameStyle(
        families=(
            "Nguyễn", "Nguyễn", "Nguyễn", "Trần", "Trần", "Lê", "Lê", "Phạm", "Hoàng", "Vũ",
            "Đỗ", "Bùi", "Đặng", "Ngô", "Dương", "Lý", "Đinh", "Phan", "Trịnh", "Đào",
        ),
        male_middles=("Văn", "Văn", "Đức", "Minh", "Quang", "Hữu", "Xuân", "Thanh", "Công", "Mạnh", "Tiến"),
        female_middles=("Thị", "Thị", "Thị", "Thị Thu", "Thị Ngọc", "Thu", "Ngọc", "Thanh", "Kim", "Phương"),
        male_given=(
            "Hùng", "Dũng", "Tuấn", "Cường", "Hải", "Long", "Thắng", "Sơn", "Tùng", "Hiếu",
            "Quân", "Nam", "Bình", "Khánh", "Trung", "Đạt", "Huy", "Phong", "Thành", "Lâm",
        ),
        female_given=(
            "Lan", "Hoa", "Hương", "Hằng", "Thủy", "Ngọc", "Trang", "Linh", "Huyền", "Mai",
            "Yến", "Nhung", "Thảo", "Hạnh", "Loan", "Dung", "Hà", "Vân", "Quỳnh", "Anh",
        ),
    ),
    "tay": NameStyle(
        families=("Hoàng", "Nông", "Lương", "Ma", "Hà", "Lục", "Đinh", "Vi", "Triệu", "La", "Hà"),
        male_middles=("Văn", "Văn", "Văn", "Đình", "Đức"),
        female_middles=("Thị", "Thị", "Thị", "Thị Thu"),
        male_given=(
            "Pản", "Tuyên", "Thành", "Khiêm", "Chiến", "Lợi", "Thuận", "Sinh", "Vượng", "Hưng",
            "Quyết", "Thịnh", "Kiên",
        ),
        female_given=("Mến", "Dung", "Nhàn", "Thơm", "Lụa", "Hiền", "Duyên", "Liên", "Tuyết", "Xuyến"),
    ),
    "thai": NameStyle(
        families=("Lò", "Lò", "Lường", "Cầm", "Quàng", "Điêu", "Hà", "Tòng", "Lù", "Vì"),
        male_middles=("Văn", "Văn", "Văn", "Chính"),
        female_middles=("Thị",),
        male_given=("Pọm", "Biên", "Khánh", "Thoan", "Ún", "Piếng", "Chăm", "Xuân", "Tới", "Panh", "Hặc"),
        female_given=("Ơn", "Xiêng", "Pánh", "Ín", "Hom", "Ly", "Thoa", "Phương", "Lả", "Dung", "Ngọc"),
    ),
    "mong": NameStyle(
        families=(
            "Giàng", "Giàng", "Sùng", "Sùng", "Vàng", "Thào", "Lý", "Hầu", "Hảng", "Mùa",
            "Lầu", "Ly", "Cứ", "Sình", "Tráng",
        ),
        male_middles=("A", "A", "A", "Seo", "Seo", "Văn", "Chứ"),
        female_middles=("Thị",),
        male_given=(
            "Vừ", "Páo", "Chư", "Dính", "Tủa", "Sình", "Lử", "Chá", "Pó", "Dìa", "Phử",
            "Chúng", "Sử", "Lềnh", "Thào", "Khua",
        ),
        female_given=("Mỷ", "Mai", "Dợ", "Sua", "Chua", "Dế", "Pà", "Say", "Máy", "Chở", "Lan", "Súa"),
    ),
    "dao": NameStyle(
        families=("Triệu", "Bàn", "Đặng", "Lý", "Tẩn", "Tẩn", "Chảo", "Phùng", "Lò"),
        male_middles=("Văn", "Văn", "Láo", "Láo", "Tòn", "Seo"),
        female_middles=("Thị", "Thị", "Tả"),
        male_given=("Lở", "Sử", "Tả", "Chòi", "Phin", "Quẩy", "Kiềm", "Sài", "Vần", "Chàn", "Phú"),
        female_given=("Mẩy", "Chài", "Xuân", "Mây", "Dần", "Sành", "Mai", "Phây", "Chiêu", "Nhất"),
    ),
    "nung": NameStyle(
        families=("Nông", "Hoàng", "Lục", "Vi", "Chu", "Lù", "Nùng", "Vàng"),
        male_middles=("Văn", "Văn", "Văn", "Seo"),
        female_middles=("Thị",),
        male_given=("Pao", "Sáng", "Tính", "Quang", "Sìn", "Phìn", "Cường", "Dín", "Thèn", "Lùng"),
        female_given=("Thắm", "Sỉnh", "Mai", "Lìn", "Hoa", "Pạ", "Lý", "Sến", "Vàng"),
    ),
    "giay": NameStyle(
        families=("Sần", "Lù", "Hoàng", "Vương", "Lồ", "Ma", "Lục"),
        male_middles=("Văn", "Văn", "Seo"),
        female_middles=("Thị",),
        male_given=("Chứ", "Lâm", "Tếnh", "Phùng", "Sành", "Thắng", "Dền", "Sơn", "Khé"),
        female_given=("Sinh", "Tuyết", "Thịnh", "Vượng", "Dung", "Lụa", "Chiên"),
    ),
}  # fmt: skip


class NameMaker:
    """Draws names from ``rng``; avoids repeating a name while it can (a demo reads better)."""

    def __init__(self, rng: random.Random, unique: bool = True):
        self.rng = rng
        self.unique = unique
        self.used: set[str] = set()

    def make(self, ethnic_code: str, gender: str) -> str:
        style = STYLES.get(ethnic_code, STYLES["kinh"])
        male = gender == "male"
        name = ""
        for _attempt in range(25 if self.unique else 1):
            name = " ".join(
                (
                    self.rng.choice(style.families),
                    self.rng.choice(style.male_middles if male else style.female_middles),
                    self.rng.choice(style.male_given if male else style.female_given),
                )
            )
            if name not in self.used:
                break
        if self.unique:
            self.used.add(name)
        return name


def weighted_choice(rng: random.Random, weights: dict[str, float]) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]
