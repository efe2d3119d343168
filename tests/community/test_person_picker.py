"""The models' and awards' forms name a person through a search picker (htmx), not a select of
every member: the user's scope only, the chosen organization's members, diacritics ignored,
and a form that still works without JavaScript."""

import datetime

from django.utils import timezone

from ct05.people.models import Membership, Person
from ct05.recognition.models import Award, AwardForm, AwardIssuer

TODAY = timezone.localdate()
MANY = 120


def crowd(organization, count=MANY, name="Giàng A Vừ"):
    """``count`` members of ``organization`` called ``name 1`` … (bulk, as the importer does)."""
    people = Person.objects.bulk_create(
        Person(**Person.derived_fields(f"{name} {i}"), gender="male") for i in range(count)
    )
    Membership.objects.bulk_create(
        Membership(person=p, organization=organization, valid_from=datetime.date(2020, 1, 1))
        for p in people
    )
    return people


def award_data(world, person, **extra):
    return {
        "organization": world.cell_a1.pk,
        "form": AwardForm.objects.first().pk,
        "issuer": AwardIssuer.objects.first().pk,
        "decision_number": "12-QĐ/ĐU",
        "decision_date": TODAY.isoformat(),
        "recipient_kind": "individual",
        "person": "" if person is None else person.pk,
        "recipient_name": "",
        "reason": "Có thành tích",
        **extra,
    }


def test_the_award_form_loads_nobody_until_a_name_is_typed(client, world):
    people = crowd(world.cell_a1)
    client.force_login(world.bithu1)
    page = client.get("/models/awards/new/").content.decode()
    assert 'name="person_q"' in page and 'hx-get="/people/pick/' in page
    assert people[0].full_name not in page and "<option" not in page.split('name="person_q"')[1]


def test_the_picker_finds_people_without_diacritics_within_the_scope_and_organization(
    client, world, django_assert_max_num_queries
):
    crowd(world.cell_a1)
    crowd(world.cell_b1, 3, name="Giàng Thị Mai")
    client.force_login(world.bithu1)
    with django_assert_max_num_queries(12):
        found = client.get(
            "/people/pick/",
            {"name": "person", "person_q": "giang a vu 1", "organization": world.cell_a1.pk},
        ).content.decode()
    assert "Giàng A Vừ 1" in found and "Giàng A Vừ 10" in found
    assert found.count('type="radio"') == 20  # the first twenty, and a word to narrow
    assert "gõ thêm" in found
    # bithu1 finds nobody of cell B1 (another subtree), whatever they type.
    outside = client.get("/people/pick/", {"name": "person", "person_q": "giang thi mai"})
    assert 'type="radio"' not in outside.content.decode()
    assert client.get("/people/pick/", {"organization": world.cell_b1.pk}).status_code == 404


def test_an_award_is_recorded_for_the_person_chosen_in_the_picker(client, world):
    people = crowd(world.cell_a1, 30)
    client.force_login(world.bithu1)
    response = client.post("/models/awards/new/", award_data(world, people[7]))
    assert response.status_code == 302
    assert Award.objects.get().person == people[7]
    # The award's form shows the person chosen, checked, and only them.
    page = client.get(f"/models/awards/{Award.objects.get().pk}/edit/").content.decode()
    assert f'value="{people[7].pk}" checked' in page
    assert page.count('type="radio" name="person"') == 1


def test_without_javascript_find_shows_the_people_found_and_saves_nothing(client, world):
    crowd(world.cell_a1, 5)
    client.force_login(world.bithu1)
    sent = award_data(world, None, person_q="giang a vu 3", person_find="1")
    page = client.post("/models/awards/new/", sent)
    assert page.status_code == 200 and "Giàng A Vừ 3" in page.content.decode()
    assert "Chọn người trong số những người tìm thấy." in page.content.decode()
    assert not Award.objects.exists()


def test_a_person_of_another_subtree_sent_to_the_form_is_refused(client, world):
    client.force_login(world.bithu1)
    page = client.post("/models/awards/new/", award_data(world, world.people_b1[1]))
    assert page.status_code == 200 and "person" in page.context["form"].errors
    assert not Award.objects.exists()
