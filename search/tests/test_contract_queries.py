"""The search contract (docs/search-api.md), the queries: run on every engine.

These tests only read: the contract data (conftest.py) is built and indexed once
per engine for the whole module, not once per test (test_contract.py has the
tests that change pages, the index or the thesaurus).
"""

import pytest

from search.query import parse_query
from search.tests.contract import MANLLEU, _querydict, counts, ids, run, titles


@pytest.fixture(scope="module")
def engine(module_engine):
    return module_engine


@pytest.fixture(scope="module")
def indexed(module_engine, module_projects):
    return module_projects


@pytest.fixture(autouse=True)
def _in_a_savepoint(db):
    """Each test in a savepoint of the module's transaction."""


# Text ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "q", ["participacio", "participació", "PARTICIPACIÓ", "Participacio"]
)
def test_text_ignores_accents_and_case(engine, indexed, q):
    results = run(engine, q=q, page_size=100)
    # P3 (Spanish "participación") and P8 (English "participation") through their
    # Catalan machine translations.
    assert ids(results, indexed) == {"P2", "P3", "P8", "P10"}
    assert results.count == 4


@pytest.mark.parametrize("q", ["tràmit", "tramit", "tràmits", "TRAMITS"])
def test_text_matches_word_forms(engine, indexed, q):
    results = run(engine, q=q)
    assert ids(results, indexed) == {"P1", "P5", "P10"}


def test_every_word_must_match(engine, indexed):
    assert ids(run(engine, q="portal participació"), indexed) == {"P2"}
    assert run(engine, q="portal xatbot").count == 0


def test_a_word_finds_projects_written_in_every_language(engine, indexed):
    # Spanish words: P3 is Spanish, P2 Catalan ("ciutadana"), P4 and P8 English.
    assert ids(run(engine, q="ciudadanos"), indexed) == {"P2", "P3", "P4", "P8"}
    assert ids(run(engine, q="padrón"), indexed) == {"P1"}  # Catalan "padró"
    # English words find the Spanish tag "datos abiertos" (P3, P7) and P4.
    for q in ("open data", "datos abiertos", "dades obertes"):
        assert ids(run(engine, q=q), indexed) == {"P3", "P4", "P7"}, q
    assert ids(run(engine, q="elderly"), indexed) == {"P6"}  # "gent gran"
    assert ids(run(engine, q="budget"), indexed) == {"P4"}


def test_tags_technologies_and_entities_are_searched_as_words(engine, indexed):
    assert ids(run(engine, q="Decidim"), indexed) == {"P2", "P3"}  # technology
    assert ids(run(engine, q="paperless"), indexed) == {"P9"}  # tag
    assert ids(run(engine, q="Manlleu"), indexed) == {"P1"}  # entity, place
    # The entity's name, machine-translated: "Ajuntament de Manlleu".
    assert ids(run(engine, q="Ayuntamiento de Manlleu"), indexed) == {"P1"}


def test_written_text_ranks_above_machine_translations(engine, indexed):
    # "ciudadana" is in P3's own title, and in the titles of P2 and P8 as
    # machine-translated into Spanish only.
    assert titles(run(engine, q="ciudadanos"))[0] == (
        "Plataforma de participación ciudadana"
    )


def test_title_and_summary_rank_above_body(engine, indexed):
    results = run(engine, q="tràmit")
    assert results.hits[-1].title == "Gestió documental electrònica"  # body only
    assert titles(results)[0] == "Robotització de tràmits"  # title


def test_hits_carry_a_highlighted_snippet(engine, indexed):
    hits = {hit.id: hit for hit in run(engine, q="participacio").hits}
    assert "<mark>participació</mark>" in hits[indexed["P2"].pk].highlight.lower()
    assert "<mark>participation</mark>" in hits[indexed["P8"].pk].highlight.lower()


def test_quotes_are_words_not_operators(engine, indexed):
    assert ids(run(engine, q='"portal" "participació'), indexed) == {"P2"}


# Filters and facets ---------------------------------------------------------------


def test_no_query_lists_everything_newest_first(engine, indexed):
    results = run(engine, page_size=100)
    assert results.count == 10
    assert titles(results)[0] == "Gestió documental electrònica"
    assert titles(results)[-1] == "Assistent virtual per al padró"


def test_each_filter(engine, indexed):
    assert ids(run(engine, area="social_services"), indexed) == {"P6"}
    assert ids(run(engine, type="organisation"), indexed) == {"P3", "P7", "P8", "P9"}
    assert ids(run(engine, phase="prototype"), indexed) == {"P5", "P8"}
    assert ids(run(engine, size="1k-5k"), indexed) == {"P9", "P10"}
    assert ids(run(engine, country="AD"), indexed) == {"P9"}
    assert ids(run(engine, technology="Decidim"), indexed) == {"P2", "P3"}
    assert ids(run(engine, tag="datos abiertos"), indexed) == {"P3", "P7"}


