"""The search service: the one place that picks an engine, falls back, and syncs.

Views call ``search()``; signal receivers call ``schedule_reindex()``. Neither knows
which engine answers.
"""

import logging
from collections.abc import Iterable

from django.utils.translation import gettext as _

from .documents import documents_for, documents_for_ids, indexable_pages
from .engines import configured_engines
from .engines.base import EngineUnavailable, SearchEngine, SearchResults
from .engines.database import DatabaseEngine
from .query import SearchError, SearchQuery

logger = logging.getLogger(__name__)


def get_engine() -> SearchEngine:
    """The engine that answers searches: the last configured one (Elasticsearch
    when ELASTICSEARCH_URL is set), else the database."""
    engines = configured_engines()
    return list(engines.values())[-1]


def search(query: SearchQuery, engine: SearchEngine | None = None) -> SearchResults:
    """Run a validated query; a failing engine falls back to the database engine
    with a notice. A page beyond the last one is a SearchError (HTTP 400)."""
    engine = engine or get_engine()
    try:
        results = engine.search(query)
    except EngineUnavailable:
        if engine.name == DatabaseEngine.name:
            raise
        logger.warning("Search engine %s unavailable; using the database", engine.name)
        results = DatabaseEngine().search(query)
        results.notice = _(
            "Search is running in reduced mode: results come from the database."
        )
    if query.page > 1 and query.page > results.num_pages:
        raise SearchError(
            "page",
            _("There is no page %(page)d: the last page is %(last)d.")
            % {"page": query.page, "last": results.num_pages},
        )
    return results


def reindex_pages(page_ids: Iterable[int]) -> int:
    """Index the pages that may be searched and drop the others, in every engine.

    An unavailable engine is skipped with a warning: ``search_index check`` finds
    what it missed.
    """
    ids = sorted(set(page_ids))
    docs = documents_for_ids(ids)
    gone = set(ids) - {doc.id for doc in docs}
    for engine in configured_engines().values():
        try:
            engine.index_documents(docs)
            engine.delete_documents(sorted(gone))
        except EngineUnavailable:
            logger.warning("Could not reindex %s in %s", ids, engine.name)
    return len(docs)


def schedule_reindex(page_ids: Iterable[int]) -> None:
    """Reindex after the current transaction commits (never a rolled-back state)."""
    from django.db import transaction

    from .tasks import reindex_pages_task

    ids = sorted(set(page_ids))
    if ids:
        transaction.on_commit(lambda: reindex_pages_task.enqueue(ids))


def rebuild(engine: SearchEngine, progress=None) -> int:
    docs = documents_for(indexable_pages())
    if progress is not None:
        docs = progress(docs, total=indexable_pages().count())
    return engine.rebuild(docs)


def check(engine: SearchEngine) -> tuple[list[int], list[int], list[int]]:
    """(missing, stale, extra) page ids of the engine's index."""
    indexed = engine.indexed_ids_with_versions()
    missing, stale = [], []
    expected = set()
    for doc in documents_for(indexable_pages()):
        expected.add(doc.id)
        if doc.id not in indexed:
            missing.append(doc.id)
        elif indexed[doc.id] != doc.version:
            stale.append(doc.id)
    extra = sorted(set(indexed) - expected)
    return missing, stale, extra
