"""Attachment names safe on any file system and in a URL path."""

from __future__ import annotations

import mimetypes
import re
import unicodedata
from email.message import Message
from typing import TYPE_CHECKING

from .headers import decode_header_value
from .helpers import clean_text, safe_call
from .limits import MAX_FILENAME_CHARS

if TYPE_CHECKING:
    from .state import State


_RESERVED = {"con", "prn", "aux", "nul"} | {
    f"{p}{n}" for p in ("com", "lpt") for n in range(10)
}
_UNSAFE_CHARS = re.compile(r'[<>:"|?*]')


def safe_filename(name: str | None, content_type: str = "", index: int = 1) -> str:
    """A base name safe on any file system and in a URL path; never a path."""
    name = unicodedata.normalize("NFC", clean_text(str(name or "")))
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = _UNSAFE_CHARS.sub("_", name)
    name = " ".join(name.split()).strip(" .")
    stem, ext = split_ext(name)
    if not name or not stem:
        return f"attachment-{index}{ext or _extension_for(content_type) or '.bin'}"
    if stem.lower() in _RESERVED:
        stem = f"_{stem}"
    # Without an extension a document may be refused (and opens nowhere).
    return truncate_filename(stem, ext or _extension_for(content_type))


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
    return safe_call(lambda: mimetypes.guess_extension(content_type), None) or ""


def split_ext(name: str) -> tuple[str, str]:
    match = re.search(r"(\.[A-Za-z0-9]{1,15})$", name)
    if not match or match.start() == 0:
        return name, ""
    return name[: match.start()], match.group(1)


def truncate_filename(stem: str, ext: str) -> str:
    return stem[: MAX_FILENAME_CHARS - len(ext)].rstrip(" .") + ext


def part_filename(part: Message, state: State) -> str:
    name = safe_call(part.get_filename, None) or safe_call(
        lambda: part.get_param("name"), None
    )
    if isinstance(name, tuple):  # an RFC 2231 value the stdlib left undecoded
        name = safe_call(lambda: name[2], "")
    if not name:
        return ""
    return decode_header_value(str(name), state, "A file name")
