"""An IMAP folder: messages above the last UID done, fetched in pieces, moved to
the processed folder once committed.
"""

from __future__ import annotations

import imaplib
import logging
import re
import ssl
from collections.abc import Iterator
from typing import BinaryIO
from urllib.parse import parse_qs, quote, unquote, urlsplit

from django.conf import settings
from django.utils import timezone

from .base import Item, Source, SourceError, spooled_file
from .utf7 import imap_utf7

logger = logging.getLogger(__name__)

# An IMAP message is fetched in pieces of this size (partial FETCH).
FETCH_CHUNK = 1024 * 1024
# Only a server on these hosts may be reached without TLS (tls=none, in tests).
LOOPBACK_HOSTS = {"127.0.0.1", "::1", "localhost"}
# What imaplib raises when the server or the connection fails.
IMAP_ERRORS = (imaplib.IMAP4.error, OSError, EOFError)


def _quoted(folder: str) -> str:
    encoded = imap_utf7(folder)
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
        except IMAP_ERRORS as error:
            raise self._error("connecting", error) from error
        self.conn = conn
        try:
            if (self.user + self._password).isascii():
                conn.login(self.user, self._password)
            else:  # LOGIN takes ASCII only; SASL PLAIN carries UTF-8
                credentials = f"\0{self.user}\0{self._password}".encode()
                conn.authenticate("PLAIN", lambda _challenge: credentials)
        except IMAP_ERRORS as error:
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
        except IMAP_ERRORS as error:
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
        from ..models import MailboxState

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
        except IMAP_ERRORS as error:
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
        spool = spooled_file()
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
        from ..models import MailboxState

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
        except IMAP_ERRORS as error:
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
        except (*IMAP_ERRORS, AttributeError):
            try:
                conn.shutdown()
            except (*IMAP_ERRORS, AttributeError):
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
