"""Turn one raw email message into plain data the ingester can store, whatever it holds.

Mail reaching a public address is messy: every charset (declared or not, truthful or
not), broken MIME structure, bad base64, HTML-only bodies, forwards of forwards,
Outlook's winmail.dat, hostile file names and zip bombs. ``parse_message`` never
raises on any of it: what it cannot read becomes a human-readable note in
``problems`` and the rest is kept, because a message lost to a parsing error is a
municipality's submission lost.

Memory stays bounded on large messages: the raw bytes are fed to the standard
library's ``email`` parser in chunks while they are hashed (never read whole and then
copied), and each attachment is decoded once, chunk by chunk, straight into a file in
``workdir``; its encoded text is released as soon as it is written.
"""

from __future__ import annotations

import binascii
import codecs
import contextlib
import gzip
import hashlib
import io
import mimetypes
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email import policy as email_policy
from email.feedparser import BytesFeedParser
from email.message import Message
from email.parser import BytesParser
from email.utils import getaddresses, parsedate_to_datetime
from pathlib import Path
from typing import IO

import nh3
import tnefparse
from bs4 import BeautifulSoup

READ_CHUNK = 64 * 1024
DECODE_STEP = 1024 * 1024  # characters of encoded payload decoded at a time
MAX_FORWARD_DEPTH = 5
MAX_PART_DEPTH = 50
MAX_HEADERS = 500
MAX_HEADER_CHARS = 2000
MAX_SUBJECT_CHARS = 300
MAX_TEXT_PART_BYTES = 5 * 1024 * 1024
MAX_TEXT_CHARS = 1_000_000
MAX_HTML_CHARS = 2_000_000
MAX_ADDRESSES = 100
MAX_REFERENCES = 200
MAX_MESSAGE_ID_CHARS = 500
MAX_PROBLEMS = 100
MAX_FILENAME_CHARS = 120
MAX_NESTED_ZIP_BYTES = 32 * 1024 * 1024
FALLBACK_BYTES = 1024 * 1024
FORWARD_LINE = "---------- Forwarded message ----------"

MB = 1024 * 1024


@dataclass
class Limits:
    """How much one message may bring in; defaults from ``settings.SUBMISSIONS``.

    ``max_message_bytes`` is the total of the attachments kept from one message.
    """

    max_attachment_bytes: int
    max_message_bytes: int
    max_attachments: int
    max_archive_uncompressed_bytes: int
    max_archive_ratio: int
    max_archive_members: int
    # Raw bytes handed to the parser (the rest is hashed, not parsed). Base64 makes
    # attachments a third larger, so by default half as much again as the total
    # allowed for attachments: the total rule can then bite before this one.
    max_parse_bytes: int | None = None

    def __post_init__(self) -> None:
        if self.max_parse_bytes is None:
            self.max_parse_bytes = self.max_message_bytes * 3 // 2

    @classmethod
    def from_settings(cls) -> Limits:
        from django.conf import settings

        conf = settings.SUBMISSIONS
        return cls(
            max_attachment_bytes=conf["MAX_ATTACHMENT_BYTES"],
            max_message_bytes=conf["MAX_MESSAGE_BYTES"],
            max_attachments=conf["MAX_ATTACHMENTS"],
            max_archive_uncompressed_bytes=conf["MAX_ARCHIVE_UNCOMPRESSED_BYTES"],
            max_archive_ratio=conf["MAX_ARCHIVE_RATIO"],
            max_archive_members=conf["MAX_ARCHIVE_MEMBERS"],
            max_parse_bytes=conf.get("MAX_PARSE_BYTES"),
        )


@dataclass
class ParsedAttachment:
    filename: str
    content_type: str
    size: int
    path: Path | None
    dropped: str = ""
    origin: str = ""  # "", "forwarded" or "tnef"
    is_image: bool = False
    inline: bool = False  # shown in the body (Content-Disposition inline / cid)
    content_id: str = ""  # without <>, so HTML "cid:" references can be resolved


@dataclass
class ParsedMessage:
    message_id: str = ""
    content_hash: str = ""
    size: int = 0
    from_name: str = ""
    from_email: str = ""
    reply_to: str = ""
    return_path: str = ""
    to: list[str] = field(default_factory=list)
    cc: list[str] = field(default_factory=list)
    date: datetime | None = None
    subject: str = ""
    in_reply_to: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    headers: list[tuple[str, str]] = field(default_factory=list)
    text: str = ""
    html: str = ""
    attachments: list[ParsedAttachment] = field(default_factory=list)
    loop: str = ""
    language: str = ""
    problems: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------------------
# Entry point


def parse_message(
    source: IO[bytes] | bytes | Path | str,
    workdir: Path,
    limits: Limits | None = None,
) -> ParsedMessage:
    """Parse ``source`` (binary file, bytes or path); decoded attachments go to
    ``workdir``. Only OSError (reading the source, writing the workdir) escapes."""
    limits = limits or Limits.from_settings()
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    state = _State(workdir, limits)
    result = ParsedMessage()
    msg = _feed(source, state, result)
    if msg is not None:
        try:
            _fill(result, msg, state)
        except OSError:
            raise
        except Exception as exc:  # noqa: BLE001 - a bad message must never stop ingestion
            state.note(f"The message could not be read completely ({_describe(exc)}).")
    result.attachments = state.attachments
    result.problems = state.problems
    return result


def _feed(source, state: _State, result: ParsedMessage) -> Message | None:
    """Hash every byte and feed the parser chunk by chunk (up to the size limit).

    The first megabyte is also kept aside: when the structure defeats the parser
    (thousands of nested parts), its headers and raw body are read from it instead.
    """
    digest = hashlib.sha256()
    size = 0
    parser = BytesFeedParser(policy=email_policy.compat32)
    parsing = True
    failed = False
    head = bytearray()
    limit = state.limits.max_parse_bytes
    with _open_source(source) as handle:
        while True:
            chunk = handle.read(READ_CHUNK)
            if not chunk:
                break
            digest.update(chunk)
            size += len(chunk)
            if len(head) < FALLBACK_BYTES:
                head += chunk[: FALLBACK_BYTES - len(head)]
            if not parsing:
                continue
            if size > limit:
                chunk = chunk[: len(chunk) - (size - limit)]
                parsing = False
                state.truncated = True
                state.note(
                    f"The message is larger than {_mb(limit)}: only its first "
                    f"{_mb(limit)} were read."
                )
            try:
                parser.feed(chunk)
            except Exception as exc:  # noqa: BLE001 - e.g. RecursionError on deep nesting
                parsing = False
                failed = True
                state.note(
                    f"The message structure could not be parsed ({_describe(exc)}); "
                    "its raw text is shown instead."
                )
    result.content_hash = digest.hexdigest()
    result.size = size
    if not failed:
        try:
            return parser.close()
        except Exception as exc:  # noqa: BLE001
            state.note(
                f"The message structure could not be parsed ({_describe(exc)}); "
                "its raw text is shown instead."
            )
    del parser
    try:
        return BytesParser(policy=email_policy.compat32).parsebytes(
            bytes(head), headersonly=True
        )
    except Exception:  # noqa: BLE001
        return None


