"""The shared analysis: what makes accents, case and word forms not matter."""

import pytest

from search.analysis import analyze, analyze_query, fold, words


def matches(query: str, text: str, language: str) -> bool:
    """Does every word of ``query`` meet a term of ``text`` (as the engines do)?"""
    terms = set(analyze(text, language))
    alternatives = analyze_query(query)
    return bool(alternatives) and all(terms & alts for alts in alternatives)


@pytest.mark.parametrize(
    ("query", "text", "language"),
    [
        ("participacio", "Portal de participació ciutadana", "ca"),
        ("PARTICIPACIÓ", "Portal de participació ciutadana", "ca"),
        ("tràmit", "Robotització de tràmits", "ca"),
        ("tramits", "Cada tràmit des de casa", "ca"),
        ("tramit", "Robotització de tràmits", "ca"),
        ("tramites", "Gestión de trámites en línea", "es"),
        ("trámite", "Gestión de trámites en línea", "es"),
        ("participacion", "Plataforma de participación ciudadana", "es"),
        ("ciudadanos", "Plataforma de participación ciudadana", "es"),
        ("portals", "Open data portal", "en"),
        ("collaboracio", "Col·laboració entre ajuntaments", "ca"),
        ("col·laboració", "Col.laboració entre ajuntaments", "ca"),
        ("oficina", "Atenció a l'oficina municipal", "ca"),
    ],
)
def test_word_forms_accents_and_case_meet(query, text, language):
    assert matches(query, text, language)


@pytest.mark.parametrize(
    ("query", "text", "language"),
    [
        ("padró", "Robotització de tràmits", "ca"),
        ("portal participació", "Open data portal", "en"),
        ("tràmit", "Trampolí municipal", "ca"),
    ],
)
def test_unrelated_words_do_not_meet(query, text, language):
    assert not matches(query, text, language)


def test_elisions_and_stop_words_are_dropped():
    assert words("L'oficina de l'Ajuntament i la gent") == [
        "oficina",
        "ajuntament",
        "gent",
    ]


def test_operators_quotes_and_common_words_leave_nothing_to_search():
    assert analyze_query('"" AND OR') == []
    assert analyze_query("de la the") == []
    assert analyze_query('"assistent virtual"') != []


def test_fold_strips_accents_and_case():
    assert fold("ÀÉÍÒÚ àèéíïòóúüç Ñ") == "aeiou aeeiioouuc n"


def test_fold_is_nfkd_without_combining_marks_for_every_character():
    """The table-driven fold gives what the plain definition gives: lower-case,
    NFKD, combining marks dropped; for every character and for mixed text."""
    import random
    import unicodedata

    from search.analysis import fold

    def plain(text: str) -> str:
        decomposed = unicodedata.normalize("NFKD", text.lower())
        return "".join(c for c in decomposed if not unicodedata.combining(c))

    characters = [
        chr(code)
        for code in range(0x20, 0x30000)
        if unicodedata.category(chr(code)) != "Cs"
    ]
    for char in characters:
        assert fold(char) == plain(char), hex(ord(char))
    rng = random.Random(3)
    for _ in range(3000):
        text = "".join(
            rng.choice(characters) if rng.random() < 0.3 else rng.choice("aZ àÉ·l")
            for _ in range(rng.randint(0, 30))
        )
        for form in (text, unicodedata.normalize("NFD", text)):
            assert fold(form) == plain(form), repr(form)
