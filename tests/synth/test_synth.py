"""``ct05 synth`` and ``ct05 bench``: the synthetic province for load tests and the benchmark."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from ct05.accounts.models import User
from ct05.commitments.models import Commitment, CommitmentStatus, Deed
from ct05.core.text import fold
from ct05.demo.bench import PAGES, format_result, run_bench
from ct05.demo.synth import build_synthetic, synth_root
from ct05.organizations.models import Organization, OrganizationKind, OrganizationLink
from ct05.organizations.models import OrganizationKind as K
from ct05.people.models import Membership, Person
from ct05.ratings.models import Level, Rating, RatingChange, RatingStatus
from ct05.reports.selectors import directive05_report
from tests.factories import OrganizationFactory, PersonFactory

pytestmark = pytest.mark.django_db

N = 300
LAST_YEAR = timezone.localdate().year - 1


def snapshot(root: Organization) -> dict:
    """What a user would see of the province: its tree, its people, their ratings."""
    subtree = Organization.objects.filter(path__startswith=root.path)
    people = Person.objects.filter(memberships__organization__in=subtree)
    return {
        "tree": list(subtree.order_by("path").values_list("path", "name", "kind")),
        "people": list(
            people.order_by("memberships__organization__path", "pk").values_list(
                "full_name", "gender", "birth_date", "ethnic_group__code", "position"
            )
        ),
        "levels": list(
            Rating.objects.filter(organization__in=subtree)
            .order_by("organization__path", "person__memberships__organization__path", "pk")
            .values_list("level", "score")
        ),
        "commitments": Commitment.objects.filter(organization__in=subtree).count(),
        "deeds": Deed.objects.filter(commitment__organization__in=subtree).count(),
    }


def build_and_forget(members: int, seed: int) -> dict:
    with transaction.atomic():
        root, built = build_synthetic(members=members, seed=seed)
        assert built
        seen = snapshot(root)
        transaction.set_rollback(True)
    return seen


def test_the_same_seed_builds_the_same_province():
    first = build_and_forget(N, 7)
    again = build_and_forget(N, 7)
    assert first == again
    assert len(first["people"]) == N
    other = build_and_forget(N, 8)
    assert other["people"] != first["people"]


def test_the_tree_is_sound_beside_another_province():
    OrganizationFactory(name="Tỉnh ủy khác", kind=K.PROVINCIAL_COMMITTEE)
    root, _ = build_synthetic(members=N, seed=7)
    assert Organization.objects.find_problems() == ([], [], [], [], [])
    assert Organization.objects.filter(depth=1).count() == 2
    assert root.kind == OrganizationKind.PROVINCIAL_COMMITTEE
    assert root.name == f"Tỉnh tổng hợp (synth {N} seed 7)"
    subtree = Organization.objects.filter(path__startswith=root.path)
    for organization in subtree:
        link = OrganizationLink.objects.get(child=organization)
        assert link.parent == Organization.objects.get_parent(organization)
        assert organization.head_id is not None
    cells = subtree.filter(kind=OrganizationKind.CELL)
    sizes = [Membership.objects.filter(organization=cell).count() for cell in cells]
    assert min(sizes) >= 15 and max(sizes) <= 55
    assert sum(sizes) == N


def test_a_second_run_writes_nothing():
    root, built = build_synthetic(members=N, seed=7)
    people = Person.objects.count()
    out = StringIO()
    call_command("synth", members=N, seed=7, stdout=out)
    assert "already exists" in out.getvalue()
    assert Person.objects.count() == people
    assert synth_root(N, 7) == root


def test_the_report_counts_every_member():
    root, _ = build_synthetic(members=N, seed=7)
    report = directive05_report(organization=root, year=LAST_YEAR)
    assert report["commitments"]["people"] == N
    assert report["commitments"]["committed"] == N
    assert report["commitments"]["deeds_evaluated"] == report["commitments"]["deeds_registered"]
    assert report["ratings"]["members"]["unrated"] == 0
    assert report["ratings"]["organizations"]["unrated"] == 0
    this_year = directive05_report(organization=root, year=LAST_YEAR + 1)["commitments"]
    assert this_year["people"] == N
    assert 0.6 * N < this_year["committed"] < N
    assert this_year["deeds_evaluated"] == 0


def test_last_year_has_study_and_meetings_with_most_cells_at_the_norm():
    root, _ = build_synthetic(members=N, seed=7)
    report = directive05_report(organization=root, year=LAST_YEAR)
    study, meetings = report["study"], report["meetings"]
    assert study["topic"].startswith(f"Chuyên đề năm {LAST_YEAR}")
    # A conference per committee with everyone invited, a session per cell.
    committees = [c for c in report["children"] if not c["organization"]["own"]]
    assert study["sessions"] == meetings["cells"] + len(committees)
    assert 0.85 * 2 * N < study["attendances"] < 2 * N
    assert 0.5 * N < study["reflections"] < study["attendances"]
    cells = meetings["cells"]
    assert meetings["regular"] > 11 * cells * 0.95 and meetings["thematic"] > 3.5 * cells
    assert 0.7 * cells < meetings["cells_regular_norm"] < cells
    assert 0.7 * cells < meetings["cells_thematic_norm"] < cells


def test_every_register_of_the_report_has_figures_at_scale():
    """``ct05 synth`` builds plans, tasks, inspections, models, awards, activities, dialogues,
    petitions and indicators, so the benchmark times every section with rows to count."""
    root, _ = build_synthetic(members=N, seed=7)
    # The plans, tasks and inspections are this year's (the year under way).
    report = directive05_report(organization=root, year=LAST_YEAR + 1)
    assert report["plans"]["with_plan"] > 0 and report["plans"]["pressing_issues"] > 0
    assert report["plans"]["with_ethics_code"] > 0
    assert sum(figures["total"] for figures in report["tasks"].values()) > 0
    assert report["inspections"]["count"] > 0 and report["inspections"]["remediations"] > 0
    report = directive05_report(organization=root, year=LAST_YEAR)
    assert report["models"]["registered"] > 0 and report["awards"]["total"] > 0
    assert report["activities"]["count"] > 0 and report["activities"]["outputs"]
    assert report["dialogues"]["count"] > 0 and report["petitions"]["received"] > 0
    assert report["indicators"]["targets"] > 0 and report["indicators"]["communes"] > 0


def test_the_deed_counters_written_in_bulk_agree_with_the_deeds():
    root, _ = build_synthetic(members=N, seed=7)
    before = directive05_report(organization=root, year=LAST_YEAR)["commitments"]
    assert (
        before["deeds_registered"]
        == Deed.objects.filter(
            commitment__organization__path__startswith=root.path, commitment__year=LAST_YEAR
        ).count()
    )

    Commitment.objects.all().refresh_deed_counts()

    assert directive05_report(organization=root, year=LAST_YEAR)["commitments"] == before


def test_a_synthetic_province_leaves_other_provinces_alone():
    province = OrganizationFactory(name="Tỉnh ủy khác", kind=K.PROVINCIAL_COMMITTEE)
    PersonFactory(organization=province)
    build_synthetic(members=N, seed=7)
    report = directive05_report(organization=province, year=LAST_YEAR)
    assert report["commitments"]["people"] == 1


def _visible_pages(table: str) -> tuple[int, int]:
    """(pages, pages marked all-visible) of ``table``, as the build's ANALYZE counted them."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relpages, relallvisible FROM pg_class WHERE oid = %s::regclass", [table]
        )
        return cursor.fetchone()


