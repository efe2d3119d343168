"""Study: the yearly topic inherited down the tree, sessions with attendance on one screen, and
the reflection essays of those present."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ct05.study import services as study_services
from ct05.study.models import Reflection, SessionAttendance, StudySession, Topic
from tests.files import PDF

from .conftest import YEAR, text

TOPIC = reverse("study-topic")
LIST = reverse("study-session-list")
CREATE = reverse("study-session-create")
TODAY = timezone.localdate()
DAY = TODAY - datetime.timedelta(days=2)
PROVINCE_TOPIC = "Học tập và làm theo Bác về tự lực, tự cường"


@pytest.fixture
def province_topic(world):
    return study_services.set_topic(
        user=world.tuyengiao, organization=world.province, year=YEAR, title=PROVINCE_TOPIC
    )


def session_data(world, organization=None, people=None, absent=None, **extra):
    organization = organization or world.cell_a1
    people = world.people_a1 if people is None else people
    absent = absent or {}
    data = {
        "organization": organization.pk,
        "date": DAY.strftime("%d/%m/%Y"),
        "kind": "study",
        "topic": "",
        "title": "Học tập chuyên đề năm",
        "location": "Nhà văn hóa thôn",
        "attendee": [p.pk for p in people],
        "present": [p.pk for p in people if p not in absent],
    }
    for person, reason in absent.items():
        data[f"reason-{person.pk}"] = reason
    data.update(extra)
    return data


@pytest.fixture
def session(world):
    """A study session of cell A1: three present, the fourth absent."""
    attendance = [{"person": p.pk} for p in world.people_a1[:3]]
    attendance.append({"person": world.people_a1[3].pk, "present": False, "absence_reason": "Ốm"})
    return study_services.record_session(
        user=world.bithu1, organization=world.cell_a1, date=DAY, kind="study", attendance=attendance
    )


# -- the topic ----------------------------------------------------------------------------------


def test_propaganda_officer_sets_the_provinces_topic(client, world):
    client.force_login(world.tuyengiao)
    page = text(client.get(TOPIC))
    assert "<h1>Chuyên đề học tập hằng năm</h1>" in page
    assert "Chưa có chuyên đề cho năm này" in page
    url = f"{TOPIC}?organization={world.province.pk}&year={YEAR}"
    response = client.post(url, {"title": PROVINCE_TOPIC, "description": "Kết luận 01-KL/TW"})
    assert response.status_code == 302
    topic = Topic.objects.get()
    assert (topic.organization, topic.year, topic.title) == (world.province, YEAR, PROVINCE_TOPIC)
    page = text(client.get(response["Location"]))
    assert "Đã lưu chuyên đề" in page and PROVINCE_TOPIC in page


def test_a_cell_sees_the_inherited_topic_and_cannot_set_one(client, world, province_topic):
    client.force_login(world.bithu1)
    page = text(client.get(TOPIC))
    assert PROVINCE_TOPIC in page
    assert "Kế thừa từ Tỉnh ủy Thử Nghiệm" in page
    assert 'name="title"' not in page
    url = f"{TOPIC}?organization={world.cell_a1.pk}&year={YEAR}"
    assert client.post(url, {"title": "Chuyên đề của chi bộ"}).status_code == 403
    assert Topic.objects.count() == 1


def test_a_committee_sets_its_own_topic_for_its_subtree(client, world, province_topic):
    client.force_login(world.dangbo_a)
    url = f"{TOPIC}?organization={world.commune_a.pk}&year={YEAR}"
    assert 'name="title"' in text(client.get(url))
    assert client.post(url, {"title": "Chuyên đề của xã A"}).status_code == 302
    cell = text(client.get(TOPIC, {"organization": world.cell_a1.pk, "year": YEAR}))
    assert "Chuyên đề của xã A" in cell and "Kế thừa từ Đảng ủy xã A" in cell
    client.force_login(world.tuyengiao)
    province = text(client.get(TOPIC, {"organization": world.province.pk, "year": YEAR}))
    assert "Chuyên đề của xã A" in province  # listed among the topics set below


def test_an_empty_title_is_shown_and_nothing_is_written(client, world):
    client.force_login(world.tuyengiao)
    response = client.post(f"{TOPIC}?organization={world.province.pk}&year={YEAR}", {"title": ""})
    assert response.status_code == 200
    assert "Trường này là bắt buộc" in text(response)
    assert not Topic.objects.exists()


def test_topic_of_another_subtree_is_404(client, world, province_topic):
    client.force_login(world.bithu2)
    assert client.get(TOPIC, {"organization": world.cell_a1.pk}).status_code == 404
    client.force_login(world.outsider)
    assert client.get(TOPIC).status_code == 404


# -- sessions -----------------------------------------------------------------------------------


def test_the_list_shows_the_cells_sessions_and_the_topic(client, world, province_topic, session):
    client.force_login(world.bithu1)
    page = text(client.get(LIST))
    assert "<h1>Buổi học tập, quán triệt</h1>" in page
    assert PROVINCE_TOPIC in page
    assert DAY.strftime("%d/%m/%Y") in page
    assert "Buổi học tập chuyên đề" in page
    assert "3 có mặt · 0 bài thu hoạch đã nhận" in page
    assert f"1 buổi năm {YEAR}" in page


def test_sibling_secretary_does_not_see_the_session(client, world, session):
    client.force_login(world.bithu2)
    page = text(client.get(LIST))
    assert f"0 buổi năm {YEAR}" in page
    assert client.get(reverse("study-session-detail", args=[session.pk])).status_code == 404
    assert client.get(reverse("study-session-attendance", args=[session.pk])).status_code == 404
    client.force_login(world.outsider)
    assert client.get(reverse("study-session-detail", args=[session.pk])).status_code == 404


def test_create_form_lists_the_members_ticked_with_the_inherited_topic(
    client, world, province_topic
):
    client.force_login(world.bithu1)
    page = text(client.get(CREATE))
    assert "<h1>Ghi buổi học tập</h1>" in page
    for person in world.people_a1:
        assert f'name="present" value="{person.pk}" checked' in page
    assert f'<option value="{province_topic.pk}" selected>' in page
    assert "Hội nghị quán triệt" in page and "Buổi học tập chuyên đề" in page


def test_record_a_session_with_attendance(client, world, province_topic):
    client.force_login(world.bithu1)
    absent = world.people_a1[1]
    response = client.post(CREATE, session_data(world, absent={absent: "Đi viện"}))
    assert response.status_code == 302, text(response)
    session = StudySession.objects.get()
    assert (session.organization, session.date, session.kind) == (world.cell_a1, DAY, "study")
    assert session.topic == province_topic  # inherited when none is chosen
    assert session.location == "Nhà văn hóa thôn"
    row = session.attendance.get(person=absent)
    assert (row.present, row.absence_reason) == (False, "Đi viện")
    page = text(client.get(response["Location"]))
    assert "Đã ghi buổi học tập" in page
    assert "3/4 có mặt" in page and "Đi viện" in page


def test_a_committee_session_lists_its_whole_subtree_by_unit(client, world):
    client.force_login(world.dangbo_a)
    page = text(client.get(CREATE, {"organization": world.commune_a.pk}))
    assert page.count('name="attendee"') == 6
    assert "Chi bộ thôn A2" in page.split('id="attendance"')[1]
    people = world.people_a1 + world.people_a2
    data = session_data(world, organization=world.commune_a, people=people, kind="dissemination")
    assert client.post(CREATE, data).status_code == 302
    assert SessionAttendance.objects.filter(present=True).count() == 6


@pytest.mark.parametrize(
    "extra, message",
    [
        (
            {"date": (TODAY + datetime.timedelta(days=1)).strftime("%d/%m/%Y")},
            "Ngày học tập không được ở tương lai.",
        ),
        ({"date": f"30/02/{YEAR}"}, "Nhập một ngày hợp lệ"),
        ({"kind": "party"}, "Hãy chọn một lựa chọn hợp lệ"),
    ],
)
def test_bad_input_is_shown_and_nothing_is_written(client, world, extra, message):
    client.force_login(world.bithu1)
    response = client.post(CREATE, session_data(world, **extra))
    assert response.status_code == 200
    assert message in text(response)
    assert not StudySession.objects.exists()


def test_a_non_member_is_refused_without_leaking_a_name(client, world):
    client.force_login(world.bithu1)
    stranger = world.people_b1[1]
    response = client.post(CREATE, session_data(world, people=[*world.people_a1, stranger]))
    assert response.status_code == 200
    page = text(response)
    assert f"Không phải thành viên của đơn vị vào ngày đó: #{stranger.pk}." in page
    assert stranger.full_name not in page
    assert not StudySession.objects.exists() and not SessionAttendance.objects.exists()


def test_an_organization_outside_the_scope_is_404(client, world):
    client.force_login(world.bithu2)
    assert client.get(CREATE, {"organization": world.cell_a1.pk}).status_code == 404
    assert client.post(CREATE, session_data(world)).status_code == 404
    assert not StudySession.objects.exists()


def test_member_may_not_record_a_session(client, world):
    client.force_login(world.dangvien1)
    assert client.get(CREATE).status_code == 403


def test_change_the_attendance_later(client, world, session):
    url = reverse("study-session-attendance", args=[session.pk])
    client.force_login(world.bithu1)
    page = text(client.get(url))
    assert f'name="present" value="{world.people_a1[3].pk}" checked' not in page
    assert 'value="Ốm"' in page
    data = {
        "attendee": [p.pk for p in world.people_a1],
        "present": [p.pk for p in world.people_a1],
    }
    assert client.post(url, data).status_code == 302
    assert session.attendance.filter(present=True).count() == 4
    data["attendee"].append(world.people_b1[0].pk)
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Không phải thành viên của đơn vị" in text(response)
    assert session.attendance.count() == 4


def test_a_list_kept_short_does_not_tick_the_members_it_left_out(client, world):
    # Recorded (through the API, say) with two of the cell's four members.
    session = study_services.record_session(
        user=world.bithu1,
        organization=world.cell_a1,
        date=DAY,
        kind="study",
        attendance=[{"person": p.pk} for p in world.people_a1[:2]],
    )
    url = reverse("study-session-attendance", args=[session.pk])
    client.force_login(world.bithu1)
    page = text(client.get(url))
    for person in world.people_a1[:2]:
        assert f'name="present" value="{person.pk}" checked' in page
    for person in world.people_a1[2:]:
        assert f'name="present" value="{person.pk}" checked' not in page

    # Saved as shown: still two present.
    data = {
        "attendee": [p.pk for p in world.people_a1],
        "present": [p.pk for p in world.people_a1[:2]],
    }
    assert client.post(url, data).status_code == 302
    assert session.attendance.filter(present=True).count() == 2


# -- reflections --------------------------------------------------------------------------------


def test_the_session_page_lists_those_present_for_their_essays(client, world, session):
    client.force_login(world.bithu1)
    page = text(client.get(reverse("study-session-detail", args=[session.pk])))
    reflections = page.split('id="reflections"')[1]
    for person in world.people_a1[:3]:
        assert f'id="reflection-{person.pk}"' in reflections
    assert f'id="reflection-{world.people_a1[3].pk}"' not in reflections
    assert "Chưa nhận" in reflections
    assert "0/3 đã nhận" in page


def test_mark_an_essay_received_with_a_grade_and_text(client, world, session):
    client.force_login(world.bithu1)
    person = world.people_a1[1]
    response = client.post(
        reverse("study-reflection", args=[session.pk]),
        {"person": person.pk, "received": "on", "grade": "good", "text": "Bài viết về tự lực"},
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#reflection-{person.pk}")
    reflection = Reflection.objects.get()
    assert (reflection.person, reflection.received, reflection.grade) == (person, True, "good")
    assert reflection.received_at == TODAY and reflection.received_by == world.bithu1
    page = text(client.get(reverse("study-session-detail", args=[session.pk])))
    assert "1/3 đã nhận" in page and "Bài viết về tự lực" in page and "Đã nhận" in page


def test_an_essay_file_is_served_through_the_scoped_view(
    client, world, session, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(world.bithu1)
    good = SimpleUploadedFile("bai.pdf", PDF, content_type="application/pdf")
    response = client.post(
        reverse("study-reflection", args=[session.pk]),
        {"person": world.people_a1[0].pk, "received": "on", "file": good},
    )
    assert response.status_code == 302
    reflection = Reflection.objects.get()
    url = reverse("study-reflection-file", args=[reflection.pk])
    page = text(client.get(reverse("study-session-detail", args=[session.pk])))
    assert url in page and "/media/" not in page
    download = client.get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    for user in (world.bithu2, world.outsider):
        client.force_login(user)
        assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "upload, message",
    [
        (("bai.pdf", b"MZ\x90\x00 not a pdf"), "Nội dung tệp không phải là tệp .pdf thật."),
        (("bai.exe", b"MZ\x90\x00"), "Không nhận loại tệp này"),
    ],
)
def test_a_bad_file_is_refused_on_the_form(
    client, world, session, settings, tmp_path, upload, message
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(world.bithu1)
    person = world.people_a1[0]
    response = client.post(
        reverse("study-reflection", args=[session.pk]),
        {"person": person.pk, "received": "on", "file": SimpleUploadedFile(*upload)},
    )
    assert response.status_code == 200
    block = text(response).split(f'id="reflection-{person.pk}"')[1].split("</article>")[0]
    assert message in block
    assert '<details class="note-form" open>' in block
    assert not Reflection.objects.exists()
    assert not any(tmp_path.rglob("*.*"))


def test_a_file_over_the_limit_names_the_limit(client, world, session, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.CT05_UPLOAD_MAX_BYTES = 1024
    client.force_login(world.bithu1)
    big = SimpleUploadedFile("bai.pdf", PDF + b"0" * 2048)
    response = client.post(
        reverse("study-reflection", args=[session.pk]),
        {"person": world.people_a1[0].pk, "received": "on", "file": big},
    )
    assert response.status_code == 200
    assert "giới hạn là 0,0 MB" in text(response) or "giới hạn là 0.0 MB" in text(response)
    assert not Reflection.objects.exists()


def test_an_absent_member_has_no_essay_to_hand_in(client, world, session):
    client.force_login(world.bithu1)
    response = client.post(
        reverse("study-reflection", args=[session.pk]),
        {"person": world.people_a1[3].pk, "received": "on"},
    )
    assert response.status_code == 200
    assert "Chỉ người đã tham dự buổi học tập mới viết bài thu hoạch." in text(response)
    assert not Reflection.objects.exists()


def test_sibling_secretary_cannot_record_an_essay(client, world, session):
    client.force_login(world.bithu2)
    response = client.post(
        reverse("study-reflection", args=[session.pk]),
        {"person": world.people_a1[0].pk, "received": "on"},
    )
    assert response.status_code == 404
    assert not Reflection.objects.exists()


def test_report_shows_the_study_figures(client, world, province_topic, session):
    study_services.record_reflection(
        user=world.bithu1, session=session, person=world.people_a1[0], grade="good"
    )
    client.force_login(world.dangbo_a)
    page = text(client.get(reverse("report-directive05"), {"organization": world.commune_a.pk}))
    assert f'<span id="fig-topic">{PROVINCE_TOPIC}</span>' in page
    assert '<dd id="fig-sessions">1</dd>' in page
    assert '<dd id="fig-attendances">3</dd>' in page
    assert '<dd id="fig-reflections">1</dd>' in page
    assert '<dd id="fig-reflected-pct">33,3%</dd>' in page
    row = page.split("Chi bộ thôn A1</a>")[1].split("</tr>")[0]
    assert '<td class="num">33,3%</td>' in row


def test_list_and_session_page_do_not_grow_with_the_rows(client, world, session):
    def queries(url) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    client.force_login(world.dangbo_a)
    detail = reverse("study-session-detail", args=[session.pk])
    # One essay first: the page's change history then reads each kind of row it names once.
    study_services.record_reflection(user=world.bithu1, session=session, person=world.people_a1[0])
    before = (queries(LIST), queries(detail))
    for person in world.people_a1[1:3]:
        study_services.record_reflection(user=world.bithu1, session=session, person=person)
    people = world.people_a1 + world.people_a2
    study_services.record_session(
        user=world.dangbo_a,
        organization=world.commune_a,
        date=DAY,
        kind="dissemination",
        attendance=[{"person": p.pk} for p in people],
    )
    assert (queries(LIST), queries(detail)) == before
