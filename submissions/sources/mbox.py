"""An mbox file, read once from start to end with bounded memory."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from .base import Item, Source, SourceError, spooled_file

# An mbox is read in pieces of at most this size (a line may be longer).
READ_CHUNK = 64 * 1024


# A "From " line separates two messages only after an empty line (or at the start of
# the file) and when it looks like an envelope line: a sender, then a date with a
# time ("From MAILER-DAEMON Fri Jul  8 12:08:34 2011", "From - Mon Jan 1 ..."). A
# sentence of a body that starts with "From " (when the writer did not escape it)
# then stays in its message.
_FROM_LINE = re.compile(rb"From \S*\s.*\d\d?:\d\d")
# mboxrd/mboxo escaping: ">From " (any number of ">") loses one ">" on reading.
_ESCAPED_FROM = re.compile(rb">+From ")


def _is_blank(line: bytes) -> bool:
    return line in (b"\n", b"\r\n")


class MboxSource(Source):
    """The messages of an mbox file, read once from start to end.

    The file is scanned line by line and each message copied (un-escaping
    ">From " lines) into a spooled temporary file, so the whole file is never in
    memory. An mbox is read-only here: ``processed`` does nothing, and running again
    over the same file relies on the pipeline's dedupe (Message-ID, else a hash)."""

    kind = "mbox"

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        if not self.path.exists():
            raise SourceError(f"mbox {self.path}: no such file")
        if not self.path.is_file():
            raise SourceError(f"mbox {self.path}: not a file")
        try:
            self._fp = open(self.path, "rb")  # noqa: SIM115
            start = self._fp.read(5)
        except OSError as error:
            raise SourceError(f"mbox {self.path}: cannot read: {error}") from error
        if start and start != b"From ":
            self._fp.close()
            raise SourceError(
                f"{self.path} is not an mbox file (no 'From ' line first)"
            )
        self._fp.seek(0)

    def messages(self) -> Iterator[Item]:
        fp = self._fp
        fp.seek(0)
        number = 0
        spool: BinaryIO | None = None
        size = 0
        at_line_start = True
        pending_blank = b""  # an empty line that may belong to the next separator
        previous_blank = True  # the start of the file counts as after an empty line

        def item() -> Item:
            spool.seek(0)
            return Item(
                ref=f"{self.path.name} #{number}",
                size=size,
                _opener=lambda spool=spool: spool,
                token=number,
            )

        while True:
            try:
                chunk = fp.readline(READ_CHUNK)
            except OSError as error:
                raise SourceError(f"mbox {self.path}: read failed: {error}") from error
            if not chunk:
                break
            line_start, at_line_start = at_line_start, chunk.endswith(b"\n")
            if line_start and previous_blank and _FROM_LINE.match(chunk):
                if not at_line_start:  # an endless "From " line: skip the rest
                    rest = b""
                    while not rest.endswith(b"\n"):
                        rest = fp.readline(READ_CHUNK)
                        if not rest:
                            break
                    at_line_start = True
                if spool is not None:
                    yield item()
                number += 1
                spool = spooled_file()
                size, pending_blank, previous_blank = 0, b"", False
                continue
            if spool is None:  # text before the first separator (checked in init)
                continue
            if pending_blank:
                spool.write(pending_blank)
                size += len(pending_blank)
                pending_blank = b""
            if line_start and _is_blank(chunk):
                pending_blank, previous_blank = chunk, True
                continue
            previous_blank = False
            if line_start and _ESCAPED_FROM.match(chunk):
                chunk = chunk[1:]
            spool.write(chunk)
            size += len(chunk)
        if spool is not None:
            # The empty line that ends the last message belongs to the mbox format.
            yield item()

    def processed(self, item: Item) -> None:
        """Nothing to mark: an mbox file is only read."""

    def close(self) -> None:
        self._fp.close()
