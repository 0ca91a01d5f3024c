"""Lists in what people write: one item per line, and barriers with how they were
overcome.

A template field such as "Objectius" holds a list, however the sender typed it:
one per line, bulleted ("-", "*", "•", "·"), numbered ("1.", "1)", "a)"), or
separated by semicolons. Each becomes its own item, so the editor never has to
pull apart two objectives glued into one ("…de la gent granQue el 50 %…"). A
line that starts in lower case under a line that does not end in punctuation is
the same item wrapped by the mail program, and is joined to it with a space.

Barriers often say how they were overcome in the same breath ("Desconfiança
inicial; ho vam superar amb sessions de grup."): that part is the barrier's
mitigation, not a second barrier.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_ITEMS = 30

# A bullet or a number that starts an item: "- ", "* ", "• ", "· ", "1. ", "1) ",
# "a) ", "(b) ".
_MARK = re.compile(r"^\s*(?:[-*•·‣▪◦–—+]\s*|\(?\d{1,2}[.)]\s+|\(?[a-zA-Z][)]\s+)")
_END_PUNCTUATION = tuple(".;:!?,)»\"'”")

# How the sender says a barrier was overcome, in Catalan, Spanish or English.
_OVERCOME = (
    # Catalan
    r"(?:ho|la|el|les|els)\s+vam\s+(?:superar|resoldre|solucionar)",
    r"es\s+van?\s+(?:superar|resoldre|solucionar)",
    r"vam\s+(?:superar|resoldre|solucionar)",
    # Spanish
    r"(?:lo|la|los|las)\s+(?:superamos|resolvimos|solucionamos)",
    r"se\s+(?:super[oó]|superaron|resolvi[oó]|resolvieron|solucion[oó])",
    r"(?:superamos|resolvimos|solucionamos)",
    # English
    r"we\s+(?:overcame|solved|resolved|fixed)(?:\s+(?:it|this|them))?",
    r"(?:overcome|overcame|solved|resolved|addressed|mitigated)\s+(?:it\s+)?by",
    r"it\s+was\s+(?:overcome|solved|resolved)",
    # "solucionada amb repetidors", "superado con formación"
    r"(?:solucionad[ao]s?|superad[ao]s?|resuelt[ao]s?|solucionats?|superats?|"
    r"resolts?|resoltes|solucionades|superades)\s+(?:amb|con|mitjançant|mediante|"
    r"gr[aà]cies\s+a)",
)
# A label in front of the mitigation: "Solució: sessions de grup".
_LABEL = r"(?:soluci[oó]n?|solution|mitigaci[oó]n?|mitigation|com\s+s'ha\s+superat)\s*:"
_MITIGATION = re.compile(
    rf"(?P<label>{_LABEL})\s*|(?P<verb>{'|'.join(_OVERCOME)})\b", re.IGNORECASE
)
# What may stand between a barrier and its mitigation on one line.
_SEPARATOR = re.compile(r"\s*(?:[;.,:]|\s[-–—]|[–—])\s*$")


def _mark(line: str) -> tuple[bool, str]:
    """(whether the line starts with a bullet or a number, the line without it)."""
    match = _MARK.match(line)
    if match and match.end() < len(line.rstrip()):
        return True, line[match.end() :].strip()
    return False, line.strip()


def _is_continuation(previous: str, line: str) -> bool:
    """A line wrapped by the mail program: lower case, under an unfinished line."""
    return bool(line[:1].islower()) and not previous.rstrip().endswith(_END_PUNCTUATION)


def split_items(
    value: str,
    limit: int = 255,
    *,
    commas: bool = False,
    semicolons: bool = True,
    keep_apart: re.Pattern | None = None,
) -> list[str]:
    """The items of a list field, each on its own, each at most ``limit`` long.

    Every non-empty line is an item, except a wrapped continuation (joined with a
    space); then every semicolon-separated part (and comma-separated, with
    ``commas``, for names of tools) is one too. A line that ``keep_apart``
    matches at its start is never joined to the line above.
    """
    lines: list[str] = []
    for raw in (value or "").replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if not raw.strip():
            lines.append("")
            continue
        marked, text = _mark(raw)
        if not text:
            continue
        joined = (
            lines
            and lines[-1]
            and not marked
            and _is_continuation(lines[-1], text)
            and not (keep_apart and keep_apart.match(text))
        )
        if joined:
            lines[-1] = f"{lines[-1].rstrip()} {text}"
        else:
            lines.append(text)
    items: list[str] = []
    for line in lines:
        parts = re.split(r"\s*;\s*", line) if semicolons else [line]
        if commas:
            parts = [p for part in parts for p in _split_commas(part)]
        for part in parts:
            part = part.strip(" \t-*•·")
            if part:
                items.append(part[:limit])
    return items[:MAX_ITEMS]


def _split_commas(value: str) -> list[str]:
    """ "Drupal, Open Cities i Decidim" → three names; commas inside brackets
    ("Sentilo (IoT, sensors)") do not split."""
    parts, depth, current = [], 0, []
    for char in value:
        depth += char in "([{"
        depth -= char in ")]}" and depth > 0
        if char == "," and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    if len(parts) == 1:
        return [value.strip()]
    names = []
    for part in parts:
        pair = re.split(r"\s+(?:i|y|and|&)\s+", part.strip())
        short = len(pair) == 2 and all(len(p.split()) <= 3 for p in pair)
        names.extend(pair if short else [part])
    return [p.strip() for p in names]


@dataclass
class Barrier:
    title: str
    mitigation: str = ""


def _sentence(value: str) -> str:
    value = value.strip(" \t;,:—–-")
    return value[:1].upper() + value[1:]


def _title(value: str) -> str:
    return value.strip(" \t;,:—–-").rstrip(".").strip()


def split_barriers(value: str, limit: int = 255) -> list[Barrier]:
    """Barriers, each with the mitigation the sender gave for it.

    A part that starts by saying how the barrier was overcome ("ho vam
    superar...", "se superó...", "we overcame it...", "Solució: ...") is the
    mitigation of the barrier before it, whether it follows a separator on the
    same line (";", ".", ",", ":", a dash) or stands on the next line.
    """
    barriers: list[Barrier] = []
    items = split_items(value, limit=10_000, semicolons=False, keep_apart=_MITIGATION)
    for item in items:
        for part in re.split(r"\s*;\s*", item):
            part = part.strip()
            if not part:
                continue
            match = _MITIGATION.match(part)
            if match and barriers:
                _add_mitigation(barriers[-1], _mitigation(part, match)[: limit * 4])
            else:
                barriers.append(_barrier(part, limit))
    return [b for b in barriers if b.title][:MAX_ITEMS]


def _mitigation(text: str, match: re.Match) -> str:
    """The mitigation from where ``match`` starts in ``text``, without a label."""
    start = match.end() if match.group("label") else match.start()
    return _sentence(text[start:])


def _add_mitigation(barrier: Barrier, mitigation: str) -> None:
    barrier.mitigation = (
        f"{barrier.mitigation} {mitigation}".strip()
        if barrier.mitigation
        else mitigation
    )


def _barrier(text: str, limit: int) -> Barrier:
    """One barrier from its text: a mitigation after a separator in it is split
    off ("Manca de pressupost: es va superar amb una subvenció")."""
    text = text.strip(" ;")
    for match in _MITIGATION.finditer(text):
        before = text[: match.start()]
        if match.start() and _SEPARATOR.search(before):
            title = _title(before)
            if title:
                return Barrier(title[:limit], _mitigation(text, match))
    return Barrier(_title(text)[:limit])
