"""Free text has a limit said on the form and kept everywhere (pages, API, services), and a
person's dates are ones a person can have: born from 1900, admitted to the Party at 18 or older
and not in the future. Too long a text is refused with a message, never cut short."""

import datetime

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from ct05.commitments import services as commitment_services
from ct05.commitments.models import Commitment, Deed, ProgressNote
from ct05.meetings.models import Meeting
from ct05.people.models import Person
from ct05.people.services import create_person

from .conftest import DEEDS, YEAR, text

pytestmark = pytest.mark.django_db
VI = {"HTTP_ACCEPT_LANGUAGE": "vi"}
TODAY = timezone.localdate()


def logged_in(client, user):
    client.force_login(user)
    return client


def test_the_pledge_form_says_its_limit_and_refuses_a_longer_one(client, world):
    url = reverse("my-commitment")
    page = logged_in(client, world.dangvien1).get(url, **VI)
    assert "Tối đa 5.000 ký tự." in text(page)

    data = {"pledge": "x" * 5001, "deed_title": [d["title"] for d in DEEDS]}
    response = client.post(url, data, **VI)

    assert response.status_code == 200
    assert "errorlist" in text(response)  # Django's "at most 5000 characters (it has 5001)"
    assert not Commitment.objects.exists()


def test_a_deed_title_past_300_is_refused_naming_the_deed_not_cut(client, world):
    data = {"pledge": "Gương mẫu", "deed_title": ["Một", "y" * 301, "Ba"]}
    response = logged_in(client, world.dangvien1).post(reverse("my-commitment"), data, **VI)
    assert response.status_code == 200
    assert "Việc làm thứ 2 quá dài: tối đa 300 ký tự" in text(response)
    assert not Deed.objects.exists()


def test_the_service_refuses_a_long_deed_description(world):
    deeds = [*DEEDS[:2], {"title": "Trồng cây", "description": "z" * 2001}]
    with pytest.raises(ValidationError) as refused:
        commitment_services.create_commitment(
            user=world.dangvien1, person=world.dangvien1.person, year=YEAR, deeds=deeds
        )
    assert "deeds" in refused.value.message_dict
    assert not Commitment.objects.exists()


def test_the_api_refuses_a_long_pledge(world):
    body = {
        "person": world.dangvien1.person.pk,
        "year": YEAR,
        "pledge": "x" * 5001,
        "deeds": [{"title": d["title"]} for d in DEEDS],
    }
    response = world.api(world.dangvien1).post("/api/commitments/", body, format="json")
    assert response.status_code == 400
    assert "pledge" in response.json()
    assert not Commitment.objects.exists()


def test_a_long_progress_note_is_refused_on_the_form(client, world, commitment):
    deed = commitment.deeds.first()
    response = logged_in(client, world.dangvien1).post(
        reverse("commitment-progress", args=[commitment.pk]),
        {"deed": deed.pk, "date": TODAY.isoformat(), "text": "n" * 2001},
        **VI,
    )
    assert response.status_code == 200
    assert not ProgressNote.objects.exists()


def test_the_service_refuses_a_long_progress_note(world, commitment):
    with pytest.raises(ValidationError) as refused:
        commitment_services.add_progress_note(
            user=world.dangvien1, deed=commitment.deeds.first(), date=TODAY, text="n" * 2001
        )
    assert "text" in refused.value.message_dict


def test_the_api_refuses_minutes_past_20000_characters(world):
    body = {
        "organization": world.cell_a1.pk,
        "date": (TODAY - datetime.timedelta(days=2)).isoformat(),
        "kind": "regular",
        "minutes": "m" * 20_001,
        "attendance": [{"person": p.pk, "present": True} for p in world.people_a1],
    }
    response = world.api(world.bithu1).post("/api/meetings/", body, format="json")
    assert response.status_code == 400
    assert "minutes" in response.json()
    assert not Meeting.objects.exists()


def test_a_long_absence_reason_is_refused_not_cut(world):
    absent, *present = world.people_a1
    body = {
        "organization": world.cell_a1.pk,
        "date": (TODAY - datetime.timedelta(days=2)).isoformat(),
        "kind": "regular",
        "attendance": [
            {"person": absent.pk, "present": False, "absence_reason": "r" * 201},
            *({"person": p.pk, "present": True} for p in present),
        ],
    }
    response = world.api(world.bithu1).post("/api/meetings/", body, format="json")
    assert response.status_code == 400
    assert not Meeting.objects.exists()


def test_a_long_rating_note_is_refused_by_the_api(world):
    body = {"person": world.dangvien1.person.pk, "year": YEAR, "level": "good", "note": "n" * 2001}
    response = world.api(world.dangvien1).post("/api/ratings/", body, format="json")
    assert response.status_code == 400
    assert "note" in response.json()


# -- a person's dates ---------------------------------------------------------------------------


def person(world, **dates):
    return create_person(
        full_name="Lò Thị Thử", gender="female", organization=world.cell_a1, **dates
    )


@pytest.mark.parametrize(
    ("dates", "field", "message"),
    [
        ({"birth_date": datetime.date(1899, 12, 31)}, "birth_date", "trước ngày 01/01/1900"),
        ({"birth_date": TODAY + datetime.timedelta(days=1)}, "birth_date", "ở tương lai"),
        (
            {"party_admission_date": TODAY + datetime.timedelta(days=1)},
            "party_admission_date",
            "Ngày vào Đảng không được ở tương lai.",
        ),
        (
            {
                "birth_date": datetime.date(2000, 6, 15),
                "party_admission_date": datetime.date(2018, 6, 14),
            },
            "party_admission_date",
            "phải đủ 18 tuổi",
        ),
    ],
)
def test_dates_a_person_cannot_have_are_refused_naming_the_field(world, dates, field, message):
    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        person(world, **dates)
    assert message in " ".join(refused.value.message_dict[field])
    assert not Person.objects.filter(full_name="Lò Thị Thử").exists()


def test_admitted_on_the_eighteenth_birthday_is_accepted(world):
    found = person(
        world, birth_date=datetime.date(2000, 2, 29), party_admission_date=datetime.date(2018, 3, 1)
    )
    assert found.pk


def test_the_api_refuses_an_admission_before_eighteen_on_the_field(world):
    response = world.api(world.bithu1).post(
        "/api/people/",
        {
            "full_name": "Sùng Thị Mỷ",
            "gender": "female",
            "organization": world.cell_a1.pk,
            "birth_date": "2000-03-02",
            "party_admission_date": "2010-03-02",
        },
        format="json",
        HTTP_ACCEPT_LANGUAGE="vi",
    )
    assert response.status_code == 400
    assert "phải đủ 18 tuổi" in response.json()["party_admission_date"][0]


def test_the_admin_refuses_an_admission_in_the_future(rf, world):
    person_ = world.people_a1[0]
    request = rf.get("/admin/")
    request.user = world.admin
    form_class = admin.site._registry[Person].get_form(request, person_)
    data = {
        "full_name": person_.full_name,
        "gender": person_.gender,
        "party_admission_date": (TODAY + datetime.timedelta(days=30)).strftime("%d/%m/%Y"),
    }
    with translation.override("vi"):
        form = form_class(data, instance=person_)
        assert not form.is_valid()
        assert form.errors["party_admission_date"] == ["Ngày vào Đảng không được ở tương lai."]
