"""What every source is: messages offered one ``Item`` at a time, marked processed
only after the pipeline committed them, and ``SourceError`` when the source itself
fails.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, BinaryIO

# A message bigger than this is spooled to a temporary file on disk.
SPOOL_BYTES = 1024 * 1024


class SourceError(Exception):
    """The source itself failed (connect, login, folder, I/O): the run stops."""


@dataclass
class Item:
    """One message of a source. ``open()`` gives its raw bytes as a binary file
    (a context manager); call it once."""

    ref: str
    size: int | None
    _opener: Callable[[], BinaryIO] = field(repr=False, compare=False)
    # What the source needs to mark it processed (a file name, a UID...).
    token: Any = field(default=None, repr=False, compare=False)

    def open(self) -> BinaryIO:
        return self._opener()


class Source:
    """What every source offers the pipeline."""

    kind = ""

    def messages(self) -> Iterator[Item]:
        raise NotImplementedError

    def processed(self, item: Item) -> None:
        raise NotImplementedError

    def close(self) -> None:
        """Release the connection or file; safe to call twice."""

    def __enter__(self):
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


def spooled_file() -> BinaryIO:
    return tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES, prefix="obs-mail-")
