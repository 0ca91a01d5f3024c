"""``manage.py worker``: the task worker of production (django-tasks-db's
``db_worker``), with a heartbeat, jobs of dead workers run again
(core/workers.py), and a fresh process when memory stays high after a job."""

import logging
import os
import sys
import time

from django.db import InterfaceError, OperationalError, connection, connections
from django_tasks_db.management.commands import db_worker
from django_tasks_db.management.commands.db_worker import Command as DbWorker

from core.workers import BEAT_SECONDS, Heartbeat, requeue_own

logger = logging.getLogger(__name__)


def resident_mib() -> float:
    """This process's resident memory now (not its peak), in MiB."""
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


class Worker(db_worker.Worker):
    """Between two jobs, a worker above ``max_memory`` MiB replaces itself with a
    fresh process (same PID, so systemd and honcho see nothing), as gunicorn's
    ``max_requests`` does for web workers: a big build leaves Python's memory
    high even after its objects are gone."""

    max_memory = 0.0
    # Seconds between two tries while the database does not answer.
    retry_every = 1.0

    def run(self) -> None:
        """db_worker's loop, which ends the process on the first database error:
        here the worker waits for the database instead (a PostgreSQL restart, a
        failover), says so once, and goes on where it was."""
        while True:
            try:
                return super().run()
            except (OperationalError, InterfaceError) as error:
                if not self.running:
                    raise
                self._wait_for_database(error)
                if not self.running:
                    return None

    def _wait_for_database(self, error: Exception) -> None:
        first_line = (str(error).strip().splitlines() or [type(error).__name__])[0]
        logger.warning(
            "The database does not answer (%s): the worker waits for it", first_line
        )
        started = time.monotonic()
        while self.running:
            connections.close_all()
            try:
                connection.ensure_connection()
                break
            except (OperationalError, InterfaceError):
                time.sleep(self.retry_every)
        else:
            return
        # A job that was running when the database went away stopped half-way:
        # it runs again (jobs are written to be run twice safely).
        again = requeue_own(self.worker_id)
        logger.warning(
            "The database answers again after %.0f s; %d job(s) of this worker "
            "queued again",
            time.monotonic() - started,
            again,
        )

    def run_task(self, db_task_result) -> None:
        super().run_task(db_task_result)
        if self.max_memory and self.running and resident_mib() > self.max_memory:
            logger.info(
                "Worker at %.0f MiB after %s (limit %.0f): starting afresh",
                resident_mib(),
                db_task_result.task_path,
                self.max_memory,
            )
            sys.stdout.flush()
            sys.stderr.flush()
            os.execv(sys.executable, [sys.executable, *sys.argv])  # noqa: S606 - ourselves again


class Command(DbWorker):
    help = (
        "Run the background task worker: search index updates, emails, the "
        "figures and open data files, scheduled jobs."
    )

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--beat",
            type=float,
            default=BEAT_SECONDS,
            help="Seconds between heartbeats (default: %(default)s). 0: no "
            "heartbeat, only for a --batch run while no other worker runs (another "
            "worker would take its jobs for those of a dead worker).",
        )
        parser.add_argument(
            "--max-memory",
            type=float,
            default=float(os.environ.get("WORKER_MAX_MEMORY_MB", "400")),
            help="MiB above which the worker starts afresh between two jobs "
            "(default: $WORKER_MAX_MEMORY_MB or %(default)s; 0: never).",
        )

    def handle(self, *args, **options):
        beat = options.pop("beat")
        Worker.max_memory = options.pop("max_memory")
        db_worker.Worker = Worker  # the parent command builds this class
        if beat > 0:
            Heartbeat(options["worker_id"], interval=beat).start()
        return super().handle(*args, **options)