@contextlib.contextmanager
def _open_source(source) -> Iterator[IO[bytes]]:
    if isinstance(source, bytes | bytearray | memoryview):
        yield io.BytesIO(source)
    elif isinstance(source, str | Path):
        with open(source, "rb") as handle:
            yield handle
    else:
        yield source


# --------------------------------------------------------------------------------------
# Per-message state: notes and attachments


@dataclass
class _Segment:
    """A piece of body: plain text, HTML, or an already formatted forward."""

    text: str | None = None
    html: str | None = None
    forward: str | None = None


class _State:
    def __init__(self, workdir: Path, limits: Limits):
        self.workdir = workdir
        self.limits = limits
        self.problems: list[str] = []
        self.attachments: list[ParsedAttachment] = []
        self.counter = 0
        self.kept_count = 0
        self.kept_bytes = 0
        self.files = 0
        self.unlisted = 0
        self.dsn = False
        self.truncated = False
        self.last_leaf: ParsedAttachment | None = None

    def note(self, text: str) -> None:
        if text in self.problems:
            return
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(text)
        elif len(self.problems) == MAX_PROBLEMS:
            self.problems.append("More problems were found and not listed.")

    # Attachments ------------------------------------------------------------------

    def add_attachment(
        self,
        name: str,
        content_type: str,
        chunks: Iterable[bytes],
        *,
        origin: str = "",
        inline: bool = False,
        content_id: str = "",
        estimate: int = 0,
    ) -> ParsedAttachment | None:
        """Spool one attachment to the workdir, or list it as dropped with why."""
        attachment = self.new_attachment(
            name,
            content_type,
            origin=origin,
            inline=inline,
            content_id=content_id,
            estimate=estimate,
        )
        if attachment is None or attachment.dropped:
            return attachment
        path, size, over = self.spool(chunks, self.room())
        return self.register(attachment, path, size, over)

    def new_attachment(
        self, name, content_type, *, origin="", inline=False, content_id="", estimate=0
    ) -> ParsedAttachment | None:
        self.counter += 1
        content_type = (content_type or "application/octet-stream").lower()
        if len(self.attachments) >= self.limits.max_attachments + 100:
            self.unlisted += 1
            return None
        attachment = ParsedAttachment(
            filename=safe_filename(name, content_type, self.counter),
            content_type=content_type,
            size=estimate,
            path=None,
            origin=origin,
            inline=inline,
            content_id=content_id,
        )
        self.attachments.append(attachment)
        if self.kept_count >= self.limits.max_attachments:
            attachment.dropped = (
                f"Too many attachments: only the first {self.limits.max_attachments} "
                "are kept."
            )
        return attachment

    def register(
        self, attachment: ParsedAttachment, path: Path, size: int, over: bool
    ) -> ParsedAttachment:
        """Keep a spooled file, unless too large, empty, or an archive bomb."""
        attachment.size = size
        if over:
            attachment.dropped = self._too_large(size)
            return attachment
        if size == 0:
            path.unlink(missing_ok=True)
            attachment.dropped = "Empty file."
            return attachment
        attachment.path = path
        self._identify(attachment)
        bomb = _archive_check(attachment, self.limits, self)
        if bomb:
            path.unlink(missing_ok=True)
            attachment.path = None
            attachment.dropped = bomb
            return attachment
        self.kept_count += 1
        self.kept_bytes += size
        return attachment

    def room(self) -> int:
        return max(
            0,
            min(
                self.limits.max_attachment_bytes,
                self.limits.max_message_bytes - self.kept_bytes,
            ),
        )

    def _too_large(self, size: int) -> str:
        if size > self.limits.max_attachment_bytes:
            return (
                f"Too large: {_mb(size)}, over the limit of "
                f"{_mb(self.limits.max_attachment_bytes)} per attachment."
            )
        return (
            f"Beyond the message total: attachments may add up to "
            f"{_mb(self.limits.max_message_bytes)} per message."
        )

    def spool(self, chunks: Iterable[bytes], cap: int) -> tuple[Path, int, bool]:
        """Write decoded chunks to a new file; past ``cap`` stop writing but count."""
        self.files += 1
        path = self.workdir / f"part-{self.files:04d}"
        size = 0
        over = False
        with open(path, "wb") as handle:
            for chunk in chunks:
                size += len(chunk)
                if over:
                    continue
                if size > cap:
                    over = True
                    continue
                handle.write(chunk)
        if over:
            path.unlink(missing_ok=True)
        return path, size, over

    def _identify(self, attachment: ParsedAttachment) -> None:
        """Sniff images from their bytes, correcting a lying type or extension."""
        with open(attachment.path, "rb") as handle:
            head = handle.read(32)
        sniffed = _sniff_image(head)
        declared = attachment.content_type
        if sniffed:
            content_type, extensions = sniffed
            attachment.is_image = True
            if declared != content_type and not (
                declared == "image/jpg" and content_type == "image/jpeg"
            ):
                if declared.startswith("image/"):
                    self.note(
                        f"{attachment.filename}: declared {declared} but is "
                        f"{content_type}; corrected."
                    )
                attachment.content_type = content_type
            stem, ext = _split_ext(attachment.filename)
            if ext.lower() not in extensions:
                attachment.filename = _truncate(stem or "image", extensions[0])
            return
        if declared.startswith("image/") and declared != "image/svg+xml":
            guessed = mimetypes.guess_type(attachment.filename)[0] or ""
            attachment.content_type = (
                guessed
                if guessed and not guessed.startswith("image/")
                else "application/octet-stream"
            )
            self.note(
                f"{attachment.filename}: declared {declared} but is not an image; kept "
                "as a document."
            )
        elif declared == "application/octet-stream":
            guessed = mimetypes.guess_type(attachment.filename)[0]
            if guessed and not guessed.startswith("image/"):
                attachment.content_type = guessed


