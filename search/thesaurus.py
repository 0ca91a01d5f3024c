"""The thesaurus: sets of terms that mean the same across Catalan, Spanish and
English (xatbot / chatbot / asistente virtual), and acronyms with their expansions
(OAC / oficina d'atenció ciutadana). Editors manage the sets in the admin
(``SynonymSet``); the starting set ships as data (search/data/thesaurus.json).

It is applied at query time, the same way for every engine: a query is read as a
sequence of *concepts*. A run of query words that is a term of a set becomes one
concept whose alternatives are every term of the set; any other word is a concept
of its own. A document matches a concept when it holds every word of one of its
alternatives, and matches the query when it matches every concept. Words are
compared through the shared analysis (search/analysis.py), so ``assistents
virtuals`` meets the term ``assistent virtual`` and accents never matter.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.core.cache import cache

from .analysis import fold, word_forms, words

Word = frozenset[str]  # the alternative terms of one word
Phrase = tuple[Word, ...]  # every word must be there
Concept = tuple[Phrase, ...]  # any one phrase will do

DATA_FILE = Path(__file__).resolve().parent / "data" / "thesaurus.json"
VERSION_KEY = "search:thesaurus-version"


# A word as the thesaurus compares it: folded, and its forms.
Key = tuple[str, Word]


def keys(text: str) -> tuple[Key, ...]:
    """The words of a text (stop words dropped), each folded and with its forms."""
    return tuple((fold(word), word_forms(word)) for word in words(text))


def phrase(text: str) -> Phrase:
    """A term as the words a document must hold (stop words dropped)."""
    return tuple(forms for _folded, forms in keys(text))


# A query word and a term's word may differ in their last letters only (number
# and gender: xatbot/xatbots, ciudadana/ciudadanos).
MAX_ENDING = 3


def same_word(typed: Key, term: Key) -> bool:
    """Whether a query word is a word of a term: they share a stem *and* differ
    in their last three letters at most. Sharing a stem alone is not enough:
    stems of three languages meet by chance (``general`` and ``Generalitat``,
    ``accounts`` and ``accountability``)."""
    (typed_word, typed_forms), (term_word, term_forms) = typed, term
    if not typed_forms & term_forms:
        return False
    common = 0
    for a, b in zip(typed_word, term_word, strict=False):
        if a != b:
            break
        common += 1
    return common >= max(len(typed_word), len(term_word)) - MAX_ENDING


@dataclass(frozen=True)
class Thesaurus:
    sets: tuple[tuple[Phrase, ...], ...] = ()
    # A form of a term's first word → (the term's words, its set's number).
    starts: dict[str, list[tuple[tuple[Key, ...], int]]] = field(default_factory=dict)

    @classmethod
    def from_terms(cls, sets: Iterable[Iterable[str]]) -> Thesaurus:
        built: list[tuple[Phrase, ...]] = []
        starts: dict[str, list[tuple[tuple[Key, ...], int]]] = {}
        for terms in sets:
            words_of = [k for k in dict.fromkeys(map(keys, terms)) if k]
            phrases = tuple(dict.fromkeys(tuple(f for _w, f in k) for k in words_of))
            if len(phrases) < 2:
                continue
            number = len(built)
            built.append(phrases)
            for term in words_of:
                for form in term[0][1]:
                    starts.setdefault(form, []).append((term, number))
        return cls(sets=tuple(built), starts=starts)

    def _longest_term_at(self, query: tuple[Key, ...], at: int):
        """(length, set number) of the longest term that the query's words
        starting at ``at`` spell, if any."""
        best: tuple[int, int] | None = None
        for form in query[at][1]:
            for term, number in self.starts.get(form, ()):
                size = len(term)
                if at + size > len(query) or (best and size <= best[0]):
                    continue
                if all(same_word(query[at + i], term[i]) for i in range(size)):
                    best = (size, number)
        return best

    def concepts(self, query: tuple[Key, ...]) -> tuple[Concept, ...]:
        found: list[Concept] = []
        at = 0
        while at < len(query):
            match = self._longest_term_at(query, at)
            if match is None:
                concept: Concept = ((query[at][1],),)
                at += 1
            else:
                size, number = match
                # The words as typed stay an alternative: their forms may be more
                # than the term's (a plural, another language's stem).
                typed = tuple(forms for _w, forms in query[at : at + size])
                concept = tuple(dict.fromkeys((typed, *self.sets[number])))
                at += size
            if concept not in found:
                found.append(concept)
        return tuple(found)


_loaded: tuple[str, Thesaurus] | None = None


def current() -> Thesaurus:
    """The editors' thesaurus, read from the database once per change (a version
    token in the shared cache, replaced on every save: one cache read a query)."""
    global _loaded
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        cache.add(VERSION_KEY, version, timeout=None)
        version = cache.get(VERSION_KEY, version)
    if _loaded is None or _loaded[0] != version:
        from .models import SynonymSet

        _loaded = (
            version,
            Thesaurus.from_terms(s.term_list() for s in SynonymSet.objects.all()),
        )
    return _loaded[1]


def changed() -> None:
    """Every process reads the thesaurus again before its next query."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def expand(text: str) -> tuple[Concept, ...]:
    """The concepts of a query's text (see the module docstring)."""
    query = tuple(dict.fromkeys(keys(text)))
    return current().concepts(query) if query else ()


def starting_sets() -> list[dict]:
    """The sets shipped with the code (search/data/thesaurus.json)."""
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))["sets"]


def add_starting_sets(model=None) -> int:
    """Add the shipped sets that share no term with a set already there (an
    editor's changes are never overwritten); returns how many were added. Used by
    the data migration and ``manage.py load_thesaurus``."""
    from .analysis import fold

    if model is None:
        from .models import SynonymSet as model
    taken = {
        fold(" ".join(line.split()))
        for terms in model.objects.values_list("terms", flat=True)
        for line in terms.splitlines()
        if line.strip()
    }
    new = []
    for entry in starting_sets():
        terms = list(dict.fromkeys(" ".join(t.split()) for t in entry["terms"]))
        folded = {fold(term) for term in terms}
        if len(terms) < 2 or folded & taken:
            continue
        taken |= folded
        new.append(model(terms="\n".join(terms), topic=entry.get("topic", "")))
    model.objects.bulk_create(new)
    if new:
        changed()
    return len(new)
