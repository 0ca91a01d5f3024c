"""Highlighting: the fast path (fold once, look for the terms) marks exactly the
words the word-by-word scan marks."""

import random

import pytest

from project_pages import demo_texts
from search import highlight as module
from search.analysis import WORD_PATTERN, analyze_query
from search.query import SearchQuery


def _strings(value, found: list[str]) -> list[str]:
    if isinstance(value, str):
        if len(value) > 30:
            found.append(value)
    elif isinstance(value, dict):
        for item in value.values():
            _strings(item, found)
    elif isinstance(value, list | tuple):
        for item in value:
            _strings(item, found)
    return found


TRICKY = [
    "Happy citizens: the happiest town, ponies and studies of responsibility.",
    "La col·laboració i la col.laboració entre ajuntaments: COL·LABORACIÓ.",
    "ﬁnestra única (ligature), Ｆｕｌｌｗｉｄｔｈ tràmit, İstanbul i TRÀMITS.",
    "Tràmits, tràmit, tramitació; trámites y trámite; procedure and procedures.",
    "Participació ciutadana — participación ciudadana — citizen participation.",
]


def corpus() -> list[str]:
    texts = []
    for name in dir(demo_texts):
        if name.isupper():
            _strings(getattr(demo_texts, name), texts)
    return texts + TRICKY


def both(texts, query):
    fast = module.highlight(texts, query)
    original = module._matching_spans
    module._matching_spans = module._scan
    try:
        slow = module.highlight(texts, query)
    finally:
        module._matching_spans = original
    return fast, slow


def test_fast_path_marks_the_same_words_as_the_scan():
    texts = corpus()
    assert len(texts) > 200
    vocabulary = sorted(
        {w for text in texts for w in WORD_PATTERN.findall(text) if len(w) > 2}
    )
    rng = random.Random(7)
    words = rng.sample(vocabulary, 400) + ["happy", "tràmits", "collaboració", "fi"]
    marked = 0
    for word in words:
        query = SearchQuery(q=word, terms=tuple(analyze_query(word)))
        if not query.terms:
            continue
        having = [text for text in texts if word.lower() in text.lower()]
        for text in rng.sample(having, min(10, len(having))) + rng.sample(texts, 10):
            fast, slow = both([text], query)
            assert fast == slow, (word, text)
            marked += "<mark>" in fast
    assert marked > 800  # the comparison is about real matches, not empty strings


@pytest.mark.parametrize(
    "word, text, expected",
    [
        ("happy", TRICKY[0], "<mark>Happy</mark>"),
        ("tramits", TRICKY[3], "<mark>Tràmits</mark>, <mark>tràmit</mark>"),
        ("tràmit", TRICKY[2], "<mark>tràmit</mark>"),
    ],
)
def test_marks(word, text, expected):
    query = SearchQuery(q=word, terms=tuple(analyze_query(word)))
    assert expected in module.highlight([text], query)