def test_or_within_a_facet_and_across_facets(engine, indexed):
    either = run(engine, area=["citizen_attention", "social_services"])
    assert ids(either, indexed) == {"P1", "P6"}
    both = run(engine, area="participation_open_government", phase="production")
    assert ids(both, indexed) == {"P3", "P4"}


def test_unknown_free_values_match_nothing(engine, indexed):
    results = run(engine, tag="no such tag")
    assert results.count == 0
    tags = {v.value: (v.count, v.selected) for v in results.facets["tag"]}
    assert tags["no such tag"] == (0, True)  # kept, so the visitor can untick it
    assert tags["chatbot"] == (1, False)  # the tag facet ignores its own filter
    assert counts(results, "area") == {}  # every other facet: nothing matches


def test_facets_without_filters_list_every_nonzero_value(engine, indexed):
    results = run(engine)
    assert counts(results, "area") == {
        "citizen_attention": 1,
        "services_procedures": 3,
        "social_services": 1,
        "participation_open_government": 4,
        "planning_management": 1,
        "integral_transformation": 1,
    }
    assert counts(results, "phase") == {"prototype": 2, "pilot": 2, "production": 6}
    assert counts(results, "size") == {
        "lt1k": 1,
        "1k-5k": 2,
        "5k-20k": 1,
        "20k-50k": 2,
        "gt100k": 4,
    }
    assert counts(results, "country") == {"ES": 8, "EE": 1, "IT": 1, "AD": 1}
    assert counts(results, "type") == {
        "service_journey": 3,
        "processes_procedures": 4,
        "organisation": 4,
    }
    assert counts(results, "technology")["Decidim"] == 2
    assert len(results.facets["technology"]) == 9
    assert counts(results, "tag")["datos abiertos"] == 2
    assert not any(v.selected for values in results.facets.values() for v in values)


def test_facet_counts_are_disjunctive(engine, indexed):
    results = run(engine, area="participation_open_government", phase="production")
    assert results.count == 2
    # Areas: counted with the phase filter only.
    assert counts(results, "area") == {
        "citizen_attention": 1,
        "services_procedures": 2,
        "participation_open_government": 2,
        "planning_management": 1,
        "integral_transformation": 1,
    }
    # Phases: counted with the area filter only.
    assert counts(results, "phase") == {"prototype": 1, "pilot": 1, "production": 2}
    # Other facets: counted with both filters.
    assert counts(results, "country") == {"ES": 1, "EE": 1}
    selected = {
        name: [v.value for v in values if v.selected]
        for name, values in results.facets.items()
    }
    assert selected["area"] == ["participation_open_government"]
    assert selected["phase"] == ["production"]


@pytest.mark.parametrize(
    ("lang", "label", "estonia"),
    [
        ("ca", "Atenció ciutadana", "Estònia"),
        ("es", "Atención ciudadana", "Estonia"),
        ("en", "Citizen attention", "Estonia"),
    ],
)
def test_facet_labels_in_the_requested_language(engine, indexed, lang, label, estonia):
    results = run(engine, lang=lang)
    labels = {v.value: v.label for v in results.facets["area"]}
    assert labels["citizen_attention"] == label
    countries = {v.value: v.label for v in results.facets["country"]}
    assert countries["EE"] == estonia
    assert countries["ES"] == {"ca": "Espanya", "es": "España", "en": "Spain"}[lang]


# Proximity -----------------------------------------------------------------------


def test_near_within_keeps_projects_with_an_entity_that_close(engine, indexed):
    assert ids(run(engine, near=MANLLEU, within=25), indexed) == {"P1", "P2", "P6"}
    # Andorra la Vella (P9's second entity) is about 85 km away.
    assert ids(run(engine, near=MANLLEU, within=100), indexed) == {
        "P1",
        "P2",
        "P3",
        "P6",
        "P9",
    }


def test_sort_by_distance_gives_the_nearest_entity(engine, indexed):
    results = run(engine, near=MANLLEU, within=100, sort="distance")
    assert titles(results)[:3] == [
        "Assistent virtual per al padró",
        "Portal de participació ciutadana",
        "Teleassistència per a la gent gran",
    ]
    distances = [hit.distance_km for hit in results.hits]
    assert distances == sorted(distances)
    assert distances[0] == pytest.approx(0, abs=0.1)
    assert distances[1] == pytest.approx(8.1, abs=0.5)  # Vic
    assert distances[-1] == pytest.approx(85, abs=3)  # Andorra la Vella (P9)


def test_near_without_within_sorts_everything_by_distance(engine, indexed):
    results = run(engine, near=MANLLEU, sort="distance", page_size=100)
    assert results.count == 10
    assert titles(results)[-1] == "Open data portal"  # Tallinn
    assert results.hits[-1].distance_km == pytest.approx(2477, abs=15)


