"""Backing up and restoring the whole of CT05: the database and the uploaded files, in one file.

The file is a gzip'd tar holding, in this order:

- ``manifest.json``: the format, CT05's version, when, the database vendor, the migrations
  applied, every table's row count and every uploaded file's size and SHA-256;
- the database in the vendor's own form: ``database.pgdump`` (``pg_dump --format=custom``) on
  PostgreSQL, ``database.sqlite3`` (a copy by SQLite's online backup API) on SQLite;
- ``media/…``: the uploaded files (``MEDIA_ROOT``), byte for byte.

The vendors' own tools are used rather than ``dumpdata``: they keep sequences, constraints and
the tree's paths exactly, and they are fast on a province's tables. So a backup restores into
the vendor it was taken from. The database is copied before the files, and files are never
deleted, so every file a restored row names is in the backup.

This module knows only Django: the caller (``ct05 backup`` / ``ct05 restore``) names the tables
whose rows mean "this database is in use" and checks the report's tallies afterwards.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path, PurePosixPath

import django
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

FORMAT = "ct05-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATABASE_FILES = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}
MEDIA = "media"
_CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


def ct05_version() -> str:
    try:
        return version("ct05")
    except PackageNotFoundError:  # pragma: no cover - run from a source tree
        return "unknown"


# -- backup -------------------------------------------------------------------------------------


def create_backup(path: Path, *, using: str = "default") -> dict:
    """Write the database and the uploaded files to ``path`` (a .tar.gz); return the manifest."""
    path = Path(path)
    connection = connections[using]
    if connection.vendor not in DATABASE_FILES:
        raise BackupError(f"Backups of a {connection.vendor} database are not supported.")
    if connection.in_atomic_block:
        # SQLite's backup waits forever on its own open write; PostgreSQL's dump would miss it.
        raise BackupError("A backup cannot run inside a transaction.")
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".ct05-backup-") as work:
        database_file = Path(work) / DATABASE_FILES[connection.vendor]
        if connection.vendor == "sqlite":
            tables, migrations = _sqlite_dump(connection, database_file)
        else:
            tables, migrations = _postgresql_dump(connection, database_file)
        media = _media_files(Path(settings.MEDIA_ROOT))
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "ct05_version": ct05_version(),
            "django_version": django.get_version(),
            "created": timezone.localtime().isoformat(timespec="seconds"),
            "database": {"vendor": connection.vendor, "file": database_file.name},
            "migrations": sorted([app, name] for app, name in migrations),
            "tables": dict(sorted(tables.items())),
            "media": {
                "count": len(media),
                "bytes": sum(f["size"] for f in media),
                "files": [{k: f[k] for k in ("path", "size", "sha256")} for f in media],
            },
        }
        partial = Path(work) / "backup.tar.gz"
        with tarfile.open(partial, "w:gz") as tar:
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime, info.mode = len(data), int(timezone.now().timestamp()), 0o600
            tar.addfile(info, io.BytesIO(data))
            tar.add(database_file, arcname=database_file.name, recursive=False)
            for f in media:
                tar.add(f["source"], arcname=f"{MEDIA}/{f['path']}", recursive=False)
        # It holds password hashes and API keys: only its owner reads it.
        partial.chmod(0o600)
        os.replace(partial, path)
    return manifest


def _count_rows(cursor, connection, tables: Iterable[str]) -> dict[str, int]:
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
        counts[table] = cursor.fetchone()[0]
    return counts


def _sqlite_dump(connection, target: Path) -> tuple[dict, list]:
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")
        cursor = copy.cursor()
        names = [
            row[0]
            for row in cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        counts = {}
        for name in names:
            counts[name] = cursor.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0]
        migrations = (
            list(cursor.execute("SELECT app, name FROM django_migrations"))
            if "django_migrations" in counts
            else []
        )
    finally:
        copy.close()
    return counts, migrations


def _pg_tool(name: str, connection) -> tuple[str, dict]:
    """The path of pg_dump/pg_restore and the environment that connects it, or why not."""
    tool = shutil.which(name)
    if tool is None:
        raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client).")
    answer = subprocess.run([tool, "--version"], capture_output=True, text=True, check=True)
    found = re.search(r"(\d+)(?:\.\d+)?", answer.stdout)
    client_major = int(found.group(1)) if found else 0
    connection.ensure_connection()
    server_major = connection.pg_version // 10000
    if client_major < server_major:
        raise BackupError(
            f"{name} {client_major} is older than the PostgreSQL {server_major} server; install "
            f"postgresql-client-{server_major} (or newer) and try again."
        )
    settings_dict = connection.settings_dict
    options = settings_dict.get("OPTIONS", {})
    env = {**os.environ}
    for variable, value in {
        "PGHOST": settings_dict.get("HOST"),
        "PGPORT": settings_dict.get("PORT"),
        "PGUSER": settings_dict.get("USER"),
        "PGPASSWORD": settings_dict.get("PASSWORD"),
        "PGDATABASE": settings_dict.get("NAME"),
        "PGSSLMODE": options.get("sslmode"),
        "PGSSLROOTCERT": options.get("sslrootcert"),
        "PGSSLCERT": options.get("sslcert"),
        "PGSSLKEY": options.get("sslkey"),
    }.items():
        if value:
            env[variable] = str(value)
    return tool, env


def _run(args: list[str], env: dict) -> None:
    result = subprocess.run(args, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{Path(args[0]).name} failed: {result.stderr.strip()[-2000:]}")


def _postgresql_dump(connection, target: Path) -> tuple[dict, list]:
    tool, env = _pg_tool("pg_dump", connection)
    args = [tool, "--format=custom", f"--file={target}"]
    # The counts in the manifest and the dump read one snapshot, whatever is written meanwhile.
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        tables = connection.introspection.table_names(cursor)
        counts = _count_rows(cursor, connection, tables)
        cursor.execute("SELECT app, name FROM django_migrations")
        migrations = cursor.fetchall()
        _run([*args, f"--snapshot={snapshot}"], env)
    return counts, migrations


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _media_files(root: Path) -> list[dict]:
    if not root.is_dir():
        return []
    files = []
    for source in sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink()):
        files.append(
            {
                "source": source,
                "path": source.relative_to(root).as_posix(),
                "size": source.stat().st_size,
                "sha256": _sha256(source),
            }
        )
    return files


# -- restore ------------------------------------------------------------------------------------


def read_manifest(path: Path) -> dict:
    """The manifest of a backup file (its first member), or BackupError."""
    try:
        with tarfile.open(path, "r:gz") as tar:
            first = tar.next()
            if first is None or first.name != MANIFEST or not first.isfile():
                raise BackupError(f"{path} is not a CT05 backup (no {MANIFEST} first).")
            manifest = json.load(tar.extractfile(first))
    except (OSError, tarfile.TarError, json.JSONDecodeError, EOFError) as error:
        raise BackupError(f"{path} cannot be read as a CT05 backup: {error}") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{path} is not a CT05 backup.")
    if manifest.get("format_version", 0) > FORMAT_VERSION:
        raise BackupError(
            f"{path} was written by a newer CT05 (backup format {manifest['format_version']}); "
            "upgrade CT05 first."
        )
    return manifest


def unknown_migrations(manifest: dict) -> list[str]:
    """Migrations the backup's database has and this code lacks (the backup is newer)."""
    on_disk = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    return [f"{app}.{name}" for app, name in manifest["migrations"] if (app, name) not in on_disk]


