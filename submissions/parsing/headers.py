"""Header values: encoded words, addresses, Message-IDs and dates.

Addresses are split by ``email.utils.getaddresses`` and dates read by
``email.utils.parsedate_to_datetime``. Encoded words (RFC 2047) are decoded here
rather than by ``email.header.decode_header``, which gives up on the whole header
at one bad base64 word and knows no charset fallback: here a bad word costs only
itself and each word goes through ``charsets.decode_bytes``.
"""

from __future__ import annotations

import binascii
import re
from datetime import UTC, datetime
from email.message import Message
from email.utils import getaddresses, parsedate_to_datetime
from typing import TYPE_CHECKING

from .charsets import codec_name, decode_bytes, strict_decode, unsurrogate
from .helpers import clean_text, safe_call
from .limits import MAX_ADDRESSES, MAX_MESSAGE_ID_CHARS, MAX_REFERENCES
from .transfer import B64_BAD, B64_KEEP

if TYPE_CHECKING:
    from .state import State


class RawHeaders:
    """Header values as they came, with 8-bit bytes turned into text once."""

    def __init__(self, msg: Message, state: State):
        self.items: list[tuple[str, str]] = []
        for name, value in msg.raw_items():
            name = str(name)
            self.items.append((name, unsurrogate(str(value), state, name)))

    def all(self, name: str) -> list[str]:
        name = name.lower()
        return [value for key, value in self.items if key.lower() == name]

    def get(self, name: str) -> str:
        values = self.all(name)
        return values[0] if values else ""


_ENCODED_WORD = re.compile(r"=\?([^?\s]+)\?([QqBb])\?([^?]*?)\?=")


def decode_header_value(value: str | None, state: State | None, where: str = "") -> str:
    """RFC 2047 encoded words in any charset (mixed, malformed) to clean text."""
    if not value:
        return ""
    value = unsurrogate(str(value), state, where)
    value = re.sub(r"\r?\n(?=[ \t])", "", value).replace("\r", " ").replace("\n", " ")
    if "=?" not in value:
        return clean_text(value)
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
                and strict_decode(joined, codec_name(charset, None, "")) is None
            ):
                out.extend(
                    decode_bytes(g, charset, state, where or "A header") for g in group
                )
            else:
                out.append(decode_bytes(joined, charset, state, where or "A header"))

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
    return clean_text("".join(out))


def _decode_word(encoding: str, encoded: str, state, where: str) -> bytes | None:
    raw = encoded.encode("ascii", "replace")
    if encoding == "q":
        return binascii.a2b_qp(raw, header=True)
    data = B64_KEEP.sub(b"", raw)
    if B64_BAD.search(raw) or not data:
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


_EMAIL = re.compile(r"^[^@\s<>()\[\],;:\"]{1,64}@[^@\s<>()\[\],;:\"]{1,253}$")


def addresses(values: list[str], state: State) -> list[tuple[str, str]]:
    """(name, address) pairs; names decoded after splitting, so an encoded comma in a
    name cannot split an address in two."""
    found: list[tuple[str, str]] = []
    for value in values:
        value = re.sub(r"\r?\n", "", value)
        pairs = safe_call(lambda v=value: getaddresses([v]), []) or []
        if not any(_EMAIL.match(addr.strip()) for _, addr in pairs):
            decoded = decode_header_value(value, state)
            pairs = safe_call(lambda v=decoded: getaddresses([v]), []) or pairs
        for name, addr in pairs:
            addr = clean_text(addr.strip())
            name = " ".join(decode_header_value(name, state).split())[:200]
            if not _EMAIL.match(addr):
                if name or addr:
                    found.append((name or addr[:200], ""))
                continue
            found.append((name, addr))
            if len(found) >= MAX_ADDRESSES:
                return found
    return found


def format_address(name: str, addr: str) -> str:
    if name and addr:
        return f"{name} <{addr}>"
    return addr or name


def angle_address(value: str) -> str:
    value = (value or "").strip()
    match = re.search(r"<([^<>]*)>", value)
    inner = (match.group(1) if match else value).strip()
    return clean_text(inner)[:254] if _EMAIL.match(inner) else ""


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
    candidate = clean_text(candidate)
    if (
        not candidate
        or len(candidate) > MAX_MESSAGE_ID_CHARS
        or any(ord(ch) < 33 or ch in "<>\x7f" for ch in candidate)
    ):
        return ""
    return candidate


def message_ids(value: str) -> list[str]:
    if not value:
        return []
    ids = [normalize_message_id(f"<{m}>") for m in re.findall(r"<([^<>]+)>", value)]
    if not ids:
        ids = [normalize_message_id(token) for token in value.split()]
    unique = list(dict.fromkeys(i for i in ids if i))
    return unique[:MAX_REFERENCES]


def parse_date(value: str) -> datetime | None:
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
