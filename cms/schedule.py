"""When each scheduled job runs. The scheduler process (``manage.py scheduler``,
one per site) only queues them; the worker runs them, so a slow digest never
delays the nightly search repair and a job survives a restart of the scheduler.

Times are in the site's time zone (``TIME_ZONE``); fields as in crontab.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Job:
    name: str
    cron: str  # minute hour day month day-of-week
    command: str = ""
    args: tuple[str, ...] = field(default_factory=tuple)
    task: str = ""  # a task's import path, for jobs that are not commands


JOBS = (
    # Index writes an engine missed while it was down, and translations that
    # waited for Apertium: caught up within minutes of the engine's return.
    Job("search catch-up", "*/5 * * * *", "search_index", ("catch-up",)),
    Job("search repair", "30 2 * * *", "search_index", ("check", "--repair")),
    Job("daily digests", "0 7 * * *", "send_digests", ("daily",)),
    Job("weekly digests", "0 7 * * mon", "send_digests", ("weekly",)),
    Job("caravan reminders", "0 9 * * *", "send_stop_reminders"),
    Job("submission purge", "0 3 * * *", "purge_submissions"),
    Job("task results purge", "15 3 * * *", "prune_db_task_results"),
    Job("sent emails purge", "20 3 * * *", task="cms.tasks.forget_sent_emails_task"),
    Job("failed sign-ins purge", "25 3 * * *", "purge_login_attempts"),
)


def enqueue(job: Job):
    """Queue one run of ``job`` for the worker."""
    from django.utils.module_loading import import_string

    if job.task:
        return import_string(job.task).enqueue()
    from cms.tasks import run_command_task

    return run_command_task.enqueue(job.command, list(job.args))
