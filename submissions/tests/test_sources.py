"""Message sources: Maildir and mbox files, a real IMAP server, the watch loop."""

from __future__ import annotations

import imaplib
import mailbox
import os
import socket
import threading
import tracemalloc

import pytest

from submissions.models import MailboxState
from submissions.sources import (
    ImapSource,
    MaildirSource,
    MboxSource,
    SourceError,
    open_source,
    watch,
)
from submissions.sources import base as sources_base
from submissions.sources import imap as sources_imap
from submissions.sources.utf7 import imap_utf7

from .conftest import make_message, subject_of
from .waiting import wait_until


def drain(source) -> list[tuple[str, bytes]]:
    """What the pipeline does: read each message, then mark it processed."""
    seen = []
    for item in source.messages():
        with item.open() as fp:
            seen.append((item.ref, fp.read()))
        source.processed(item)
    return seen


# --- Maildir ------------------------------------------------------------------------


@pytest.fixture
def maildir(tmp_path):
    path = tmp_path / "Maildir"
    mailbox.Maildir(path, create=True)
    return path


def deliver(maildir, name: str, subject: str, folder: str = "new") -> None:
    (maildir / folder / name).write_bytes(make_message(subject))


def test_maildir_offers_new_messages_in_arrival_order_then_moves_them_to_cur(maildir):
    deliver(maildir, "1700000002.M2P1.host", "second")
    deliver(maildir, "1700000001.M1P1.host", "first")
    deliver(maildir, "1700000003.M3P1.host", "third")
    deliver(maildir, "999999999.M9P1.host", "from 2001")  # numeric, not text, order
    deliver(maildir, "1700000000.M0P1.host", "being delivered", folder="tmp")
    deliver(maildir, "1600000000.M0P1.host:2,S", "read long ago", folder="cur")

    with MaildirSource(maildir) as source:
        seen = drain(source)

    assert [subject_of(raw) for _ref, raw in seen] == [
        "from 2001",
        "first",
        "second",
        "third",
    ]
    assert seen[1][0] == "1700000001.M1P1.host"
    assert os.listdir(maildir / "new") == []
    assert sorted(os.listdir(maildir / "cur")) == [
        "1600000000.M0P1.host:2,S",
        "1700000001.M1P1.host:2,S",
        "1700000002.M2P1.host:2,S",
        "1700000003.M3P1.host:2,S",
        "999999999.M9P1.host:2,S",
    ]
    assert os.listdir(maildir / "tmp") == ["1700000000.M0P1.host"]
    with MaildirSource(maildir) as again:
        assert list(again.messages()) == []


def test_maildir_message_not_marked_processed_is_offered_again(maildir):
    deliver(maildir, "1700000001.M1P1.host", "first")
    with MaildirSource(maildir) as source:
        item = next(source.messages())  # read, but the run stops before the commit
    with MaildirSource(maildir) as source:
        assert [subject_of(raw) for _ref, raw in drain(source)] == ["first"]
    assert item.size == len(make_message("first"))


def test_maildir_file_vanishing_while_running_is_skipped(maildir):
    for number in (1, 2, 3):
        deliver(maildir, f"170000000{number}.M{number}P1.host", f"message {number}")

    with MaildirSource(maildir) as source:
        messages = source.messages()
        first = next(messages)
        # Another reader takes message 2 after the listing, and message 1 while it
        # is being read.
        os.remove(maildir / "new" / "1700000002.M2P1.host")
        os.remove(maildir / "new" / "1700000001.M1P1.host")
        with first.open() as fp:
            assert subject_of(fp.read()) == "message 1"
        source.processed(first)  # already gone: nothing to do, no error
        rest = list(messages)

    assert [item.ref for item in rest] == ["1700000003.M3P1.host"]


def test_maildir_that_is_not_one_is_a_source_error(tmp_path):
    with pytest.raises(SourceError, match="no such directory"):
        MaildirSource(tmp_path / "missing")
    (tmp_path / "plain" / "new").mkdir(parents=True)
    with pytest.raises(SourceError, match="not a Maildir: it has no cur, tmp"):
        MaildirSource(tmp_path / "plain")


# --- mbox ---------------------------------------------------------------------------