def tables_with_rows(tables: Iterable[str], *, using: str = "default") -> list[str]:
    """Those of ``tables`` that exist in the database and hold at least one row."""
    connection = connections[using]
    with connection.cursor() as cursor:
        existing = set(connection.introspection.table_names(cursor))
        found = []
        for table in tables:
            if table in existing:
                cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")
                if cursor.fetchone():
                    found.append(table)
    return found


def restore_backup(
    path: Path, *, in_use_tables: Iterable[str], force: bool = False, using: str = "default"
) -> dict:
    """Replace the database and the uploaded files by those of the backup at ``path``.

    Refuses (BackupError, nothing changed) a file of another vendor, a file whose migrations
    this code lacks, and — unless ``force`` — a database where any of ``in_use_tables`` has
    rows. Files already under ``MEDIA_ROOT`` are moved aside, never deleted. Applies this
    code's migrations the backup lacks. Returns what was done: the manifest, the tables whose
    counts differ from it after the restore (none expected), the migrations applied, and where
    earlier files were moved.
    """
    path = Path(path)
    manifest = read_manifest(path)
    connection = connections[using]
    vendor = manifest["database"]["vendor"]
    if vendor != connection.vendor:
        raise BackupError(
            f"The backup holds a {vendor} database; this CT05 runs on {connection.vendor}. "
            f"Restore it into {vendor}."
        )
    if newer := unknown_migrations(manifest):
        raise BackupError(
            "The backup is newer than this CT05: its database has migrations this code lacks "
            f"({', '.join(newer[:10])}). Install the CT05 version that made it "
            f"({manifest.get('ct05_version')}) or newer, then restore."
        )
    if not force and (used := tables_with_rows(in_use_tables, using=using)):
        raise BackupError(
            f"The database already holds data (rows in {', '.join(used)}). Restore into an "
            "empty database, or add --force to replace everything in it."
        )
    if connection.in_atomic_block:
        raise BackupError("A restore cannot run inside a transaction.")
    media_root = Path(settings.MEDIA_ROOT)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    with tempfile.TemporaryDirectory(dir=media_root.parent, prefix=".ct05-restore-") as work:
        staged_media = Path(work) / MEDIA
        database_file = _unpack(path, manifest, Path(work), staged_media)
        if connection.vendor == "sqlite":
            _sqlite_restore(connection, database_file)
        else:
            _postgresql_restore(connection, database_file)
        ContentType.objects.clear_cache()
        moved_aside = None
        if media_root.exists() and any(media_root.iterdir()):
            moved_aside = media_root.with_name(f"{media_root.name}-before-restore-{stamp}")
            media_root.rename(moved_aside)
        elif media_root.exists():
            media_root.rmdir()
        staged_media.mkdir(exist_ok=True)
        staged_media.rename(media_root)
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
        counts = _count_rows(cursor, connection, [t for t in manifest["tables"] if t in tables])
    differing = {
        table: (expected, counts.get(table))
        for table, expected in manifest["tables"].items()
        if counts.get(table) != expected
    }
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        call_command("migrate", database=using, verbosity=0, interactive=False)
    return {
        "manifest": manifest,
        "differing_tables": differing,
        "migrations_applied": [f"{m.app_label}.{m.name}" for m, _backwards in plan],
        "media_moved_aside": moved_aside,
    }


