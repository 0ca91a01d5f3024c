"""The search contract (docs/search-api.md), run on every engine.

Each test runs once per configured engine (the ``engine`` fixture) on the same
project files (conftest.py), so the engines give the same results and counts.
"""

import pytest

from search.documents import all_documents
from search.tests.conftest import PLACES
from search.tests.contract import MANLLEU, counts, ids, run, titles


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
    engine.delete_documents([str(indexed["P2"].translation_key)])
    page = indexed["P3"]
    page.title = "Plataforma renovada"
    page.save_revision().publish()  # no commit callbacks run: the index lags
    missing, stale, extra = service.check(engine)
    assert missing == [str(indexed["P2"].translation_key)]
    assert stale == [str(page.translation_key)]
    assert extra == []


def test_rebuild_replaces_the_index(engine, indexed):
    engine.delete_documents([str(indexed["P2"].translation_key)])
    assert engine.rebuild(all_documents()) == 10
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
    engine.rebuild(all_documents())

    results = run(engine, scope="abroad")
    # Tallinn, Bologna, Andorra (P9's partner), and now Binéfar in Aragon; Spanish
    # entities the gazetteer cannot place are not counted as outside.
    assert ids(results, projects) == {"P4", "P5", "P8", "P9"}
    assert sum(v.count for v in results.facets["phase"]) == 4  # counts follow
    assert "scope" not in results.facets  # a filter, not a facet
    assert ids(run(engine, scope="abroad", country="ES"), projects) == {"P5", "P9"}


# One result per project ------------------------------------------------------------


@pytest.fixture
def translated(engine, projects, site_pages):
    """P2 with a Spanish translation an editor wrote (the same translation key)."""
    from wagtail.models import Locale

    original = projects["P2"]
    spanish = original.copy_for_translation(
        Locale.objects.get(language_code="es"), copy_parents=False
    )
    spanish.title = "Portal de cogobernanza y participación"
    spanish.summary = "Presupuestos participativos con el vecindario."
    spanish.save_revision().publish()
    engine.rebuild(all_documents())
    return {**projects, "P2-es": spanish}


def test_a_project_and_its_translation_are_one_result(engine, translated):
    results = run(engine, q="participacio", page_size=100)
    assert results.count == 4  # P2 (and its translation), P3, P8, P10
    assert [hit.id for hit in results.hits].count(translated["P2"].pk) == 1
    assert translated["P2-es"].pk not in [hit.id for hit in results.hits]
    everything = run(engine, page_size=100)
    assert everything.count == 10
    assert counts(everything, "area")["participation_open_government"] == 4
    assert counts(everything, "technology")["Decidim"] == 2


@pytest.mark.parametrize(
    ("lang", "shown", "others"),
    [("es", "P2-es", ["ca"]), ("ca", "P2", ["es"]), ("en", "P2", ["es"])],
)
def test_the_hit_is_the_version_in_the_visitors_language(
    engine, translated, lang, shown, others
):
    """English has no page: the original shows, with its language said."""
    hit = run(engine, q="cogobernanza", lang=lang).hits[0]
    page = translated[shown]
    assert (hit.id, hit.title, hit.language) == (
        page.pk,
        page.title,
        page.locale.language_code,
    )
    assert [t["language"] for t in hit.translations] == others
    data = hit.as_json(with_distance=False)
    assert data["language"] == page.locale.language_code
    assert data["translations"][0]["url"].endswith(
        translated["P2-es" if lang != "es" else "P2"].url
    )


def test_the_human_translation_is_searched_as_written(engine, translated):
    # Only in the Spanish page's own title, not in any machine translation.
    assert ids(run(engine, q="cogobernanza"), translated) == {"P2"}


# Thesaurus ------------------------------------------------------------------------


def test_a_thesaurus_set_finds_every_term_of_it(engine, indexed):
    from search.models import SynonymSet

    assert run(engine, q="TLA").count == 0
    made = SynonymSet.objects.create(terms="TLA\nteleassistència")
    assert ids(run(engine, q="TLA"), indexed) == {"P6"}  # one term finds the others
    made.delete()  # every process reads the thesaurus again
    assert run(engine, q="TLA").count == 0
    # A term of several words matches when all its words are there.
    SynonymSet.objects.create(terms="TLB\nteleassistència domiciliària")
    assert run(engine, q="TLB").count == 0
    SynonymSet.objects.create(terms="TLC\ngent gran teleassistència")
    assert ids(run(engine, q="TLC"), indexed) == {"P6"}


def test_a_thesaurus_phrase_is_one_concept_of_the_query(engine, indexed):
    from search.models import SynonymSet

    SynonymSet.objects.create(terms="robot de programari\nsoftware bot")
    # "software bot" is the phrase of the set: P5 has "robots de programari".
    assert ids(run(engine, q="software bot"), indexed) == {"P5"}
    assert ids(run(engine, q="software bot tràmits"), indexed) == {"P5"}


def test_a_place_is_found_by_its_name_in_other_languages(engine, projects):
    from project_pages.gazetteer import GazetteerEntry, fold, load_gazetteer
    from project_pages.models import Place

    def entry(geonameid, name, country, others):
        _name, _country, population, lat, lon = next(
            p for p in PLACES.values() if p[0] == name
        )
        place = Place(
            geonameid=geonameid, name=name, search_name=fold(name), country=country,
            population=population, latitude=lat, longitude=lon,
        )  # fmt: skip
        return GazetteerEntry(place, others)

    load_gazetteer(
        entries=[
            entry(3118514, "Lleida", "ES", ["Lérida", "Lheida"]),
            entry(3181928, "Bologna", "IT", ["Bolonya", "Bolonia", "Bologne"]),
        ]
    )
    engine.rebuild(all_documents())
    assert ids(run(engine, q="Lérida"), projects) == {"P7"}
    assert ids(run(engine, q="Bolonya"), projects) == {"P8"}
    assert ids(run(engine, q="Bolonia participación"), projects) == {"P8"}


def test_a_page_an_editor_translated_ranks_like_the_original(engine, translated):
    """The Spanish page of P2 has "cogobernanza" in its title: for a Spanish
    visitor it is as good as an original title, above any body match."""
    from search.models import SynonymSet

    SynonymSet.objects.create(terms="cogobernanza\nvotaciones")  # P3's body
    results = run(engine, q="cogobernanza", lang="es")
    assert titles(results)[0] == "Portal de cogobernanza y participación"
