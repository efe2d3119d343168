"""Helpers for the page tests: a client logged in as one of the world's users, and the
commitment of dangvien1 registered through the service."""

import pytest
from django.utils import timezone

from ct05.commitments import services as commitment_services

YEAR = timezone.localdate().year
DEEDS = [
    {"title": "Giúp đỡ hộ nghèo trong thôn", "description": "Mỗi quý một lần"},
    {"title": "Tuyên truyền bỏ hủ tục", "description": ""},
    {"title": "Trồng cây xanh ở nhà văn hóa", "description": "Trước tháng 6"},
]


@pytest.fixture
def commitment(world):
    """dangvien1's commitment for this year, submitted, with three deeds."""
    return commitment_services.create_commitment(
        user=world.dangvien1,
        person=world.dangvien1.person,
        year=YEAR,
        deeds=DEEDS,
        pledge="Gương mẫu, đoàn kết, giúp đỡ bà con",
    )


def text(response) -> str:
    return response.content.decode()