def test_a_load_into_empty_tables_is_written_frozen_and_one_beside_rows_is_not():
    """Into a new database's empty tables the rows go in frozen, their pages all-visible, so
    neither the recount after the build nor VACUUM writes them all again (twice the nation's
    23 GB); beside another province's rows the tables are written as before and keep them."""
    if connection.vendor != "postgresql":
        pytest.skip("COPY … FREEZE is PostgreSQL's")
    with transaction.atomic():
        build_synthetic(members=N, seed=7)
        pages, visible = _visible_pages("people_person")
        assert pages > 0 and visible == pages
        transaction.set_rollback(True)
    province = OrganizationFactory(name="Tỉnh ủy khác", kind=K.PROVINCIAL_COMMITTEE)
    PersonFactory(organization=province)
    build_synthetic(members=N, seed=7)
    assert _visible_pages("people_person")[1] == 0
    assert Person.objects.count() == N + 1


def test_last_years_ratings_are_decided_within_the_cap():
    root, _ = build_synthetic(members=N, seed=7)
    ratings = Rating.objects.filter(organization__path__startswith=root.path, year=LAST_YEAR)
    assert set(ratings.values_list("status", flat=True)) == {RatingStatus.DECIDED}
    assert RatingChange.objects.filter(rating__in=ratings).count() == ratings.count()
    for cell in Organization.objects.filter(path__startswith=root.path, kind="cell"):
        levels = list(
            ratings.filter(organization=cell, person__isnull=False).values_list("level", flat=True)
        )
        assert levels.count(Level.EXCELLENT) * 100 <= 20 * levels.count(Level.GOOD)
    for rating in ratings.select_related("scheme")[:50]:
        if rating.scheme.uses_score:
            assert rating.scheme.level_for_score(rating.score) == rating.level
            assert rating.level_check().allowed == rating.level, rating.level_check()
            assert rating.subject_kind
    this_year = Commitment.objects.filter(
        organization__path__startswith=root.path, year=LAST_YEAR + 1
    )
    assert {CommitmentStatus.APPROVED, CommitmentStatus.SUBMITTED} == set(
        this_year.values_list("status", flat=True)
    )


