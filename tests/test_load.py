"""The short load run of `make test`: the real server (gunicorn with the
production settings, and the task worker) under visitors, members and editors
for two minutes, with no error and flat memory. The ten-minute run with 10,000
project files is benchmarks/load/soak.py against `make serve` (docs/performance.md).
"""

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ON_POSTGRESQL = connection.vendor == "postgresql"
ROOT = Path(settings.BASE_DIR)
sys.path.insert(0, str(ROOT / "benchmarks" / "load"))

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not ON_POSTGRESQL,
        reason="the server runs in processes of their own, which need a database "
        "server to share (the PostgreSQL run of make test)",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

MINUTES = float(os.environ.get("LOAD_TEST_MINUTES", "2"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(port: int, tmp_path: Path) -> dict[str, str]:
    database = connection.settings_dict
    url = (
        f"postgresql://{database['USER']}@{database['HOST']}:{database['PORT']}"
        f"/{database['NAME']}"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "DATABASE_URL": url,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "SECURE_COOKIES": "false",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "STATIC_ROOT": str(tmp_path / "static"),
        "SUBMISSIONS_RAW_ROOT": str(tmp_path / "private"),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(tmp_path / "mail"),
    }
    for name in ("ELASTICSEARCH_URL", "REDIS_URL", "OBSERVATORY_EXPECT_POSTGRES"):
        env.pop(name, None)  # the database engine and a cache per process
    return env


def wait_until_up(url: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"{url} did not answer within {seconds} s")


def test_two_minutes_of_load_without_an_error_and_with_flat_memory(
    tmp_path, site_pages
):
    from soak import failed, parse_args, soak

    from project_pages.factories import ProjectPageFactory

    index = site_pages["projects"]["ca"]
    for n in range(30):
        ProjectPageFactory(parent=index, title=f"Projecte de càrrega {n}")
    port = free_port()
    env = production_env(port, tmp_path)
    for command in (
        ["manage.py", "collectstatic", "--noinput", "-v0"],  # the static manifest
        ["benchmarks/load/prepare.py"],
        ["manage.py", "search_index", "rebuild"],
    ):
        subprocess.run(  # noqa: S603 - our own scripts
            [sys.executable, *command], cwd=ROOT, env=env, check=True, timeout=300
        )
    python = Path(sys.executable)
    log = (tmp_path / "server.log").open("ab")
    processes = [
        subprocess.Popen(  # noqa: S603 - our own command lines
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )
        for command in (
            [str(python.parent / "gunicorn"), "cms.wsgi", "-w", "2",
             "-b", f"127.0.0.1:{port}", "--timeout", "120"],
            [str(python), "manage.py", "worker", "--no-startup-delay"],
        )
    ]  # fmt: skip
    try:
        # The first request of a cold server, on a machine busy with the rest of
        # the suite, may take a while.
        try:
            wait_until_up(f"http://127.0.0.1:{port}/ca/", 240)
        except AssertionError as error:
            log.flush()
            tail = (tmp_path / "server.log").read_text(errors="replace")[-3000:]
            raise AssertionError(f"{error}; the server said:\n{tail}") from None
        api = f"http://127.0.0.1:{port}/api/v1/projects/search/"
        with urllib.request.urlopen(api, timeout=30) as response:  # noqa: S310
            found = json.load(response)
        assert found["count"] >= 30, found
        args = parse_args(
            [
                "--host", f"http://127.0.0.1:{port}",
                "--users", "20",
                "--spawn-rate", "10",
                "--minutes", str(MINUTES),
                "--label", "make-test",
                "--sample-every", "5",
                "--work-dir", str(tmp_path),
            ]
        )  # fmt: skip
        args.pids = {process.pid for process in processes}
        result = soak(args)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(20)
    routes = {row["name"]: row for row in result["routes"]}
    total = routes.pop("Aggregated")
    assert total["requests"] > 100 * MINUTES, total
    for name in ("home", "project page", "search page", "post a comment", "publish"):
        assert routes.get(name, {}).get("requests"), f"no {name!r} in {sorted(routes)}"
    assert not failed(result), (failed(result), result["failures"])
    assert {"gunicorn worker", "task worker"} <= set(result["memory"])
