"""A Maildir: the messages of ``new/`` in arrival order, moved to ``cur/`` once
processed.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from .base import Item, Source, SourceError

logger = logging.getLogger(__name__)


class MaildirSource(Source):
    """The messages of ``new/``; a processed one is moved to ``cur/`` and flagged
    seen (``:2,S``), which is also what a mail reader does with a message it has
    shown. ``cur/`` therefore holds what is done and is never read; ``tmp/`` holds
    deliveries still being written and is never read either."""

    kind = "maildir"

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        if not self.path.is_dir():
            raise SourceError(f"Maildir {self.path}: no such directory")
        missing = [
            sub for sub in ("new", "cur", "tmp") if not (self.path / sub).is_dir()
        ]
        if missing:
            raise SourceError(
                f"{self.path} is not a Maildir: it has no {', '.join(missing)} folder"
            )
        self._current: BinaryIO | None = None

    def _arrival_key(self, entry: os.DirEntry) -> tuple:
        # Deliveries are named "<seconds>.<unique>.<host>"; within one second (or
        # for names of another form) the modification time decides.
        stat = entry.stat()
        head = entry.name.split(".", 1)[0]
        seconds = int(head) if head.isdigit() else int(stat.st_mtime)
        return (seconds, stat.st_mtime_ns, entry.name)

    def _listing(self) -> list[str]:
        entries = []
        try:
            with os.scandir(self.path / "new") as scan:
                for entry in scan:
                    try:
                        if entry.name.startswith(".") or not entry.is_file():
                            continue
                        entries.append((self._arrival_key(entry), entry.name))
                    except FileNotFoundError:
                        continue  # taken by another reader meanwhile
        except OSError as error:
            raise SourceError(
                f"Maildir {self.path}: cannot list new/: {error}"
            ) from error
        return [name for _key, name in sorted(entries)]

    def messages(self) -> Iterator[Item]:
        for name in self._listing():
            self._close_current()
            try:
                # Opened now, so a file renamed or deleted from here on stays
                # readable; one gone already is simply not offered.
                fp = open(self.path / "new" / name, "rb")  # noqa: SIM115
            except FileNotFoundError:
                logger.info(
                    "Maildir %s: %s vanished before it was read", self.path, name
                )
                continue
            except OSError as error:
                raise SourceError(
                    f"Maildir {self.path}: cannot read {name}: {error}"
                ) from error
            self._current = fp
            yield Item(
                ref=name,
                size=os.fstat(fp.fileno()).st_size,
                _opener=lambda fp=fp: fp,
                token=name,
            )
        self._close_current()

    def processed(self, item: Item) -> None:
        name = item.token
        base = name.split(":", 1)[0]
        try:
            os.rename(self.path / "new" / name, self.path / "cur" / f"{base}:2,S")
        except FileNotFoundError:
            # Moved or deleted by someone else: nothing left to mark.
            logger.info(
                "Maildir %s: %s was gone when marked processed", self.path, name
            )
        except OSError as error:
            raise SourceError(
                f"Maildir {self.path}: cannot move {name}: {error}"
            ) from error

    def _close_current(self) -> None:
        if self._current is not None:
            self._current.close()
            self._current = None

    def close(self) -> None:
        self._close_current()
