"""The rating schemes are kept by each process (``ct05.ratings.schemes``): read once, read again
when a change of their rows is announced, and read from the database inside the transaction
that changes them. The member's year page, the most frequent page, reads none of their rows
while they are kept."""

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ct05.ratings import generation, schemes, services
from ct05.ratings.models import Level, RatingScheme, ScoreThreshold


def _scheme_queries(captured) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if "ratings_" in q["sql"]]


def _excellent_band(year: int = 2026) -> ScoreThreshold:
    scheme = services.default_scheme(year)
    return next(b for b in schemes.parts_of(scheme).bands if b.level == Level.EXCELLENT)


def _as_if_committed():
    """What follows the test's setup committing (its changes announced): the transaction the
    test runs in never commits."""
    for _savepoints, callback, _robust in list(connection.run_on_commit):
        if isinstance(callback, generation._Announcement):
            callback()
            connection.run_on_commit.remove((_savepoints, callback, _robust))
    generation._Announcement()()


def test_the_schemes_are_read_once_and_again_when_a_change_is_announced(db):
    _as_if_committed()
    band = _excellent_band()
    assert band.min_score == Decimal("90")
    with CaptureQueriesContext(connection) as kept:
        again = _excellent_band()
    assert again is band
    assert _scheme_queries(kept) == []  # kept: no query of the schemes' tables

    # Another process changes the band (a raw write: nothing announced here yet) ...
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {ScoreThreshold._meta.db_table} SET min_score = 91 WHERE id = %s", [band.pk]
        )
    assert _excellent_band().min_score == Decimal("90")  # still the kept one
    # ... and announces it as its transaction commits: every process reads them again.
    generation._Announcement()()
    assert _excellent_band().min_score == Decimal("91")


def test_the_transaction_that_changes_a_scheme_reads_its_own_change(
    db, django_capture_on_commit_callbacks
):
    band = _excellent_band()
    changed = ScoreThreshold.objects.get(pk=band.pk)
    changed.min_score = Decimal("88")
    with django_capture_on_commit_callbacks() as announced:
        changed.save()
    assert len(announced) == 1  # the new generation, once it commits
    assert _excellent_band().min_score == Decimal("88")
    assert band.min_score == Decimal("90")  # the kept rows are not changed under a reader


def test_the_years_in_force_changed_in_bulk_are_seen(db):
    assert services.default_scheme(2025).code == "qd366"
    RatingScheme.objects.filter(code="qd124").update(to_year=2025)
    RatingScheme.objects.filter(code="qd366").update(from_year=2026)
    assert services.default_scheme(2025).code == "qd124"


def test_the_members_year_reads_no_scheme_row_while_they_are_kept(client, world):
    _as_if_committed()
    client.force_login(world.dangvien1)
    url = reverse("my-commitment")
    first = client.get(url)
    assert "score_general" in first.text  # the 100-point self-assessment of Quy định 366
    with CaptureQueriesContext(connection) as second:
        page = client.get(url)
    assert page.status_code == 200
    assert "score_general" in page.text
    assert [q for q in _scheme_queries(second) if "ratings_rating" not in q] == []
