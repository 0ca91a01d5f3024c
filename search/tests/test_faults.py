"""Elasticsearch outages as a visitor and an operator see them: the database
answers at once with the notice, the node is left alone meanwhile (the circuit
breaker), the log says it once, and what was published during the outage is in
the index after it, with nobody running a repair.

The node in these tests sits behind ``Node``, a TCP forwarder on loopback that can
refuse connections (a stopped node), accept and never answer (a hung node) or
forward to the real node of ELASTICSEARCH_URL, always on the same port, as the
site sees a node that comes back. Without ELASTICSEARCH_URL only the hung-node
tests run (they need no real node).
"""

import contextlib
import logging
import socket
import threading
import time

import pytest
from django.conf import settings

from search.documents import all_documents
from search.engines.database import DatabaseEngine
from search.engines.elasticsearch import ElasticsearchEngine
from search.models import MissedWrite
from search.query import parse_query

API = "/api/v1/projects/search/"
REAL_NODE = settings.ELASTICSEARCH_URL

needs_server = pytest.mark.skipif(not REAL_NODE, reason="ELASTICSEARCH_URL is not set")


class Node:
    """A stand-in address for an Elasticsearch node: ``refuse()``, ``hang()`` or
    ``forward()`` to the real one, on one port for its whole life."""

    def __init__(self, target: str = ""):
        self.target = None
        if target:
            host, port = target.removeprefix("http://").rstrip("/").split(":")
            self.target = (host, int(port))
        self.accepted = 0  # connections the site opened to this address
        self.mode = "refuse"
        self._listener: socket.socket | None = None
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"

    def refuse(self) -> None:
        self._close_all()
        self.mode = "refuse"

    def hang(self) -> None:
        self._close_all()
        self.mode = "hang"
        self._listen()

    def forward(self) -> None:
        self._close_all()
        self.mode = "forward"
        self._listen()

    def _listen(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(16)
        listener.settimeout(0.05)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def _accept(self, listener: socket.socket) -> None:
        while self._listener is listener:
            try:
                conn, _address = listener.accept()
            except OSError:
                continue
            with self._lock:
                self.accepted += 1
                self._sockets.append(conn)
            if self.mode == "forward":
                upstream = socket.create_connection(self.target, timeout=10)
                with self._lock:
                    self._sockets.append(upstream)
                for source, sink in ((conn, upstream), (upstream, conn)):
                    threading.Thread(
                        target=self._pump, args=(source, sink), daemon=True
                    ).start()
            # "hang": keep the connection open and never answer.

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    def _close_all(self) -> None:
        listener, self._listener = self._listener, None
        if listener is not None:
            listener.close()
        with self._lock:
            sockets, self._sockets = self._sockets, []
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()


@pytest.fixture
def node():
    node = Node(REAL_NODE)
    yield node
    node.refuse()


@pytest.fixture
def site_on(settings, node):
    """The site's settings pointed at ``node``, with short timeouts and waits."""
    settings.ELASTICSEARCH_URL = node.url
    settings.ELASTICSEARCH_TIMEOUT = 0.5
    settings.ELASTICSEARCH_RETRY_AFTER = 0.4
    settings.ELASTICSEARCH_RETRY_MAX = 0.8
    return node


@pytest.fixture
def database_indexed(projects):
    DatabaseEngine().rebuild(all_documents())
    return projects


def _warnings(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]


def test_a_hung_node_is_cut_off_once_then_left_alone(
    client, site_on, database_indexed, caplog
):
    node = site_on
    node.hang()
    timings = []
    for _ in range(6):
        started = time.monotonic()
        response = client.get(API, {"q": "participacio"})
        timings.append(time.monotonic() - started)
        data = response.json()
        assert response.status_code == 200
        assert (data["backend"], data["count"]) == ("database", 4)
        assert data["notice"]  # "Search is running in reduced mode…"
    # The first search waited for the timeout (0.5 s), the others not at all and
    # never reached the node.
    assert 0.5 <= timings[0] < 2.5, timings
    assert max(timings[1:]) < 0.5, timings
    assert node.accepted == 1
    [warning] = _warnings(caplog)
    assert warning.startswith(f"Elasticsearch unreachable at {node.url}")
    assert "using the database engine" in warning


def test_the_node_is_probed_now_and_then_with_a_growing_wait(
    client, site_on, database_indexed, caplog
):
    node = site_on
    node.hang()
    client.get(API, {"q": "participacio"})  # opens the circuit (0.4 s wait)
    assert node.accepted == 1
    time.sleep(0.45)
    client.get(API, {"q": "participacio"})  # the probe: hangs, 0.8 s wait now
    assert node.accepted == 2
    time.sleep(0.45)
    client.get(API, {"q": "participacio"})  # within the longer wait: not asked
    assert node.accepted == 2
    assert len(_warnings(caplog)) == 1


def test_a_stopped_node_fails_over_without_one_line_per_search(
    client, site_on, database_indexed, caplog
):
    site_on.refuse()
    for _ in range(10):
        assert client.get(API, {"q": "participacio"}).json()["backend"] == "database"
    assert client.get("/ca/cerca/", {"q": "participacio"}).status_code == 200
    assert len(_warnings(caplog)) == 1


@needs_server
def test_the_site_goes_back_to_the_node_and_replays_what_it_missed(
    client,
    site_on,
    database_indexed,
    caplog,
    django_capture_on_commit_callbacks,
):
    from search import service
    from search.engines import configured_engines

    node = site_on
    node.forward()
    service.rebuild(configured_engines()["elasticsearch"])
    real = ElasticsearchEngine(REAL_NODE, index=settings.ELASTICSEARCH_INDEX)
    renewed = parse_query({"q": "renovat"})
    assert client.get(API, {"q": "participacio"}).json()["backend"] == "elasticsearch"

    node.refuse()  # the outage
    assert client.get(API, {"q": "participacio"}).json()["backend"] == "database"
    page = database_indexed["P1"]
    page.title = "Assistent virtual renovat"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()  # an editor publishes meanwhile
    assert real.search(renewed).count == 0  # the node missed it
    assert MissedWrite.objects.filter(engine="elasticsearch").count() == 1
    # The database engine has it already.
    assert client.get(API, {"q": "renovat"}).json()["count"] == 1

    node.forward()  # the node is back, at the same address
    time.sleep(0.45)  # the breaker's wait
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="search"):
        data = client.get(API, {"q": "renovat"}).json()
    assert (data["backend"], data["count"]) == ("elasticsearch", 1)
    assert "notice" not in data or not data["notice"]
    assert real.search(renewed).count == 1  # replayed, without a repair
    assert not MissedWrite.objects.exists()
    assert any("Elasticsearch is back after" in m for m in caplog.messages)
    assert not _warnings(caplog)


