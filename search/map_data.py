"""Every project file matching a search, with where to put it on the map.

The search API answers one page of hits; the map needs *all* of them, with a point
each, and its count must be the API's ``count`` for the same parameters. The engine
interface has no such call, so this module asks each engine's index directly, with
the engine's own filtering (``DatabaseEngine._matching``,
``ElasticsearchEngine._body``): the same documents match, only what is read back
differs. Like ``service.search``, an unavailable Elasticsearch falls back to the
database.

The point of a project is its first entity with coordinates (the lead entity,
normally): the database keeps an entity's points in entity order (``SearchPoint``
ids), Elasticsearch keeps the entities with their coordinates.
"""

import json
import logging
from dataclasses import dataclass

from django.db import connections
from django.db.models.fields.json import KT
from django.utils.translation import gettext as _

from .engines.base import EngineUnavailable, SearchEngine
from .engines.database import DatabaseEngine
from .models import SearchDocument, SearchDocumentData
from .query import SearchQuery

logger = logging.getLogger(__name__)

# Elasticsearch: hits per request (search_after pages through larger answers).
ES_BATCH = 5_000


@dataclass
class MapResults:
    """``items`` are JSON texts, one per project: the database engine writes them
    in SQL, so that 10,000 markers cost no Python object each."""

    count: int
    items: list[str]
    backend: str
    notice: str = ""

    def content(self) -> bytes:
        """The response body: ``{"count", "results", "backend"[, "notice"]}``."""
        head = {"count": self.count, "backend": self.backend}
        if self.notice:
            head["notice"] = str(self.notice)
        opening = json.dumps(head, separators=(",", ":"))[:-1]
        return f'{opening},"results":[{",".join(self.items)}]}}'.encode()


def database_items(query: SearchQuery) -> MapResults:
    """Two queries whatever the number of hits: each matching document's marker in
    the query's language, stored at indexing (``ProjectDocument.markers``), as
    text."""
    engine = DatabaseEngine()

    def matching(query: SearchQuery) -> list[int]:
        sql, params = engine.matching_ids(query)
        with connections[SearchDocument.objects.db].cursor() as cursor:
            cursor.execute(sql, params)
            return [row[0] for row in cursor.fetchall()]

    ids = matching(query)
    if not ids and query.concepts:  # typo tolerance, as the search applies it
        tolerant = engine._with_typos(query)
        if tolerant is not None:
            ids = matching(tolerant)
    markers: dict[int, str] = {}
    for start in range(0, len(ids), 2000):
        markers.update(
            SearchDocumentData.objects.filter(document_id__in=ids[start : start + 2000])
            .annotate(item=KT(f"markers__{query.lang}"))
            .values_list("document_id", "item")
        )
    items = [markers[doc_id] for doc_id in ids if doc_id in markers]
    return MapResults(count=len(items), items=items, backend=DatabaseEngine.name)


def _es_body(engine, query: SearchQuery, fuzzy: frozenset[int]) -> dict:
    """The engine's own search body (same words, place and filters), without facet
    counts, reading only what a marker needs, in a fixed order for search_after."""
    body = engine._body(query, fuzzy)
    body.pop("aggs", None)
    body.pop("from", None)
    body["sort"] = [
        {"first_published_at": {"order": "desc", "missing": "_last"}},
        {"id": {"order": "desc"}},
    ]
    body["size"] = ES_BATCH
    # Only the fields of a marker (not the summary): a third less to send and parse.
    body["_source"] = [f"markers.{query.lang}"]
    return body


def _es_all(engine, query: SearchQuery, fuzzy: frozenset[int]) -> tuple[int, list]:
    from .engines.elasticsearch import _unavailable

    body = _es_body(engine, query, fuzzy)
    hits: list = []
    total = None
    with _unavailable("map", engine.breaker):
        while True:
            response = engine.client.search(index=engine.alias, **body).body
            if total is None:
                total = response["hits"]["total"]["value"]
                # Counted once: the next batches only continue the same order.
                body["track_total_hits"] = False
            batch = response["hits"]["hits"]
            hits += batch
            if len(batch) < ES_BATCH or len(hits) >= total:
                return total, hits
            body["search_after"] = batch[-1]["sort"]


def elasticsearch_items(engine, query: SearchQuery) -> MapResults:
    """Every hit, in batches; typo tolerance exactly as ``ElasticsearchEngine.search``
    applies it (only when nothing matches), so the count is the API's."""
    total, hits = _es_all(engine, query, frozenset())
    if total == 0 and query.concepts:
        fuzzy = engine.typo_candidates(query)
        if fuzzy:
            total, hits = _es_all(engine, query, fuzzy)
    items = [
        json.dumps(hit["_source"]["markers"][query.lang], separators=(",", ":"))
        for hit in hits
    ]
    return MapResults(count=len(items), items=items, backend=engine.name)


def map_items(query: SearchQuery, engine: SearchEngine | None = None) -> MapResults:
    """All the projects matching ``query`` (its page and page size are ignored)."""
    from . import service

    engine = engine or service.get_engine()
    if engine.name == DatabaseEngine.name:
        return database_items(query)
    try:
        return elasticsearch_items(engine, query)
    except EngineUnavailable as error:
        if not error.reported:  # an outage is logged once, by the breaker
            logger.warning(
                "Search engine %s unavailable; map from the database", engine.name
            )
        results = database_items(query)
        results.notice = _(
            "Search is running in reduced mode: results come from the database."
        )
        return results
