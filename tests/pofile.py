"""A small reader of gettext .po files, enough for the wording tests.

polib is not a dependency and the format we write is simple: comments, flags,
``msgctxt``, ``msgid``, ``msgid_plural``, ``msgstr`` / ``msgstr[n]`` and quoted
continuation lines. Obsolete entries (``#~``) are skipped: gettext ignores them.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str = ""
    msgctxt: str | None = None
    msgstr: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)
    references: list[str] = field(default_factory=list)
    line: int = 0

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def translated(self) -> bool:
        return bool(self.msgstr) and all(self.msgstr)

    @property
    def label(self) -> str:
        context = f"[{self.msgctxt}] " if self.msgctxt else ""
        return f"line {self.line}: {context}{self.msgid!r}"


def _unquote(text: str) -> str:
    return ast.literal_eval(text.strip())


def parse(path: Path) -> list[Entry]:
    """The live entries of ``path``, header excluded."""
    entries: list[Entry] = []
    entry = Entry()
    target: tuple[str, int] | None = None  # which field continuation lines extend

    def finish() -> None:
        nonlocal entry, target
        if entry.line and entry.msgid:
            entries.append(entry)
        entry, target = Entry(), None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line:
            finish()
        elif line.startswith("#~"):
            continue
        elif line.startswith("#,"):
            if entry.line:
                finish()
            entry.flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#:"):
            if entry.line:
                finish()
            entry.references += line[2:].split()
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            if target is None:
                raise ValueError(f"{path}:{number}: a string outside an entry")
            name, index = target
            if name == "msgstr":
                entry.msgstr[index] += _unquote(line)
            else:
                setattr(entry, name, (getattr(entry, name) or "") + _unquote(line))
        else:
            keyword, _, value = line.partition(" ")
            if keyword == "msgctxt" or (keyword == "msgid" and entry.line == 0):
                if entry.line and keyword == "msgctxt":
                    finish()
                entry.line = entry.line or number
            if keyword in ("msgctxt", "msgid", "msgid_plural"):
                setattr(entry, keyword, _unquote(value))
                target = (keyword, 0)
            elif keyword.startswith("msgstr"):
                index = int(keyword[7:-1]) if "[" in keyword else 0
                while len(entry.msgstr) <= index:
                    entry.msgstr.append("")
                entry.msgstr[index] = _unquote(value)
                target = ("msgstr", index)
            else:
                raise ValueError(f"{path}:{number}: unknown keyword {keyword!r}")
    finish()
    return entries
