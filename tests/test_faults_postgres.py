"""PostgreSQL restarts under a running site: the next request in the same process
works, without restarting the app.

Django keeps a connection for DATABASE_CONN_MAX_AGE seconds; after a restart that
connection is dead. With CONN_HEALTH_CHECKS (cms/settings/base.py) the first use in
a request checks it and reconnects; without, that request fails. Two app processes
(fresh Pythons with the project's settings) hold a connection each to a throwaway
cluster of their own; `scripts/services.sh postgres pause`/`resume` restarts it on
the same port, and each process serves one more request. Skipped where Debian's
PostgreSQL server binaries are not installed.
"""

import glob
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "services.sh"

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        reason="PostgreSQL server binaries (Debian's postgresql) are not installed",
    ),
]

# One app process: a request as Django's handler makes it (request_started closes
# unusable or old connections, the view queries, request_finished), once before
# the restart and once after; health checks on or off as argv[1] says.
APP = """
import sys
import django
django.setup()
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import connection

assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True
connection.settings_dict["CONN_HEALTH_CHECKS"] = sys.argv[1] == "on"

def request():
    request_started.send(sender=WSGIHandler)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            return f"ok {cursor.fetchone()[0]}"
    except Exception as error:
        return f"error {type(error).__name__}"
    finally:
        request_finished.send(sender=WSGIHandler)

print(request(), flush=True)
sys.stdin.readline()  # the cluster restarts meanwhile
print(request(), flush=True)
print(request(), flush=True)
"""


def test_a_request_after_a_database_restart_succeeds(tmp_path):
    env = {**os.environ, "OBSERVATORY_SERVICES_DIR": str(tmp_path / "services")}
    name = f"faults-{os.getpid()}"

    def services(action: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(SCRIPT), "postgres", action, name],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )

    started = services("start")
    assert started.returncode == 0, started.stderr
    url = started.stdout.strip()
    try:
        app_env = {
            "PATH": os.environ["PATH"],
            "HOME": str(tmp_path),
            "DJANGO_SETTINGS_MODULE": "cms.settings.test",
            "DATABASE_URL": url,
            "DATABASE_CONN_MAX_AGE": "60",
        }
        apps = {
            checks: subprocess.Popen(
                [sys.executable, "-c", APP, checks],
                cwd=ROOT,
                env=app_env,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for checks in ("on", "off")
        }
        before = {checks: app.stdout.readline().split() for checks, app in apps.items()}
        assert before["on"][0] == before["off"][0] == "ok", before

        paused = services("pause")
        assert paused.returncode == 0, paused.stderr
        assert "paused; data and port" in paused.stderr
        resumed = services("resume")
        assert resumed.returncode == 0, resumed.stderr
        assert resumed.stdout.strip() == url  # same port: the app's URL still works

        after = {}
        for checks, app in apps.items():
            out, err = app.communicate("\n", timeout=60)
            after[checks] = [line.split() for line in out.splitlines()]
            assert app.returncode == 0, err
    finally:
        stopped = services("stop")
    assert stopped.returncode == 0, stopped.stderr

    # Health checks on: the first request after the restart works, on a new
    # connection (a new server process).
    assert after["on"][0][0] == "ok", after
    assert after["on"][0][1] != before["on"][1]
    # Off (the control): that request fails on the dead connection; the next works.
    assert after["off"][0][0] == "error", after
    assert after["off"][1][0] == "ok", after