def test_people_can_be_found_without_diacritics():
    root, _ = build_synthetic(members=N, seed=7)
    person = Person.objects.filter(memberships__organization__path__startswith=root.path).first()
    assert Person.objects.search(fold(person.full_name)).filter(pk=person.pk).exists()
    assert Person.objects.order_by("sort_key").exists()


def test_bench_times_the_report_against_a_scan():
    result = run_bench(members=N, seed=7, repeat=1)
    assert result.members == N
    assert result.table == Deed._meta.db_table
    assert result.rows == Deed.objects.count()
    assert result.queries > 0
    assert result.report_median > 0 and result.scan_median > 0
    # Every page a propaganda officer opens answered (a page that fails stops the bench).
    assert [address.split("?")[0] for address, _ms, _kb in result.pages] == [
        page.split("?")[0] for page in PAGES
    ]
    assert all(ms > 0 and kb >= 1 for _address, ms, kb in result.pages)
    lines = "\n".join(format_result(result))
    assert "ratio" in lines and "sequential scan" in lines and "/meetings/norms/" in lines
    # Saves through the services, timed and undone.
    assert [kind for kind, *_times in result.writes][:1] == ["meeting"]
    assert all(median > 0 and count > 0 for _kind, median, _slowest, count in result.writes)
    assert "save: meeting" in lines
    assert not User.objects.filter(username__startswith="bench-writes-").exists()


def test_bench_times_a_nation_a_province_and_a_cell_with_as_many_queries():
    result = run_bench(members=120, seed=5, provinces=2, repeat=1, pages=False)
    levels = [level for level, _name, _ms, _queries in result.levels]
    assert levels == ["nation", "province", "cell"]
    assert len({queries for *_rest, queries in result.levels}) == 1
    lines = "\n".join(format_result(result))
    assert "report of a nation" in lines and "report of a cell" in lines


def test_bench_command_prints_the_table():
    out = StringIO()
    call_command("bench", members=N, seed=7, repeat=1, stdout=out)
    text = out.getvalue()
    assert "database" in text and "report" in text and "ratio" in text
    assert synth_root(N, 7) is not None


