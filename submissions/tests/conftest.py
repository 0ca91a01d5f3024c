"""Fixtures for the mail tests: a real IMAP server (Debian's Dovecot) on loopback.

``make test`` (scripts/run-tests.sh) starts one Dovecot for the whole run and
exports its URL as ``IMAP_TEST_URL``; a plain ``pytest`` starts its own through
``scripts/services.sh`` and stops it at the end. When Dovecot cannot run, the IMAP
tests are skipped, except under ``CI=true`` where that is a failure.
"""

from __future__ import annotations

import email
import email.policy
import imaplib
import os
import re
import subprocess
import uuid
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

import pytest

PROJECT_DIR = Path(__file__).resolve().parents[2]
SERVICES = PROJECT_DIR / "scripts" / "services.sh"


def _dovecot_unavailable(reason: str) -> None:
    message = f"Dovecot (a real IMAP server) could not run: {reason}"
    if os.environ.get("CI") == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def imap_server():
    """The URL of a running Dovecot: imap://USER:PASSWORD@127.0.0.1:PORT/INBOX?tls=none."""
    url = os.environ.get("IMAP_TEST_URL")
    if url:
        yield url
        return
    name = f"pytest-{os.getpid()}"
    try:
        started = subprocess.run(  # noqa: S603 - our own script, fixed args
            [str(SERVICES), "dovecot", "start", name],
            capture_output=True,
            text=True,
            timeout=600,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        _dovecot_unavailable(str(error))
    lines = started.stdout.strip().splitlines()
    if started.returncode != 0 or not lines:
        _dovecot_unavailable(started.stderr.strip()[-1500:] or "no URL printed")
    try:
        yield lines[-1]
    finally:
        subprocess.run(  # noqa: S603 - our own script, fixed args
            [str(SERVICES), "dovecot", "stop", name],
            capture_output=True,
            timeout=120,
        )


def make_message(subject: str, body: str = "Hello.", **headers: str) -> bytes:
    """A small, well-formed message (CRLF line ends, as IMAP stores them)."""
    lines = [
        "From: Ajuntament de Manlleu <tic@manlleu.cat>",
        "To: observatori@example.org",
        f"Subject: {subject}",
        f"Message-ID: <{uuid.uuid4().hex}@manlleu.cat>",
        "Date: Mon, 24 Nov 2025 10:00:00 +0100",
        *(f"{name.replace('_', '-')}: {value}" for name, value in headers.items()),
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=utf-8",
        "",
        body,
        "",
    ]
    return "\r\n".join(lines).encode()


def subject_of(raw: bytes) -> str:
    return str(email.message_from_bytes(raw, policy=email.policy.default)["Subject"])


def _quote(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


class ImapTestMailbox:
    """A second, independent IMAP client: puts messages in and looks at folders."""

    def __init__(self, server_url: str, folder: str, processed_folder: str):
        parts = urlsplit(server_url)
        self.host, self.port = parts.hostname, parts.port
        self.user, self.password = unquote(parts.username), unquote(parts.password)
        self.folder = folder
        self.processed_folder = processed_folder
        self.url = urlunsplit(parts._replace(path=f"/{folder}"))
        self.client = self.connect()

    def connect(self) -> imaplib.IMAP4:
        client = imaplib.IMAP4(self.host, self.port, timeout=30)
        client.login(self.user, self.password)
        return client

    def create(self, folder: str | None = None) -> None:
        typ, data = self.client.create(_quote(folder or self.folder))
        assert typ == "OK", data

    def delete(self, folder: str | None = None) -> None:
        self.client.delete(_quote(folder or self.folder))

    def append(self, raw: bytes, folder: str | None = None) -> int:
        """APPEND a message; its UID (Dovecot answers APPENDUID)."""
        typ, data = self.client.append(_quote(folder or self.folder), None, None, raw)
        assert typ == "OK", data
        return int(re.search(rb"APPENDUID \d+ (\d+)", data[0]).group(1))

    def uidvalidity(self, folder: str | None = None) -> int:
        typ, data = self.client.status(_quote(folder or self.folder), "(UIDVALIDITY)")
        assert typ == "OK", data
        return int(re.search(rb"UIDVALIDITY (\d+)", data[0]).group(1))

    def subjects(self, folder: str | None = None) -> list[str]:
        """The subjects of a folder's messages, in UID order ([] when it is missing)."""
        typ, _data = self.client.select(_quote(folder or self.folder), readonly=True)
        if typ != "OK":
            return []
        try:
            _typ, data = self.client.uid("SEARCH", "ALL")
            subjects = []
            for uid in data[0].split():
                _typ, fetched = self.client.uid("FETCH", uid, "(BODY.PEEK[])")
                subjects.append(subject_of(fetched[0][1]))
            return subjects
        finally:
            self.client.close()

    def close(self) -> None:
        try:
            for folder in (self.folder, self.processed_folder):
                self.delete(folder)
            self.client.logout()
        except (imaplib.IMAP4.error, OSError):
            pass


@pytest.fixture
def imap_mailbox(imap_server, settings):
    """(url, mailbox): a fresh, empty folder of the test server and a client for it.

    Each test has its own folder (and its own processed folder, set in
    settings.SUBMISSIONS), so tests never see each other's messages, whatever ran
    on the server before."""
    tag = uuid.uuid4().hex[:10]
    folder, processed = f"test-{tag}", f"test-{tag}-processed"
    settings.SUBMISSIONS = {**settings.SUBMISSIONS, "PROCESSED_FOLDER": processed}
    try:
        mailbox = ImapTestMailbox(imap_server, folder, processed)
    except (imaplib.IMAP4.error, OSError) as error:
        _dovecot_unavailable(f"cannot log in to {imap_server.split('@')[-1]}: {error}")
    mailbox.create()
    yield mailbox.url, mailbox
    mailbox.close()
