"""The deployment files in deploy/ work as shipped.

nginx runs deploy/nginx/observatory.conf itself (only the addresses, paths and a
throwaway self-signed certificate swapped in) in front of a real gunicorn with
deploy/gunicorn.conf.py and the production settings; the systemd units pass
`systemd-analyze verify` and start real manage.py commands; deploy/env.example
names every variable the production settings read.

nginx is needed (skipped without it, except under CI=true).
"""

import configparser
import gzip
import http.client
import json
import os
import re
import shlex
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.files.base import ContentFile

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import nginx_front  # noqa: E402 - the same loopback site as the benchmarks use
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
HOST = "observatori.example.org"
NGINX = shutil.which("nginx") or (
    "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
)
ON_CI = os.environ.get("CI") == "true"
UNITS = sorted((DEPLOY / "systemd").glob("*.service"))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(ready, what: str, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if ready():
            return
        time.sleep(0.05)
    raise AssertionError(f"{what} did not start within {seconds} s")


def _database_url(tmp_path: Path) -> str:
    """The test database, committed, as gunicorn will reach it."""
    if connection.vendor == "sqlite":
        copy = tmp_path / "db.sqlite3"
        with connection.cursor() as cursor:
            cursor.execute("VACUUM INTO %s", [str(copy)])
        return f"sqlite:///{copy}"
    db = connection.settings_dict
    return (
        f"postgresql://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}"
        f"/{db['NAME']}"
    )


def _https(port: int) -> http.client.HTTPSConnection:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return http.client.HTTPSConnection("127.0.0.1", port, context=context, timeout=30)


def _get(conn, path: str, **headers) -> tuple[http.client.HTTPResponse, bytes]:
    conn.request("GET", path, headers={"Host": HOST, **headers})
    response = conn.getresponse()
    return response, response.read()


class _UnixHTTPConnection(http.client.HTTPConnection):
    def __init__(self, path: str):
        super().__init__("localhost", timeout=30)
        self.unix_path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(30)
        self.sock.connect(self.unix_path)


@pytest.fixture
def document(settings):
    from wagtail.documents.models import Document
    from wagtail.models import Collection

    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    content = b"%PDF-1.4\n" + os.urandom(200_000) + b"\n%%EOF\n"
    doc = Document(title="Memoria")
    doc.file.save("memoria-2024.pdf", ContentFile(content), save=False)
    doc.save()
    return doc, content


@pytest.fixture
def stack(tmp_path, settings, document):
    """gunicorn on a unix socket behind nginx on two loopback ports."""
    if NGINX is None:
        if ON_CI:
            pytest.fail("CI=true but nginx is not installed")
        pytest.skip("nginx is not installed")
    static = tmp_path / "static"
    (static / "css").mkdir(parents=True)
    css = b"body { color: #123456; }\n" * 200
    (static / "css" / "site.0123abcd.css").write_bytes(css)
    subprocess.run(
        ["gzip", "-k", str(static / "css" / "site.0123abcd.css")], check=True
    )
    run, logs = tmp_path / "run", tmp_path / "logs"
    for folder in (run, logs):
        folder.mkdir()
    cert, key = nginx_front.self_signed(tmp_path)
    media = Path(settings.MEDIA_ROOT)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": "deploy-test-" + "x" * 40,
        "ALLOWED_HOSTS": HOST,
        "PUBLIC_BASE_URL": f"https://{HOST}",
        "DATABASE_URL": _database_url(tmp_path),
        "MEDIA_ROOT": str(media),
        "DOCUMENTS_SERVED_BY_NGINX": "true",
        "MAP_DATA_SERVED_BY_NGINX": "true",
        "ELASTICSEARCH_URL": "",
        "MACHINE_TRANSLATION": "off",
        "GUNICORN_BIND": f"unix:{run / 'gunicorn.sock'}",
        "GUNICORN_WORKERS": "1",
    }
    env.pop("REDIS_URL", None)
    gunicorn = subprocess.Popen(  # noqa: S603
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "--config",
            str(DEPLOY / "gunicorn.conf.py"),
            # The shipped config logs to the journal (stdout); here to files.
            "--access-logfile",
            str(logs / "gunicorn.log"),
            "--error-logfile",
            str(logs / "gunicorn-errors.log"),
            "cms.wsgi",
        ],
        cwd=ROOT,
        env=env,
    )
    https_port, http_port = _free_port(), _free_port()
    site = tmp_path / "observatory.conf"
    site.write_text(
        nginx_front.render_site(
            upstream=f"unix:{run / 'gunicorn.sock'}",
            https_port=https_port,
            http_port=http_port,
            cert=cert,
            key=key,
            logs=logs,
            static=static,
            media=media,
        )
    )
    conf = nginx_front.nginx_conf(tmp_path, site, workers=1)
    command = [
        NGINX,
        "-p",
        str(tmp_path),
        "-e",
        str(logs / "error.log"),
        "-c",
        str(conf),
    ]
    tested = subprocess.run([*command, "-t"], capture_output=True, text=True)  # noqa: S603
    assert tested.returncode == 0, tested.stderr
    nginx = subprocess.Popen(command, stderr=subprocess.DEVNULL)  # noqa: S603

    def listening(port: int) -> bool:
        with socket.socket() as probe:
            return probe.connect_ex(("127.0.0.1", port)) == 0

    try:
        _wait_for(lambda: listening(https_port), "nginx", 10)
        _wait_for(lambda: (run / "gunicorn.sock").exists(), "gunicorn", 30)
        yield {
            "https": https_port,
            "http": http_port,
            "socket": run / "gunicorn.sock",
            "document": document,
            "logs": logs,
            "media": media,
        }
    finally:
        nginx.send_signal(signal.SIGQUIT)
        gunicorn.terminate()
        for process in (nginx, gunicorn):
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_nginx_in_front_of_gunicorn(stack):
    doc, content = stack["document"]
    conn = _https(stack["https"])

    # Static files: nginx's own, a year in the browser's cache, gzip beside them.
    response, body = _get(
        conn, "/static/css/site.0123abcd.css", **{"Accept-Encoding": "gzip"}
    )
    assert response.status == 200
    assert "immutable" in response.getheader("Cache-Control")
    assert "max-age=31536000" in response.getheader("Cache-Control")
    assert response.getheader("Content-Encoding") == "gzip"

    # HTTP goes to HTTPS.
    plain = http.client.HTTPConnection("127.0.0.1", stack["http"], timeout=10)
    response, _ = _get(plain, "/ca/projectes/?page=2")
    assert response.status == 301
    assert response.getheader("Location") == f"https://{HOST}/ca/projectes/?page=2"

    # A document: the app checks and answers with headers only...
    url = doc.url
    app = _UnixHTTPConnection(str(stack["socket"]))
    response, body = _get(app, url, **{"X-Forwarded-Proto": "https"})
    assert response.status == 200
    assert response.getheader("X-Accel-Redirect") == (
        f"/internal-documents/{Path(doc.file.name).name}"
    )
    assert body == b""
    # ...and nginx sends the bytes, as a sandboxed download.
    response, body = _get(conn, url)
    assert response.status == 200, body[:500]
    assert body == content
    assert response.getheader("X-Accel-Redirect") is None
    assert response.getheader("Content-Disposition").startswith("attachment")
    assert "sandbox" in response.getheader("Content-Security-Policy")
    # The internal location and the media folder never give a document away.
    for path in (
        f"/internal-documents/{Path(doc.file.name).name}",
        f"/media/{doc.file.name}",
    ):
        response, _ = _get(conn, path)
        assert response.status == 404, path

    # The whole map: the app names the file of the current build...
    response, body = _get(
        app, "/api/v1/projects/map/", **{"X-Forwarded-Proto": "https"}
    )
    assert response.status == 200
    accel = response.getheader("X-Accel-Redirect")
    assert re.fullmatch(r"/internal-map-data/ca-[0-9a-f]{32}\.json", accel), accel
    assert body == b""
    # ...nginx sends it, gzipped as built to a client that takes gzip, plain to
    # one that does not, the same JSON either way.
    conn = _https(stack["https"])
    response, zipped = _get(
        conn, "/api/v1/projects/map/", **{"Accept-Encoding": "gzip"}
    )
    assert response.status == 200, zipped[:300]
    assert response.getheader("Content-Encoding") == "gzip"
    assert response.getheader("Content-Type").startswith("application/json")
    assert "Accept-Encoding" in response.getheader("Vary")
    assert response.getheader("X-Accel-Redirect") is None
    built = stack["media"] / "map-data" / Path(accel).name
    assert zipped == (built.parent / (built.name + ".gz")).read_bytes()
    data = json.loads(gzip.decompress(zipped))
    assert "results" in data and "count" in data
    response, plain = _get(conn, "/api/v1/projects/map/")
    assert response.getheader("Content-Encoding") is None
    assert json.loads(plain) == data
    # A client that has it gets a 304 from nginx.
    response, _ = _get(
        conn, "/api/v1/projects/map/", **{"If-None-Match": response.getheader("ETag")}
    )
    assert response.status == 304
    response, _ = _get(conn, accel)
    assert response.status == 404

    # Too large: refused by nginx before gunicorn reads a byte. The submission
    # form takes more (60 MiB of attachments), but not without bounds.
    for path, size in (
        ("/admin/documents/multiple/add/", 30 * 1024 * 1024),
        ("/ca/envia-un-projecte/formulari/", 70 * 1024 * 1024),
    ):
        conn = _https(stack["https"])
        conn.putrequest("POST", path, skip_host=True)
        conn.putheader("Host", HOST)
        conn.putheader("Content-Type", "application/octet-stream")
        conn.putheader("Content-Length", str(size))
        conn.endheaders()
        response = conn.getresponse()
        assert response.status == 413, path
        conn.close()
    gunicorn_log = (stack["logs"] / "gunicorn.log").read_text()
    assert url in gunicorn_log
    assert "/admin/documents/multiple/add/" not in gunicorn_log


