"""IMAP's modified UTF-7 for folder names (RFC 3501 section 5.1.3), which the
standard library's ``imaplib`` does not encode.
"""

from __future__ import annotations

import base64


def imap_utf7(name: str) -> str:
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
