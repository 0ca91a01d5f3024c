"""The scheduled jobs, run by the worker: each is a management command an
operator can also run by hand (docs/operations.md)."""

import io

from django.core.management import call_command
from django_tasks import task


@task()
def run_command_task(name: str, args: list[str]) -> str:
    """Run ``manage.py name *args`` and return what it printed (kept with the
    job's result, so the last run of each job can be read back)."""
    out = io.StringIO()
    call_command(name, *args, stdout=out, stderr=out)
    return out.getvalue()[-4000:]


@task()
def forget_sent_emails_task() -> int:
    """Drop the records of emails sent more than 30 days ago."""
    from core.once import forget_old

    return forget_old()
