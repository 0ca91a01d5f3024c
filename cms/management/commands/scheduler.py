"""``manage.py scheduler``: queues the scheduled jobs (cms/schedule.py) at their
times, for the worker to run. Run exactly one per site."""

import contextlib
import logging
import signal
from datetime import datetime
from zoneinfo import ZoneInfo

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from cms.schedule import JOBS, Job, enqueue

logger = logging.getLogger(__name__)


def _queue(job: Job) -> None:
    close_old_connections()  # the database may have restarted since the last run
    try:
        result = enqueue(job)
        logger.info("Queued %s (%s)", job.name, result.id)
    except Exception:  # the next time comes anyway
        logger.exception("Could not queue %s", job.name)


class Command(BaseCommand):
    help = "Queue the scheduled jobs (digests, reminders, purges, search repair)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--list", action="store_true", help="Print the jobs and their next runs."
        )
        parser.add_argument(
            "--now",
            metavar="JOB",
            help="Queue one job now by its name (e.g. 'search repair') and exit.",
        )

    def handle(self, *args, list=False, now=None, **options):
        if now:
            job = next((job for job in JOBS if job.name == now), None)
            if job is None:
                names = ", ".join(repr(job.name) for job in JOBS)
                self.stderr.write(f"No job named {now!r}. The jobs: {names}.")
                raise SystemExit(2)
            self.stdout.write(f"Queued {job.name}: {enqueue(job).id}")
            return
        scheduler = BlockingScheduler(timezone=settings.TIME_ZONE)
        for job in JOBS:
            scheduler.add_job(
                _queue,
                CronTrigger.from_crontab(job.cron, timezone=settings.TIME_ZONE),
                args=[job],
                id=job.name,
                name=job.name,
                # A run missed while the scheduler was down is queued once when it
                # is back, if less than an hour late; never several times.
                misfire_grace_time=3600,
                coalesce=True,
            )
        if list:
            now_ = datetime.now(ZoneInfo(settings.TIME_ZONE))
            for job in JOBS:
                trigger = CronTrigger.from_crontab(
                    job.cron, timezone=settings.TIME_ZONE
                )
                when = trigger.get_next_fire_time(None, now_)
                self.stdout.write(
                    f"{job.name:22} {job.cron:14} next: {when:%Y-%m-%d %H:%M %Z}"
                )
            return
        signal.signal(signal.SIGTERM, lambda *_: scheduler.shutdown(wait=False))
        self.stdout.write(f"Scheduler: {len(JOBS)} jobs; Ctrl-C stops.")
        with contextlib.suppress(KeyboardInterrupt, SystemExit):
            scheduler.start()
