"""`ct05 backup` and `ct05 restore`: the whole database and the uploads, round trip.

Restored into an empty database, every table has the rows it had, the Directive 05 report shows
the same figures, the tallies agree with the records and every uploaded file is byte-identical.
SQLite is restored into the test database itself (the online backup API writes into the live
connection); PostgreSQL into a second database, by the command in another process.
"""

import datetime
import io
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import psycopg
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection

from ct05.commitments import services as commitment_services
from ct05.meetings import services as meeting_services
from ct05.organizations.models import Organization
from ct05.ratings import services as rating_services
from ct05.reports.selectors import directive05_report
from ct05.study import services as study_services
from tests.factories import ALL_ON_TIME
from tests.files import PDF, docx_bytes
from tests.pages.conftest import DEEDS, YEAR

ROOT = Path(__file__).resolve().parents[2]
DAY = datetime.date(YEAR, 1, 10)
# A backup reads what is committed; the reference lists come back after each test.
COMMITTED = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def snapshot(organization_id: int, year: int) -> dict:
    """Every table's row count and the report's figures, as JSON would carry them."""
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    report = directive05_report(
        organization=Organization.objects.get(pk=organization_id), year=year
    )
    report.pop("generated_at")  # the time of asking
    return json.loads(json.dumps({"tables": counts, "report": report}, default=str))


def fill(world) -> dict[str, bytes]:
    """Records of every kind the report counts, and two uploads; returns {media path: bytes}."""
    commitment_services.create_commitment(
        user=world.dangvien1,
        person=world.dangvien1.person,
        year=YEAR,
        deeds=DEEDS,
        pledge="Gương mẫu",
    )
    rating = rating_services.self_assess(
        user=world.dangvien1,
        person=world.dangvien1.person,
        year=YEAR,
        scores={"general": "30", "task_results": "68"},
        conditions=ALL_ON_TIME,
    )
    rating = rating_services.propose(user=world.bithu1, rating=rating)
    rating_services.decide(user=world.dangbo_a, rating=rating)
    meeting = meeting_services.record_meeting(
        user=world.bithu1,
        organization=world.cell_a1,
        date=DAY,
        kind="regular",
        directive05=True,
        minutes_file=SimpleUploadedFile("bien-ban.pdf", PDF),
        attendance=[{"person": p.pk} for p in world.people_a1],
    )
    session = study_services.record_session(
        user=world.bithu1,
        organization=world.cell_a1,
        date=DAY,
        kind="study",
        attendance=[{"person": p.pk} for p in world.people_a1],
    )
    essay = docx_bytes({"word/media/photo.bin": os.urandom(20000)})
    reflection = study_services.record_reflection(
        user=world.bithu1,
        session=session,
        person=world.people_a1[0],
        file=SimpleUploadedFile("bai.docx", essay),
    )
    return {meeting.minutes_file.name: PDF, reflection.file.name: essay}


