"""Whatever a user sends, the answer is never a 500 and never a half-written record."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ct05.commitments.models import Commitment, Deed
from ct05.meetings.models import Meeting, MeetingAttendance
from ct05.organizations.models import OrganizationLink
from ct05.people.models import Person
from ct05.ratings.models import Rating
from ct05.reorganizations.models import Reorganization
from ct05.study.models import Reflection, StudySession, Topic

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**63), 2**63),
    st.integers(-2, 40),  # ids that exist
    st.integers(2014, 2030),  # years
    st.text(max_size=30),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(["2026-13-01", "9999-12-31", "2025-03-03", "good", "regular", "kinh"]),
)
attendance = st.lists(
    st.fixed_dictionaries({"person": st.integers(-1, 40)}, optional={"present": st.booleans()}),
    max_size=5,
)
deeds = st.lists(st.fixed_dictionaries({"title": st.text(max_size=5)}), max_size=5)
values = (
    st.recursive(
        scalars,
        lambda inner: (
            st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
        ),
        max_leaves=10,
    )
    | attendance
    | deeds
)
fields = {
    "/api/commitments/": ["person", "year", "deeds", "pledge"],
    "/api/people/": ["full_name", "gender", "organization", "kinds", "ethnic_group", "birth_date"],
    "/api/ratings/": [
        "person",
        "subject_organization",
        "year",
        "level",
        "scores",
        "period_kind",
        "quarter",
        "scheme",
        "criterion_scores",
        "tasks_total",
        "tasks_on_time",
        "tasks_exceeding",
        "disciplined",
    ],
    "/api/meetings/": [
        "organization",
        "date",
        "kind",
        "directive05",
        "attendance",
        "minutes",
        "dues_collected",
        "dues_amount",
        "next_month_tasks",
    ],
    "/api/study-sessions/": ["organization", "date", "kind", "topic", "attendance"],
    "/api/reflections/": ["session", "person", "received", "received_at", "grade", "text"],
    "/api/topics/": ["organization", "year", "title"],
    "/api/reorganizations/": ["kind", "effective", "sources", "target", "targets", "name"],
}
RECORDS = [
    Reorganization,
    OrganizationLink,
    Commitment,
    Deed,
    Person,
    Rating,
    Meeting,
    MeetingAttendance,
    StudySession,
    Reflection,
    Topic,
]


@pytest.mark.parametrize("endpoint", list(fields))
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_random_bodies_never_cause_a_500(world, endpoint, data):
    body = data.draw(st.fixed_dictionaries({}, optional={k: values for k in fields[endpoint]}))
    counts = [model.objects.count() for model in RECORDS]

    response = world.api(world.bithu1).post(endpoint, body, format="json")

    assert response.status_code < 500, (body, response.content)
    if response.status_code >= 400:
        assert counts == [model.objects.count() for model in RECORDS]


@pytest.mark.parametrize(
    "query",
    [
        "year=-1",
        "year=99999999999999999999",
        "organization=-5",
        "organization=1e9",
        "organization=%00",
        "page=abc",
        "q=%25%25%25",
        "tree=%00",
        "tree=yesterday",
    ],
)
@pytest.mark.parametrize(
    "endpoint",
    [
        "/api/commitments/",
        "/api/people/",
        "/api/ratings/",
        "/api/organizations/",
        "/api/reports/directive05/",
        "/api/reports/filed/",
        "/api/meetings/",
        "/api/study-sessions/",
        "/api/reflections/",
        "/api/topics/",
        "/api/reorganizations/",
    ],
)
def test_odd_query_strings_are_never_a_500(world, endpoint, query):
    response = world.api(world.bithu1).get(f"{endpoint}?{query}")
    assert response.status_code < 500, response.content


@pytest.mark.parametrize("endpoint", list(fields))
def test_an_empty_json_body_is_a_400_in_vietnamese(world, endpoint):
    response = world.api(world.bithu1).post(
        endpoint, "null", content_type="application/json", HTTP_ACCEPT_LANGUAGE="vi"
    )
    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["Không có dữ liệu: hãy gửi các trường dưới dạng JSON hoặc biểu mẫu."]
    }