@pytest.mark.django_db
def test_processes_share_one_report_per_outage_and_come_back_together(caplog):
    """Five gunicorn workers are five breakers: the outage is logged once, its
    end once (and the missed writes replayed once), and a worker still waiting
    out its backoff probes as soon as another has seen the node back."""
    from search.engines.breaker import CircuitBreaker, engine_recovered

    now = [1000.0]
    url = "http://127.0.0.1:1"  # this test's own outage record
    workers = [
        CircuitBreaker("es-shared-test", url, first=5, longest=30, clock=lambda: now[0])
        for _ in range(5)
    ]
    recovered = []

    def receiver(sender, **kwargs):
        recovered.append(sender)

    engine_recovered.connect(receiver)
    try:
        with caplog.at_level(logging.DEBUG, logger="search.engines.breaker"):
            for worker in workers:
                assert worker.allow()
                worker.failed(ConnectionRefusedError("refused"))
            now[0] += 7  # every worker's first wait (5 s) is over
            for worker in workers:
                assert worker.allow()
                worker.failed(ConnectionRefusedError("refused"))  # waits 10 s now
            now[0] += 2
            assert not any(worker.allow() for worker in workers)
            # The node is back; the first worker's probe... (its wait forced over)
            workers[0].retry_at = now[0]
            assert workers[0].allow()
            workers[0].succeeded()
            now[0] += 1.5  # ...and within about a second, everyone probes
            for worker in workers[1:]:
                assert worker.allow()
                worker.succeeded()
    finally:
        engine_recovered.disconnect(receiver)
    assert not any(worker.is_open for worker in workers)
    assert len(_warnings(caplog)) == 1
    backs = [
        r
        for r in caplog.records
        if r.getMessage().startswith("es-shared-test is back after")
    ]
    assert len(backs) == 1
    assert recovered == ["es-shared-test"]
