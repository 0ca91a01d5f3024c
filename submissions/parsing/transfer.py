"""Transfer encodings (base64, quoted-printable) decoded a slice at a time.

``Message.get_payload(decode=True)`` decodes a whole payload in memory and, on bad
base64, hands back the undecoded text; here a payload is decoded in bounded slices
with the standard library's ``binascii`` (what ``base64`` and ``quopri`` call
themselves), bad characters and padding repaired, and each repair noted.
"""

from __future__ import annotations

import binascii
import re
from collections.abc import Iterator
from email.message import Message
from typing import TYPE_CHECKING

from .charsets import decode_bytes
from .helpers import clean_text, megabytes, safe_call
from .limits import DECODE_STEP, MAX_TEXT_PART_BYTES

if TYPE_CHECKING:
    from .state import State


def payload_text(part: Message) -> str:
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


def transfer_encoding(part: Message) -> str:
    return str(part.get("Content-Transfer-Encoding", "") or "").strip().lower()


def estimate_size(payload: str, cte: str) -> int:
    return len(payload) * 3 // 4 if cte == "base64" else len(payload)


# What is stripped before decoding (all but the alphabet), and what is worth a note.
B64_KEEP = re.compile(rb"[^A-Za-z0-9+/]")
B64_BAD = re.compile(rb"[^A-Za-z0-9+/=\s]")
_QP_BAD = re.compile(r"=(?![0-9A-Fa-f]{2}|\r?\n|$)")
_IDENTITY = {"", "7bit", "8bit", "binary"}


def decoded_chunks(payload: str, cte: str, state: State, where: str) -> Iterator[bytes]:
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


def _base64_chunks(payload: str, state: State, where: str) -> Iterator[bytes]:
    carry = b""
    seen = 0
    junk = False
    for start in range(0, len(payload), DECODE_STEP):
        raw = payload[start : start + DECODE_STEP].encode("utf-8", "surrogateescape")
        if not junk and B64_BAD.search(raw):
            junk = True
            state.note(f"{where}: invalid characters in base64 were skipped.")
        seen += raw.count(b"=")
        data = carry + B64_KEEP.sub(b"", raw)
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


def _a2b(data: bytes, state: State, where: str) -> bytes:
    try:
        return binascii.a2b_base64(data)
    except binascii.Error:
        state.note(f"{where}: undecodable base64 was skipped.")
        return b""


def _qp_chunks(payload: str, state: State, where: str) -> Iterator[bytes]:
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


def text_payload(part: Message, state: State) -> str:
    """A text body part, decoded from its transfer encoding and charset, bounded."""
    payload = payload_text(part)
    where = "The body"
    chunks, size = [], 0
    for chunk in decoded_chunks(payload, transfer_encoding(part), state, where):
        size += len(chunk)
        chunks.append(chunk)
        if size > MAX_TEXT_PART_BYTES:
            state.note(
                "A text part is larger than "
                f"{megabytes(MAX_TEXT_PART_BYTES)}: truncated."
            )
            break
    data = b"".join(chunks)[:MAX_TEXT_PART_BYTES]
    charset = safe_call(part.get_content_charset, None)
    text = decode_bytes(data, charset, state, "The body")
    return clean_text(text.replace("\r\n", "\n").replace("\r", "\n"))
