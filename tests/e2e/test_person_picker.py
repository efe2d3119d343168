"""On a phone, a cell secretary records an award for one of hundreds of members: typing part of
the name without diacritics brings the matches (htmx), one is chosen, the award is saved."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ct05.people.models import Membership, Person
from ct05.recognition.models import Award

from .conftest import PHONE
from .test_commitment_flow import log_in


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_secretary_finds_the_person_to_award_by_typing_the_name(live_server, world_tx, phone):
    world, page, base = world_tx, phone, live_server.url
    script_errors = []
    page.on("pageerror", lambda error: script_errors.append(str(error)))
    people = Person.objects.bulk_create(
        Person(**Person.derived_fields(f"Giàng A Vừ {i}"), gender="male") for i in range(300)
    )
    Membership.objects.bulk_create(
        Membership(person=p, organization=world.cell_a1, valid_from=datetime.date(2020, 1, 1))
        for p in people
    )

    log_in(page, base, "bithu1")
    page.goto(base + "/models/awards/new/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ghi khen thưởng")
    expect(page.locator(".person-picker button.find")).to_be_hidden()  # htmx finds as one types
    page.get_by_label("Cá nhân").check()
    page.get_by_label("Người", exact=True).press_sequentially("giang a vu 123")
    choice = page.get_by_label("Giàng A Vừ 123")
    expect(choice).to_be_visible()
    expect(page.locator(".picker-options input[type=radio]")).to_have_count(1)
    choice.check()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.get_by_label("Số quyết định").fill("15-QĐ/ĐU")
    page.get_by_label("Ngày quyết định").fill(timezone.localdate().isoformat())
    page.get_by_label("Lý do").fill("Có thành tích trong phong trào")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".messages")).to_contain_text("Đã ghi khen thưởng")
    assert Award.objects.get().person.full_name == "Giàng A Vừ 123"
    assert script_errors == []
