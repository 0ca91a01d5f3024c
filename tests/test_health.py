"""/health/ tells an operator (or a load balancer) what is broken.

Real checks against the real components of the run: the database and cache of the
test settings, the media folder, Elasticsearch when ELASTICSEARCH_URL is set, and
the workers' heartbeat in the database.
"""

import socket
import threading
import time

import pytest

from core.heartbeat import HEARTBEAT_KEY, record_worker_heartbeat

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def with_worker(settings):
    """Tasks go to a separate worker, so its heartbeat matters."""
    settings.TASKS = DATABASE_TASKS
    return settings


def _failed(response) -> dict[str, str]:
    return {name: status for name, status in response.json().items() if status != "OK"}


def test_healthy_site_answers_200_with_every_check(client, with_worker):
    record_worker_heartbeat()
    response = client.get("/health/", **JSON)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    checks = response.json()
    assert set(checks) == {
        "Database(alias='default')",
        "Cache(alias='default')",
        "Storage(alias='default')",
        "Elasticsearch()",
        "WorkerHeartbeat()",
    }
    assert set(checks.values()) == {"OK"}
    # Never cached by a proxy: a stale "OK" would hide an outage.
    assert "no-cache" in response["Cache-Control"]


def test_format_json_and_html_page(client, with_worker):
    record_worker_heartbeat()
    assert client.get("/health/?format=json").json()["WorkerHeartbeat()"] == "OK"
    page = client.get("/health/", HTTP_ACCEPT="text/html")
    assert page.status_code == 200
    assert b"WorkerHeartbeat" in page.content


def test_stale_heartbeat_fails_naming_the_worker(client, with_worker):
    record_worker_heartbeat(time.time() - 600)
    response = client.get("/health/", **JSON)
    assert response.status_code == 500
    assert _failed(response) == {
        "WorkerHeartbeat()": "Unavailable: no worker heartbeat for 600 s"
    }


def test_missing_heartbeat_fails(client, with_worker):
    from django.core.cache import cache

    cache.delete(HEARTBEAT_KEY)
    response = client.get("/health/?format=json")
    assert response.status_code == 500
    assert "no worker heartbeat" in _failed(response)["WorkerHeartbeat()"]


def test_no_worker_needed_when_tasks_run_in_the_request(client, settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
    }
    from django.core.cache import cache

    cache.delete(HEARTBEAT_KEY)
    assert client.get("/health/", **JSON).json()["WorkerHeartbeat()"] == "OK"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_elasticsearch_on_a_closed_port_fails_fast(client, with_worker):
    record_worker_heartbeat()
    with_worker.ELASTICSEARCH_URL = f"http://127.0.0.1:{_free_port()}"
    started = time.monotonic()
    response = client.get("/health/", **JSON)
    assert time.monotonic() - started < 3
    assert response.status_code == 500
    assert set(_failed(response)) == {"Elasticsearch()"}
    assert "Elasticsearch did not answer" in _failed(response)["Elasticsearch()"]


def test_elasticsearch_that_never_answers_is_cut_off_in_about_2_s(client, with_worker):
    """A hung node accepts the connection and says nothing."""
    record_worker_heartbeat()
    hung = socket.socket()
    hung.bind(("127.0.0.1", 0))
    hung.listen(8)
    accepted = []

    def accept():
        try:
            while True:
                accepted.append(hung.accept()[0])
        except OSError:
            pass

    threading.Thread(target=accept, daemon=True).start()
    with_worker.ELASTICSEARCH_URL = f"http://127.0.0.1:{hung.getsockname()[1]}"
    try:
        started = time.monotonic()
        response = client.get("/health/", **JSON)
        elapsed = time.monotonic() - started
    finally:
        hung.close()
        for connection in accepted:
            connection.close()
    assert response.status_code == 500
    assert set(_failed(response)) == {"Elasticsearch()"}
    assert 1.5 < elapsed < 3.5