_IMAGE_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "image/png", (".png",)),
    (b"\xff\xd8\xff", "image/jpeg", (".jpg", ".jpeg", ".jpe")),
    (b"GIF87a", "image/gif", (".gif",)),
    (b"GIF89a", "image/gif", (".gif",)),
)


def _sniff_image(head: bytes) -> tuple[str, tuple[str, ...]] | None:
    """The image formats Wagtail takes, told by their first bytes (not the label)."""
    for magic, content_type, extensions in _IMAGE_MAGIC:
        if head.startswith(magic):
            return content_type, extensions
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp", (".webp",)
    return None


# --------------------------------------------------------------------------------------
# Archives: zip and gzip bombs


_ZIP_TYPES = {"application/zip", "application/x-zip-compressed", "application/x-zip"}
_GZIP_TYPES = {"application/gzip", "application/x-gzip", "application/x-gunzip"}


def _archive_check(attachment: ParsedAttachment, limits: Limits, state: _State) -> str:
    """A reason to refuse the archive ("archive bomb: ..."), or "" to keep it."""
    name = attachment.filename.lower()
    ctype = attachment.content_type
    try:
        if name.endswith(".zip") or ctype in _ZIP_TYPES:
            totals = {"members": 0, "bytes": 0}
            with open(attachment.path, "rb") as handle:
                return _zip_bomb(handle, attachment.size, limits, totals, 0)
        if name.endswith((".gz", ".tgz")) or ctype in _GZIP_TYPES:
            return _gzip_bomb(attachment.path, attachment.size, limits)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, gzip.BadGzipFile, EOFError):
        state.note(f"{attachment.filename}: corrupt archive, kept as it is.")
    except Exception as exc:  # noqa: BLE001 - zipfile raises many things on junk
        state.note(
            f"{attachment.filename}: corrupt archive ({_describe(exc)}), kept as it is."
        )
    return ""


_ARCHIVE_SUFFIXES = (".zip", ".jar", ".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp")


def _zip_bomb(handle, compressed: int, limits: Limits, totals: dict, depth: int) -> str:
    with zipfile.ZipFile(handle) as archive:
        for info in archive.infolist():
            totals["members"] += 1
            totals["bytes"] += info.file_size
            if totals["members"] > limits.max_archive_members:
                return (
                    f"Archive bomb: more than {limits.max_archive_members} files "
                    "inside."
                )
            if totals["bytes"] > limits.max_archive_uncompressed_bytes:
                return (
                    "Archive bomb: more than "
                    f"{_mb(limits.max_archive_uncompressed_bytes)} once uncompressed."
                )
            # The ratio only matters for sizeable members: a tiny file of
            # repeated characters compresses well and harms nobody.
            if info.file_size >= MB and info.file_size > limits.max_archive_ratio * max(
                info.compress_size, 1
            ):
                return (
                    f"Archive bomb: {info.filename!r} expands more than "
                    f"{limits.max_archive_ratio} times."
                )
            if (
                depth < 3
                and info.filename.lower().endswith(_ARCHIVE_SUFFIXES)
                and info.file_size <= MAX_NESTED_ZIP_BYTES
            ):
                try:
                    inner = io.BytesIO(archive.read(info))
                    reason = _zip_bomb(
                        inner, info.compress_size, limits, totals, depth + 1
                    )
                except (
                    zipfile.BadZipFile,
                    RuntimeError,
                    NotImplementedError,
                    EOFError,
                ):
                    continue  # encrypted or not a zip after all: counted, not opened
                if reason:
                    return reason
    if totals["bytes"] >= MB and totals["bytes"] > limits.max_archive_ratio * max(
        compressed, 1
    ):
        return (
            f"Archive bomb: expands more than {limits.max_archive_ratio} times its "
            "size."
        )
    return ""


def _gzip_bomb(path: Path, compressed: int, limits: Limits) -> str:
    """ISIZE (the trailer) first; then a bounded decompression, as ISIZE can lie."""
    refusal = (
        f"Archive bomb: more than {_mb(limits.max_archive_uncompressed_bytes)} "
        f"or over {limits.max_archive_ratio} times its size once uncompressed."
    )
    allowed = min(
        limits.max_archive_uncompressed_bytes,
        max(limits.max_archive_ratio * compressed, MB),
    )
    with open(path, "rb") as handle:
        handle.seek(-4, io.SEEK_END)
        isize = int.from_bytes(handle.read(4), "little")
    if isize > allowed:
        return refusal
    total = 0
    with gzip.open(path, "rb") as stream:
        while chunk := stream.read(READ_CHUNK * 16):
            total += len(chunk)
            if total > allowed:
                return refusal
    return ""


# --------------------------------------------------------------------------------------
# Filling the result


def _fill(result: ParsedMessage, msg: Message, state: _State) -> None:
    raw = _RawHeaders(msg, state)
    result.headers = [
        (_clean_text(name)[:200], _decode_header(value, state, name)[:MAX_HEADER_CHARS])
        for name, value in raw.items[:MAX_HEADERS]
    ]
    if len(raw.items) > MAX_HEADERS:
        state.note(f"More than {MAX_HEADERS} header lines; the rest not shown.")

    result.message_id = normalize_message_id(raw.get("Message-ID"))
    if not raw.get("Message-ID"):
        state.note("No Message-ID.")
    elif not result.message_id:
        state.note("The Message-ID is unusable.")
    result.in_reply_to = _message_ids(raw.get("In-Reply-To"))
    result.references = _message_ids(raw.get("References"))

    senders = _addresses(raw.all("From"), state)
    if senders:
        result.from_name, result.from_email = senders[0]
    if not result.from_email:
        state.note("No usable sender address (From).")
    reply_to = _addresses(raw.all("Reply-To"), state)
    result.reply_to = reply_to[0][1] if reply_to else ""
    result.to = [_format_address(*pair) for pair in _addresses(raw.all("To"), state)]
    result.cc = [_format_address(*pair) for pair in _addresses(raw.all("Cc"), state)]
    return_path = raw.get("Return-Path")
    result.return_path = _angle_address(return_path)

    date_header = raw.get("Date")
    result.date = _parse_date(_decode_header(date_header, state, "Date"))
    if not date_header:
        state.note("No Date.")
    elif result.date is None:
        state.note("The Date is unreadable.")

    subject = _decode_header(raw.get("Subject"), state, "Subject")
    result.subject = _truncate_text(" ".join(subject.split()), MAX_SUBJECT_CHARS)

    segments = _walk(msg, state, depth=0, forward_depth=0, origin="")
    cut = state.last_leaf
    if state.truncated and cut is not None and cut.path is not None:
        # The part where the message was cut off is incomplete: not worth keeping.
        cut.path.unlink(missing_ok=True)
        cut.path = None
        cut.dropped = "Incomplete: the message was cut off before its end."
    text, html_parts = _combine(segments)
    if len(text) > MAX_TEXT_CHARS:
        state.note(f"The text is longer than {MAX_TEXT_CHARS} characters: truncated.")
        text = text[:MAX_TEXT_CHARS]
    result.text = text
    result.html = sanitize_html("\n".join(html_parts), state) if html_parts else ""
    if state.unlisted:
        state.note(f"{state.unlisted} more attachments were neither kept nor listed.")

    result.loop = _loop_reason(msg, raw, result, state)
    result.language = guess_language(result.subject, result.text)


