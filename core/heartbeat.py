"""The background worker's heartbeat: proof, for the health endpoint, that tasks
are being picked up.

Each worker records its heartbeat every 30 s in the database (``core.workers``,
table ``core_workerheartbeat``), so every process sees it with or without a shared
cache. ``/health/`` reads the newest: missing, or older than ``STALE_AFTER``
seconds, means no worker is running (or it is stuck), so queued reindexing, emails
and open data builds wait.
"""

import dataclasses
import datetime
import time

from django.conf import settings
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable

# Also kept in the cache by each beat, for a monitor that reads only the cache.
HEARTBEAT_KEY = "observatory:worker-heartbeat"
# Three missed beats: a worker busy with one long job still beats in time.
STALE_AFTER = 180
# Backends that run every task inside the request: there is no worker to wait for.
IN_PROCESS_BACKENDS = {
    "django_tasks.backends.immediate.ImmediateBackend",
    "django_tasks.backends.dummy.DummyBackend",
}


def record_worker_heartbeat(now: float | None = None, worker_id: str = "") -> None:
    """ "A worker is alive at ``now``" (the worker's heartbeat thread calls
    ``core.workers.beat`` itself; this is its shorthand by epoch time)."""
    from core.workers import beat

    moment = datetime.datetime.fromtimestamp(
        time.time() if now is None else now, tz=datetime.UTC
    )
    beat(worker_id or "health-check", moment)


def seconds_since_heartbeat(now: float | None = None) -> float | None:
    """Seconds since a worker's last beat; None if none ever beat.

    The shared cache has the newest beat of any worker; a process with a cache of
    its own reads the table."""
    from django.core.cache import cache
    from django.db import DatabaseError

    from core.workers import last_heartbeat

    beat = cache.get(HEARTBEAT_KEY)
    if beat is None:
        try:
            moment = last_heartbeat()
        except DatabaseError:
            moment = None
        beat = moment.timestamp() if moment is not None else None
    if beat is None:
        return None
    return (time.time() if now is None else now) - float(beat)


def worker_expected() -> bool:
    """True when tasks wait for a separate worker process (not run in-process)."""
    backend = settings.TASKS.get("default", {}).get("BACKEND", "")
    return backend not in IN_PROCESS_BACKENDS


@dataclasses.dataclass
class WorkerHeartbeat(HealthCheck):
    """Fails when the worker has not beaten for ``STALE_AFTER`` seconds."""

    def run(self) -> None:
        if not worker_expected():
            return
        age = seconds_since_heartbeat()
        if age is None:
            raise ServiceUnavailable("no worker heartbeat recorded")
        if age > STALE_AFTER:
            raise ServiceUnavailable(f"no worker heartbeat for {int(age)} s")
