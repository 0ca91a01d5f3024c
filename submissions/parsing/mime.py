"""Walking the MIME tree the standard library's parser built: text and HTML
bodies, alternatives, forwarded messages, attachments and Outlook's winmail.dat.
"""

from __future__ import annotations

import mimetypes
import re
from email.message import Message

import tnefparse

from .charsets import decode_bytes
from .filenames import part_filename
from .headers import RawHeaders, decode_header_value, normalize_message_id
from .helpers import (
    clean_text,
    describe_error,
    part_content_type,
    safe_call,
    truncate_text,
)
from .html_text import html_to_text
from .limits import MAX_FORWARD_DEPTH, MAX_PART_DEPTH, MAX_SUBJECT_CHARS
from .results import FORWARD_LINE
from .state import Segment, State
from .transfer import (
    decoded_chunks,
    estimate_size,
    payload_text,
    text_payload,
    transfer_encoding,
)

_SIGNATURE_TYPES = {
    "application/pgp-signature",
    "application/pkcs7-signature",
    "application/x-pkcs7-signature",
}
_TNEF_TYPES = {"application/ms-tnef", "application/vnd.ms-tnef"}


def walk(
    part: Message, state: State, *, depth: int, forward_depth: int, origin: str
) -> list[Segment]:
    if depth > MAX_PART_DEPTH:
        state.note(
            f"MIME parts nested deeper than {MAX_PART_DEPTH} levels were skipped."
        )
        return []
    _note_defects(part, state)
    ctype = part_content_type(part)
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
        segments: list[Segment] = []
        for child in children:
            segments.extend(
                walk(
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


def _alternative(children, state, depth, forward_depth, origin) -> list[Segment]:
    """Plain text preferred for ``text``; the richest HTML kept for ``html``."""
    options = [
        walk(child, state, depth=depth + 1, forward_depth=forward_depth, origin=origin)
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
    text, _ = combine(plain)
    html = "\n".join(s.html for s in rich if s.html is not None)
    return [Segment(text=text, html=html)]


def _forwards(payload, state, depth, forward_depth) -> list[Segment]:
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
        raw = RawHeaders(inner, state)
        lines = [FORWARD_LINE]
        for name in ("From", "Date", "Subject", "To"):
            value = " ".join(decode_header_value(raw.get(name), state, name).split())
            if value:
                lines.append(f"{name}: {truncate_text(value, MAX_SUBJECT_CHARS)}")
        inner_segments = walk(
            inner,
            state,
            depth=depth + 1,
            forward_depth=forward_depth + 1,
            origin="forwarded",
        )
        text, _ = combine(inner_segments)
        block = "\n".join(lines) + "\n\n" + text
        segments.append(Segment(forward=block.rstrip()))
    return segments


def _leaf(part: Message, ctype: str, state: State, origin: str) -> list[Segment]:
    disposition = safe_call(part.get_content_disposition, "") or ""
    filename = part_filename(part, state)
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
        text = text_payload(part, state)
        state.last_leaf = None
        if ctype == "text/html":
            return [Segment(html=text)]
        return [Segment(text=text)]
    if ctype in _SIGNATURE_TYPES:
        return []
    if ctype in _TNEF_TYPES or filename.lower() == "winmail.dat":
        return _tnef(part, filename, ctype, state, origin)
    payload = payload_text(part)
    state.last_leaf = state.add_attachment(
        filename,
        ctype,
        decoded_chunks(payload, transfer_encoding(part), state, filename or ctype),
        origin=origin,
        inline=disposition == "inline" or bool(content_id),
        content_id=content_id,
        estimate=estimate_size(payload, transfer_encoding(part)),
    )
    return []


def _tnef(part: Message, filename: str, ctype: str, state: State, origin: str):
    """Outlook's winmail.dat: its files and body come out; the wrapper goes."""
    payload = payload_text(part)
    path, size, over = state.spool(
        decoded_chunks(payload, transfer_encoding(part), state, "winmail.dat"),
        state.room(),
    )
    part.set_payload("")
    del payload
    parsed = None
    if not over:
        try:
            parsed = tnefparse.TNEF(path.read_bytes())
        except Exception as exc:  # noqa: BLE001 - tnefparse raises anything on junk
            state.note(
                "winmail.dat (TNEF) could not be read "
                f"({describe_error(exc)}); kept as is."
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
        name = safe_call(item.long_filename, "") or safe_call(item.name, "") or ""
        guessed = mimetypes.guess_type(name)[0] or "application/octet-stream"
        data = item.data if isinstance(item.data, bytes) else b""
        state.add_attachment(name, guessed, [data], origin="tnef", estimate=len(data))
    html = _tnef_text(parsed.htmlbody)
    body = _tnef_text(parsed.body)
    if body:
        segments.append(Segment(text=body, html=html or None))
    elif html:
        segments.append(Segment(html=html))
    rtf = safe_call(lambda: parsed.rtfbody, None)
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
        return clean_text(decode_bytes(value, None, None, "winmail.dat"))
    return clean_text(str(value))


def combine(segments: list[Segment]) -> tuple[str, list[str]]:
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


def _note_defects(part: Message, state: State) -> None:
    for defect in getattr(part, "defects", ()) or ():
        name = type(defect).__name__
        state.note(_DEFECTS.get(name, re.sub(r"(?<!^)(?=[A-Z])", " ", name) + "."))