def test_mbox_splits_on_envelope_lines_and_unescapes_from_lines(tmp_path):
    path = tmp_path / "export.mbox"
    path.write_bytes(
        b"From tic@manlleu.cat Mon Nov 24 10:00:00 2025\n"
        b"Subject: one\n\nFirst body.\n\n"
        b"From tic@vic.cat Mon Nov 24 11:00:00 2025\n"
        b"Subject: two\n\nQuoted below:\n"
        b">From the town hall, with love.\n"
        b">>From a quoted quote.\n"
        b"\n"
        b"From now on we publish every project.\n"
        b"\n"
        b"From - Mon Nov 24 12:00:00 2025\n"
        b"Subject: three\n\nThird body.\n\n"
    )

    with MboxSource(path) as source:
        seen = drain(source)

    assert [subject_of(raw) for _ref, raw in seen] == ["one", "two", "three"]
    assert [ref for ref, _raw in seen] == [
        "export.mbox #1",
        "export.mbox #2",
        "export.mbox #3",
    ]
    assert seen[0][1] == b"Subject: one\n\nFirst body.\n"
    two = seen[1][1]
    assert b"\nFrom the town hall, with love.\n" in two
    assert b"\n>From a quoted quote.\n" in two
    assert two.endswith(b"\n\nFrom now on we publish every project.\n")
    # Read-only: a second run offers everything again (the pipeline dedupes).
    with MboxSource(path) as again:
        assert len(list(again.messages())) == 3


def test_large_mbox_is_read_with_bounded_memory(tmp_path):
    path = tmp_path / "large.mbox"
    body = (
        "Lorem ipsum dolor sit amet, consectetur adipiscing elit.\n" * 1800
    ).encode()
    big = ("A long line of a big attachment, base64 or not.\n" * 70_000).encode()
    with open(path, "wb") as fp:
        for number in range(200):
            envelope = f"From tic@manlleu.cat Mon Nov 24 10:{number % 60:02}:00 2025\n"
            fp.write(envelope.encode())
            fp.write(f"Subject: message {number}\n\n".encode())
            fp.write(big if number == 100 else body)
            fp.write(b"\n")
    assert path.stat().st_size > 20_000_000

    tracemalloc.start()
    try:
        count = sizes = 0
        with MboxSource(path) as source:
            for item in source.messages():
                with item.open() as fp:
                    read = sum(
                        len(chunk) for chunk in iter(lambda: fp.read(65536), b"")
                    )
                assert read == item.size
                count, sizes = count + 1, sizes + read
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert count == 200
    assert sizes > 20_000_000
    assert peak < 6 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB for a 23 MB file"


def test_mbox_missing_or_not_an_mbox_is_a_source_error(tmp_path):
    with pytest.raises(SourceError, match="no such file"):
        MboxSource(tmp_path / "missing.mbox")
    with pytest.raises(SourceError, match="not a file"):
        MboxSource(tmp_path)
    (tmp_path / "notes.txt").write_bytes(b"Subject: hello\n\nnot an mbox\n")
    with pytest.raises(SourceError, match="not an mbox"):
        MboxSource(tmp_path / "notes.txt")
    (tmp_path / "empty.mbox").write_bytes(b"")
    assert list(MboxSource(tmp_path / "empty.mbox").messages()) == []


# --- IMAP against a real Dovecot ----------------------------------------------------


@pytest.mark.django_db
def test_imap_end_to_end_moves_processed_messages(imap_mailbox):
    url, box = imap_mailbox
    uids = [box.append(make_message(f"project {n}")) for n in (1, 2, 3)]

    source = open_source({"imap": url})
    try:
        seen = drain(source)
    finally:
        source.close()

    assert [subject_of(raw) for _ref, raw in seen] == [
        "project 1",
        "project 2",
        "project 3",
    ]
    validity = box.uidvalidity()
    assert seen[0][0] == f"{box.folder} uid {uids[0]} (uidvalidity {validity})"
    assert box.subjects() == []
    assert box.subjects(box.processed_folder) == ["project 1", "project 2", "project 3"]
    state = MailboxState.objects.get()
    assert "@" in state.key and box.password not in state.key
    assert (state.uidvalidity, state.last_uid) == (validity, uids[-1])
    with ImapSource(url) as again:
        assert list(again.messages()) == []


@pytest.mark.django_db
def test_imap_large_message_is_fetched_in_pieces(imap_mailbox, monkeypatch):
    url, box = imap_mailbox
    monkeypatch.setattr(sources_imap, "FETCH_CHUNK", 1000)
    monkeypatch.setattr(sources_base, "SPOOL_BYTES", 4000)
    raw = make_message("big", body="0123456789abcdef\r\n" * 2000)
    box.append(raw)

    with ImapSource(url) as source:
        [item] = list(source.messages())
        with item.open() as fp:
            assert fp._rolled  # on disk, not in memory
            assert fp.read() == raw
    assert item.size == len(raw)