class _RawHeaders:
    """Header values as they came, with 8-bit bytes turned into text once."""

    def __init__(self, msg: Message, state: _State):
        self.items: list[tuple[str, str]] = []
        for name, value in msg.raw_items():
            name = str(name)
            self.items.append((name, _unsurrogate(str(value), state, name)))

    def all(self, name: str) -> list[str]:
        name = name.lower()
        return [value for key, value in self.items if key.lower() == name]

    def get(self, name: str) -> str:
        values = self.all(name)
        return values[0] if values else ""


# --------------------------------------------------------------------------------------
# Walking the MIME tree


_SIGNATURE_TYPES = {
    "application/pgp-signature",
    "application/pkcs7-signature",
    "application/x-pkcs7-signature",
}
_TNEF_TYPES = {"application/ms-tnef", "application/vnd.ms-tnef"}


def _walk(
    part: Message, state: _State, *, depth: int, forward_depth: int, origin: str
) -> list[_Segment]:
    if depth > MAX_PART_DEPTH:
        state.note(
            f"MIME parts nested deeper than {MAX_PART_DEPTH} levels were skipped."
        )
        return []
    _note_defects(part, state)
    ctype = _content_type(part)
    # Not get_payload(): on a leaf it would copy the whole text to replace bytes.
    payload = getattr(part, "_payload", None)
    if (
        ctype == "message/delivery-status"
        or ctype == "message/disposition-notification"
    ):
        state.dsn = True
        return []
    if ctype.startswith("message/") and isinstance(payload, list):
        return _forwards(payload, state, depth, forward_depth)
    if isinstance(payload, list):
        children = [child for child in payload if isinstance(child, Message)]
        if ctype == "multipart/report":
            state.dsn = True
        if ctype == "multipart/alternative":
            return _alternative(children, state, depth, forward_depth, origin)
        segments: list[_Segment] = []
        for child in children:
            segments.extend(
                _walk(
                    child,
                    state,
                    depth=depth + 1,
                    forward_depth=forward_depth,
                    origin=origin,
                )
            )
            child.set_payload("")  # release the encoded text as soon as it is used
        return segments
    try:
        return _leaf(part, ctype, state, origin)
    finally:
        part.set_payload("")


def _alternative(children, state, depth, forward_depth, origin) -> list[_Segment]:
    """Plain text preferred for ``text``; the richest HTML kept for ``html``."""
    options = [
        _walk(child, state, depth=depth + 1, forward_depth=forward_depth, origin=origin)
        for child in children
    ]
    plain = next((o for o in options if any(s.text is not None for s in o)), None)
    rich = next(
        (o for o in reversed(options) if any(s.html is not None for s in o)), None
    )
    if plain is None and rich is None:
        return next((o for o in reversed(options) if o), [])
    if plain is None or rich is None or plain is rich:
        return plain or rich
    text, _ = _combine(plain)
    html = "\n".join(s.html for s in rich if s.html is not None)
    return [_Segment(text=text, html=html)]


def _forwards(payload, state, depth, forward_depth) -> list[_Segment]:
    segments = []
    for inner in payload:
        if not isinstance(inner, Message):
            continue
        if forward_depth >= MAX_FORWARD_DEPTH:
            state.note(
                f"Forwarded messages nested deeper than {MAX_FORWARD_DEPTH} levels "
                "were not read."
            )
            break
        raw = _RawHeaders(inner, state)
        lines = [FORWARD_LINE]
        for name in ("From", "Date", "Subject", "To"):
            value = " ".join(_decode_header(raw.get(name), state, name).split())
            if value:
                lines.append(f"{name}: {_truncate_text(value, MAX_SUBJECT_CHARS)}")
        inner_segments = _walk(
            inner,
            state,
            depth=depth + 1,
            forward_depth=forward_depth + 1,
            origin="forwarded",
        )
        text, _ = _combine(inner_segments)
        block = "\n".join(lines) + "\n\n" + text
        segments.append(_Segment(forward=block.rstrip()))
    return segments


def _leaf(part: Message, ctype: str, state: _State, origin: str) -> list[_Segment]:
    disposition = _safe(part.get_content_disposition, "") or ""
    filename = _filename(part, state)
    content_id = normalize_message_id(str(part.get("Content-ID", "") or ""))
    multipart_without_parts = ctype.startswith("multipart/")
    if multipart_without_parts:
        # The boundary never appeared: the body is all we have, read as text.
        ctype = "text/plain"
    if (
        ctype in ("text/plain", "text/html")
        and disposition != "attachment"
        and not filename
    ):
        text = _text_payload(part, state)
        state.last_leaf = None
        if ctype == "text/html":
            return [_Segment(html=text)]
        return [_Segment(text=text)]
    if ctype in _SIGNATURE_TYPES:
        return []
    if ctype in _TNEF_TYPES or filename.lower() == "winmail.dat":
        return _tnef(part, filename, ctype, state, origin)
    payload = _payload_text(part)
    state.last_leaf = state.add_attachment(
        filename,
        ctype,
        _decoded_chunks(payload, _cte(part), state, filename or ctype),
        origin=origin,
        inline=disposition == "inline" or bool(content_id),
        content_id=content_id,
        estimate=_estimate(payload, _cte(part)),
    )
    return []


