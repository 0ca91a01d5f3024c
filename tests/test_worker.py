"""The task worker, the scheduler and what they build, as an operator relies on them:
jobs queued in the database are run by `manage.py worker`; the scheduler queues
the scheduled jobs; a worker killed mid-job leaves nothing lost and sends no
email twice; the figures and open data files are rebuilt by the worker, never
in a visitor's request."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from core import workers
from core.models import SentEmail
from core.once import send_once

ON_POSTGRESQL = connection.vendor == "postgresql"
DATABASE_TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
}

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def queued(settings):
    """Tasks go to the database queue (as in production) for this test."""
    # django-tasks reads the setting again when it changes.
    settings.TASKS = DATABASE_TASKS


def run_worker() -> None:
    """Run every queued job in this process, as the worker would (without the
    heartbeat thread: SQLite's in-memory test database is not shared with it)."""
    call_command("worker", "--batch", "--no-startup-delay", "--beat", "0", verbosity=0)


def test_the_scheduler_lists_every_job_with_its_next_run():
    out = StringIO()
    call_command("scheduler", "--list", stdout=out)
    text = out.getvalue()
    for name in (
        "search catch-up",
        "search repair",
        "daily digests",
        "weekly digests",
        "caravan reminders",
        "submission purge",
    ):
        assert name in text
    assert "next: " in text


def test_a_scheduled_job_is_queued_then_run_by_the_worker(queued):
    out = StringIO()
    call_command("scheduler", "--now", "caravan reminders", stdout=out)
    job = DBTaskResult.objects.get()
    assert job.status == TaskResultStatus.READY
    assert job.args_kwargs["args"] == ["send_stop_reminders", []]

    run_worker()

    job.refresh_from_db()
    assert job.status == TaskResultStatus.SUCCESSFUL, job.traceback
    assert "reminder(s) sent" in job.return_value


def test_an_unknown_job_name_is_refused_with_the_list():
    err = StringIO()
    with pytest.raises(SystemExit):
        call_command("scheduler", "--now", "digest", stderr=err)
    assert "'daily digests'" in err.getvalue()


def test_the_worker_waits_for_the_database_and_runs_its_job_again(monkeypatch, caplog):
    """PostgreSQL restarts under the worker (as the fault drill does against
    make serve): db_worker's loop would end the process; ours waits, says so
    once when the database goes and once when it is back, and the job it was
    running goes back in the queue."""
    from django.db import OperationalError

    from core.management.commands.worker import Worker

    job = DBTaskResult.objects.create(
        task_path="cms.tasks.forget_sent_emails_task",
        args_kwargs={"args": [], "kwargs": {}},
        backend_name="default",
        queue_name="default",
        status=TaskResultStatus.RUNNING,
        started_at=timezone.now(),
        worker_ids=["this-worker"],
    )
    rounds = []

    def loop(self):  # db_worker's loop: the database goes away, then it is back
        rounds.append(1)
        if len(rounds) == 1:
            raise OperationalError(
                "terminating connection due to administrator command"
            )

    attempts = []
    connect = connection.ensure_connection

    def ensure_connection():
        attempts.append(1)
        if len(attempts) < 3:
            raise OperationalError("connection refused")
        return connect()

    # db_worker's own class (the command puts ours in its place once it ran).
    monkeypatch.setattr(Worker.__bases__[0], "run", loop)
    monkeypatch.setattr(connection, "ensure_connection", ensure_connection)
    worker = Worker.__new__(Worker)
    worker.worker_id, worker.running, worker.retry_every = "this-worker", True, 0.01

    with caplog.at_level("WARNING"):
        worker.run()

    assert len(rounds) == 2 and len(attempts) >= 3
    messages = [record.getMessage() for record in caplog.records]
    assert sum("does not answer" in message for message in messages) == 1
    assert sum("answers again" in message for message in messages) == 1
    job.refresh_from_db()
    assert job.status == TaskResultStatus.READY


def test_jobs_of_a_dead_worker_run_again_and_a_live_workers_stay():
    now = timezone.now()
    workers.beat("dead", now - timedelta(minutes=5))
    workers.beat("alive", now)
    assert workers.last_heartbeat() == now
    common = {
        "task_path": "cms.tasks.forget_sent_emails_task",
        "args_kwargs": {"args": [], "kwargs": {}},
        "backend_name": "default",
        "queue_name": "default",
        "status": TaskResultStatus.RUNNING,
        "started_at": now - timedelta(minutes=6),
    }
    lost = DBTaskResult.objects.create(worker_ids=["dead"], **common)
    running = DBTaskResult.objects.create(worker_ids=["alive"], **common)

    assert workers.requeue_lost(now) == 1

    lost.refresh_from_db()
    running.refresh_from_db()
    assert lost.status == TaskResultStatus.READY
    assert lost.started_at is None
    assert running.status == TaskResultStatus.RUNNING


def test_an_email_is_sent_once_per_reason():
    sent = []
    assert send_once("reason-1", lambda: sent.append(1) or 1) == 1
    assert send_once("reason-1", lambda: sent.append(1) or 1) == 0
    assert sent == [1]
    # A send that fails leaves no record: the job's next run sends it.
    with pytest.raises(ConnectionError):
        send_once("reason-2", lambda: (_ for _ in ()).throw(ConnectionError()))
    assert not SentEmail.objects.filter(key="reason-2").exists()


def test_figures_are_rebuilt_by_the_worker_not_in_the_request(
    queued, settings, client, project_index
):
    from project_pages.factories import ProjectPageFactory

    settings.OBSERVATORY_BACKGROUND_BUILDS = True
    ProjectPageFactory(parent=project_index, title="Primer projecte")
    run_worker()
    first = client.get("/en/figures/")
    assert first.status_code == 200
    assert first.context["figures"].total == 1

    for n in range(3):
        ProjectPageFactory(parent=project_index, title=f"Projecte {n}")
    # The visitor gets the figures built before, at once; one rebuild is queued
    # however many changes came.
    stale = client.get("/en/figures/")
    assert stale.context["figures"].total == 1
    queued_builds = DBTaskResult.objects.filter(
        task_path="figures.tasks.build_figures_task",
        status=TaskResultStatus.READY,
    )
    assert queued_builds.count() == 1

    run_worker()
    assert client.get("/en/figures/").context["figures"].total == 4


def test_open_data_files_are_rebuilt_by_the_worker(
    queued, settings, client, project_index
):
    from project_pages.factories import ProjectPageFactory

    def published_titles() -> list[str]:
        response = client.get("/opendata/projects.json")
        data = json.loads(b"".join(response.streaming_content))
        return sorted(project["title"] for project in data)

    settings.OBSERVATORY_BACKGROUND_BUILDS = True
    ProjectPageFactory(parent=project_index, title="Primer projecte")
    run_worker()
    assert published_titles() == ["Primer projecte"]

    ProjectPageFactory(parent=project_index, title="Segon projecte")
    # Served from the files built before while the new ones wait for the worker.
    assert published_titles() == ["Primer projecte"]
    run_worker()
    assert published_titles() == ["Primer projecte", "Segon projecte"]


# A worker killed mid-job ----------------------------------------------------------


class SlowInbox:
    """An SMTP server that takes its time over each message, so that a worker can
    be killed in the middle of a job that sends many."""

    def __init__(self):
        self.recipients = []

    async def handle_DATA(self, server, session, envelope):
        import asyncio

        await asyncio.sleep(0.15)
        self.recipients.extend(envelope.rcpt_tos)
        return "250 OK"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_worker(smtp_port: int, log: Path) -> subprocess.Popen:
    database = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.worker_settings",
        "WORKER_TEST_DATABASE": database["NAME"],
        "WORKER_TEST_SMTP_PORT": str(smtp_port),
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", "worker", "--no-startup-delay", "--beat", "0.5"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )


def wait_for(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"waited {seconds} s for {what}")


@pytest.mark.postgres
@pytest.mark.skipif(
    not ON_POSTGRESQL,
    reason="the worker runs in a process of its own, which needs a database "
    "server to share (the PostgreSQL run of make test)",
)
def test_a_worker_killed_mid_job_loses_nothing_and_sends_nothing_twice(
    queued, tmp_path, site_pages
):
    from aiosmtpd.controller import Controller

    from community.factories import make_member
    from project_pages.models import Entity
    from visits.models import Registration, RegistrationStatus
    from visits.tests.test_caravan import make_stop

    host = Entity.objects.create(name="Ajuntament de Vic", municipality="Vic")
    stop = make_stop(site_pages["caravan"]["ca"], host, days=1, capacity=40)
    members = [make_member(f"visitant{n}") for n in range(24)]
    for member in members:
        Registration.objects.create(
            stop=stop, member=member, status=RegistrationStatus.REGISTERED
        )
    expected = sorted(member.user.email for member in members)
    DBTaskResult.objects.all().delete()  # the index updates of the set-up

    inbox = SlowInbox()
    smtp = Controller(inbox, hostname="127.0.0.1", port=free_port())
    smtp.start()
    log = tmp_path / "worker.log"
    first = second = None
    try:
        call_command("scheduler", "--now", "caravan reminders", stdout=StringIO())
        first = start_worker(smtp.port, log)
        wait_for(lambda: len(inbox.recipients) >= 5, 30, "the first reminders")
        first.send_signal(signal.SIGKILL)
        first.wait(10)
        job = DBTaskResult.objects.get()
        assert job.status == TaskResultStatus.RUNNING  # left behind by the dead worker
        assert len(inbox.recipients) < len(expected)

        second = start_worker(smtp.port, log)
        wait_for(
            lambda: DBTaskResult.objects.filter(
                status=TaskResultStatus.SUCCESSFUL
            ).exists(),
            60,
            "the job to run again and finish",
        )
    finally:
        for process in (first, second):
            if process is not None and process.poll() is None:
                process.terminate()
                process.wait(10)
        smtp.stop()
    job = DBTaskResult.objects.get()
    assert len(job.worker_ids) == 2, log.read_text()
    assert sorted(inbox.recipients) == expected  # everyone once, no one twice
    assert not Registration.objects.filter(reminded_at__isnull=True).exists()