def _safe_member_path(name: str) -> PurePosixPath | None:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or "\\" in name or not path.parts:
        return None
    return path


def _unpack(path: Path, manifest: dict, work: Path, staged_media: Path) -> Path:
    """Unpack the database file into ``work`` and the uploads into ``staged_media``, checking
    every upload against the manifest's size and checksum; return the database file."""
    expected = {f["path"]: f for f in manifest["media"]["files"]}
    database_name = manifest["database"]["file"]
    database_file = None
    seen = set()
    staged_media.mkdir()
    with tarfile.open(path, "r:gz") as tar:
        for member in tar:
            relative = _safe_member_path(member.name)
            if relative is None or not (member.isfile() or member.isdir()):
                raise BackupError(f"The backup holds an unexpected entry: {member.name!r}.")
            if member.isdir() or member.name == MANIFEST:
                continue
            if member.name == database_name:
                database_file = work / database_name
                target = database_file
            elif relative.parts[0] == MEDIA and len(relative.parts) > 1:
                inner = PurePosixPath(*relative.parts[1:]).as_posix()
                if inner not in expected:
                    raise BackupError(f"The backup holds a file its manifest lacks: {inner}.")
                target = staged_media / inner
                seen.add(inner)
            else:
                raise BackupError(f"The backup holds an unexpected entry: {member.name!r}.")
            target.parent.mkdir(parents=True, exist_ok=True)
            digest = hashlib.sha256()
            with tar.extractfile(member) as source, target.open("wb") as out:
                while chunk := source.read(_CHUNK):
                    digest.update(chunk)
                    out.write(chunk)
            if target != database_file and digest.hexdigest() != expected[inner]["sha256"]:
                raise BackupError(f"The backup's copy of {inner} is damaged (checksum).")
    if database_file is None:
        raise BackupError(f"The backup lacks its database ({database_name}).")
    if missing := set(expected) - seen:
        raise BackupError(f"The backup lacks {len(missing)} uploaded files its manifest lists.")
    return database_file


def _sqlite_restore(connection, database_file: Path) -> None:
    connection.ensure_connection()
    source = sqlite3.connect(database_file)
    try:
        # The online backup API copies every page into the live database, replacing it whole.
        source.backup(connection.connection)
    finally:
        source.close()


def _postgresql_restore(connection, database_file: Path) -> None:
    tool, env = _pg_tool("pg_restore", connection)
    connection.close()
    _run(
        [
            tool,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={env['PGDATABASE']}",
            str(database_file),
        ],
        env,
    )
    with contextlib.suppress(Exception):
        connection.close()