def _tnef(part: Message, filename: str, ctype: str, state: _State, origin: str):
    """Outlook's winmail.dat: its files and body come out; the wrapper goes."""
    payload = _payload_text(part)
    path, size, over = state.spool(
        _decoded_chunks(payload, _cte(part), state, "winmail.dat"), state.room()
    )
    part.set_payload("")
    del payload
    parsed = None
    if not over:
        try:
            parsed = tnefparse.TNEF(path.read_bytes())
        except Exception as exc:  # noqa: BLE001 - tnefparse raises anything on junk
            state.note(
                f"winmail.dat (TNEF) could not be read ({_describe(exc)}); kept as is."
            )
    if parsed is None:
        attachment = state.new_attachment(
            filename or "winmail.dat",
            ctype or "application/ms-tnef",
            origin=origin,
            estimate=size,
        )
        if attachment is None or attachment.dropped:
            path.unlink(missing_ok=True)
        else:
            state.register(attachment, path, size, over)
        return []
    path.unlink(missing_ok=True)
    segments = []
    for item in parsed.attachments:
        name = _safe(item.long_filename, "") or _safe(item.name, "") or ""
        guessed = mimetypes.guess_type(name)[0] or "application/octet-stream"
        data = item.data if isinstance(item.data, bytes) else b""
        state.add_attachment(name, guessed, [data], origin="tnef", estimate=len(data))
    html = _tnef_text(parsed.htmlbody)
    body = _tnef_text(parsed.body)
    if body:
        segments.append(_Segment(text=body, html=html or None))
    elif html:
        segments.append(_Segment(html=html))
    rtf = _safe(lambda: parsed.rtfbody, None)
    if rtf and not (body or html):
        state.add_attachment(
            "message.rtf",
            "application/rtf",
            [rtf if isinstance(rtf, bytes) else str(rtf).encode()],
            origin="tnef",
        )
    return segments


def _tnef_text(value) -> str:
    if not value:
        return ""
    if isinstance(value, bytes):
        return _clean_text(_decode_bytes(value, None, None, "winmail.dat"))
    return _clean_text(str(value))


def _combine(segments: list[_Segment]) -> tuple[str, list[str]]:
    """The readable text (forwards last) and the HTML pieces of these segments."""
    texts, htmls, forwards = [], [], []
    for segment in segments:
        if segment.forward is not None:
            forwards.append(segment.forward)
            continue
        if segment.text is not None:
            texts.append(segment.text.strip("\n"))
        elif segment.html is not None:
            texts.append(html_to_text(segment.html))
        if segment.html is not None:
            htmls.append(segment.html)
    text = "\n\n".join(t for t in texts if t.strip())
    if forwards:
        text = "\n\n".join([text, *forwards]) if text else "\n\n".join(forwards)
    return text, htmls


_DEFECTS = {
    "StartBoundaryNotFoundDefect": (
        "A MIME boundary never appears: that part was read as plain text."
    ),
    "CloseBoundaryNotFoundDefect": "A closing MIME boundary is missing.",
    "NoBoundaryInMultipartDefect": "A multipart part declares no boundary.",
    "MultipartInvariantViolationDefect": "A multipart part holds no parts.",
    "MissingHeaderBodySeparatorDefect": "A malformed header line ends the headers.",
    "FirstHeaderLineIsContinuationDefect": "The first header line is malformed.",
    "MisplacedEnvelopeHeaderDefect": "A stray envelope line among the headers.",
    "MalformedHeaderDefect": "A malformed header line.",
    "InvalidMultipartContentTransferEncodingDefect": (
        "A multipart part declares a transfer encoding it may not have."
    ),
}


def _note_defects(part: Message, state: _State) -> None:
    for defect in getattr(part, "defects", ()) or ():
        name = type(defect).__name__
        state.note(_DEFECTS.get(name, re.sub(r"(?<!^)(?=[A-Z])", " ", name) + "."))


# --------------------------------------------------------------------------------------
# Payloads and transfer encodings


def _payload_text(part: Message) -> str:
    """The encoded payload as parsed, 8-bit bytes intact as surrogates.

    ``get_payload()`` without decoding would already replace those bytes using the
    declared charset, losing them when the label lies.
    """
    payload = getattr(part, "_payload", None)
    if isinstance(payload, str):
        return payload
    if isinstance(payload, bytes):
        return payload.decode("ascii", "surrogateescape")
    return ""


def _cte(part: Message) -> str:
    return str(part.get("Content-Transfer-Encoding", "") or "").strip().lower()


def _estimate(payload: str, cte: str) -> int:
    return len(payload) * 3 // 4 if cte == "base64" else len(payload)


_B64_KEEP = re.compile(rb"[^A-Za-z0-9+/]")
_B64_BAD = re.compile(rb"[^A-Za-z0-9+/=\s]")
_QP_BAD = re.compile(r"=(?![0-9A-Fa-f]{2}|\r?\n|$)")
_IDENTITY = {"", "7bit", "8bit", "binary"}


def _decoded_chunks(
    payload: str, cte: str, state: _State, where: str
) -> Iterator[bytes]:
    """Decode a payload's transfer encoding a slice at a time (bounded memory)."""
    if cte == "base64":
        yield from _base64_chunks(payload, state, where)
    elif cte == "quoted-printable":
        yield from _qp_chunks(payload, state, where)
    else:
        if cte not in _IDENTITY:
            state.note(f"{where}: unknown transfer encoding {cte[:40]!r}, kept as is.")
        for start in range(0, len(payload), DECODE_STEP):
            yield payload[start : start + DECODE_STEP].encode(
                "utf-8", "surrogateescape"
            )


def _base64_chunks(payload: str, state: _State, where: str) -> Iterator[bytes]:
    carry = b""
    seen = 0
    junk = False
    for start in range(0, len(payload), DECODE_STEP):
        raw = payload[start : start + DECODE_STEP].encode("utf-8", "surrogateescape")
        if not junk and _B64_BAD.search(raw):
            junk = True
            state.note(f"{where}: invalid characters in base64 were skipped.")
        seen += raw.count(b"=")
        data = carry + _B64_KEEP.sub(b"", raw)
        seen += len(data) - len(carry)
        cut = len(data) // 4 * 4
        carry = data[cut:]
        if cut:
            yield _a2b(data[:cut], state, where)
    if seen % 4:
        state.note(f"{where}: base64 with wrong padding was repaired.")
    if len(carry) == 1:
        state.note(f"{where}: truncated base64; the last byte is lost.")
    elif carry:
        yield _a2b(carry + b"=" * (4 - len(carry)), state, where)


def _a2b(data: bytes, state: _State, where: str) -> bytes:
    try:
        return binascii.a2b_base64(data)
    except binascii.Error:
        state.note(f"{where}: undecodable base64 was skipped.")
        return b""


