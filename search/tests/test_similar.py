"""Similar projects (a project page's "Similar projects"), on every engine.

Like the contract suite, each engine test runs once per configured engine on the
same project files (conftest.py); then what only Elasticsearch does (one request)
and what the service does when it is down (the database answers).
"""

import datetime

import pytest

from search import similar
from search.documents import all_documents
from search.engines.database import DatabaseEngine
from search.tests import test_elasticsearch_engine as es_tests
from search.tests.conftest import make_project

# The Elasticsearch tests' fixtures: a node that refuses or never answers.
broken_engines = es_tests.broken_engines
silent_server = es_tests.silent_server
needs_server = es_tests.needs_server


def keys(hits, pages) -> list[str]:
    by_id = {page.pk: key for key, page in pages.items()}
    return [by_id.get(hit.id, hit.id) for hit in hits]


# Every engine -----------------------------------------------------------------------


@pytest.mark.parametrize("key", ["P1", "P2", "P3", "P5", "P9"])
def test_a_project_has_similar_projects_but_never_itself(engine, indexed, key):
    hits = engine.similar(indexed[key].pk, 4)
    assert 1 <= len(hits) <= 4
    assert indexed[key].pk not in [hit.id for hit in hits]
    assert len({hit.id for hit in hits}) == len(hits)


def test_hits_carry_what_a_card_shows(engine, indexed):
    (first, *_rest) = engine.similar(indexed["P2"].pk, 4)
    assert first.title and first.url.startswith("http")
    assert first.phase in {"prototype", "pilot", "production"}
    assert first.areas == ["participation_open_government"]
    assert first.entities[0]["name"].startswith("Ajuntament de ")
    assert first.entities[0]["municipality"]


def test_drafts_and_private_pages_are_never_similar(engine, indexed):
    """Both hidden pages share area, technology and tag with P2: they would lead
    its list if they were indexed."""
    hidden = {indexed["draft"].pk, indexed["private"].pk}
    for key in ("P2", "P3", "P4", "P8"):
        hits = engine.similar(indexed[key].pk, 10)
        assert hits
        assert not hidden & {hit.id for hit in hits}


def test_sharing_area_and_technology_ranks_above_sharing_nothing(engine, indexed):
    """P2 (participation, Decidim): P3 shares both; P6 (telecare) shares nothing
    and so is either absent or below."""
    ranked = keys(engine.similar(indexed["P2"].pk, 10), indexed)
    assert ranked[0] == "P3"
    assert "P6" not in ranked or ranked.index("P6") > ranked.index("P3")
    # The other participation projects come before anything of another area.
    participation = [k for k in ranked if k in {"P3", "P4", "P8"}]
    assert ranked[: len(participation)] == participation


def test_more_in_common_ranks_higher(engine, indexed):
    """P5 (services, RPA) is like P9 and P10 (services and procedures, processes):
    P9 and P10 come first, ahead of anything sharing less."""
    ranked = keys(engine.similar(indexed["P5"].pk, 4), indexed)
    assert set(ranked[:2]) == {"P9", "P10"}


def test_a_page_that_is_not_indexed_has_no_similar_projects(engine, indexed):
    assert engine.similar(indexed["draft"].pk, 4) == []
    assert engine.similar(999_999, 4) == []


def test_the_limit_is_kept(engine, indexed):
    assert len(engine.similar(indexed["P2"].pk, 2)) == 2
    assert engine.similar(indexed["P2"].pk, 0) == []


# Elasticsearch only -------------------------------------------------------------------


@needs_server
def test_elasticsearch_answers_similar_projects_in_one_request(db, projects):
    from search.engines import configured_engines

    es_engine = configured_engines()["elasticsearch"]
    es_engine.rebuild(all_documents())
    client_type = type(es_engine.client)
    calls = []
    original = client_type.perform_request

    def counting(self, *args, **kwargs):
        calls.append(args)
        return original(self, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(client_type, "perform_request", counting)
        hits = es_engine.similar(projects["P2"].pk, 4)
    assert hits
    assert len(calls) == 1
    es_engine.rebuild([])


# The service ------------------------------------------------------------------------


@pytest.fixture
def database_indexed(projects, monkeypatch):
    """The contract data in the database engine, the engine the service asks
    (tests that break Elasticsearch set theirs after this)."""
    from search import service

    DatabaseEngine().rebuild(all_documents())
    monkeypatch.setattr(service, "get_engine", DatabaseEngine)
    return projects


@pytest.mark.parametrize("kind", ["closed", "silent"])
def test_a_dead_elasticsearch_still_gives_similar_projects(
    broken_engines, database_indexed, caplog, kind
):
    broken_engines(kind)
    hits = similar.similar_projects(database_indexed["P2"].pk)
    assert keys(hits, database_indexed)[0] == "P3"
    assert "Elasticsearch unreachable" in caplog.text  # the breaker's one line


def test_the_service_shows_one_translation_of_a_project(site_pages, database_indexed):
    """A translation of the page itself is not "similar"; of a project in several
    languages, the reader's language is shown."""
    from wagtail.models import Locale

    p2, p3 = database_indexed["P2"], database_indexed["P3"]
    p2_es = p2.copy_for_translation(Locale.objects.get(language_code="es"))
    p2_es.save_revision().publish()
    p3_ca = p3.copy_for_translation(Locale.objects.get(language_code="ca"))
    p3_ca.save_revision().publish()
    DatabaseEngine().rebuild(all_documents())
    hits = similar.similar_projects(p2.pk, 10, language="ca")
    ids = [hit.id for hit in hits]
    assert p2_es.pk not in ids and p2.pk not in ids
    assert p3_ca.pk in ids and p3.pk not in ids
    assert similar.similar_projects(p2_es.pk, 10, language="es")[0].id == p3.pk


def test_the_service_drops_pages_unpublished_since_they_were_indexed(
    database_indexed,
):
    p3 = database_indexed["P3"]
    from wagtail.models import Page

    Page.objects.filter(pk=p3.pk).update(live=False)  # the index is not told
    hits = similar.similar_projects(database_indexed["P2"].pk)
    assert hits and p3.pk not in [hit.id for hit in hits]


def test_newest_first_among_equals(site_pages, database_indexed):
    spec = ["twin", "ca", "Teleassistència bessona", "Sensors.", "",
            ["social_services"], ["service_journey"], "pilot", ["rupit"],
            ["IoT sensors"], ["gent gran"]]  # fmt: skip
    old = make_project(
        site_pages["projects"],
        spec,
        published=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC),
    )
    spec[2] = "Teleassistència bessona nova"
    new = make_project(
        site_pages["projects"],
        spec,
        published=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC),
    )
    DatabaseEngine().rebuild(all_documents())
    ids = [hit.id for hit in DatabaseEngine().similar(database_indexed["P6"].pk, 2)]
    assert ids == [new.pk, old.pk]
