"""``manage.py worker``: the task worker of production (django-tasks-db's
``db_worker``), with a heartbeat, and jobs of dead workers run again
(core/workers.py)."""

from django_tasks_db.management.commands.db_worker import Command as DbWorker

from core.workers import BEAT_SECONDS, Heartbeat


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

    def handle(self, *args, **options):
        beat = options.pop("beat")
        if beat > 0:
            Heartbeat(options["worker_id"], interval=beat).start()
        return super().handle(*args, **options)