def _qp_chunks(payload: str, state: _State, where: str) -> Iterator[bytes]:
    carry = ""
    noted = False
    for start in range(0, len(payload), DECODE_STEP):
        text = carry + payload[start : start + DECODE_STEP]
        cut = text.rfind("\n") + 1
        if not cut:
            tail = text[-3:].find("=")
            cut = len(text) - 3 + tail if tail >= 0 else len(text)
        carry = text[cut:]
        if not noted and _QP_BAD.search(text[:cut]):
            noted = True
            state.note(f"{where}: bad quoted-printable escapes kept as they are.")
        yield binascii.a2b_qp(text[:cut].encode("utf-8", "surrogateescape"))
    if carry:
        if not noted and _QP_BAD.search(carry):
            state.note(f"{where}: bad quoted-printable escapes kept as they are.")
        yield binascii.a2b_qp(carry.encode("utf-8", "surrogateescape"))


def _text_payload(part: Message, state: _State) -> str:
    """A text body part, decoded from its transfer encoding and charset, bounded."""
    payload = _payload_text(part)
    where = "The body"
    chunks, size = [], 0
    for chunk in _decoded_chunks(payload, _cte(part), state, where):
        size += len(chunk)
        chunks.append(chunk)
        if size > MAX_TEXT_PART_BYTES:
            state.note(
                f"A text part is larger than {_mb(MAX_TEXT_PART_BYTES)}: truncated."
            )
            break
    data = b"".join(chunks)[:MAX_TEXT_PART_BYTES]
    charset = _safe(part.get_content_charset, None)
    text = _decode_bytes(data, charset, state, "The body")
    return _clean_text(text.replace("\r\n", "\n").replace("\r", "\n"))


# --------------------------------------------------------------------------------------
# Charsets and headers


_CHARSET_UPGRADES = {
    # Labels that mail software uses for a superset: decode as the superset.
    "ascii": "cp1252",
    "latin_1": "cp1252",
    "iso8859_1": "cp1252",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "shift_jis": "cp932",
    "euc_kr": "cp949",
    "big5": "big5hkscs",
}
_NO_CHARSET = {
    "unknown-8bit",
    "x-unknown",
    "unknown",
    "8bit",
    "default",
    "x-user-defined",
}
_WESTERN = {"cp1252", "iso8859_15"}


def _codec(charset: str | None, state: _State | None, where: str) -> str | None:
    if not charset:
        return None
    label = str(charset).strip().strip("\"'").lower()
    if not label or label in _NO_CHARSET:
        return None
    try:
        name = codecs.lookup(label).name
        b"".decode(name)  # binary codecs (base64, zlib...) are no text encodings
    except (LookupError, ValueError, TypeError):
        if state:
            state.note(
                f"{where}: unknown charset {label[:40]!r}, decoded as best we could."
            )
        return None
    name = name.replace("-", "_")
    return _CHARSET_UPGRADES.get(name, name)


def _decode_bytes(
    data: bytes, charset: str | None, state: _State | None, where: str
) -> str:
    """Declared charset, then UTF-8, then Windows-1252 with replacement."""
    if not data:
        return ""
    name = _codec(charset, state, where)
    decoded = _strict_decode(data, name)
    if decoded is not None:
        text, used = decoded
        if name and used != name and state:
            state.note(f"{where}: labelled {charset!s:.40} but written in UTF-8.")
        return text
    if state:
        label = charset or "undeclared"
        state.note(
            f"{where}: text not valid in its charset ({str(label)[:40]}); "
            "undecodable bytes replaced."
        )
    return data.decode("cp1252", errors="replace")


def _strict_decode(data: bytes, name: str | None) -> tuple[str, str] | None:
    """(text, codec) if the bytes are valid in the declared charset or in UTF-8.

    A Western label (ASCII, Latin-1, Windows-1252) on bytes that are valid UTF-8 is
    the most common lie in mail: such bytes are read as UTF-8.
    """
    order = [name] if name else []
    if name in _WESTERN and not data.isascii():
        order.insert(0, "utf_8")
    order.append("utf_8")
    for codec in order:
        try:
            return data.decode(codec), codec
        except UnicodeDecodeError:
            continue
        except Exception:  # noqa: BLE001, S112 - odd codecs (utf-7...) raise oddly
            continue
    return None


def _unsurrogate(value: str, state: _State | None, where: str) -> str:
    """8-bit bytes in a header arrive as surrogates: read them as UTF-8 or 1252."""
    if not any("\udc80" <= ch <= "\udcff" for ch in value):
        return value
    data = value.encode("utf-8", "surrogateescape")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        if state:
            state.note(f"{where}: 8-bit bytes in the header read as Windows-1252.")
        return data.decode("cp1252", errors="replace")


_ENCODED_WORD = re.compile(r"=\?([^?\s]+)\?([QqBb])\?([^?]*?)\?=")


def _decode_header(value: str | None, state: _State | None, where: str = "") -> str:
    """RFC 2047 encoded words in any charset (mixed, malformed) to clean text."""
    if not value:
        return ""
    value = _unsurrogate(str(value), state, where)
    value = re.sub(r"\r?\n(?=[ \t])", "", value).replace("\r", " ").replace("\n", " ")
    if "=?" not in value:
        return _clean_text(value)
    out: list[str] = []
    position = 0
    pending: list[tuple[bytes, str]] = []  # adjacent words, joined before decoding

    def flush() -> None:
        while pending:
            charset = pending[0][1]
            group = []
            while pending and pending[0][1] == charset:
                group.append(pending.pop(0)[0])
            joined = b"".join(group)
            # Words may split a character between them; when joining does not
            # make valid text, each word is read on its own.
            if (
                len(group) > 1
                and _strict_decode(joined, _codec(charset, None, "")) is None
            ):
                out.extend(
                    _decode_bytes(g, charset, state, where or "A header") for g in group
                )
            else:
                out.append(_decode_bytes(joined, charset, state, where or "A header"))

    for match in _ENCODED_WORD.finditer(value):
        between = value[position : match.start()]
        if between and (between.strip() or not pending):
            flush()
            out.append(between)
        charset, encoding, encoded = match.groups()
        charset = charset.split("*", 1)[0]  # RFC 2231 language suffix
        data = _decode_word(encoding.lower(), encoded, state, where)
        if data is None:
            flush()
            out.append(match.group(0))
        else:
            pending.append((data, charset))
        position = match.end()
    flush()
    out.append(value[position:])
    return _clean_text("".join(out))


def _decode_word(encoding: str, encoded: str, state, where: str) -> bytes | None:
    raw = encoded.encode("ascii", "replace")
    if encoding == "q":
        return binascii.a2b_qp(raw, header=True)
    data = _B64_KEEP.sub(b"", raw)
    if _B64_BAD.search(raw) or not data:
        if state:
            state.note(
                f"{where or 'A header'}: a malformed encoded word was kept as is."
            )
        return None
    if len(data) % 4 == 1:
        data = data[:-1]
    data += b"=" * (-len(data) % 4)
    try:
        return binascii.a2b_base64(data)
    except binascii.Error:
        if state:
            state.note(
                f"{where or 'A header'}: a malformed encoded word was kept as is."
            )
        return None


