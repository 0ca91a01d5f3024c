"""What only the Elasticsearch engine does: its index life cycle, typo tolerance,
one request per search, and falling back to the database when it fails.

The fault tests need no server (a closed port, a socket that never answers); the
others run against ELASTICSEARCH_URL and skip without it.
"""

import socket
import threading

import pytest
from django.conf import settings

from search import service
from search.documents import all_documents
from search.engines import configured_engines
from search.engines.base import EngineUnavailable
from search.engines.elasticsearch import ElasticsearchEngine
from search.query import parse_query

API = "/api/v1/projects/search/"

needs_server = pytest.mark.skipif(
    not settings.ELASTICSEARCH_URL, reason="ELASTICSEARCH_URL is not set"
)


@pytest.fixture
def es_engine(db, elasticsearch_test_index):
    engine = configured_engines()["elasticsearch"]
    engine.rebuild([])
    yield engine
    engine.rebuild([])


@pytest.fixture
def es_indexed(es_engine, projects):
    es_engine.rebuild(all_documents())
    return projects


def _ids(results, pages) -> set[str]:
    by_id = {page.pk: key for key, page in pages.items()}
    return {by_id[hit.id] for hit in results.hits}


# Index life cycle ------------------------------------------------------------------


@needs_server
def test_rebuild_swaps_the_alias_and_drops_the_old_index(es_engine, projects):
    client = es_engine.client
    before = set(client.indices.get_alias(name=es_engine.alias))
    es_engine.rebuild(all_documents())
    after = set(client.indices.get_alias(name=es_engine.alias))
    assert len(after) == 1 and after != before
    assert next(iter(after)).startswith(f"{es_engine.alias}-")
    assert not any(client.indices.exists(index=name) for name in before)
    assert es_engine.search(parse_query({})).count == 10


@needs_server
def test_mapping_uses_our_terms_and_keyword_facets(es_engine):
    (mapping,) = es_engine.client.indices.get_mapping(index=es_engine.alias).values()
    fields = mapping["mappings"]["properties"]
    assert fields["title_terms"]["analyzer"] == "whitespace"
    assert fields["locations"]["type"] == "geo_point"
    for facet in ("area", "type", "phase", "size", "country", "technology", "tag"):
        assert fields[facet]["type"] == "keyword"
        assert fields[facet]["eager_global_ordinals"] is True


@needs_server
def test_writes_before_any_rebuild_create_the_index(db, projects):
    engine = ElasticsearchEngine(
        settings.ELASTICSEARCH_URL, index=f"{settings.ELASTICSEARCH_INDEX}-fresh"
    )
    try:
        with pytest.raises(EngineUnavailable):  # no index yet: fall back
            engine.search(parse_query({}))
        docs = list(all_documents())
        assert engine.index_documents(docs[:3]) == 3
        assert engine.search(parse_query({})).count == 3
        assert engine.client.indices.exists_alias(name=engine.alias)
    finally:
        names = engine.client.indices.get(index=f"{engine.alias}*")
        engine.client.indices.delete(index=",".join(names))


@needs_server
def test_one_request_per_search(es_engine, es_indexed, monkeypatch):
    calls = []
    original = type(es_engine.client).search

    def counting(self, *args, **kwargs):
        calls.append(kwargs)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(type(es_engine.client), "search", counting)
    results = es_engine.search(
        parse_query({"q": "participació", "area": "participation_open_government"})
    )
    # P2, and P3 and P8 through their translations (P10 is in another area).
    assert results.count == 3
    assert results.facets["area"]  # the facets came with the same answer
    assert len(calls) == 1
    assert calls[0]["track_total_hits"] is True
    aggs = calls[0]["aggs"]
    # Unticked facets counted over the hits; the ticked one (area) under the one
    # global aggregation, without its own filter.
    assert set(aggs) >= {"type", "phase", "size", "country"}
    assert "area" in aggs["_filtered_facets"]["aggs"]["matching"]["aggs"]


@needs_server
def test_facets_list_more_than_ten_values_and_the_selected_ones(es_engine, projects):
    docs = list(all_documents())
    # 35 distinct tags on one document: the open facet lists 30 plus the selection.
    from dataclasses import replace

    tags = [f"tag {n:02d}" for n in range(35)]
    docs[0] = replace(docs[0], tags=tags)
    es_engine.rebuild(docs)
    results = es_engine.search(parse_query({"tag": "tag 34"}))
    values = [v.value for v in results.facets["tag"]]
    assert len(values) == 31
    assert "tag 34" in values
    assert len(es_engine.search(parse_query({})).facets["country"]) == 4


# Typo tolerance --------------------------------------------------------------------


@needs_server
@pytest.mark.parametrize("q", ["participasio", "partisipació", "teleasistencia"])
def test_a_typo_still_finds_the_page(es_engine, es_indexed, q):
    results = es_engine.search(parse_query({"q": q}))
    assert results.count >= 1
    assert _ids(results, es_indexed) & {"P2", "P3", "P6", "P8", "P10"}


