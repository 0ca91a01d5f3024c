"""One text analysis pipeline, in Python, that feeds every search engine.

The Elasticsearch server available here has no accent folding and no stemmers, and
SQLite FTS5 and PostgreSQL full text each stem differently: if each engine analysed
text its own way, the engines would disagree. Instead, documents are indexed and
queries are matched as *terms* computed here, so both engines agree by construction
(docs/decisions/0010-one-analysis-pipeline.md).

Why every stemmer on the folded word: Snowball stemmers are accent-sensitive
(Catalan ``participació`` → ``particip`` but ``participacio`` → ``participac``), so
the only way accents can *never* matter is to stem the folded word. Folded, a single
stemmer no longer meets every form (Catalan ``tramit``/``tramits`` give ``tramit`` and
``tram``), but the three stemmers together do (English strips the plural ``s``:
``tramit``). So every word, of a document or of a query, gives its folded stem in
Catalan, Spanish and English; a query word matches a document word when their sets
meet. The result is a function of the folded text only, on both sides, and needs no
knowledge of the language (a query's language is unknown; many documents mix
languages).
"""

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

import snowballstemmer

STEMMERS = {"ca": "catalan", "es": "spanish", "en": "english"}
LANGUAGES = tuple(STEMMERS)

# Small lists: the most common function words. A word that is a stop word in any
# of the three languages is dropped everywhere (queries have no known language).
# Single letters cover Catalan elisions (l', d', s', n', m', t').
_STOP_WORDS_TEXT = """
    a i o e u y l d s n m t
    el la els les lo los las un una uns unes unos unas
    de del dels al als en amb per per a pel pels que qui com on no ni
    es son ha han hi ho li se si ja
    con por para sin sobre entre y o u que cual como donde
    the an and or of to in on at by for with from is are was were be
    this that these those it its as not but
    """
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
WORD_PATTERN = _WORD  # what a word is, for search/highlight.py
# Catalan geminated l: col·laboració, col.laboració, colŀlaboració → collaboració.
_GEMINATED_L = re.compile(r"(?<=[^\W\d_])l[·.]l(?=[^\W\d_])", re.IGNORECASE)

MAX_WORD_LENGTH = 40


def fold(text: str) -> str:
    """Lower-case and strip accents: ``Tràmit`` → ``tramit`` (NFKD, combining
    marks dropped). Only the characters beyond ASCII are decomposed, one at a
    time and remembered: the same result, without a Python step per character
    of every body indexed or highlighted."""
    lowered = text.lower()
    if lowered.isascii():
        return lowered
    return _NON_ASCII.sub(_fold_match, lowered)


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _fold_match(match: re.Match) -> str:
    return "".join(map(_fold_char, match.group()))


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    decomposed = unicodedata.normalize("NFKD", char)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=8)
def _stemmer(language: str):
    return snowballstemmer.stemmer(STEMMERS[language])


@lru_cache(maxsize=100_000)
def word_forms(word: str) -> frozenset[str]:
    """The terms of one word: its folded stem in every language."""
    folded = fold(word)
    return frozenset(_stemmer(lang).stemWord(folded) for lang in LANGUAGES)


def words(text: str) -> list[str]:
    """Lower-cased words, stop words dropped, in order (for highlighting too)."""
    text = unicodedata.normalize("NFKC", text)
    text = _GEMINATED_L.sub("ll", text)
    found = []
    for match in _WORD.finditer(text.lower()):
        word = match.group()
        if len(word) > MAX_WORD_LENGTH or fold(word) in STOP_WORDS:
            continue
        found.append(word)
    return found


def word_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, lower-cased word) of every word in ``text``, for highlighting.

    Works on the text as given (no NFKC), so offsets point into it.
    """
    spans = []
    for match in _WORD.finditer(text):
        word = match.group().lower()
        if fold(word) not in STOP_WORDS and len(word) <= MAX_WORD_LENGTH:
            spans.append((match.start(), match.end(), word))
    return spans


def analyze(text: str, language: str = "") -> list[str]:
    """Index terms of a document text. ``language`` (ca, es, en) is accepted for
    the day a per-language rule is needed; today every text gets every stemmer."""
    terms: list[str] = []
    for word in words(text):
        terms.extend(sorted(word_forms(word)))
    return terms


def analyze_query(text: str) -> list[frozenset[str]]:
    """One set of alternative terms per query word; a document matches a word when
    it holds any of them, and matches the query when it matches every word."""
    alternatives: list[frozenset[str]] = []
    seen: set[frozenset[str]] = set()
    for word in words(text):
        forms = word_forms(word)
        if forms not in seen:
            seen.add(forms)
            alternatives.append(forms)
    return alternatives


def all_terms(alternatives: Iterable[frozenset[str]]) -> frozenset[str]:
    return frozenset().union(*alternatives) if alternatives else frozenset()