def _clean_text(value: str) -> str:
    """No NUL (PostgreSQL text cannot hold it) and no lone surrogates."""
    value = value.replace("\x00", "")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        value = value.encode("utf-8", "replace").decode("utf-8")
    return value


# --------------------------------------------------------------------------------------
# Addresses, ids and dates


_EMAIL = re.compile(r"^[^@\s<>()\[\],;:\"]{1,64}@[^@\s<>()\[\],;:\"]{1,253}$")


def _addresses(values: list[str], state: _State) -> list[tuple[str, str]]:
    """(name, address) pairs; names decoded after splitting, so an encoded comma in a
    name cannot split an address in two."""
    found: list[tuple[str, str]] = []
    for value in values:
        value = re.sub(r"\r?\n", "", value)
        pairs = _safe(lambda v=value: getaddresses([v]), []) or []
        if not any(_EMAIL.match(addr.strip()) for _, addr in pairs):
            decoded = _decode_header(value, state)
            pairs = _safe(lambda v=decoded: getaddresses([v]), []) or pairs
        for name, addr in pairs:
            addr = _clean_text(addr.strip())
            name = " ".join(_decode_header(name, state).split())[:200]
            if not _EMAIL.match(addr):
                if name or addr:
                    found.append((name or addr[:200], ""))
                continue
            found.append((name, addr))
            if len(found) >= MAX_ADDRESSES:
                return found
    return found


def _format_address(name: str, addr: str) -> str:
    if name and addr:
        return f"{name} <{addr}>"
    return addr or name


def _angle_address(value: str) -> str:
    value = (value or "").strip()
    match = re.search(r"<([^<>]*)>", value)
    inner = (match.group(1) if match else value).strip()
    return _clean_text(inner)[:254] if _EMAIL.match(inner) else ""


def normalize_message_id(value: str | None) -> str:
    """The first id without <> and whitespace; "" when missing or garbage."""
    value = (value or "").strip()
    if not value:
        return ""
    match = re.search(r"<([^<>]*)>", value)
    if match:
        candidate = re.sub(r"\s+", "", match.group(1))
    else:  # a bare token is only taken when it looks like an id
        candidate = value.split()[0] if "@" in value.split()[0] else ""
    candidate = _clean_text(candidate)
    if (
        not candidate
        or len(candidate) > MAX_MESSAGE_ID_CHARS
        or any(ord(ch) < 33 or ch in "<>\x7f" for ch in candidate)
    ):
        return ""
    return candidate


def _message_ids(value: str) -> list[str]:
    if not value:
        return []
    ids = [normalize_message_id(f"<{m}>") for m in re.findall(r"<([^<>]+)>", value)]
    if not ids:
        ids = [normalize_message_id(token) for token in value.split()]
    unique = list(dict.fromkeys(i for i in ids if i))
    return unique[:MAX_REFERENCES]


def _parse_date(value: str) -> datetime | None:
    if not value:
        return None
    try:
        parsed = parsedate_to_datetime(value)
    except Exception:  # noqa: BLE001 - TypeError, ValueError, IndexError, OverflowError
        return None
    if parsed is None:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


# --------------------------------------------------------------------------------------
# Loops (RFC 3834): when no acknowledgment may be sent


_NO_REPLY = re.compile(r"^(no[-_.]?reply|do[-_.]?not[-_.]?reply)([-_.+].*)?$", re.I)
_AUTO_SUBJECTS = (
    "out of office",
    "automatic reply",
    "auto-reply",
    "autoreply",
    "auto reply",
    "fora de l'oficina",
    "fora de l’oficina",
    "fuera de la oficina",
    "resposta automatica",
    "respuesta automatica",
    "absencia",
    "ausencia",
)


def _loop_reason(msg: Message, raw: _RawHeaders, result: ParsedMessage, state) -> str:
    reasons: list[str] = []
    auto = raw.get("Auto-Submitted").split(";")[0].strip().lower()
    if auto and auto != "no":
        reasons.append(f"Auto-Submitted: {auto[:40]}")
    precedence = raw.get("Precedence").strip().lower()
    if precedence in ("bulk", "list", "junk", "auto_reply"):
        reasons.append(f"Precedence: {precedence}")
    if raw.get("List-Id"):
        reasons.append("List-Id")
    for name in ("X-Autoreply", "X-Autorespond", "X-Auto-Reply"):
        if raw.all(name):
            reasons.append(name)
    if raw.get("X-Autogenerated").strip().lower() == "reply":
        reasons.append("X-Autogenerated")
    if state.dsn or _content_type(msg) == "multipart/report":
        reasons.append("delivery status notification")
    return_path = raw.all("Return-Path")
    if return_path and re.fullmatch(r"\s*<\s*>\s*", return_path[-1]):
        reasons.append("empty return path")
    # "From: MAILER-DAEMON" often has no domain: look at the bare name too.
    senders = [addr or name for name, addr in _addresses(raw.all("From"), state)]
    locals_ = [sender.split("@")[0].strip().lower() for sender in senders]
    if result.return_path:
        locals_.append(result.return_path.split("@")[0].lower())
    if "mailer-daemon" in locals_:
        reasons.append("sender MAILER-DAEMON")
    answer_to = result.reply_to or result.from_email
    if answer_to and _NO_REPLY.match(answer_to.split("@")[0]):
        reasons.append("no-reply sender")
    subject = _fold(result.subject)
    if subject.startswith(_AUTO_SUBJECTS):
        reasons.append("auto-reply subject")
    return "; ".join(dict.fromkeys(reasons))


# --------------------------------------------------------------------------------------
# HTML


class _DropRemoteImages:
    """nh3 attribute filter: remote image sources leak that the mail was opened."""

    def __call__(self, tag: str, attribute: str, value: str) -> str | None:
        if tag == "img" and attribute == "src":
            lowered = value.strip().lower()
            if lowered.startswith(("http:", "https:", "//")) or "://" in lowered:
                return None
        return value


_CLEANER = nh3.Cleaner(
    url_schemes={*nh3.ALLOWED_URL_SCHEMES, "cid"},
    attribute_filter=_DropRemoteImages(),
    link_rel="nofollow noopener noreferrer",
)
_IMG_WITHOUT_SRC = re.compile(r"<img\b(?![^>]*\ssrc=)[^>]*>", re.I)