@pytest.mark.django_db
def test_imap_skips_uids_already_done_even_the_newest(imap_mailbox):
    url, box = imap_mailbox
    box.append(make_message("done already"))
    last = box.append(make_message("also done"))
    # Both were ingested but not moved (e.g. the move failed): "UID n+1:*" still
    # answers the newest message, and it must not be offered again.
    MailboxState.objects.create(
        key=ImapSource(url).key, uidvalidity=box.uidvalidity(), last_uid=last
    )
    with ImapSource(url) as source:
        assert list(source.messages()) == []
    new = box.append(make_message("new one"))
    with ImapSource(url) as source:
        assert [item.token[1] for item in source.messages()] == [new]


@pytest.mark.django_db
def test_imap_uidvalidity_change_reads_the_folder_again(imap_mailbox):
    url, box = imap_mailbox
    box.append(make_message("before 1"))
    box.append(make_message("before 2"))
    with ImapSource(url) as source:
        assert len(drain(source)) == 2
    old = MailboxState.objects.get()
    assert old.last_uid >= 2

    box.delete()
    box.create()  # the same name, a new UIDVALIDITY, UIDs from 1 again
    box.append(make_message("after"))
    assert box.uidvalidity() != old.uidvalidity

    with ImapSource(url) as source:
        assert [subject_of(raw) for _ref, raw in drain(source)] == ["after"]
    state = MailboxState.objects.get()
    assert (state.uidvalidity, state.last_uid) == (box.uidvalidity(), 1)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "capabilities_removed", [{"MOVE"}, {"MOVE", "UIDPLUS"}], ids=["uidplus", "plain"]
)
def test_imap_without_move_copies_and_expunges(imap_mailbox, capabilities_removed):
    url, box = imap_mailbox
    for n in (1, 2):
        box.append(make_message(f"project {n}"))
    with ImapSource(url) as source:
        assert {"MOVE", "UIDPLUS"} <= source.capabilities  # what Dovecot offers
        source.capabilities -= capabilities_removed
        assert len(drain(source)) == 2
    assert box.subjects() == []
    assert box.subjects(box.processed_folder) == ["project 1", "project 2"]


@pytest.mark.django_db
def test_imap_dropped_connection_is_a_source_error_and_nothing_is_lost(imap_mailbox):
    url, box = imap_mailbox
    for n in (1, 2, 3):
        box.append(make_message(f"project {n}"))

    source = ImapSource(url)
    messages = source.messages()
    first = next(messages)
    with first.open() as fp:
        assert subject_of(fp.read()) == "project 1"
    source.processed(first)
    source.conn.sock.shutdown(socket.SHUT_RDWR)  # the network goes away
    with pytest.raises(SourceError) as raised:
        next(messages)
    source.close()
    assert box.password not in str(raised.value)

    with ImapSource(url) as source:
        assert [subject_of(raw) for _ref, raw in drain(source)] == [
            "project 2",
            "project 3",
        ]
    assert box.subjects(box.processed_folder) == ["project 1", "project 2", "project 3"]


@pytest.mark.django_db
def test_imap_wrong_password_is_a_source_error_without_the_password(imap_mailbox):
    url, box = imap_mailbox
    wrong = url.replace(f":{box.password}@", ":Wr0ng-S3cret%21@")
    with pytest.raises(SourceError) as raised:
        ImapSource(wrong)
    message = str(raised.value)
    assert "login failed: [AUTHENTICATIONFAILED]" in message
    assert "Wr0ng-S3cret" not in message and box.password not in message

    # LOGIN cannot carry a non-ASCII password: it goes by AUTHENTICATE PLAIN.
    with pytest.raises(SourceError, match="login failed") as raised:
        ImapSource(url.replace(f":{box.password}@", ":contrasenya-%C3%B1@"))
    assert "contrasenya" not in str(raised.value)


@pytest.mark.django_db
def test_imap_unknown_folder_is_a_source_error(imap_mailbox):
    url, box = imap_mailbox
    with pytest.raises(SourceError, match="opening folder 'No such folder'"):
        ImapSource(url.replace(f"/{box.folder}?", "/No%20such%20folder?"))


def test_imap_unreachable_server_is_a_source_error():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # nobody listens there once it is closed
    with pytest.raises(SourceError, match="connecting failed"):
        ImapSource(f"imap://u:secret@127.0.0.1:{port}/INBOX?tls=none", timeout=5)
    with pytest.raises(SourceError, match="connecting failed"):
        ImapSource(f"imaps://u:secret@127.0.0.1:{port}/INBOX", timeout=5)


