"""The project's set-up: migrations in step with models, settings read from the
environment, and production settings that refuse to start half-configured.

Settings are evaluated once per process, so the settings checks start a fresh Python
(`manage.py` or `django.setup()`) with a controlled environment, as a server would.
"""

import json
import os
import secrets
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

BASE_DIR = Path(__file__).resolve().parent.parent
PRINT_DATABASE = (
    "import json, django; django.setup(); from django.conf import settings; "
    "print(json.dumps(settings.DATABASES['default'], default=str))"
)


def run_python(args: list[str], **env: str) -> subprocess.CompletedProcess:
    """Run Python in the project with only the variables that matter here set.

    Variables of the test process itself are dropped: e.g. the browser tests set
    DJANGO_ALLOW_ASYNC_UNSAFE, which a deployment must not have.
    """
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"}
        and not k.startswith("DJANGO_")
    }
    clean.update(env)
    return subprocess.run(
        [sys.executable, *args],
        cwd=BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def production_env(**overrides: str) -> dict[str, str]:
    env = {
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "observatori.example.org",
        "PUBLIC_BASE_URL": "https://observatori.example.org",
    }
    env.update(overrides)
    return {k: v for k, v in env.items() if v is not None}


@pytest.mark.django_db
def test_models_and_migrations_are_in_step():
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out)
    except SystemExit:
        pytest.fail(f"makemigrations would create migrations:\n{out.getvalue()}")


def test_production_starts_with_secret_key_and_allowed_hosts():
    result = run_python(["-c", "import django; django.setup()"], **production_env())
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("missing", "value"),
    [
        ("SECRET_KEY", ""),
        ("SECRET_KEY", "   "),
        ("ALLOWED_HOSTS", ""),
        ("ALLOWED_HOSTS", " , "),
        ("PUBLIC_BASE_URL", ""),
    ],
)
def test_production_refuses_to_start_without_a_secret(missing, value):
    env = production_env(**{missing: value})
    result = run_python(["-c", "import django; django.setup()"], **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"The environment variable {missing} must" in result.stderr


def test_production_refuses_to_start_when_secret_key_is_unset():
    env = production_env()
    del env["SECRET_KEY"]
    result = run_python(["-c", "import django; django.setup()"], **env)
    assert result.returncode != 0
    assert "The environment variable SECRET_KEY must be set." in result.stderr


def test_deploy_checks_are_clean_with_production_settings():
    result = run_python(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        **production_env(),
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output, output
    assert "WARNINGS" not in output, output


def test_database_url_is_honoured():
    result = run_python(
        ["-c", PRINT_DATABASE],
        DJANGO_SETTINGS_MODULE="cms.settings.dev",
        DATABASE_URL="postgresql://obs:secret@db.example.org:5433/observatori",
    )
    assert result.returncode == 0, result.stderr
    database = json.loads(result.stdout)
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert database["HOST"] == "db.example.org"
    assert database["PORT"] == 5433
    assert database["NAME"] == "observatori"
    assert database["USER"] == "obs"


def test_default_database_is_sqlite_in_the_project():
    result = run_python(
        ["-c", PRINT_DATABASE], DJANGO_SETTINGS_MODULE="cms.settings.dev"
    )
    assert result.returncode == 0, result.stderr
    database = json.loads(result.stdout)
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert Path(database["NAME"]) == BASE_DIR / "db.sqlite3"


SQLITE_READ_THEN_WRITE = """
import json, threading, time, django
django.setup()
from django.db import connection, transaction
from django.db.utils import OperationalError

with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE revision (n integer)")
connection.close()
a_read, b_starting, errors = threading.Event(), threading.Event(), []

def request(name, first):
    try:
        if not first:
            a_read.wait(5)
            b_starting.set()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM revision")
            if first:
                a_read.set()
                b_starting.wait(5)
                time.sleep(0.3)  # the other request reads meanwhile
            cursor.execute("INSERT INTO revision VALUES (1)")
    except OperationalError as error:
        errors.append(f"{name}: {error}")
    finally:
        connection.close()

threads = [threading.Thread(target=request, args=("autosave", True)),
           threading.Thread(target=request, args=("submit", False))]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
with connection.cursor() as cursor:
    cursor.execute("SELECT count(*) FROM revision")
    print(json.dumps({"errors": errors, "rows": cursor.fetchone()[0]}))
"""


def test_sqlite_requests_that_write_together_wait_for_each_other(tmp_path):
    """Two requests that read then write at once (an editor's autosave and the
    "Submit" of the same moment) both succeed on SQLite: a transaction takes the
    write lock when it begins and the other one waits for it, instead of failing
    with "database is locked" (which the editor saw as a server error)."""
    result = run_python(
        ["-c", SQLITE_READ_THEN_WRITE],
        DJANGO_SETTINGS_MODULE="cms.settings.dev",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"errors": [], "rows": 2}


def test_every_apps_tests_are_collected():
    """A tests/ folder that pyproject.toml's testpaths forgets never runs, in CI
    either (moving tests into a new app once left 78 of them out)."""
    import tomllib

    from django.conf import settings

    root = Path(settings.BASE_DIR)
    testpaths = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["pytest"][
        "ini_options"
    ]["testpaths"]
    folders = sorted(
        str(path.relative_to(root))
        for path in root.glob("*/tests")
        if (root / path.parent.name / "apps.py").exists()
    )
    assert [folder for folder in folders if folder not in testpaths] == []