def sanitize_html(html: str, state: _State | None = None) -> str:
    """Safe to show in the admin: no scripts, styles, handlers or remote images."""
    if len(html) > MAX_HTML_CHARS:
        if state:
            state.note(
                f"The HTML is longer than {MAX_HTML_CHARS} characters: truncated."
            )
        html = html[:MAX_HTML_CHARS]
    try:
        cleaned = _CLEANER.clean(html)
    except Exception:  # noqa: BLE001 - never let the sanitiser stop ingestion
        return ""
    return _clean_text(_IMG_WITHOUT_SRC.sub("", cleaned)).strip()


_BLOCKS = (
    "p", "div", "table", "tr", "ul", "ol", "blockquote", "pre", "section",
    "article", "header", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
    "address", "dl", "dt", "dd", "form", "fieldset", "figure", "nav", "aside",
)  # fmt: skip


def html_to_text(html: str) -> str:
    """Readable text of an HTML body: blocks on their own lines, list items dashed."""
    if len(html) > MAX_HTML_CHARS:
        html = html[:MAX_HTML_CHARS]
    try:
        soup = BeautifulSoup(html, "html.parser")
        for tag in soup(["script", "style", "head", "title", "template", "noscript"]):
            tag.decompose()
        for tag in soup.find_all("br"):
            tag.replace_with("\n")
        for tag in soup.find_all("li"):
            tag.insert_before("\n- ")
            tag.insert_after("\n")
        for tag in soup.find_all(["td", "th"]):
            tag.insert_after(" ")
        for tag in soup.find_all(_BLOCKS):
            tag.insert_before("\n")
            tag.insert_after("\n")
        text = soup.get_text()
    except Exception:  # noqa: BLE001 - fall back to stripping tags crudely
        text = re.sub(r"<[^>]*>", " ", html)
    text = text.replace("\xa0", " ")
    lines = [" ".join(line.split()) for line in text.splitlines()]
    text = "\n".join(lines)
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    return _clean_text(text)


# --------------------------------------------------------------------------------------
# Language


_FUNCTION_WORDS = {
    "ca": {
        "amb", "els", "les", "és", "dels", "aquest", "aquesta", "aquests", "per",
        "hem", "què", "perquè", "també", "són", "molt", "i", "pel", "als", "seu",
        "seva", "nostre", "nostra", "ajuntament", "projecte", "hi", "ens", "us",
        "però", "fer", "tenim", "han",
    },
    "es": {
        "los", "las", "con", "para", "es", "este", "esta", "hemos", "qué", "y",
        "por", "pero", "muy", "también", "nuestro", "nuestra", "ayuntamiento",
        "proyecto", "son", "como", "más", "lo", "hay", "tenemos", "han", "porque",
        "sus", "estos",
    },
    "en": {
        "the", "and", "with", "for", "this", "we", "our", "is", "are", "of", "to",
        "that", "have", "from", "project", "council", "it", "be", "has", "which",
    },
}  # fmt: skip


_QUOTED_HEADERS = ("From:", "To:", "Cc:", "Date:", "Subject:", "Sent:", FORWARD_LINE)


def guess_language(subject: str, text: str) -> str:
    """ "ca", "es" or "en" by counting function words; "" when unsure."""
    body = "\n".join(
        line
        for line in (text or "").splitlines()[:400]
        if not line.startswith((">", *_QUOTED_HEADERS))
    )
    words = re.findall(r"[^\W\d_]+", f"{subject}\n{body}".lower())[:5000]
    scores = {
        lang: sum(1 for word in words if word in vocabulary)
        for lang, vocabulary in _FUNCTION_WORDS.items()
    }
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    (best, top), (_, second) = ranked[0], ranked[1]
    if top >= 3 and top >= 1.5 * second:
        return best
    return ""


# --------------------------------------------------------------------------------------
# File names and small helpers


_RESERVED = {"con", "prn", "aux", "nul"} | {
    f"{p}{n}" for p in ("com", "lpt") for n in range(10)
}
_UNSAFE_CHARS = re.compile(r'[<>:"|?*]')


def safe_filename(name: str | None, content_type: str = "", index: int = 1) -> str:
    """A base name safe on any file system and in a URL path; never a path."""
    name = unicodedata.normalize("NFC", _clean_text(str(name or "")))
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = _UNSAFE_CHARS.sub("_", name)
    name = " ".join(name.split()).strip(" .")
    stem, ext = _split_ext(name)
    if not name or not stem:
        return f"attachment-{index}{ext or _extension_for(content_type) or '.bin'}"
    if stem.lower() in _RESERVED:
        stem = f"_{stem}"
    # Without an extension a document may be refused (and opens nowhere).
    return _truncate(stem, ext or _extension_for(content_type))


_EXTENSIONS = {
    "application/x-zip-compressed": ".zip",
    "application/x-zip": ".zip",
    "application/x-gzip": ".gz",
    "application/ms-tnef": ".dat",
    "application/vnd.ms-tnef": ".dat",
    "image/jpg": ".jpg",
    "application/octet-stream": "",
}


def _extension_for(content_type: str) -> str:
    if content_type in _EXTENSIONS:
        return _EXTENSIONS[content_type]
    return _safe(lambda: mimetypes.guess_extension(content_type), None) or ""


def _split_ext(name: str) -> tuple[str, str]:
    match = re.search(r"(\.[A-Za-z0-9]{1,15})$", name)
    if not match or match.start() == 0:
        return name, ""
    return name[: match.start()], match.group(1)


def _truncate(stem: str, ext: str) -> str:
    return stem[: MAX_FILENAME_CHARS - len(ext)].rstrip(" .") + ext


def _filename(part: Message, state: _State) -> str:
    name = _safe(part.get_filename, None) or _safe(lambda: part.get_param("name"), None)
    if isinstance(name, tuple):  # an RFC 2231 value the stdlib left undecoded
        name = _safe(lambda: name[2], "")
    if not name:
        return ""
    return _decode_header(str(name), state, "A file name")


def _content_type(part: Message) -> str:
    value = _safe(part.get_content_type, "text/plain") or "text/plain"
    return _clean_text(value.lower())


def _fold(value: str) -> str:
    """Lower case without accents, for comparisons."""
    decomposed = unicodedata.normalize("NFKD", value.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _truncate_text(value: str, limit: int) -> str:
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


def _safe(function, default):
    try:
        return function()
    except Exception:  # noqa: BLE001 - the stdlib's lenient accessors can still raise
        return default


def _describe(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text[:200]}" if text else type(exc).__name__


def _mb(size: int) -> str:
    return f"{size / MB:.1f} MB"
