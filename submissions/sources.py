"""Where messages come from: an IMAP folder, a Maildir or an mbox file.

Every source hands the pipeline its messages in arrival order, one ``Item`` at a
time, as a binary file, and is told ``processed(item)`` only after the message's
submission is committed. Until then the message stays where it was (in the IMAP
folder, in the Maildir's ``new/``): a run stopped at any point loses nothing, and the
next run offers the message again for the pipeline's dedupe to recognise.

Memory stays bounded whatever the size of a message: an mbox is scanned line by line
and an IMAP message is fetched in pieces, both into a spooled temporary file that
moves to disk beyond ``SPOOL_BYTES``.

A failure of the source itself (connection, login, folder, file system) raises
``SourceError``, whose message never contains a password; ``watch`` is the
production loop that survives them with a growing pause.
"""

from __future__ import annotations

import base64
import imaplib
import logging
import os
import re
import ssl
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import parse_qs, quote, unquote, urlsplit

from django.conf import settings
from django.utils import timezone

logger = logging.getLogger(__name__)

# A message bigger than this is spooled to a temporary file on disk.
SPOOL_BYTES = 1024 * 1024
# An IMAP message is fetched in pieces of this size (partial FETCH).
FETCH_CHUNK = 1024 * 1024
# An mbox is read in pieces of at most this size (a line may be longer).
READ_CHUNK = 64 * 1024

LOOPBACK_HOSTS = {"127.0.0.1", "::1", "localhost"}


class SourceError(Exception):
    """The source itself failed (connect, login, folder, I/O): the run stops."""


@dataclass
class Item:
    """One message of a source. ``open()`` gives its raw bytes as a binary file
    (a context manager); call it once."""

    ref: str
    size: int | None
    _opener: Callable[[], BinaryIO] = field(repr=False, compare=False)
    # What the source needs to mark it processed (a file name, a UID...).
    token: Any = field(default=None, repr=False, compare=False)

    def open(self) -> BinaryIO:
        return self._opener()


class Source:
    """What every source offers the pipeline."""

    kind = ""

    def messages(self) -> Iterator[Item]:
        raise NotImplementedError

    def processed(self, item: Item) -> None:
        raise NotImplementedError

    def close(self) -> None:
        """Release the connection or file; safe to call twice."""

    def __enter__(self):
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


def _spool() -> BinaryIO:
    return tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES, prefix="obs-mail-")


# --- Maildir ------------------------------------------------------------------------


