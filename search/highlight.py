"""Highlighted snippets, computed from the shared analysis so every engine marks the
same words (an engine's own highlighter would not know our terms)."""

from django.utils.html import escape

from .analysis import word_forms, word_spans
from .query import SearchQuery

SNIPPET_LENGTH = 200


def _matches(word: str, terms: frozenset[str]) -> bool:
    return bool(word_forms(word) & terms)


def highlight(texts: list[str], query: SearchQuery) -> str:
    """An HTML snippet (escaped, matches in ``<mark>``) around the first match in
    the first text that has one; empty without a text query."""
    if not query.terms:
        return ""
    terms = frozenset().union(*query.terms)
    for text in texts:
        spans = [s for s in word_spans(text) if _matches(s[2], terms)]
        if not spans:
            continue
        first = spans[0][0]
        start = max(0, first - SNIPPET_LENGTH // 4)
        if start:
            space = text.rfind(" ", 0, start)
            start = space + 1 if space >= 0 else start
        end = min(len(text), start + SNIPPET_LENGTH)
        if end < len(text):
            space = text.rfind(" ", start, end)
            end = space if space > first else end
        parts, cursor = [], start
        for s_start, s_end, _word in spans:
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
