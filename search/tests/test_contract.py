"""The search contract (shared/formats/search-api.md), run on every engine.

Each test runs once per configured engine (the ``engine`` fixture) on the same
project files (conftest.py), so the engines give the same results and counts.
"""

import pytest

from search.documents import documents_for, indexable_pages
from search.query import parse_query


def run(engine, **params):
    return engine.search(parse_query(_querydict(params)))


def _querydict(params):
    from django.http import QueryDict

    data = QueryDict(mutable=True)
    for key, value in params.items():
        data.setlist(key, value if isinstance(value, list) else [str(value)])
    return data


def titles(results) -> list[str]:
    return [hit.title for hit in results.hits]


def ids(results, pages) -> set[str]:
    by_id = {page.pk: key for key, page in pages.items()}
    return {by_id[hit.id] for hit in results.hits}


def counts(results, facet) -> dict[str, int]:
    return {v.value: v.count for v in results.facets[facet]}


# Text ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "q", ["participacio", "participació", "PARTICIPACIÓ", "Participacio"]
)
def test_text_ignores_accents_and_case(engine, indexed, q):
    results = run(engine, q=q, page_size=100)
    assert ids(results, indexed) == {"P2", "P10"}
    assert results.count == 2


@pytest.mark.parametrize("q", ["tràmit", "tramit", "tràmits", "TRAMITS"])
def test_text_matches_word_forms(engine, indexed, q):
    results = run(engine, q=q)
    assert ids(results, indexed) == {"P1", "P5", "P10"}


def test_every_word_must_match(engine, indexed):
    assert ids(run(engine, q="portal participació"), indexed) == {"P2"}
    assert run(engine, q="portal xatbot").count == 0


def test_spanish_and_english_words(engine, indexed):
    assert ids(run(engine, q="ciudadanos"), indexed) == {"P3"}
    assert ids(run(engine, q="budget"), indexed) == {"P4"}


def test_title_and_summary_rank_above_body(engine, indexed):
    results = run(engine, q="tràmit")
    assert results.hits[-1].title == "Gestió documental electrònica"  # body only
    assert titles(results)[0] == "Robotització de tràmits"  # title


def test_hits_carry_a_highlighted_snippet(engine, indexed):
    hit = run(engine, q="participacio").hits[0]
    assert "<mark>participació</mark>" in hit.highlight.lower()


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

MANLLEU = "42.0016,2.2843"


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
    assert indexed["draft"].pk not in engine.indexed_ids_with_versions()
    assert indexed["private"].pk not in engine.indexed_ids_with_versions()


# Staying in step with publishing ------------------------------------------------


def test_publish_unpublish_and_delete_reach_the_index_after_commit(
    engine, indexed, django_capture_on_commit_callbacks
):
    draft = indexed["draft"]
    with django_capture_on_commit_callbacks(execute=True):
        draft.save_revision().publish()
    assert run(engine, q="esborrany").count == 1

    with django_capture_on_commit_callbacks(execute=True):
        draft.refresh_from_db()
        draft.unpublish()
    assert run(engine, q="esborrany").count == 0

    page = indexed["P1"]
    with django_capture_on_commit_callbacks(execute=True):
        page.delete()
    assert run(engine, q="padró").count == 0
    assert run(engine).count == 9


def test_nothing_changes_before_commit(
    engine, indexed, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        indexed["draft"].save_revision().publish()
    assert run(engine, q="esborrany").count == 0
    assert callbacks  # the reindex waits for the commit


def test_entity_changes_reach_the_index(
    engine, indexed, django_capture_on_commit_callbacks
):
    entity = indexed["P6"].lead_entity
    with django_capture_on_commit_callbacks(execute=True):
        entity.municipality = "Tavertet"
        entity.latitude, entity.longitude = 41.9957, 2.4186
        entity.save()
    hit = run(engine, area="social_services", near=MANLLEU).hits[0]
    assert hit.entities[0]["municipality"] == "Tavertet"
    assert hit.distance_km == pytest.approx(11.6, abs=1)


def test_check_reports_missing_and_stale_documents(engine, indexed):
    from search import service

    assert service.check(engine) == ([], [], [])
    engine.delete_documents([indexed["P2"].pk])
    page = indexed["P3"]
    page.title = "Plataforma renovada"
    page.save_revision().publish()  # no commit callbacks run: the index lags
    missing, stale, extra = service.check(engine)
    assert missing == [indexed["P2"].pk]
    assert stale == [page.pk]
    assert extra == []


def test_rebuild_replaces_the_index(engine, indexed):
    engine.delete_documents([indexed["P2"].pk])
    assert engine.rebuild(documents_for(indexable_pages())) == 10
    assert run(engine).count == 10


# Extension: scope=abroad (the page's "outside Catalonia or abroad") -------------


def test_scope_abroad_keeps_projects_with_an_entity_outside_the_home_region(
    engine, projects
):
    from project_pages.gazetteer import fold
    from project_pages.models import Place

    def place(geonameid, name, region, lat, lon):
        return Place(
            geonameid=geonameid, name=name, search_name=fold(name), country="ES",
            region=region, population=10_000, latitude=lat, longitude=lon,
        )  # fmt: skip

    Place.objects.bulk_create(
        [
            place(1, "Tremp", "Catalunya", 42.1667, 0.8947),
            place(2, "Vic", "Catalunya", 41.9304, 2.2545),
            place(3, "Binéfar", "Aragón", 41.8513, 0.2945),
        ]
    )
    # The gazetteer says Tremp is in Catalonia; this entity sits near Binéfar.
    entity = projects["P5"].lead_entity
    entity.municipality, entity.latitude, entity.longitude = "Binéfar", 41.85, 0.30
    entity.save()
    engine.rebuild(documents_for(indexable_pages()))

    results = run(engine, scope="abroad")
    # Tallinn, Bologna, Andorra (P9's partner), and now Binéfar in Aragon; Spanish
    # entities the gazetteer cannot place are not counted as outside.
    assert ids(results, projects) == {"P4", "P5", "P8", "P9"}
    assert sum(v.count for v in results.facets["phase"]) == 4  # counts follow
    assert "scope" not in results.facets  # a filter, not a facet
    assert ids(run(engine, scope="abroad", country="ES"), projects) == {"P5", "P9"}