def test_facets_respect_the_proximity_filter(engine, indexed):
    results = run(engine, near=MANLLEU, within=25)
    assert counts(results, "phase") == {"pilot": 2, "production": 1}


# Pagination ----------------------------------------------------------------------


def test_pagination(engine, indexed):
    first = run(engine, page_size=3)
    assert first.count == 10
    assert titles(first) == [
        "Gestió documental electrònica",
        "Oficina sense papers",
        "Citizen participation in Bologna",
    ]
    last = run(engine, page_size=3, page=4)
    assert titles(last) == ["Assistent virtual per al padró"]
    assert last.count == 10


# What must never be found --------------------------------------------------------


def test_drafts_and_private_pages_are_not_in_results_or_counts(engine, indexed):
    assert run(engine, q="esborrany").count == 0
    assert run(engine, q="privada").count == 0
    results = run(engine, area="participation_open_government")
    assert results.count == 4
    assert counts(results, "area")["participation_open_government"] == 4
    keys = engine.indexed_keys_with_versions()
    assert str(indexed["draft"].translation_key) not in keys
    assert str(indexed["private"].translation_key) not in keys


# Staying in step with publishing ------------------------------------------------


# Order and proximity ----------------------------------------------------------------


def test_the_default_order_follows_the_words_and_the_place(engine, indexed):
    assert run(engine, q="participacio").hits  # words: relevance
    assert parse_query(_querydict({"q": "padró"})).sort == "relevance"
    assert parse_query(_querydict({"near": MANLLEU})).sort == "distance"
    assert parse_query(_querydict({"q": "padró", "near": MANLLEU})).sort == (
        "relevance"
    )
    assert parse_query(_querydict({})).sort == "newest"
    assert not parse_query(_querydict({"q": "padró"})).sort_chosen
    chosen = parse_query(_querydict({"q": "padró", "sort": "newest"}))
    assert (chosen.sort, chosen.sort_chosen) == ("newest", True)
    nearest = run(engine, near=MANLLEU, page_size=100)
    distances = [hit.distance_km for hit in nearest.hits]
    assert distances == sorted(distances)


def test_the_hit_names_the_entity_that_is_near(engine, indexed):
    """P9 is led by Gandesa (about 200 km from Manlleu) with Andorra la Vella
    (about 85 km): the card names Andorra's entity and its distance."""
    hits = {hit.id: hit for hit in run(engine, near=MANLLEU, within=100).hits}
    hit = hits[indexed["P9"].pk]
    assert hit.entities[0]["municipality"] == "Gandesa"  # the lead, unchanged
    assert hit.matched_entity["name"] == "Ajuntament de Andorra la Vella"
    assert hit.matched_entity["distance_km"] == pytest.approx(85, abs=3)
    assert hit.distance_km == pytest.approx(85, abs=3)
    data = hit.as_json(with_distance=True)
    assert data["matched_entity"]["municipality"] == "Andorra la Vella"


def test_the_hit_names_the_entity_in_the_chosen_country(engine, indexed):
    hit = run(engine, country="AD").hits[0]
    assert hit.id == indexed["P9"].pk
    assert hit.matched_entity["country"] == "AD"
    assert "distance_km" not in hit.matched_entity
    assert run(engine, area="social_services").hits[0].matched_entity is None


# Bad input -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "q",
    [
        "x" * 200,
        "帕德龙 市政",  # CJK
        "بلدية",  # Arabic
        "😀 padró 😀",
        '"(" AND ) OR * NEAR ^ : {',
        "' OR 1=1 --",
        "a" * 41 + " padró",
        "\u0301\u0301 tràmit",
    ],
)
def test_a_query_in_any_script_or_length_never_errors(engine, indexed, q):
    from search.query import SearchError

    try:
        results = run(engine, q=q)
    except SearchError as error:  # no searchable word: a 400, not a 500
        assert error.field == "q"
    else:
        assert results.count >= 0


# Typos and the names of places ------------------------------------------------------


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("participasio", "P2"),  # one letter off
        ("partisipació", "P2"),
        ("teleasistensia", "P6"),
        ("chatbott", "P1"),
        ("presupuestos partisipativos", "P3"),  # one word right, one off
    ],
)
def test_a_typo_still_finds_the_project(engine, indexed, q, expected):
    assert expected in ids(run(engine, q=q, page_size=100), indexed)


def test_typo_tolerance_never_blurs_a_word_that_matches(engine, indexed):
    # "participació" matches: no typo tolerance, so no "participativa" etc.
    assert ids(run(engine, q="participació", page_size=100), indexed) == {
        "P2",
        "P3",
        "P8",
        "P10",
    }
    assert run(engine, q="papr").count == 0  # short words: no tolerance
