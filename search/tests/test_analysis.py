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
