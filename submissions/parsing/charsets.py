"""Bytes to text when the declared charset is missing, unknown or lying.

The standard library decodes with the declared charset and nothing else; real mail
labels UTF-8 as Latin-1, Windows-1252 as ISO-8859-1, GBK as GB2312, or declares a
charset no codec knows. Here: the declared charset (upgraded to the superset mail
software really writes), then UTF-8, then Windows-1252 with replacement, with a note
whenever a guess was made.
"""

from __future__ import annotations

import codecs
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .state import State


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


def codec_name(charset: str | None, state: State | None, where: str) -> str | None:
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


def decode_bytes(
    data: bytes, charset: str | None, state: State | None, where: str
) -> str:
    """Declared charset, then UTF-8, then Windows-1252 with replacement."""
    if not data:
        return ""
    name = codec_name(charset, state, where)
    decoded = strict_decode(data, name)
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


def strict_decode(data: bytes, name: str | None) -> tuple[str, str] | None:
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


def unsurrogate(value: str, state: State | None, where: str) -> str:
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