class MaildirSource(Source):
    """The messages of ``new/``; a processed one is moved to ``cur/`` and flagged
    seen (``:2,S``), which is also what a mail reader does with a message it has
    shown. ``cur/`` therefore holds what is done and is never read; ``tmp/`` holds
    deliveries still being written and is never read either."""

    kind = "maildir"

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        if not self.path.is_dir():
            raise SourceError(f"Maildir {self.path}: no such directory")
        missing = [
            sub for sub in ("new", "cur", "tmp") if not (self.path / sub).is_dir()
        ]
        if missing:
            raise SourceError(
                f"{self.path} is not a Maildir: it has no {', '.join(missing)} folder"
            )
        self._current: BinaryIO | None = None

    def _arrival_key(self, entry: os.DirEntry) -> tuple:
        # Deliveries are named "<seconds>.<unique>.<host>"; within one second (or
        # for names of another form) the modification time decides.
        stat = entry.stat()
        head = entry.name.split(".", 1)[0]
        seconds = int(head) if head.isdigit() else int(stat.st_mtime)
        return (seconds, stat.st_mtime_ns, entry.name)

    def _listing(self) -> list[str]:
        entries = []
        try:
            with os.scandir(self.path / "new") as scan:
                for entry in scan:
                    try:
                        if entry.name.startswith(".") or not entry.is_file():
                            continue
                        entries.append((self._arrival_key(entry), entry.name))
                    except FileNotFoundError:
                        continue  # taken by another reader meanwhile
        except OSError as error:
            raise SourceError(
                f"Maildir {self.path}: cannot list new/: {error}"
            ) from error
        return [name for _key, name in sorted(entries)]

    def messages(self) -> Iterator[Item]:
        for name in self._listing():
            self._close_current()
            try:
                # Opened now, so a file renamed or deleted from here on stays
                # readable; one gone already is simply not offered.
                fp = open(self.path / "new" / name, "rb")  # noqa: SIM115
            except FileNotFoundError:
                logger.info(
                    "Maildir %s: %s vanished before it was read", self.path, name
                )
                continue
            except OSError as error:
                raise SourceError(
                    f"Maildir {self.path}: cannot read {name}: {error}"
                ) from error
            self._current = fp
            yield Item(
                ref=name,
                size=os.fstat(fp.fileno()).st_size,
                _opener=lambda fp=fp: fp,
                token=name,
            )
        self._close_current()

    def processed(self, item: Item) -> None:
        name = item.token
        base = name.split(":", 1)[0]
        try:
            os.rename(self.path / "new" / name, self.path / "cur" / f"{base}:2,S")
        except FileNotFoundError:
            # Moved or deleted by someone else: nothing left to mark.
            logger.info(
                "Maildir %s: %s was gone when marked processed", self.path, name
            )
        except OSError as error:
            raise SourceError(
                f"Maildir {self.path}: cannot move {name}: {error}"
            ) from error

    def _close_current(self) -> None:
        if self._current is not None:
            self._current.close()
            self._current = None

    def close(self) -> None:
        self._close_current()


# --- mbox ---------------------------------------------------------------------------

# A "From " line separates two messages only after an empty line (or at the start of
# the file) and when it looks like an envelope line: a sender, then a date with a
# time ("From MAILER-DAEMON Fri Jul  8 12:08:34 2011", "From - Mon Jan 1 ..."). A
# sentence of a body that starts with "From " (when the writer did not escape it)
# then stays in its message.
_FROM_LINE = re.compile(rb"From \S*\s.*\d\d?:\d\d")
# mboxrd/mboxo escaping: ">From " (any number of ">") loses one ">" on reading.
_ESCAPED_FROM = re.compile(rb">+From ")


def _is_blank(line: bytes) -> bool:
    return line in (b"\n", b"\r\n")


class MboxSource(Source):
    """The messages of an mbox file, read once from start to end.

    The file is scanned line by line and each message copied (un-escaping
    ">From " lines) into a spooled temporary file, so the whole file is never in
    memory. An mbox is read-only here: ``processed`` does nothing, and running again
    over the same file relies on the pipeline's dedupe (Message-ID, else a hash)."""

    kind = "mbox"

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        if not self.path.exists():
            raise SourceError(f"mbox {self.path}: no such file")
        if not self.path.is_file():
            raise SourceError(f"mbox {self.path}: not a file")
        try:
            self._fp = open(self.path, "rb")  # noqa: SIM115
            start = self._fp.read(5)
        except OSError as error:
            raise SourceError(f"mbox {self.path}: cannot read: {error}") from error
        if start and start != b"From ":
            self._fp.close()
            raise SourceError(
                f"{self.path} is not an mbox file (no 'From ' line first)"
            )
        self._fp.seek(0)

    def messages(self) -> Iterator[Item]:
        fp = self._fp
        fp.seek(0)
        number = 0
        spool: BinaryIO | None = None
        size = 0
        at_line_start = True
        pending_blank = b""  # an empty line that may belong to the next separator
        previous_blank = True  # the start of the file counts as after an empty line

        def item() -> Item:
            spool.seek(0)
            return Item(
                ref=f"{self.path.name} #{number}",
                size=size,
                _opener=lambda spool=spool: spool,
                token=number,
            )

        while True:
            try:
                chunk = fp.readline(READ_CHUNK)
            except OSError as error:
                raise SourceError(f"mbox {self.path}: read failed: {error}") from error
            if not chunk:
                break
            line_start, at_line_start = at_line_start, chunk.endswith(b"\n")
            if line_start and previous_blank and _FROM_LINE.match(chunk):
                if not at_line_start:  # an endless "From " line: skip the rest
                    rest = b""
                    while not rest.endswith(b"\n"):
                        rest = fp.readline(READ_CHUNK)
                        if not rest:
                            break
                    at_line_start = True
                if spool is not None:
                    yield item()
                number += 1
                spool, size, pending_blank, previous_blank = _spool(), 0, b"", False
                continue
            if spool is None:  # text before the first separator (checked in init)
                continue
            if pending_blank:
                spool.write(pending_blank)
                size += len(pending_blank)
                pending_blank = b""
            if line_start and _is_blank(chunk):
                pending_blank, previous_blank = chunk, True
                continue
            previous_blank = False
            if line_start and _ESCAPED_FROM.match(chunk):
                chunk = chunk[1:]
            spool.write(chunk)
            size += len(chunk)
        if spool is not None:
            # The empty line that ends the last message belongs to the mbox format.
            yield item()

    def processed(self, item: Item) -> None:
        """Nothing to mark: an mbox file is only read."""

    def close(self) -> None:
        self._fp.close()


