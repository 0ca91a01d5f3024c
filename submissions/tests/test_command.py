"""``manage.py ingest_mail``: sources, the JSON lines, the exit status, and a run
killed in the middle and started again (no duplicate, nothing lost)."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from submissions.models import Submission
from submissions.tests.helpers import SPANISH, message
from submissions.tests.waiting import wait_until

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def maildir(path: Path, messages: list[bytes]) -> Path:
    for sub in ("new", "cur", "tmp"):
        (path / sub).mkdir(parents=True, exist_ok=True)
    for number, raw in enumerate(messages):
        (path / "new" / f"{1700000000 + number}.M{number}P1.test").write_bytes(raw)
    return path


def run_json(**options) -> tuple[list[dict], dict]:
    out = StringIO()
    call_command("ingest_mail", json=True, stdout=out, **options)
    lines = [json.loads(line) for line in out.getvalue().splitlines() if line]
    summary = lines.pop()["summary"]
    return lines, summary


def messy() -> list[bytes]:
    return [
        message(),
        message(SPANISH, subject="=?iso-8859-1?q?Proyecto_de_tr=E1mites?="),
        message(
            headers={"Auto-Submitted": "auto-replied"}, subject="Fora de l'oficina"
        ),
        message(sender=""),
        b"From: x@y.example\r\nSubject: broken\r\nContent-Type: multipart/mixed; "
        b"boundary=zz\r\n\r\n--zz\r\nContent-Type: text/plain; charset=unknown-8bit"
        b"\r\nContent-Transfer-Encoding: base64\r\n\r\nSG9sYQ=!=\r\n",
    ]


def test_maildir_run_prints_one_json_object_per_message_and_a_summary(tmp_path):
    box = maildir(tmp_path / "box", messy())
    lines, summary = run_json(maildir=str(box))
    assert [line["outcome"] for line in lines] == [
        "created",
        "created",
        "ignored",
        "quarantined",
        "created",
    ]
    for line in lines:
        assert set(line) == {"message_id", "outcome", "submission", "reason"}
    assert lines[0]["submission"].startswith("OBS-")
    assert lines[2]["reason"] and lines[2]["submission"] is None
    assert summary == {
        "created": 3,
        "followup": 0,
        "duplicate": 0,
        "ignored": 1,
        "quarantined": 1,
    }
    # Processed files moved to cur/ (seen); a second run finds nothing.
    assert list((box / "new").iterdir()) == []
    assert len(list((box / "cur").iterdir())) == 5
    assert all(name.name.endswith(":2,S") for name in (box / "cur").iterdir())
    lines, summary = run_json(maildir=str(box))
    assert lines == [] and sum(summary.values()) == 0


def test_mbox_read_twice_gives_duplicates_the_second_time(tmp_path):
    mbox = tmp_path / "export.mbox"
    with mbox.open("wb") as fh:
        for raw in messy()[:2]:
            fh.write(b"From sender@example.org Mon Nov  2 09:30:00 2026\n")
            fh.write(raw.replace(b"\r\n", b"\n") + b"\n")
    first, _ = run_json(mbox=str(mbox))
    assert [line["outcome"] for line in first] == ["created", "created"]
    again, summary = run_json(mbox=str(mbox))
    assert [line["outcome"] for line in again] == ["duplicate", "duplicate"]
    assert summary["duplicate"] == 2
    assert Submission.objects.count() == 2


def test_a_missing_source_fails_the_command(tmp_path):
    with pytest.raises(CommandError):
        call_command("ingest_mail", maildir=str(tmp_path / "nope"), stdout=StringIO())
    with pytest.raises(CommandError):
        call_command("ingest_mail", mbox=str(tmp_path / "nope.mbox"), stdout=StringIO())


def test_human_output_names_each_outcome(tmp_path):
    box = maildir(tmp_path / "box", messy()[:3])
    out = StringIO()
    call_command("ingest_mail", maildir=str(box), stdout=out)
    text = out.getvalue()
    assert text.count("created") >= 2 and "ignored" in text
    assert "3 message(s)" in text


# Killed mid-run ---------------------------------------------------------------------


def _count(db: Path, sql: str) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchone()[0]


def test_a_run_killed_mid_way_loses_nothing_and_duplicates_nothing(tmp_path):
    """A real process on its own SQLite database, killed with SIGKILL while it
    works, three times; then a run to the end. Every message is recorded once."""
    total = 60
    box = maildir(
        tmp_path / "box",
        [
            message(f"Projecte número {n}: tràmits en línia per a les entitats.")
            for n in range(total)
        ],
    )
    db = tmp_path / "kill.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{db}",
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v", "0"], env=env, check=True, cwd=ROOT)
    kills = 0
    for stop_after in (5, 20, 40):
        process = subprocess.Popen(
            [*manage, "ingest_mail", "--maildir", str(box), "--json"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        reached = wait_until(
            lambda stop_after=stop_after, process=process: (
                process.poll() is not None
                or len(list((box / "cur").iterdir())) >= stop_after
            ),
            timeout=120,
            interval=0.005,
        )
        if reached and process.poll() is None:
            process.send_signal(signal.SIGKILL)
            kills += 1
        process.wait(timeout=60)
        done = len(list((box / "cur").iterdir()))
        recorded = _count(db, "select count(*) from submissions_message")
        # A message is moved only once committed: never more moved than recorded,
        # and at most the one in flight recorded but not yet moved.
        assert done <= recorded <= done + 1
    assert kills >= 2, "the runs ended before they could be killed"
    finish = subprocess.run(
        [*manage, "ingest_mail", "--maildir", str(box), "--json"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert list((box / "new").iterdir()) == []
    assert _count(db, "select count(*) from submissions_message") == total
    assert _count(db, "select count(*) from submissions_submission") == total
    assert (
        _count(db, "select count(distinct dedupe_key) from submissions_message")
        == total
    )
    summary = json.loads(finish.stdout.splitlines()[-1])["summary"]
    assert summary["created"] + summary["duplicate"] == sum(summary.values())


# Over IMAP, end to end (a real Dovecot) ------------------------------------------


def test_imap_end_to_end_with_a_connection_dropped_mid_run(imap_mailbox, monkeypatch):
    """Three messages APPENDed; the connection dies after the second is committed
    but before it is moved: the run fails (the source failed), the next run
    finds the second again as a duplicate, moves it, and creates the third."""
    import socket

    from submissions.management.commands import ingest_mail as command

    url, mailbox = imap_mailbox
    for n in range(3):
        mailbox.append(message(f"Projecte {n}: cita prèvia en línia.", subject=f"P{n}"))
    opened = []
    real_open, real_ingest = command.open_source, command.ingest

    def capture(spec):
        opened.append(real_open(spec))
        return opened[-1]

    def ingest_then_drop(fp, **kwargs):
        result = real_ingest(fp, **kwargs)
        if Submission.objects.count() == 2:
            opened[-1].conn.sock.shutdown(socket.SHUT_RDWR)
        return result

    monkeypatch.setattr(command, "open_source", capture)
    monkeypatch.setattr(command, "ingest", ingest_then_drop)
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("ingest_mail", imap=url, json=True, stdout=out)
    first = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [line.get("outcome") for line in first[:1]] == ["created"]
    assert first[-1]["summary"]["created"] == 1  # the second was not reported
    assert Submission.objects.count() == 2  # ...but it was committed

    monkeypatch.setattr(command, "ingest", real_ingest)
    lines, summary = run_json(imap=url)
    assert [line["outcome"] for line in lines] == ["duplicate", "created"]
    assert Submission.objects.count() == 3
    assert sorted(s.subject for s in Submission.objects.all()) == ["P0", "P1", "P2"]
    assert mailbox.subjects() == []  # INBOX empty
    assert sorted(mailbox.subjects(mailbox.processed_folder)) == ["P0", "P1", "P2"]
    again, _ = run_json(imap=url)
    assert again == []


def test_watch_mode_keeps_taking_new_mail_and_stops_on_sigterm(tmp_path):
    """Production mode in a real process: mail arriving while it runs is taken,
    a missing Maildir is waited for (not fatal), and SIGTERM ends it cleanly."""
    box = tmp_path / "box"
    db = tmp_path / "watch.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{db}",
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v", "0"], env=env, check=True, cwd=ROOT)
    command = ["ingest_mail", "--maildir", str(box), "--watch", "--interval", "0.2"]
    log = tmp_path / "watch.log"
    with log.open("w") as stderr:
        process = subprocess.Popen(
            [*manage, *command],
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
        )
    try:
        # The folder does not exist yet: it fails, backs off and retries.
        assert wait_until(
            lambda: (
                process.poll() is not None or log.read_text().count("trying again") >= 2
            ),
            timeout=60,
        ), log.read_text()
        assert process.poll() is None, log.read_text()
        maildir(box, [message(subject="Primer"), message(subject="Segon")])
        wait_until(lambda: len(list((box / "cur").iterdir())) == 2, timeout=60)
        assert len(list((box / "cur").iterdir())) == 2
        assert _count(db, "select count(*) from submissions_submission") == 2
    finally:
        process.send_signal(signal.SIGTERM)
        out, _ = process.communicate(timeout=60)
    assert process.returncode == 0, log.read_text()
    assert "created" in out
