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

    An unavailable engine is skipped with a warning and the pages are remembered
    (``MissedWrite``); the next successful write to that engine, or
    ``search_index catch-up``, redoes them.
    """
    ids = sorted(set(page_ids))
    docs = documents_for_ids(ids)
    for name, engine in configured_engines().items():
        try:
            _write(engine, ids, docs)
        except EngineUnavailable:
            logger.warning("Could not reindex %s in %s; remembered", ids, name)
            _remember(name, ids)
        else:
            try:
                catch_up(name, engine)
            except EngineUnavailable:
                logger.warning("Catch-up of %s failed; will retry", name)
    return len(docs)


def _write(engine: SearchEngine, ids: list[int], docs: list) -> None:
    gone = set(ids) - {doc.id for doc in docs}
    engine.index_documents(docs)
    engine.delete_documents(sorted(gone))


def _remember(engine_name: str, ids: list[int]) -> None:
    from .models import MissedWrite

    for page_id in ids:
        # update_or_create refreshes missed_at, so a catch-up that started before
        # this miss does not forget it.
        MissedWrite.objects.update_or_create(engine=engine_name, page_id=page_id)


def missed(engine_name: str) -> int:
    """How many pages wait for a catch-up in that engine."""
    from .models import MissedWrite

    return MissedWrite.objects.filter(engine=engine_name).count()


def catch_up(engine_name: str, engine: SearchEngine, batch: int = 500) -> int:
    """Redo the writes an engine missed while it was down; returns how many pages.

    Raises EngineUnavailable if it is still down (nothing is forgotten then)."""
    from .models import MissedWrite

    done = 0
    while True:
        rows = list(
            MissedWrite.objects.filter(engine=engine_name)
            .order_by("page_id")
            .values_list("pk", "page_id", "missed_at")[:batch]
        )
        if not rows:
            return done
        ids = [page_id for _pk, page_id, _missed_at in rows]
        _write(engine, ids, documents_for_ids(ids))
        for pk, _page_id, missed_at in rows:
            # A miss recorded again meanwhile (newer missed_at) stays for next time.
            MissedWrite.objects.filter(pk=pk, missed_at=missed_at).delete()
        done += len(ids)


def schedule_reindex(page_ids: Iterable[int]) -> None:
    """Reindex after the current transaction commits (never a rolled-back state)."""
    from django.db import transaction

    from .tasks import reindex_pages_task

    ids = sorted(set(page_ids))
    if ids:
        transaction.on_commit(lambda: reindex_pages_task.enqueue(ids))


def rebuild(engine: SearchEngine, progress=None) -> int:
    """Rebuild an engine's whole index; writes it missed before are covered."""
    from django.utils import timezone

    from .models import MissedWrite

    started = timezone.now()
    docs = documents_for(indexable_pages())
    if progress is not None:
        docs = progress(docs, total=indexable_pages().count())
    count = engine.rebuild(docs)
    MissedWrite.objects.filter(engine=engine.name, missed_at__lt=started).delete()
    return count


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