# --- IMAP ---------------------------------------------------------------------------

_IMAP_ERRORS = (imaplib.IMAP4.error, OSError, EOFError)


def _imap_utf7(name: str) -> str:
    """A folder name in IMAP's modified UTF-7 (RFC 3501 §5.1.3)."""
    out: list[str] = []
    pending: list[str] = []

    def flush() -> None:
        if pending:
            encoded = base64.b64encode("".join(pending).encode("utf-16-be"))
            out.append("&" + encoded.rstrip(b"=").replace(b"/", b",").decode() + "-")
            pending.clear()

    for char in name:
        if 0x20 <= ord(char) <= 0x7E:
            flush()
            out.append("&-" if char == "&" else char)
        else:
            pending.append(char)
    flush()
    return "".join(out)


def _quoted(folder: str) -> str:
    encoded = _imap_utf7(folder)
    return '"' + encoded.replace("\\", "\\\\").replace('"', '\\"') + '"'


class ImapSource(Source):
    """The messages of one IMAP folder, newest UID last.

    URL forms: ``imaps://user:password@host[:993]/FOLDER`` (TLS from the start),
    ``imap://user:password@host[:143]/FOLDER`` (STARTTLS, required), and
    ``imap://...?tls=none`` without encryption, accepted on loopback only (tests).
    User and password are percent-decoded; the folder defaults to INBOX.

    Where the folder was left (UIDVALIDITY and the last UID processed) is kept in
    ``MailboxState`` under the URL without its password. A processed message is
    moved to the processed folder (created when missing)."""

    kind = "imap"

    def __init__(
        self, url: str, processed_folder: str | None = None, timeout: float = 60
    ):
        parts = urlsplit(url)
        if parts.scheme not in ("imap", "imaps"):
            raise SourceError("an IMAP URL starts with imaps:// or imap://")
        if not parts.hostname:
            raise SourceError("the IMAP URL names no host")
        self.scheme = parts.scheme
        self.host = parts.hostname
        self.user = unquote(parts.username or "")
        self._password = unquote(parts.password or "")
        if not self.user:
            raise SourceError(f"the IMAP URL for {self.host} names no user")
        try:
            self.port = parts.port or (993 if parts.scheme == "imaps" else 143)
        except ValueError as error:
            raise SourceError(f"bad port in the IMAP URL for {self.host}") from error
        self.folder = unquote(parts.path.lstrip("/")) or "INBOX"
        tls = parse_qs(parts.query).get("tls", [""])[-1].lower()
        self.plaintext = tls == "none"
        if self.plaintext and parts.scheme == "imaps":
            raise SourceError("tls=none makes no sense with imaps://")
        if self.plaintext and self.host not in LOOPBACK_HOSTS:
            raise SourceError(
                f"tls=none is refused for {self.host}: only a loopback test server "
                "may be reached without encryption"
            )
        self.processed_folder = (
            processed_folder or settings.SUBMISSIONS["PROCESSED_FOLDER"]
        )
        self.timeout = timeout
        # The state key: the URL without password (nor query).
        self.key = (
            f"{parts.scheme}://{quote(self.user, safe='')}@{self.host}:{self.port}"
            f"/{self.folder}"
        )[:500]
        self.label = f"IMAP {self.user}@{self.host}:{self.port}"
        self.conn: imaplib.IMAP4 | None = None
        self.capabilities: set[str] = set()
        self.uidvalidity: int | None = None
        self._processed_folder_ready = False
        self._connect()

    # -- errors: clear, and never with the password in them

    def _error(self, doing: str, detail: object) -> SourceError:
        if isinstance(detail, Exception) and len(detail.args) == 1:
            detail = detail.args[0] if detail.args[0] else detail  # imaplib: bytes
        text = str(detail)
        if isinstance(detail, bytes):
            text = detail.decode("utf-8", "replace")
        if isinstance(detail, list):
            text = b" ".join(
                d if isinstance(d, bytes) else str(d).encode() for d in detail if d
            ).decode("utf-8", "replace")
        if self._password:
            text = text.replace(self._password, "***")
        return SourceError(f"{self.label}: {doing} failed: {text or 'no reason given'}")

    def _check(self, doing: str, response: tuple) -> list:
        typ, data = response
        if typ != "OK":
            raise self._error(doing, data)
        return data

    # -- connection

    def _connect(self) -> None:
        context = ssl.create_default_context()
        try:
            if self.plaintext:
                conn = imaplib.IMAP4(self.host, self.port, timeout=self.timeout)
            elif self.scheme == "imaps":
                conn = imaplib.IMAP4_SSL(
                    self.host, self.port, ssl_context=context, timeout=self.timeout
                )
            else:
                conn = imaplib.IMAP4(self.host, self.port, timeout=self.timeout)
                if "STARTTLS" not in conn.capabilities:
                    conn.shutdown()
                    raise SourceError(
                        f"{self.label}: the server offers no STARTTLS, and mail is "
                        "never read without encryption (use imaps://)"
                    )
                conn.starttls(context)
        except SourceError:
            raise
        except _IMAP_ERRORS as error:
            raise self._error("connecting", error) from error
        self.conn = conn
        try:
            if (self.user + self._password).isascii():
                conn.login(self.user, self._password)
            else:  # LOGIN takes ASCII only; SASL PLAIN carries UTF-8
                credentials = f"\0{self.user}\0{self._password}".encode()
                conn.authenticate("PLAIN", lambda _challenge: credentials)
        except _IMAP_ERRORS as error:
            self.close()
            raise self._error("login", error) from error
        try:
            data = self._check("CAPABILITY", conn.capability())
            self.capabilities = {
                word.upper() for word in (data[0] or b"").decode().split()
            }
            self._select()
        except SourceError:
            self.close()
            raise
        except _IMAP_ERRORS as error:
            self.close()
            raise self._error("opening the folder", error) from error

    def _select(self) -> int:
        self._check(
            f"opening folder {self.folder!r}", self.conn.select(_quoted(self.folder))
        )
        _typ, values = self.conn.response("UIDVALIDITY")
        try:
            self.uidvalidity = int(values[0])
        except (TypeError, ValueError, IndexError) as error:
            raise self._error(
                f"reading UIDVALIDITY of {self.folder!r}", values
            ) from error
        return self.uidvalidity

    # -- messages

    def messages(self) -> Iterator[Item]:
        from .models import MailboxState

        try:
            uidvalidity = self._select()
            state, _created = MailboxState.objects.get_or_create(key=self.key)
            if state.uidvalidity != uidvalidity:
                if state.uidvalidity:
                    logger.warning(
                        "%s: UIDVALIDITY of %s changed (%s -> %s): reading it again "
                        "from the start (dedupe skips what was already ingested)",
                        self.label,
                        self.folder,
                        state.uidvalidity,
                        uidvalidity,
                    )
                state.uidvalidity, state.last_uid = uidvalidity, 0
                state.save()
            last = state.last_uid
            data = self._check(
                "UID SEARCH", self.conn.uid("SEARCH", f"UID {last + 1}:*")
            )
            # "N:*" always matches the newest message, even when its UID is below N.
            found = (int(word) for word in b" ".join(d for d in data if d).split())
            uids = sorted(uid for uid in found if uid > last)
            for uid in uids:
                fetched = self._fetch(uid)
                if fetched is None:
                    continue  # expunged by another client meanwhile
                spool, size = fetched
                yield Item(
                    ref=f"{self.folder} uid {uid} (uidvalidity {uidvalidity})",
                    size=size,
                    _opener=lambda spool=spool: spool,
                    token=(uidvalidity, uid),
                )
        except SourceError:
            raise
        except _IMAP_ERRORS as error:
            raise self._error("reading messages", error) from error

    def _fetch(self, uid: int) -> tuple[BinaryIO, int] | None:
        """The message with this UID, fetched in pieces into a spooled file."""
        data = self._check(
            f"UID FETCH {uid}", self.conn.uid("FETCH", str(uid), "(RFC822.SIZE)")
        )
        size = None
        for entry in data:
            header = entry[0] if isinstance(entry, tuple) else entry
            if not isinstance(header, bytes) or not _is_uid(header, uid):
                continue
            match = re.search(rb"RFC822\.SIZE (\d+)", header)
            if match:
                size = int(match.group(1))
        if size is None:
            return None
        spool = _spool()
        offset = 0
        while offset < size:
            data = self._check(
                f"UID FETCH {uid}",
                self.conn.uid(
                    "FETCH", str(uid), f"(BODY.PEEK[]<{offset}.{FETCH_CHUNK}>)"
                ),
            )
            piece = _literal(data, uid)
            if not piece:
                break
            spool.write(piece)
            offset += len(piece)
        spool.seek(0)
        return spool, offset

    # -- marking processed

    def _ensure_processed_folder(self) -> None:
        if self._processed_folder_ready:
            return
        quoted = _quoted(self.processed_folder)
        data = self._check("LIST", self.conn.list('""', quoted))
        if not any(data):
            typ, answer = self.conn.create(quoted)
            if typ != "OK" and b"ALREADYEXISTS" not in b" ".join(
                d for d in answer if isinstance(d, bytes)
            ):
                raise self._error(f"creating folder {self.processed_folder!r}", answer)
            self.conn.subscribe(quoted)
        self._processed_folder_ready = True

    def processed(self, item: Item) -> None:
        from .models import MailboxState

        uidvalidity, uid = item.token
        if uidvalidity != self.uidvalidity:
            raise SourceError(
                f"{self.label}: folder {self.folder!r} changed (UIDVALIDITY) since "
                f"{item.ref} was read; it is left for the next run"
            )
        try:
            self._ensure_processed_folder()
            target = _quoted(self.processed_folder)
            if "MOVE" in self.capabilities:
                self._check(f"UID MOVE {uid}", self.conn.uid("MOVE", str(uid), target))
            else:
                self._check(f"UID COPY {uid}", self.conn.uid("COPY", str(uid), target))
                self._check(
                    f"UID STORE {uid}",
                    self.conn.uid("STORE", str(uid), "+FLAGS.SILENT", r"(\Deleted)"),
                )
                if "UIDPLUS" in self.capabilities:
                    self._check(
                        f"UID EXPUNGE {uid}", self.conn.uid("EXPUNGE", str(uid))
                    )
                else:
                    self._check("EXPUNGE", self.conn.expunge())
        except SourceError:
            raise
        except _IMAP_ERRORS as error:
            raise self._error(f"moving {item.ref}", error) from error
        MailboxState.objects.filter(
            key=self.key, uidvalidity=uidvalidity, last_uid__lt=uid
        ).update(last_uid=uid, updated_at=timezone.now())

    def close(self) -> None:
        conn, self.conn = self.conn, None
        if conn is None:
            return
        try:
            if conn.state == "SELECTED":
                conn.close()
            conn.logout()
        except (*_IMAP_ERRORS, AttributeError):
            try:
                conn.shutdown()
            except (*_IMAP_ERRORS, AttributeError):
                pass