def test_env_example_names_every_variable_the_production_settings_read():
    read = set()
    for name in ("base.py", "production.py"):
        source = (ROOT / "cms" / "settings" / name).read_text()
        read |= set(
            re.findall(
                r'(?:os\.environ(?:\.get)?[(\[]|_required\()\s*"([A-Z_]+)"', source
            )
        )
    example = (DEPLOY / "env.example").read_text()
    listed = set(re.findall(r"^#?([A-Z][A-Z_]+)=", example, re.MULTILINE))
    assert read, "no variables found: has the way settings read them changed?"
    assert read - listed == set()


def test_units_start_real_commands_with_the_environment_file():
    from django.core.management import get_commands

    commands = set(get_commands())
    assert {unit.name for unit in UNITS} == {
        "observatory-web.service",
        "observatory-worker.service",
        "observatory-scheduler.service",
        "observatory-ingest.service",
    }
    for unit in UNITS:
        parser = configparser.ConfigParser(strict=False, interpolation=None)
        parser.optionxform = str
        parser.read(unit)
        service = parser["Service"]
        assert service["EnvironmentFile"] == "/etc/observatory/env", unit.name
        assert service["User"] == "observatory"
        assert service["Restart"] == "on-failure"
        assert service["NoNewPrivileges"] == "true"
        assert service["ProtectSystem"] == "strict"
        assert "/srv/observatory/media" in service["ReadWritePaths"]
        argv = shlex.split(service["ExecStart"])
        assert argv[0].startswith("/srv/observatory/.venv/bin/")
        if argv[1] == "manage.py":
            assert argv[2] in commands, f"{unit.name}: no command {argv[2]!r}"
        else:
            assert argv[-1] == "cms.wsgi"
            assert argv[argv.index("--config") + 1] == "deploy/gunicorn.conf.py"


@pytest.mark.skipif(
    shutil.which("systemd-analyze") is None, reason="no systemd-analyze"
)
def test_systemd_analyze_verifies_the_units(tmp_path):
    """With the checkout at /srv/observatory (here: this checkout)."""
    copies = []
    for unit in UNITS:
        copy = tmp_path / unit.name
        copy.write_text(unit.read_text().replace("/srv/observatory", str(ROOT)))
        copies.append(str(copy))
    venv_bin = ROOT / ".venv" / "bin"
    if not (venv_bin / "gunicorn").exists():
        pytest.skip("no .venv with gunicorn in this checkout")
    result = subprocess.run(  # noqa: S603
        ["systemd-analyze", "verify", *copies],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "", result.stderr
