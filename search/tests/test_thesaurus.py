"""The thesaurus read as query concepts; the editors' sets; the starting data."""

import pytest
from django.core.exceptions import ValidationError

from search.analysis import fold
from search.models import SynonymSet
from search.thesaurus import (
    Thesaurus,
    add_starting_sets,
    expand,
    keys,
    phrase,
    starting_sets,
)

THESAURUS = Thesaurus.from_terms(
    [
        ["xatbot", "chatbot", "asistente virtual", "assistent virtual"],
        ["OAC", "oficina d'atenció ciutadana", "oficina de atención ciudadana"],
        ["padró municipal", "padrón municipal", "municipal register"],
        ["Generalitat de Catalunya", "Catalan government"],
    ]
)


def concepts(text):
    return THESAURUS.concepts(tuple(dict.fromkeys(keys(text))))


def test_a_word_of_a_set_becomes_the_whole_set():
    (concept,) = concepts("chatbot")
    assert phrase("xatbot") in concept
    assert phrase("asistente virtual") in concept
    assert len(concept) == 4


def test_the_longest_term_wins_and_other_words_stay_words():
    found = concepts("assistents virtuals per al padró municipal")
    assert len(found) == 2  # "assistents virtuals", "padró municipal"
    assert phrase("chatbot") in found[0]
    assert phrase("municipal register") in found[1]
    # Words that spell no term are concepts of their own.
    assert concepts("oficina nova") == (
        ((phrase("oficina")[0],),),
        ((phrase("nova")[0],),),
    )


def test_the_acronym_and_its_expansion_find_each_other():
    (concept,) = concepts("OAC")
    assert phrase("oficina de atención ciudadana") in concept
    (concept,) = concepts("oficina d'atenció ciutadana")
    assert phrase("OAC") in concept


@pytest.mark.parametrize("text", ["general de Catalunya", "generals de Catalunya"])
def test_a_stem_shared_by_chance_is_not_a_term(text):
    """Stems of three languages meet by chance: "general" and "Generalitat"
    share one, but differ by more than an ending."""
    assert all(len(concept) == 1 for concept in concepts(text))


def test_number_and_gender_endings_still_meet_the_term():
    (concept,) = concepts("oficines d'atenció ciutadanes")
    assert phrase("OAC") in concept


def test_plurals_and_accents_still_meet_the_term():
    (concept,) = concepts("Padrons municipals")
    assert phrase("municipal register") in concept


def test_expand_reads_the_editors_sets(db):
    SynonymSet.objects.create(terms="zzquux\nfoobarbaz")
    (concept,) = expand("zzquux")
    assert phrase("foobarbaz") in concept


def test_an_editor_gets_clear_errors_and_loses_nothing(db, settings):
    from django.utils import translation

    translation.activate("en")
    existing = SynonymSet.objects.create(terms="zzquux\nfoobarbaz")
    for terms, message in [
        ("zzquux", "at least two terms"),
        ("el\nla", "no word that search can look for"),
        ("Foobarbaz\nquxquux", "is already in the set"),
    ]:
        candidate = SynonymSet(terms=terms)
        with pytest.raises(ValidationError, match=message):
            candidate.full_clean()
        assert candidate.terms.strip()  # what the editor typed is kept
    fine = SynonymSet(terms="  quxquux \n\nquuxqux\nquxquux")
    fine.full_clean()
    assert fine.term_list() == ["quxquux", "quuxqux"]
    assert existing.term_list() == ["zzquux", "foobarbaz"]


def test_the_starting_thesaurus_ships_at_least_150_sets_of_distinct_terms():
    sets = starting_sets()
    assert len(sets) >= 150
    seen: dict[str, int] = {}
    for number, entry in enumerate(sets):
        assert len(entry["terms"]) >= 2
        for term in entry["terms"]:
            assert phrase(term), term  # every term has a searchable word
            folded = fold(" ".join(term.split()))
            assert seen.setdefault(folded, number) == number, term
    languages_covered = {"xatbot", "chatbot", "asistente virtual"}
    assert languages_covered <= {fold(t) for s in sets for t in s["terms"]}


def test_the_starting_sets_are_in_the_database_and_never_added_twice(db):
    assert SynonymSet.objects.count() == len(starting_sets())  # the migration
    assert add_starting_sets() == 0
    SynonymSet.objects.filter(terms__startswith="xatbot").delete()
    edited = SynonymSet.objects.first()
    edited.terms += "\nun terme d'un editor"
    edited.save()
    assert add_starting_sets() <= 1  # the deleted set comes back, nothing else
    edited.refresh_from_db()
    assert "un terme d'un editor" in edited.terms