def test_the_tallies_of_a_synthetic_province_agree_with_its_records():
    from ct05.reports import tallies

    build_synthetic(members=N, seed=7)
    assert tallies.differences() == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_synth_command_recounts_and_vacuums_on_a_connection_a_core(monkeypatch):
    """Run as a command (no transaction around it), the build's rows are committed and the
    tallies recounted by two connections at once, each tally in its own transaction: the
    report and ``recount --check`` agree with the records, and the vacuum, shared out the same
    way, has been through the tables, the records' and the tallies'."""
    if connection.vendor != "postgresql":
        pytest.skip("the recount runs on several connections on PostgreSQL only")
    from ct05.demo import synth
    from ct05.reports import tallies

    monkeypatch.setattr(synth, "JOBS", 2)
    with connection.cursor() as cursor:
        cursor.execute("SELECT now()")
        (started,) = cursor.fetchone()
    call_command("synth", members=N, seed=7, verbosity=0, stdout=StringIO())
    root = synth_root(N, 7)
    assert directive05_report(organization=root, year=LAST_YEAR)["commitments"]["people"] == N
    assert tallies.differences() == []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname FROM pg_stat_user_tables WHERE last_vacuum >= %s "
            "AND relname IN ('reports_commitmenttally', 'people_person', 'commitments_deed')",
            [started],
        )
        assert len(cursor.fetchall()) == 3


def test_every_synthetic_person_has_dates_a_person_can_have():
    build_synthetic(members=2000, seed=7)
    for person in Person.objects.all():
        person.clean()  # born from 1900, admitted at 18 or older, not in the future


NATION = 900


def test_a_nation_is_a_central_level_over_provinces_sharing_the_members():
    root, built = build_synthetic(members=NATION, seed=7, provinces=3)
    assert built
    assert root.kind == OrganizationKind.CENTRAL_COMMITTEE and root.depth == 1
    assert Organization.objects.find_problems() == ([], [], [], [], [])
    provinces = Organization.objects.filter(path__startswith=root.path, depth=2)
    assert provinces.count() == 3
    assert set(provinces.values_list("kind", flat=True)) == {OrganizationKind.PROVINCIAL_COMMITTEE}
    people = []
    for province in provinces:
        members = Membership.objects.filter(organization__path__startswith=province.path).count()
        assert members > NATION / 3 / 2
        people.append(members)
        assert Organization.objects.filter(path__startswith=province.path, depth=3).exists()
    assert sum(people) == NATION
    # The report of the nation counts everyone, and a province's only its own.
    report = directive05_report(organization=root, year=LAST_YEAR)
    assert report["commitments"]["people"] == NATION
    assert report["ratings"]["members"]["unrated"] == 0
    assert report["ratings"]["organizations"]["unrated"] == 0
    first = directive05_report(organization=provinces.order_by("path")[0], year=LAST_YEAR)
    assert first["commitments"]["people"] == people[0]
    from ct05.reports import tallies

    assert tallies.differences() == []
    # One province by default, as `make bench` and `make load` build it; both can live side by side.
    province, _ = build_synthetic(members=NATION, seed=7)
    assert province.kind == OrganizationKind.PROVINCIAL_COMMITTEE and province != root
    assert synth_root(NATION, 7, provinces=3) == root


def test_the_same_seed_builds_the_same_nation():
    def nation(seed):
        with transaction.atomic():
            root, _ = build_synthetic(members=NATION, seed=seed, provinces=3)
            seen = snapshot(root)
            transaction.set_rollback(True)
        return seen

    assert nation(7) == nation(7)


def test_synth_command_builds_a_nation_and_says_how_fast():
    out = StringIO()
    call_command("synth", members=NATION, seed=7, provinces=3, stdout=out, stderr=StringIO())
    assert "members/s" in out.getvalue()
    assert synth_root(NATION, 7, provinces=3).kind == OrganizationKind.CENTRAL_COMMITTEE


def test_every_row_written_in_bulk_names_rows_that_exist():
    """The rows are streamed with ids reserved beforehand, and on PostgreSQL without the
    foreign keys' per-row checks: each reference must still find its row."""
    from ct05.demo.synth import BULK_MODELS

    build_synthetic(members=NATION, seed=7, provinces=3)
    for model in BULK_MODELS:
        assert model.objects.exists(), model
        for f in model._meta.concrete_fields:
            if not f.is_relation:
                continue
            dangling = model.objects.filter(**{f"{f.attname}__isnull": False}).exclude(
                **{f"{f.attname}__in": f.related_model.objects.values("pk")}
            )
            assert not dangling.exists(), (model.__name__, f.name)