def media_of(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@COMMITTED
def test_sqlite_round_trip_into_an_empty_database(world, media, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite path; PostgreSQL has its own test")
    files = fill(world)
    assert media_of(media) == files
    before = snapshot(world.province.pk, YEAR)
    assert before["report"]["commitments"]["committed"] == 1
    assert before["report"]["meetings"]["regular"] == 1
    backup = tmp_path / "ct05.tar.gz"
    out = io.StringIO()
    call_command("backup", str(backup), stdout=out)
    assert "2 uploaded files" in out.getvalue()
    assert backup.stat().st_mode & 0o077 == 0  # only its owner reads it

    call_command("flush", interactive=False, verbosity=0)
    for path in media.rglob("*"):
        if path.is_file():
            path.unlink()
    assert not Organization.objects.exists()

    out = io.StringIO()
    call_command("restore", str(backup), stdout=out)
    assert "Tallies agree with the records." in out.getvalue()
    assert snapshot(world.province.pk, YEAR) == before
    assert media_of(media) == files
    call_command("recount", "--check", stdout=io.StringIO())


@COMMITTED
def test_a_database_in_use_is_not_replaced_without_force(world, media, tmp_path):
    fill(world)
    backup = tmp_path / "ct05.tar.gz"
    call_command("backup", str(backup), stdout=io.StringIO())
    with pytest.raises(CommandError, match="already holds data"):
        call_command("restore", str(backup), stdout=io.StringIO())


def _rewrite_manifest(source: Path, target: Path, change) -> None:
    with tarfile.open(source, "r:gz") as old, tarfile.open(target, "w:gz") as new:
        for member in old:
            data = old.extractfile(member).read()
            if member.name == "manifest.json":
                manifest = json.loads(data)
                change(manifest)
                data = json.dumps(manifest).encode()
                member.size = len(data)
            new.addfile(member, io.BytesIO(data))


@COMMITTED
def test_a_backup_newer_than_the_code_is_refused(media, tmp_path):
    backup, newer = tmp_path / "ct05.tar.gz", tmp_path / "newer.tar.gz"
    call_command("backup", str(backup), stdout=io.StringIO())
    _rewrite_manifest(
        backup, newer, lambda m: m["migrations"].append(["reports", "9999_from_the_future"])
    )
    with pytest.raises(CommandError, match="reports.9999_from_the_future"):
        call_command("restore", str(newer), "--force", stdout=io.StringIO())


@COMMITTED
def test_a_file_that_is_not_a_backup_is_refused(tmp_path):
    fake = tmp_path / "ct05.tar.gz"
    fake.write_bytes(b"not a backup")
    with pytest.raises(CommandError, match="cannot be read as a CT05 backup"):
        call_command("restore", str(fake), stdout=io.StringIO())


@COMMITTED
def test_a_backup_from_another_vendor_is_refused(media, tmp_path):
    backup, other = tmp_path / "ct05.tar.gz", tmp_path / "other.tar.gz"
    call_command("backup", str(backup), stdout=io.StringIO())
    vendor = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    _rewrite_manifest(backup, other, lambda m: m["database"].update(vendor=vendor))
    with pytest.raises(CommandError, match=f"holds a {vendor} database"):
        call_command("restore", str(other), "--force", stdout=io.StringIO())


def _run_ct05(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


@pytest.mark.postgres_only
@COMMITTED
def test_postgresql_round_trip_into_a_new_database(world, media, tmp_path):
    files = fill(world)
    before = snapshot(world.province.pk, YEAR)
    backup = tmp_path / "ct05.tar.gz"
    call_command("backup", str(backup), stdout=io.StringIO())

    source = connection.settings_dict
    target = f"{source['NAME']}_restore"
    server = {
        "host": source["HOST"] or None,
        "port": source["PORT"] or None,
        "user": source["USER"] or None,
        "password": source["PASSWORD"] or None,
        "dbname": "postgres",
    }
    with psycopg.connect(**server, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{target}"')
        admin.execute(f'CREATE DATABASE "{target}"')
    try:
        auth = source["USER"] + (f":{source['PASSWORD']}" if source["PASSWORD"] else "")
        url = f"postgres://{auth}@{source['HOST'] or 'localhost'}:{source['PORT'] or 5432}/{target}"
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "CT05_DATA_DIR": str(tmp_path / "restored"),
            "CT05_SECRET_KEY": "restore-test",
            "DJANGO_SETTINGS_MODULE": "ct05.settings",
        }
        restored = _run_ct05(env, "-m", "ct05", "restore", str(backup))
        assert restored.returncode == 0, restored.stderr
        assert "Tallies agree with the records." in restored.stdout
        check = _run_ct05(env, "-m", "ct05", "recount", "--check")
        assert check.returncode == 0, check.stdout + check.stderr
        script = (
            "import django, json; django.setup(); "
            "from tests.reports.test_backup import snapshot; "
            f"print(json.dumps(snapshot({world.province.pk}, {YEAR})))"
        )
        after = _run_ct05(env, "-c", script)
        assert after.returncode == 0, after.stderr
        assert json.loads(after.stdout.strip().splitlines()[-1]) == before
        assert media_of(tmp_path / "restored" / "media") == files

        again = _run_ct05(env, "-m", "ct05", "restore", str(backup))
        assert again.returncode != 0 and "already holds data" in again.stderr
    finally:
        with psycopg.connect(**server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')


@COMMITTED
def test_force_replaces_a_database_in_use_and_moves_its_uploads_aside(world, media, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite path; PostgreSQL restores into a database of its own here")
    files = fill(world)
    before = snapshot(world.province.pk, YEAR)
    backup = tmp_path / "ct05.tar.gz"
    call_command("backup", str(backup), stdout=io.StringIO())
    Organization.objects.filter(pk=world.cell_b1.pk).update(name="Đổi tên sau sao lưu")
    (media / "minutes" / "later.pdf").write_bytes(PDF)

    out = io.StringIO()
    call_command("restore", str(backup), "--force", stdout=out)
    assert "moved to" in out.getvalue()
    assert snapshot(world.province.pk, YEAR) == before
    assert Organization.objects.get(pk=world.cell_b1.pk).name == "Chi bộ thôn B1"
    assert media_of(media) == files
    (aside,) = tmp_path.glob("media-before-restore-*")
    assert (aside / "minutes" / "later.pdf").read_bytes() == PDF
