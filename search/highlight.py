"""Highlighted snippets, computed from the shared analysis so every engine marks the
same words (an engine's own highlighter would not know our terms)."""

from django.utils.html import escape

from .analysis import MAX_WORD_LENGTH, STOP_WORDS, WORD_PATTERN, fold, word_forms
from .query import SearchQuery

SNIPPET_LENGTH = 200


def _matching_spans(text: str, terms: frozenset[str], stop_after: int | None = None):
    """(start, end) of the words of ``text`` whose forms meet ``terms``, lazily, in
    order; with ``stop_after``, nothing that starts after that offset. The same
    rule as search/analysis.word_spans, but without scanning a whole body for the
    first 200 characters around a match (this ran for every hit of every page)."""
    for match in WORD_PATTERN.finditer(text):
        if stop_after is not None and match.start() > stop_after:
            return
        word = match.group().lower()
        if len(word) > MAX_WORD_LENGTH or not (word_forms(word) & terms):
            continue
        if fold(word) in STOP_WORDS:
            continue
        yield match.start(), match.end()


def highlight(texts: list[str], query: SearchQuery) -> str:
    """An HTML snippet (escaped, matches in ``<mark>``) around the first match in
    the first text that has one; empty without a text query."""
    if not query.terms:
        return ""
    terms = frozenset().union(*query.terms)
    for text in texts:
        first_span = next(_matching_spans(text, terms), None)
        if first_span is None:
            continue
        first = first_span[0]
        start = max(0, first - SNIPPET_LENGTH // 4)
        if start:
            space = text.rfind(" ", 0, start)
            start = space + 1 if space >= 0 else start
        end = min(len(text), start + SNIPPET_LENGTH)
        if end < len(text):
            space = text.rfind(" ", start, end)
            end = space if space > first else end
        parts, cursor = [], start
        for s_start, s_end in _matching_spans(text, terms, stop_after=end):
            if s_start < start or s_end > end:
                continue
            parts.append(escape(text[cursor:s_start]))
            parts.append(f"<mark>{escape(text[s_start:s_end])}</mark>")
            cursor = s_end
        parts.append(escape(text[cursor:end]))
        prefix = "… " if start else ""
        suffix = " …" if end < len(text) else ""
        return prefix + "".join(parts).strip() + suffix
    return ""
