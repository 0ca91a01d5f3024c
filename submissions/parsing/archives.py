"""Zip and gzip bombs: an archive is refused before anyone opens it when it would
expand past the limits.
"""

from __future__ import annotations

import gzip
import io
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from .helpers import describe_error, megabytes
from .limits import MAX_NESTED_ZIP_BYTES, MB, READ_CHUNK, Limits

if TYPE_CHECKING:
    from .results import ParsedAttachment
    from .state import State


_ZIP_TYPES = {"application/zip", "application/x-zip-compressed", "application/x-zip"}
_GZIP_TYPES = {"application/gzip", "application/x-gzip", "application/x-gunzip"}


def archive_check(attachment: ParsedAttachment, limits: Limits, state: State) -> str:
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
            f"{attachment.filename}: corrupt archive ({describe_error(exc)}), "
            "kept as it is."
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
                    f"{megabytes(limits.max_archive_uncompressed_bytes)} "
                    "once uncompressed."
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
        f"Archive bomb: more than {megabytes(limits.max_archive_uncompressed_bytes)} "
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
