"""The entry point: one raw message in, one ``ParsedMessage`` out.

The bytes are hashed and fed to the standard library's ``BytesFeedParser`` in
chunks (``compat32`` policy: the most lenient, defects recorded rather than
raised); the headers are then read into the result and the MIME tree walked.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
from collections.abc import Iterator
from email import policy as email_policy
from email.feedparser import BytesFeedParser
from email.message import Message
from email.parser import BytesParser
from pathlib import Path
from typing import IO

from .headers import (
    RawHeaders,
    addresses,
    angle_address,
    decode_header_value,
    format_address,
    message_ids,
    normalize_message_id,
    parse_date,
)
from .helpers import clean_text, describe_error, megabytes, truncate_text
from .html_text import sanitize_html
from .language import guess_language
from .limits import (
    FALLBACK_BYTES,
    MAX_HEADER_CHARS,
    MAX_HEADERS,
    MAX_SUBJECT_CHARS,
    MAX_TEXT_CHARS,
    READ_CHUNK,
    Limits,
)
from .loops import loop_reason
from .mime import combine, walk
from .results import ParsedMessage
from .state import State


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
    state = State(workdir, limits)
    result = ParsedMessage()
    msg = _feed(source, state, result)
    if msg is not None:
        try:
            _fill(result, msg, state)
        except OSError:
            raise
        except Exception as exc:  # noqa: BLE001 - a bad message must never stop ingestion
            state.note(
                f"The message could not be read completely ({describe_error(exc)})."
            )
    result.attachments = state.attachments
    result.problems = state.problems
    return result


def _feed(source, state: State, result: ParsedMessage) -> Message | None:
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
                    f"The message is larger than {megabytes(limit)}: only its first "
                    f"{megabytes(limit)} were read."
                )
            try:
                parser.feed(chunk)
            except Exception as exc:  # noqa: BLE001 - e.g. RecursionError on deep nesting
                parsing = False
                failed = True
                state.note(
                    "The message structure could not be parsed "
                    f"({describe_error(exc)}); its raw text is shown instead."
                )
    result.content_hash = digest.hexdigest()
    result.size = size
    if not failed:
        try:
            return parser.close()
        except Exception as exc:  # noqa: BLE001
            state.note(
                f"The message structure could not be parsed ({describe_error(exc)}); "
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


def _fill(result: ParsedMessage, msg: Message, state: State) -> None:
    raw = RawHeaders(msg, state)
    result.headers = [
        (
            clean_text(name)[:200],
            decode_header_value(value, state, name)[:MAX_HEADER_CHARS],
        )
        for name, value in raw.items[:MAX_HEADERS]
    ]
    if len(raw.items) > MAX_HEADERS:
        state.note(f"More than {MAX_HEADERS} header lines; the rest not shown.")

    result.message_id = normalize_message_id(raw.get("Message-ID"))
    if not raw.get("Message-ID"):
        state.note("No Message-ID.")
    elif not result.message_id:
        state.note("The Message-ID is unusable.")
    result.in_reply_to = message_ids(raw.get("In-Reply-To"))
    result.references = message_ids(raw.get("References"))

    senders = addresses(raw.all("From"), state)
    if senders:
        result.from_name, result.from_email = senders[0]
    if not result.from_email:
        state.note("No usable sender address (From).")
    reply_to = addresses(raw.all("Reply-To"), state)
    result.reply_to = reply_to[0][1] if reply_to else ""
    result.to = [format_address(*pair) for pair in addresses(raw.all("To"), state)]
    result.cc = [format_address(*pair) for pair in addresses(raw.all("Cc"), state)]
    return_path = raw.get("Return-Path")
    result.return_path = angle_address(return_path)

    date_header = raw.get("Date")
    result.date = parse_date(decode_header_value(date_header, state, "Date"))
    if not date_header:
        state.note("No Date.")
    elif result.date is None:
        state.note("The Date is unreadable.")

    subject = decode_header_value(raw.get("Subject"), state, "Subject")
    result.subject = truncate_text(" ".join(subject.split()), MAX_SUBJECT_CHARS)

    segments = walk(msg, state, depth=0, forward_depth=0, origin="")
    cut = state.last_leaf
    if state.truncated and cut is not None and cut.path is not None:
        # The part where the message was cut off is incomplete: not worth keeping.
        cut.path.unlink(missing_ok=True)
        cut.path = None
        cut.dropped = "Incomplete: the message was cut off before its end."
    text, html_parts = combine(segments)
    if len(text) > MAX_TEXT_CHARS:
        state.note(f"The text is longer than {MAX_TEXT_CHARS} characters: truncated.")
        text = text[:MAX_TEXT_CHARS]
    result.text = text
    result.html = sanitize_html("\n".join(html_parts), state) if html_parts else ""
    if state.unlisted:
        state.note(f"{state.unlisted} more attachments were neither kept nor listed.")

    result.loop = loop_reason(msg, raw, result, state)
    result.language = guess_language(result.subject, result.text)
