"""Small helpers every step of the parser uses: clean text for the database, and
the standard library's lenient accessors made unable to raise.
"""

from __future__ import annotations

import unicodedata
from email.message import Message

from .limits import MB


def clean_text(value: str) -> str:
    """No NUL (PostgreSQL text cannot hold it) and no lone surrogates."""
    value = value.replace("\x00", "")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        value = value.encode("utf-8", "replace").decode("utf-8")
    return value


def part_content_type(part: Message) -> str:
    value = safe_call(part.get_content_type, "text/plain") or "text/plain"
    return clean_text(value.lower())


def fold(value: str) -> str:
    """Lower case without accents, for comparisons."""
    decomposed = unicodedata.normalize("NFKD", value.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def truncate_text(value: str, limit: int) -> str:
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


def safe_call(function, default):
    try:
        return function()
    except Exception:  # noqa: BLE001 - the stdlib's lenient accessors can still raise
        return default


def describe_error(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text[:200]}" if text else type(exc).__name__


def megabytes(size: int) -> str:
    return f"{size / MB:.1f} MB"
