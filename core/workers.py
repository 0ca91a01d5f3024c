"""The task workers' heartbeats, and the recovery of jobs whose worker died.

Each worker (``manage.py worker``) records a heartbeat every ``BEAT_SECONDS``
from a thread of its own. A job left "running" by a worker that has not beaten
for ``lost_after()`` seconds (killed, out of memory, its machine gone) is put
back in the queue and runs again; the jobs are written so that running twice
does no harm (emails through core/once.py, index writes and builds are
idempotent).
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import close_old_connections, connection
from django.utils import timezone

logger = logging.getLogger(__name__)

BEAT_SECONDS = 30
from core.heartbeat import HEARTBEAT_KEY as CACHE_KEY  # noqa: E402


def lost_after() -> timedelta:
    return timedelta(seconds=getattr(settings, "OBSERVATORY_WORKER_LOST_AFTER", 90))


def beat(worker_id: str, now: datetime | None = None) -> None:
    from core.models import WorkerHeartbeat

    now = now or timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"seen_at": now, "hostname": socket.gethostname(), "pid": os.getpid()},
    )
    cache.set(CACHE_KEY, now.timestamp(), None)


def last_heartbeat() -> datetime | None:
    """When a worker last showed it was alive (None: never)."""
    from core.models import WorkerHeartbeat

    return (
        WorkerHeartbeat.objects.order_by("-seen_at")
        .values_list("seen_at", flat=True)
        .first()
    )


def requeue_lost(now: datetime | None = None) -> int:
    """Put the jobs of dead workers back in the queue; returns how many."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from core.models import WorkerHeartbeat

    now = now or timezone.now()
    alive = set(
        WorkerHeartbeat.objects.filter(seen_at__gte=now - lost_after()).values_list(
            "worker_id", flat=True
        )
    )
    lost = [
        result.pk
        for result in DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).only(
            "pk", "worker_ids"
        )
        if not result.worker_ids or result.worker_ids[-1] not in alive
    ]
    if lost:
        # Only rows still running: one that finished meanwhile keeps its result.
        count = DBTaskResult.objects.filter(
            pk__in=lost, status=TaskResultStatus.RUNNING
        ).update(status=TaskResultStatus.READY, started_at=None)
        if count:
            logger.warning("%s job(s) of stopped workers queued again", count)
        return count
    WorkerHeartbeat.objects.filter(seen_at__lt=now - timedelta(days=1)).delete()
    return 0


def requeue_own(worker_id: str) -> int:
    """Put back in the queue the jobs ``worker_id`` left running (it is between
    two jobs, so none of them still runs); returns how many."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    mine = [
        result.pk
        for result in DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).only(
            "pk", "worker_ids"
        )
        if result.worker_ids and result.worker_ids[-1] == worker_id
    ]
    if not mine:
        return 0
    return DBTaskResult.objects.filter(
        pk__in=mine, status=TaskResultStatus.RUNNING
    ).update(status=TaskResultStatus.READY, started_at=None)


class Heartbeat(threading.Thread):
    """Beats for ``worker_id`` and recovers lost jobs until the process ends."""

    def __init__(self, worker_id: str, interval: float = BEAT_SECONDS):
        super().__init__(name="worker-heartbeat", daemon=True)
        self.worker_id = worker_id
        self.interval = interval
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            try:
                close_old_connections()
                beat(self.worker_id)
                requeue_lost()
            except Exception:  # a database restart must not end the beating
                logger.exception("Worker heartbeat failed; trying again")
                connection.close()
            self.stopped.wait(self.interval)
        connection.close()
