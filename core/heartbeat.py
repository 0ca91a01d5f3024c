"""The background worker's heartbeat: proof, for the health endpoint, that tasks
are being picked up.

The worker calls ``record_worker_heartbeat()`` about once a minute; it stores the
time (a float epoch) in the shared cache. ``/health/`` reads it back: missing, or
older than ``STALE_AFTER`` seconds, means no worker is running (or it is stuck),
so queued reindexing, emails and open data builds wait.
"""

import dataclasses
import time

from django.conf import settings
from django.core.cache import cache
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable

HEARTBEAT_KEY = "observatory:worker-heartbeat"
# Three missed beats: a worker busy with one long job still beats in time.
STALE_AFTER = 180
# Backends that run every task inside the request: there is no worker to wait for.
IN_PROCESS_BACKENDS = {
    "django_tasks.backends.immediate.ImmediateBackend",
    "django_tasks.backends.dummy.DummyBackend",
}


def record_worker_heartbeat(now: float | None = None) -> None:
    """Called by the worker: "I am alive at ``now``". Kept well beyond
    ``STALE_AFTER`` so that the health endpoint can say for how long it is silent."""
    cache.set(HEARTBEAT_KEY, time.time() if now is None else now, 24 * 3600)


def seconds_since_heartbeat(now: float | None = None) -> float | None:
    """Seconds since the worker's last beat; None if it never beat (or the cache
    forgot it)."""
    beat = cache.get(HEARTBEAT_KEY)
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