def test_imap_without_encryption_only_on_loopback():
    with pytest.raises(SourceError, match="only a loopback test server"):
        ImapSource("imap://u:secret@mail.example.org/INBOX?tls=none")


@pytest.mark.django_db
def test_imap_starttls_is_required(imap_mailbox):
    url, _box = imap_mailbox  # the test server offers no STARTTLS
    with pytest.raises(SourceError, match="offers no STARTTLS"):
        ImapSource(url.replace("?tls=none", ""))


def test_folder_names_are_sent_in_modified_utf7():
    assert imap_utf7("~peter/mail/台北/日本語") == "~peter/mail/&U,BTFw-/&ZeVnLIqe-"
    assert imap_utf7("Sol·licituds & altres") == "Sol&ALc-licituds &- altres"


def test_open_source_needs_exactly_one_source(tmp_path):
    with pytest.raises(SourceError, match="exactly one"):
        open_source({})
    with pytest.raises(SourceError, match="exactly one"):
        open_source({"maildir": str(tmp_path), "mbox": str(tmp_path / "x")})
    mailbox.Maildir(tmp_path / "md", create=True)
    assert (
        open_source({"maildir": str(tmp_path / "md"), "mbox": None}).kind == "maildir"
    )


# --- watch --------------------------------------------------------------------------


class FakeSource:
    kind = "fake"

    def __init__(self):
        self.closed = False

    def close(self):
        self.closed = True


def run_watch(outcomes, *, interval=60, max_backoff=300, failing_handle=False):
    """Run watch() over scripted rounds; the sleeps it asked for, and the sources."""
    stop = threading.Event()
    sleeps, made, handled = [], [], []
    script = iter(outcomes)

    def make_source():
        outcome = next(script)
        if outcome == "refused":
            raise SourceError("connection refused")
        source = FakeSource()
        made.append(source)
        if outcome == "dropped":
            source.drop = True
        if outcome == "database down":
            source.database_down = True
        return source

    def handle(source):
        if getattr(source, "drop", False):
            raise imaplib.IMAP4.abort("socket error: EOF")
        if getattr(source, "database_down", False):
            from django.db import OperationalError

            raise OperationalError("server closed the connection unexpectedly")
        handled.append(source)

    def sleep(seconds):
        sleeps.append(seconds)
        if len(sleeps) == len(outcomes):
            stop.set()

    watch(
        make_source,
        handle,
        interval=interval,
        max_backoff=max_backoff,
        stop=stop,
        sleep=sleep,
    )
    return sleeps, made, handled


def test_watch_backs_off_on_failures_and_resets_after_success():
    sleeps, made, handled = run_watch(["refused", "refused", "ok"], interval=30)
    assert sleeps == [1, 2, 30]
    assert len(handled) == 1 and made[0].closed

    sleeps, made, handled = run_watch(
        ["refused", "dropped", "refused", "ok", "refused"], interval=30
    )
    assert sleeps == [1, 2, 4, 30, 1]
    assert all(source.closed for source in made)  # the dropped one too


def test_watch_waits_for_the_database_instead_of_ending(caplog):
    """PostgreSQL restarting under `ingest_mail --watch`: the round is tried
    again, like a mail server that does not answer, and the process lives on."""
    sleeps, made, handled = run_watch(
        ["database down", "database down", "ok"], interval=30
    )
    assert sleeps == [1, 2, 30]
    assert len(handled) == 1
    assert all(source.closed for source in made)
    assert "The database failed: server closed the connection" in caplog.text


def test_watch_backoff_is_capped():
    sleeps, _made, _handled = run_watch(["refused"] * 7, max_backoff=10)
    assert sleeps == [1, 2, 4, 8, 10, 10, 10]


def test_watch_returns_when_stopped():
    stop = threading.Event()
    stop.set()
    watch(lambda: pytest.fail("no round once stopped"), lambda s: None, stop=stop)

    # With the default (real) wait, setting stop ends a long pause at once.
    stop = threading.Event()
    rounds = []
    thread = threading.Thread(
        target=watch,
        args=(FakeSource, rounds.append),
        kwargs={"interval": 300, "stop": stop},
    )
    thread.start()
    wait_until(lambda: rounds, timeout=5, interval=0.01)
    stop.set()
    thread.join(timeout=5)
    assert not thread.is_alive()
    assert len(rounds) == 1


def test_watch_lets_other_errors_through():
    def handle(source):
        raise ValueError("a bug, not a mail server failure")

    with pytest.raises(ValueError):
        watch(FakeSource, handle, sleep=lambda s: pytest.fail("no retry of a bug"))
