"""Backups of what cannot be rebuilt: the database and the media folder.

``manage.py backup DIR`` writes three files into DIR:

- ``database.dump``: ``pg_dump --format=custom`` of the configured PostgreSQL
  database (or ``database.sqlite3``, a consistent copy made with SQLite's backup
  API, when the site runs on SQLite);
- ``media.tar.gz``: MEDIA_ROOT (uploaded images and documents), without the open
  data files, which are rebuilt from the database;
- ``manifest.json``: when, which database, and counts of pages, project files,
  comments and documents, so that a restore can be checked.

``manage.py restore DIR`` puts them back into the configured database and
MEDIA_ROOT. The search indexes are derived data: rebuild them afterwards
(``search_index rebuild``, or ``restore --rebuild-index``).

Counts use ``apps.get_model``: core imports no other app of ours.
"""

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from datetime import UTC, datetime
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connection

MANIFEST = "manifest.json"
POSTGRES_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"
MEDIA_ARCHIVE = "media.tar.gz"
# Derived files under MEDIA_ROOT, rebuilt after a restore: not worth keeping.
MEDIA_SKIPPED = {"opendata"}
COUNTED = {
    "pages": ("wagtailcore", "Page"),
    "project_files": ("project_pages", "ProjectPage"),
    "comments": ("community", "Comment"),
    "documents": ("wagtaildocs", "Document"),
    "images": ("wagtailimages", "Image"),
}


class BackupError(Exception):
    """What went wrong, in words an operator can act on."""


def counts() -> dict[str, int]:
    """Rows of what matters to people, to compare a restore with its backup."""
    result = {}
    for name, (app_label, model_name) in COUNTED.items():
        try:
            model = apps.get_model(app_label, model_name)
        except LookupError:
            continue
        result[name] = model._default_manager.count()
    return result


def _database() -> dict:
    return settings.DATABASES["default"]


def _vendor() -> str:
    engine = _database()["ENGINE"]
    if "postgresql" in engine:
        return "postgresql"
    if "sqlite3" in engine:
        return "sqlite"
    raise BackupError(f"Backups support PostgreSQL and SQLite, not {engine}.")


def pg_tool(name: str) -> str:
    """``pg_dump``/``pg_restore`` of the server's major version or newer (an older
    client refuses a newer server): Debian keeps them in
    /usr/lib/postgresql/<major>/bin; else whatever is on the PATH."""
    server_major = connection.pg_version // 10000 if connection.pg_version else 0
    candidates = []
    for folder in Path("/usr/lib/postgresql").glob("*/bin"):
        if folder.parent.name.isdigit() and (folder / name).exists():
            candidates.append((int(folder.parent.name), folder / name))
    for major, path in sorted(candidates):
        if major >= server_major:
            return str(path)
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} is missing: install PostgreSQL's client programs "
            "(Debian: postgresql-client)."
        )
    return found


def _pg_args_and_env() -> tuple[list[str], dict[str, str]]:
    db = _database()
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env


def _run(command: list[str], env: dict[str, str] | None = None) -> None:
    result = subprocess.run(  # noqa: S603
        command, capture_output=True, text=True, env=env, check=False
    )
    if result.returncode != 0:
        raise BackupError(
            f"{Path(command[0]).name} failed ({result.returncode}): "
            f"{result.stderr.strip()[-2000:]}"
        )


def backup(folder: Path) -> dict:
    """Write the database, the media folder and the manifest into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    vendor = _vendor()
    connection.ensure_connection()
    if vendor == "postgresql":
        args, env = _pg_args_and_env()
        output = folder / POSTGRES_DUMP
        _run(
            [pg_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(output)]
            + args,
            env,
        )
    else:
        output = folder / SQLITE_COPY
        with sqlite3.connect(output) as target:
            connection.connection.backup(target)
        target.close()
    media_root = Path(settings.MEDIA_ROOT)
    media_files = 0
    with tarfile.open(folder / MEDIA_ARCHIVE, "w:gz") as archive:
        if media_root.exists():
            for child in sorted(media_root.iterdir()):
                if child.name in MEDIA_SKIPPED:
                    continue
                archive.add(child, arcname=child.name)
            media_files = sum(1 for member in archive.getmembers() if member.isfile())
    manifest = {
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": {"vendor": vendor, "file": output.name},
        "media": {"file": MEDIA_ARCHIVE, "files": media_files},
        "counts": counts(),
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def read_manifest(folder: Path) -> dict:
    try:
        return json.loads((folder / MANIFEST).read_text())
    except FileNotFoundError as error:
        raise BackupError(f"{folder} holds no {MANIFEST}: not a backup.") from error


def restore(folder: Path) -> dict:
    """Replace the configured database's content and MEDIA_ROOT's files with the
    backup's. Returns the manifest (with ``restored_counts`` added)."""
    manifest = read_manifest(folder)
    vendor = _vendor()
    if manifest["database"]["vendor"] != vendor:
        raise BackupError(
            f"The backup is of a {manifest['database']['vendor']} database; the "
            f"configured one is {vendor}."
        )
    dump = folder / manifest["database"]["file"]
    if not dump.exists():
        raise BackupError(f"{dump} is missing.")
    if vendor == "postgresql":
        args, env = _pg_args_and_env()
        connection.ensure_connection()
        restore_tool = pg_tool("pg_restore")
        connection.close()
        _run(
            [restore_tool, "--clean", "--if-exists", "--no-owner", "--no-privileges",
             "--single-transaction", "--exit-on-error", *args, str(dump)],
            env,
        )  # fmt: skip
    else:
        connection.ensure_connection()
        with sqlite3.connect(dump) as source:
            source.backup(connection.connection)
        source.close()
    media_root = Path(settings.MEDIA_ROOT)
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(folder / manifest["media"]["file"], "r:gz") as archive:
        # "data": no absolute paths, links out of the folder or device files.
        archive.extractall(media_root, filter="data")
    connection.close()
    # Whatever was cached describes the site before the restore.
    cache.clear()
    manifest["restored_counts"] = counts()
    return manifest
