"""Highlighted snippets, computed from the shared analysis so every engine marks the
same words (an engine's own highlighter would not know our terms)."""

import re
from functools import lru_cache

from django.utils.html import escape

from .analysis import MAX_WORD_LENGTH, STOP_WORDS, WORD_PATTERN, fold, word_forms
from .query import SearchQuery

SNIPPET_LENGTH = 200


def _scan(text: str, terms: frozenset[str], stop_after: int | None = None):
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


@lru_cache(maxsize=64)
def _finder(terms: frozenset[str]) -> re.Pattern:
    """Where a word meeting ``terms`` may be, in folded text: a stem is the start
    of its folded word but for its last letter or two (English ``happy`` →
    ``happi``), so each term less its last letter is looked for."""
    keys = {term[:-1] if len(term) > 3 else term for term in terms}
    return re.compile("|".join(re.escape(k) for k in sorted(keys, key=len)[::-1]))


def _matching_spans(text: str, terms: frozenset[str], stop_after: int | None = None):
    """What ``_scan`` yields, found faster: the text is folded once and only the
    words holding a term's start are checked (a body of 200 words had each word
    folded and stemmed before). Text whose folding changes its length (ligatures,
    decomposed accents) is scanned word by word."""
    folded = fold(text)
    if len(folded) != len(text) or not terms:
        yield from _scan(text, terms, stop_after)
        return
    checked_until = 0
    for candidate in _finder(terms).finditer(folded):
        at = candidate.start()
        if at < checked_until:
            continue
        start = at
        while start and _is_word_char(text[start - 1]):
            start -= 1
        if stop_after is not None and start > stop_after:
            return
        match = WORD_PATTERN.match(text, start)
        if match is None:
            continue
        checked_until = match.end()
        word = match.group().lower()
        if len(word) > MAX_WORD_LENGTH or not (word_forms(word) & terms):
            continue
        if fold(word) in STOP_WORDS:
            continue
        yield match.start(), match.end()


def _is_word_char(char: str) -> bool:
    return WORD_PATTERN.match(char) is not None


def highlight(texts: list[str], query: SearchQuery) -> str:
    """An HTML snippet (escaped, matches in ``<mark>``) around the first match in
    the first text that has one; empty without a text query."""
    if not query.terms:
        return ""
    terms = query.match_terms
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
