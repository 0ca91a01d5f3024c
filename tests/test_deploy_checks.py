"""`manage.py check --deploy` is clean with the production settings as an
operator sets them (a SQLite file as the database here), with django-axes and
django-csp installed: their own checks run too, and nothing is silenced."""

import secrets
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[1]


def test_check_deploy_is_clean_with_the_production_settings(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "observatori.example.org",
        "PUBLIC_BASE_URL": "https://observatori.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'observatory.sqlite3'}",
    }
    result = subprocess.run(  # noqa: S603 - this Python, fixed arguments
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues (0 silenced)." in output, output
