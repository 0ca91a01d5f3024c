"""Typo tolerance, the same rule for both engines.

Only when a search finds nothing, and only for the query's single words (not a
thesaurus phrase) of five letters or more: those that match no document at all
(such a word may be a typo), or, when each matches something alone, all of them.
Elasticsearch then matches their terms with ``fuzziness``; the database engine
looks up the index's vocabulary for the terms within the same number of edits
(``close_terms``) and searches again with them as alternatives. Never while a
search finds something: it would let a correct ``participació`` find
``participación``.

Edits as Elasticsearch counts them for ``fuzziness: AUTO:5,8``: none below 5
letters, one from 5, two from 8; a swap of two neighbouring letters is one edit.
"""

from collections.abc import Iterable

from .analysis import fold, word_forms, words
from .query import SearchQuery

MIN_LETTERS = 5
ONE_EDIT_FROM, TWO_EDITS_FROM = 5, 8
ES_FUZZINESS = f"AUTO:{ONE_EDIT_FROM},{TWO_EDITS_FROM}"


def single_words(query: SearchQuery) -> dict[int, str]:
    """{concept index: folded word} of the concepts that are one query word of
    five letters or more, not expanded by the thesaurus."""
    folded: dict[frozenset[str], str] = {}
    for word in words(query.q):
        folded.setdefault(word_forms(word), fold(word))
    found = {}
    for index, concept in enumerate(query.concepts):
        if len(concept) == 1 and len(concept[0]) == 1 and concept[0][0] in folded:
            word = folded[concept[0][0]]
            if len(word) >= MIN_LETTERS:
                found[index] = word
    return found


def suspects(single: dict[int, str], matches_anything) -> list[int]:
    """Which single words get typo tolerance: those that match no document at
    all; if every word matches something (each one alone, but not together:
    "contenidors inteligents" where the Spanish translations hold "inteligentes"),
    all of them."""
    alone = [index for index in single if not matches_anything(index)]
    return alone or list(single)


def allowed_edits(term: str) -> int:
    if len(term) < ONE_EDIT_FROM:
        return 0
    return 1 if len(term) < TWO_EDITS_FROM else 2


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (insertions, deletions, substitutions and
    swaps of neighbours), or ``limit + 1`` as soon as it must exceed ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, 1):
            cost = 0 if char_a == char_b else 1
            current[j] = min(
                previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost
            )
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def close_terms(term: str, vocabulary: Iterable[str]) -> set[str]:
    """The vocabulary's terms within the edits ``term`` allows (itself included
    when present)."""
    limit = allowed_edits(term)
    return {
        candidate
        for candidate in vocabulary
        if edit_distance(term, candidate, limit) <= limit
    }
