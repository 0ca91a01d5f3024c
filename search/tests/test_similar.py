"""Similar projects (a project page's "Similar projects"): what only
Elasticsearch does (one request) and what the service does when it is down (the
database answers). What every engine does, on data built once per module:
test_similar_engines.py.
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