def _is_uid(header: bytes, uid: int) -> bool:
    match = re.search(rb"UID (\d+)", header)
    return bool(match) and int(match.group(1)) == uid


def _literal(data: list, uid: int) -> bytes | None:
    """The BODY[] literal of one FETCH answer (other untagged FETCHes ignored)."""
    for entry in data:
        if (
            isinstance(entry, tuple)
            and b"BODY[]" in entry[0]
            and _is_uid(entry[0], uid)
        ):
            return entry[1]
    return None


# --- choosing a source, and the production loop -------------------------------------


def open_source(spec: dict) -> Source:
    """The source named by the command's options: exactly one of
    ``{"imap": url}``, ``{"maildir": path}``, ``{"mbox": path}`` (an IMAP source
    also takes ``processed_folder`` and ``timeout``)."""
    chosen = [name for name in ("imap", "maildir", "mbox") if spec.get(name)]
    if len(chosen) != 1:
        raise SourceError("name exactly one source: --imap, --maildir or --mbox")
    name = chosen[0]
    if name == "imap":
        options = {
            key: spec[key] for key in ("processed_folder", "timeout") if spec.get(key)
        }
        return ImapSource(spec["imap"], **options)
    if name == "maildir":
        return MaildirSource(spec["maildir"])
    return MboxSource(spec["mbox"])


