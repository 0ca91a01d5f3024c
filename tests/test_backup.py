"""`manage.py backup` and `restore` bring a site back on a fresh server.

The PostgreSQL round trip: content in the run's database (pages, a comment, a
document with its file), `backup` into a folder, a FRESH cluster started by
scripts/services.sh, `restore --rebuild-index` into it (no migrate: the dump holds
the schema), then the restored site answers: the same counts, the project page
rendered with its title and summary, the project found by the public search (its
index rebuilt), the document's bytes intact. It runs where the suite runs on
PostgreSQL (the second run of `make test`); elsewhere it skips.

The SQLite variant copies the database file with SQLite's backup API.
"""

import glob
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "services.sh"
ON_POSTGRESQL = "postgresql" in settings.DATABASES["default"]["ENGINE"]
EXPECT_POSTGRES = os.environ.get("OBSERVATORY_EXPECT_POSTGRES") == "1"

VERIFY = """
import json, os
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
from core.backups import counts
from wagtail.models import Page
page = Page.objects.get(id=int(os.environ["CHECK_PAGE"])).specific
client = Client()
html = client.get(page.url)
found = client.get("/api/v1/projects/search/", {"q": os.environ["CHECK_WORD"]})
print(json.dumps({
    "counts": counts(),
    "status": html.status_code,
    "html": html.content.decode(),
    "found": [hit["id"] for hit in found.json()["results"]],
}))
"""


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result


def _content(project_page) -> tuple:
    """What a restore must bring back: a published project file, a comment on
    it, a document with its file."""
    from wagtail.documents.models import Document
    from wagtail.models import Collection

    from community.factories import CommentFactory

    project_page.save_revision().publish()
    CommentFactory(page=project_page)
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    document = Document(title="Memòria")
    document.file.save("memoria.pdf", ContentFile(b"%PDF-1.4 restored"), save=False)
    document.save()
    return project_page, document


@pytest.mark.postgres
@pytest.mark.skipif(
    not ON_POSTGRESQL and not EXPECT_POSTGRES,
    reason="this run uses SQLite; the round trip runs in the PostgreSQL run",
)
@pytest.mark.skipif(
    not glob.glob("/usr/lib/postgresql/*/bin/initdb") and not EXPECT_POSTGRES,
    reason="PostgreSQL server binaries (Debian's postgresql) are not installed",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_postgresql_round_trip_into_a_fresh_cluster(tmp_path, project_page, client):
    page, document = _content(project_page)
    source = client.get(page.url)
    assert source.status_code == 200
    folder = tmp_path / "backup"
    call_command("backup", str(folder))
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["database"] == {"vendor": "postgresql", "file": "database.dump"}
    assert manifest["counts"]["project_files"] >= 1
    assert manifest["counts"]["comments"] == 1
    assert manifest["counts"]["documents"] == 1

    services = {**os.environ, "OBSERVATORY_SERVICES_DIR": str(tmp_path / "services")}
    started = subprocess.run(  # noqa: S603
        [str(SCRIPT), "postgres", "start", "deploy-restore"],
        capture_output=True,
        text=True,
        env=services,
        timeout=120,
    )
    assert started.returncode == 0, started.stderr
    try:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
            "DATABASE_URL": started.stdout.strip(),
            "MEDIA_ROOT": str(tmp_path / "restored-media"),
            "ELASTICSEARCH_URL": "",
            "MACHINE_TRANSLATION": "off",
        }
        restored = _manage("restore", str(folder), "--rebuild-index", env=env)
        assert "Restored the backup of" in restored.stdout
        word = page.title.split()[1]  # "virtual"
        checked = _manage(
            "shell",
            "-c",
            VERIFY,
            env={**env, "CHECK_PAGE": str(page.id), "CHECK_WORD": word},
        )
    finally:
        subprocess.run(  # noqa: S603
            [str(SCRIPT), "postgres", "stop", "deploy-restore"],
            capture_output=True,
            env=services,
            timeout=60,
        )
    answer = json.loads(checked.stdout.strip().splitlines()[-1])
    assert answer["counts"] == manifest["counts"]
    assert answer["status"] == 200
    for text in (page.title, page.summary):
        escaped = text.replace("'", "&#x27;")
        assert escaped in source.content.decode()
        assert escaped in answer["html"]
    assert page.id in answer["found"]
    restored_file = tmp_path / "restored-media" / document.file.name
    assert restored_file.read_bytes() == b"%PDF-1.4 restored"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_sqlite_backup_and_restore_copy_the_file(tmp_path, project_page):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite variant")
    _content(project_page)
    source = tmp_path / "source.sqlite3"
    with connection.cursor() as cursor:
        cursor.execute("VACUUM INTO %s", [str(source)])
    base = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "ELASTICSEARCH_URL": "",
        "MACHINE_TRANSLATION": "off",
    }
    folder = tmp_path / "backup"
    _manage(
        "backup",
        str(folder),
        env={
            **base,
            "DATABASE_URL": f"sqlite:///{source}",
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        },
    )
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["database"] == {"vendor": "sqlite", "file": "database.sqlite3"}
    assert manifest["counts"]["comments"] == 1
    restored = _manage(
        "restore",
        str(folder),
        env={
            **base,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'new.sqlite3'}",
            "MEDIA_ROOT": str(tmp_path / "restored-media"),
        },
    )
    assert json.dumps(manifest["counts"]) in restored.stdout
    assert "manage.py search_index rebuild" in restored.stdout
    assert list((tmp_path / "restored-media" / "documents").iterdir())