@needs_server
def test_typos_do_not_blur_correct_words(es_engine, es_indexed):
    """`participació` finds what it finds without typo tolerance: the database
    engine (which has none) gives the same projects."""
    from search.engines.database import DatabaseEngine

    DatabaseEngine().rebuild(all_documents())
    query = parse_query({"q": "participació", "page_size": 100})
    results = es_engine.search(query)
    assert _ids(results, es_indexed) == {"P2", "P3", "P8", "P10"}
    assert _ids(results, es_indexed) == _ids(DatabaseEngine().search(query), es_indexed)


@needs_server
def test_short_words_get_no_typo_tolerance(es_engine, es_indexed):
    assert es_engine.search(parse_query({"q": "papr"})).count == 0


# Faults: the database answers ------------------------------------------------------


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def silent_server():
    """A server that accepts connections and never answers (a hung node)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    accepted = []
    stop = threading.Event()

    def accept():
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}"
    stop.set()
    thread.join()
    for conn in accepted:
        conn.close()
    server.close()


@pytest.fixture
def broken_engines(monkeypatch, silent_server):
    def use(kind: str) -> ElasticsearchEngine:
        url = {
            "closed": f"http://127.0.0.1:{_closed_port()}",
            "silent": silent_server,
        }[kind]
        engine = ElasticsearchEngine(url, index="test-observatory-none", timeout=0.5)
        monkeypatch.setattr(service, "get_engine", lambda: engine)
        return engine

    return use


@pytest.mark.parametrize("kind", ["closed", "silent"])
def test_an_unreachable_node_raises_engine_unavailable(db, broken_engines, kind):
    engine = broken_engines(kind)
    assert engine.is_available() is False
    with pytest.raises(EngineUnavailable):
        engine.search(parse_query({"q": "participació"}))
    with pytest.raises(EngineUnavailable):
        engine.rebuild([])
    with pytest.raises(EngineUnavailable):
        engine.delete_documents(["a-key"])
    with pytest.raises(EngineUnavailable):
        engine.indexed_keys_with_versions()


@pytest.mark.parametrize("kind", ["closed", "silent"])
def test_the_api_falls_back_to_the_database(client, broken_engines, projects, kind):
    from search.engines.database import DatabaseEngine

    DatabaseEngine().rebuild(all_documents())
    broken_engines(kind)
    response = client.get(API, {"q": "participacio"})
    assert response.status_code == 200
    data = response.json()
    assert data["backend"] == "database"
    assert data["count"] == 4
    assert data["notice"]  # tells the client the answer came from the fallback
    results = service.search(parse_query({"q": "participacio"}))
    assert results.backend == "database"
    assert results.notice  # "reduced mode", in the active language


@needs_server
def test_an_error_answer_falls_back_too(db, projects):
    """A node that answers with an error (here: the index is missing)."""
    from search.engines.database import DatabaseEngine

    DatabaseEngine().rebuild(all_documents())
    engine = ElasticsearchEngine(
        settings.ELASTICSEARCH_URL, index=f"{settings.ELASTICSEARCH_INDEX}-missing"
    )
    results = service.search(parse_query({"phase": "pilot"}), engine=engine)
    assert results.backend == "database"
    assert results.count == 2
    assert results.notice


def test_publishing_survives_a_dead_node(db, broken_engines, projects, monkeypatch):
    """Reindexing never fails because Elasticsearch is down: the database engine
    is still updated, and ``search_index check`` finds what the node missed."""
    from search.engines.database import DatabaseEngine

    engine = broken_engines("closed")
    monkeypatch.setattr(
        service,
        "configured_engines",
        lambda: {"database": DatabaseEngine(), "elasticsearch": engine},
    )
    key = str(projects["P1"].translation_key)
    assert service.reindex_projects([key]) == 1
    assert key in DatabaseEngine().indexed_keys_with_versions()


@needs_server
def test_an_index_of_an_earlier_version_falls_back_until_a_rebuild(db, projects):
    """After an upgrade that changes the mapping, the old index cannot answer
    right: the database answers, and a rebuild makes a new index."""
    from search.engines import elasticsearch as module
    from search.engines.database import DatabaseEngine

    DatabaseEngine().rebuild(all_documents())
    engine = ElasticsearchEngine(
        settings.ELASTICSEARCH_URL, index=f"{settings.ELASTICSEARCH_INDEX}-old"
    )
    old = {**module.MAPPING, "_meta": {"schema": module.SCHEMA - 1}}
    engine.client.indices.create(index=f"{engine.alias}-1", mappings=old)
    engine.client.indices.put_alias(index=f"{engine.alias}-1", name=engine.alias)
    module._SCHEMA_CHECKED.clear()
    try:
        with pytest.raises(EngineUnavailable, match="search_index rebuild"):
            engine.search(parse_query({}))
        results = service.search(parse_query({"phase": "pilot"}), engine=engine)
        assert results.backend == "database" and results.notice
        with pytest.raises(EngineUnavailable):
            engine.index_documents(list(all_documents())[:1])
        engine.rebuild(all_documents())
        assert engine.search(parse_query({})).count == 10
    finally:
        names = engine.client.indices.get(index=f"{engine.alias}*")
        engine.client.indices.delete(index=",".join(names))
