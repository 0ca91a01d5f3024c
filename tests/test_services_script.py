"""scripts/services.sh keeps its command-line contract for a throwaway cluster.

Callers (scripts/run-tests.sh, the Makefile, the IMAP fixtures) read the URL from
stdout, messages from stderr and the answer of `status` from the exit code. A cluster
of its own, in a services folder of its own, so that no other run's server is
touched. Skipped where Debian's PostgreSQL server binaries are not installed.
"""

import glob
import os
import re
import subprocess
from pathlib import Path

import psycopg
import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "services.sh"

pytestmark = pytest.mark.skipif(
    not glob.glob("/usr/lib/postgresql/*/bin/initdb"),
    reason="PostgreSQL server binaries (Debian's postgresql) are not installed",
)


def test_postgres_start_url_status_stop(tmp_path):
    env = {**os.environ, "OBSERVATORY_SERVICES_DIR": str(tmp_path / "services")}
    name = f"pytest-{os.getpid()}"

    def services(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(SCRIPT), "postgres", *args, name],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )

    started = services("start")
    try:
        assert started.returncode == 0, started.stderr
        url = started.stdout.strip()
        assert re.fullmatch(
            r"postgresql://observatory@127\.0\.0\.1:\d+/observatory", url
        )
        assert f"PostgreSQL '{name}' ready on 127.0.0.1:" in started.stderr

        again = services("start")
        assert (again.returncode, again.stdout.strip()) == (0, url)
        assert f"PostgreSQL '{name}' already running" in again.stderr
        assert services("url").stdout.strip() == url
        assert services("status").returncode == 0
        with psycopg.connect(url, connect_timeout=10) as connection:
            row = connection.execute("SELECT current_database()").fetchone()
        assert row == ("observatory",)
    finally:
        stopped = services("stop")
    assert stopped.returncode == 0, stopped.stderr
    assert f"PostgreSQL '{name}' stopped and removed" in stopped.stderr
    assert not (tmp_path / "services" / f"pg-{name}").exists()

    assert services("status").returncode != 0
    gone = services("url")
    assert (gone.returncode, gone.stdout) == (1, "")
    assert f"PostgreSQL '{name}' is not running (start it first)" in gone.stderr
