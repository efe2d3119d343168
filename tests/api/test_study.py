import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ct05.study.models import Reflection, StudySession
from tests.files import PDF

YEAR = timezone.localdate().year
DAY = datetime.date(YEAR, 3, 15)


def topic(world, user=None, organization=None, title="Học tập và làm theo Bác về tự lực, tự cường"):
    return world.api(user or world.tuyengiao).post(
        "/api/topics/",
        {"organization": (organization or world.province).pk, "year": YEAR, "title": title},
        format="json",
    )


def session(world, user=None, organization=None, attendance=None, **extra):
    organization = organization or world.cell_a1
    if attendance is None:
        attendance = [{"person": p.pk, "present": True} for p in world.people_a1[:3]]
        attendance.append(
            {"person": world.people_a1[3].pk, "present": False, "absence_reason": "Ốm"}
        )
    body = {
        "organization": organization.pk,
        "date": DAY.isoformat(),
        "kind": "study",
        "attendance": attendance,
        **extra,
    }
    return world.api(user or world.bithu1).post("/api/study-sessions/", body, format="json")


def test_the_provinces_topic_is_inherited_by_a_cells_session(world):
    assert topic(world).status_code == 201
    response = session(world)
    assert response.status_code == 201, response.content
    assert response.json()["topic_title"] == "Học tập và làm theo Bác về tự lực, tự cường"


def test_a_committees_own_topic_overrides_the_province(world):
    topic(world)
    topic(world, user=world.dangbo_a, organization=world.commune_a, title="Chuyên đề riêng")
    assert session(world).json()["topic_title"] == "Chuyên đề riêng"
    report = (
        world.api(world.bithu2)
        .get(f"/api/reports/directive05/?organization={world.cell_b1.pk}&year={YEAR}")
        .json()
    )
    assert report["study"]["topic"] == "Học tập và làm theo Bác về tự lực, tự cường"


def test_a_secretary_cannot_set_the_provinces_topic(world):
    assert topic(world, user=world.bithu1).status_code == 404


def test_attendance_only_from_the_units_members(world):
    response = session(world, attendance=[{"person": world.people_b1[1].pk}])
    assert response.status_code == 400
    assert not StudySession.objects.exists()


def test_a_committee_session_takes_attendees_from_its_whole_subtree(world):
    attendance = [{"person": p.pk} for p in world.people_a1 + world.people_a2]
    response = session(
        world,
        user=world.dangbo_a,
        organization=world.commune_a,
        attendance=attendance,
        kind="dissemination",
    )
    assert response.status_code == 201, response.content
    assert len(response.json()["attendance"]) == 6


def test_reflections_received_count_in_the_report(world):
    created = session(world).json()
    client = world.api(world.bithu1)
    for person in world.people_a1[:2]:
        response = client.post(
            "/api/reflections/",
            {
                "session": created["id"],
                "person": person.pk,
                "received": True,
                "grade": "good",
            },
            format="json",
        )
        assert response.status_code == 201, response.content

    study = client.get(
        f"/api/reports/directive05/?organization={world.cell_a1.pk}&year={YEAR}"
    ).json()["study"]

    assert (study["sessions"], study["attendances"], study["reflections"]) == (1, 3, 2)
    assert study["reflected_pct"] == 66.7


def test_an_absent_person_has_no_reflection_to_hand_in(world):
    created = session(world).json()
    response = world.api(world.bithu1).post(
        "/api/reflections/",
        {
            "session": created["id"],
            "person": world.people_a1[3].pk,
            "received": True,
        },
        format="json",
    )
    assert response.status_code == 400
    assert not Reflection.objects.exists()


def test_a_reflection_file_is_type_checked_and_served_only_in_scope(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    created = session(world).json()
    client = world.api(world.bithu1)
    fake = SimpleUploadedFile("bai.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    exe = SimpleUploadedFile("bai.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    good = SimpleUploadedFile("bai.pdf", PDF, content_type="application/pdf")
    person = world.people_a1[0].pk

    for bad in (fake, exe):
        response = client.post(
            "/api/reflections/",
            {"session": created["id"], "person": person, "received": "true", "file": bad},
        )
        assert response.status_code == 400, response.content
    assert not Reflection.objects.exists()

    response = client.post(
        "/api/reflections/",
        {"session": created["id"], "person": person, "received": "true", "file": good},
    )
    assert response.status_code == 201, response.content
    reflection = response.json()
    download = client.get(f"/api/reflections/{reflection['id']}/file/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert (
        world.api(world.bithu2).get(f"/api/reflections/{reflection['id']}/file/").status_code == 404
    )


def test_a_file_over_the_limit_is_refused_with_the_limit_in_the_message(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.CT05_UPLOAD_MAX_BYTES = 1024
    created = session(world).json()
    big = SimpleUploadedFile("bai.pdf", PDF + b"0" * 2048, content_type="application/pdf")
    response = world.api(world.bithu1).post(
        "/api/reflections/",
        {
            "session": created["id"],
            "person": world.people_a1[0].pk,
            "received": "true",
            "file": big,
        },
    )
    assert response.status_code == 400
    assert "MB" in str(response.json())


def test_sessions_of_another_subtree_are_404(world):
    created = session(world).json()
    assert world.api(world.bithu2).get(f"/api/study-sessions/{created['id']}/").status_code == 404
    listed = world.api(world.bithu2).get(f"/api/study-sessions/?year={YEAR}").json()
    assert listed["count"] == 0


def test_a_cell_does_not_set_a_topic(world):
    response = topic(world, user=world.bithu1, organization=world.cell_a1)
    assert response.status_code == 400
    assert "organization" in response.json()


def test_an_essay_stops_counting_when_its_writer_is_marked_absent(world):
    created = session(world).json()
    client = world.api(world.bithu1)
    writer = world.people_a1[0]
    client.post(
        "/api/reflections/",
        {"session": created["id"], "person": writer.pk, "received": True},
        format="json",
    )
    attendance = [{"person": p.pk, "present": p != writer} for p in world.people_a1]
    assert (
        client.patch(
            f"/api/study-sessions/{created['id']}/", {"attendance": attendance}, format="json"
        ).status_code
        == 200
    )

    study = client.get(
        f"/api/reports/directive05/?organization={world.cell_a1.pk}&year={YEAR}"
    ).json()["study"]

    assert (study["attendances"], study["reflections"]) == (3, 0)