def _sleep_unless_stopped(seconds: float, stop: threading.Event) -> None:
    # Short naps rather than stop.wait(): a signal handler that sets the event
    # while the main thread waits on it could deadlock on the event's own lock.
    deadline = time.monotonic() + seconds
    while not stop.is_set():
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return
        time.sleep(min(remaining, 0.5))


def watch(
    make_source: Callable[[], Source],
    handle: Callable[[Source], None],
    *,
    interval: float = 60,
    max_backoff: float = 300,
    stop: threading.Event | None = None,
    sleep: Callable[[float], Any] | None = None,
    log: logging.Logger = logger,
) -> None:
    """Read the source again and again until ``stop`` is set.

    Each round makes a source, lets ``handle`` process what is there, closes it and
    waits ``interval`` seconds (polling: Python 3.11's imaplib has no IDLE). When
    the source fails (connection dropped, server down, login refused...) the round
    is retried after 1, 2, 4... seconds, at most ``max_backoff``, back to 1 after a
    round that worked. ``sleep`` replaces the wait (tests); by default it ends early
    when ``stop`` is set."""
    stop = stop or threading.Event()
    if sleep is None:

        def sleep(seconds: float) -> None:
            _sleep_unless_stopped(seconds, stop)

    backoff = 1.0
    while not stop.is_set():
        source = None
        try:
            source = make_source()
            handle(source)
        except (SourceError, *_IMAP_ERRORS) as error:
            wait = min(backoff, max_backoff)
            log.warning("Mail source failed: %s; trying again in %g s", error, wait)
            backoff = min(backoff * 2, max_backoff)
        else:
            wait, backoff = interval, 1.0
        finally:
            if source is not None:
                try:
                    source.close()
                except Exception:  # noqa: BLE001 - closing must not stop the loop
                    log.exception("Closing the mail source failed")
        if stop.is_set():
            break
        sleep(wait)
