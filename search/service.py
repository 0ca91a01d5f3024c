"""The search service: the one place that picks an engine, falls back, and syncs.

Views call ``search()``; signal receivers call ``schedule_reindex()`` with the
projects (translation keys) whose pages changed. Neither knows which engine
answers.

Indexing never waits for machine translation: a project is written at once with
the translations kept so far, and when some are missing it is remembered
(``PendingTranslation``) and a second task translates it (Apertium) and writes it
again. If Apertium is absent or failing, the project stays searchable in the
languages it has, and ``search_index catch-up`` (cron) or ``check --repair``
completes it later.
"""

import logging
from collections.abc import Callable, Iterable, Iterator

from django.utils.translation import gettext as _

from .documents import (
    ProjectDocument,
    all_documents,
    documents_for_keys,
    project_count,
)
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
    except EngineUnavailable as error:
        if engine.name == DatabaseEngine.name:
            raise
        if not error.reported:  # an outage is logged once, by the breaker
            logger.warning(
                "Search engine %s unavailable; using the database", engine.name
            )
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


# Writing --------------------------------------------------------------------------


def reindex_projects(keys: Iterable[str], *, translate: bool = False) -> int:
    """Index the projects that may be searched and drop the others, in every
    engine; returns how many were indexed.

    ``translate``: machine-translate what is missing now (else only the kept
    translations are used, and projects missing some are left to the translation
    task). An unavailable engine is skipped with a warning and the projects are
    remembered (``MissedWrite``); the next successful write to that engine, or
    ``search_index catch-up``, redoes them.
    """
    keys = sorted(set(map(str, keys)))
    if not keys:
        return 0
    docs = documents_for_keys(keys, translate=translate)
    for name, engine in configured_engines().items():
        try:
            _write(engine, keys, docs)
        except EngineUnavailable:
            logger.warning(
                "Could not reindex %d project(s) in %s; remembered", len(keys), name
            )
            _remember(name, keys)
        else:
            try:
                catch_up(name, engine)
            except EngineUnavailable:
                logger.warning("Catch-up of %s failed; will retry", name)
    _note_translations(keys, docs)
    return len(docs)


def _write(engine: SearchEngine, keys: list[str], docs: list[ProjectDocument]) -> None:
    gone = set(keys) - {doc.key for doc in docs}
    engine.index_documents(docs)
    engine.delete_documents(sorted(gone))


def _remember(engine_name: str, keys: list[str]) -> None:
    from .models import MissedWrite

    for key in keys:
        # update_or_create refreshes missed_at, so a catch-up that started before
        # this miss does not forget it.
        MissedWrite.objects.update_or_create(engine=engine_name, key=key)


def _note_translations(keys: list[str], docs: list[ProjectDocument]) -> list[str]:
    """Remember the projects still missing translations, forget the others;
    returns the keys that wait."""
    from .models import PendingTranslation

    waiting = [doc.key for doc in docs if doc.pending]
    PendingTranslation.objects.filter(key__in=keys).exclude(key__in=waiting).delete()
    for key in waiting:
        PendingTranslation.objects.update_or_create(key=key)
    return waiting


def missed(engine_name: str) -> int:
    """How many projects wait for a catch-up in that engine."""
    from .models import MissedWrite

    return MissedWrite.objects.filter(engine=engine_name).count()


def waiting_for_translation() -> list[str]:
    from .models import PendingTranslation

    return list(
        PendingTranslation.objects.order_by("key").values_list("key", flat=True)
    )


def catch_up(engine_name: str, engine: SearchEngine, batch: int = 500) -> int:
    """Redo the writes an engine missed while it was down; returns how many
    projects. Raises EngineUnavailable if it is still down (nothing is forgotten
    then)."""
    from .models import MissedWrite

    done = 0
    while True:
        rows = list(
            MissedWrite.objects.filter(engine=engine_name)
            .order_by("key")
            .values_list("pk", "key", "missed_at")[:batch]
        )
        if not rows:
            return done
        keys = [key for _pk, key, _missed_at in rows]
        _write(engine, keys, documents_for_keys(keys, translate=False))
        for pk, _key, missed_at in rows:
            # A miss recorded again meanwhile (newer missed_at) stays for next time.
            MissedWrite.objects.filter(pk=pk, missed_at=missed_at).delete()
        done += len(keys)


def replay_missed_writes() -> int:
    """Redo, in every configured engine, the writes it missed while it was down;
    returns how many projects were written. An engine still down keeps its
    missed writes for the next time.

    Run by ``replay_missed_writes_task`` when an engine answers again after an
    outage (its circuit breaker closes, search/signals.py), and by the scheduler
    every few minutes as a safety net (a process that recorded misses may never
    see the engine come back)."""
    from .models import MissedWrite

    missing = set(MissedWrite.objects.values_list("engine", flat=True).distinct())
    done = 0
    for name, engine in configured_engines().items():
        if name not in missing:
            continue
        try:
            done += catch_up(name, engine)
        except EngineUnavailable:
            logger.info("%s still unavailable: %d write(s) wait", name, missed(name))
    if done:
        logger.info("Replayed %d missed search index write(s)", done)
    return done


def translate_waiting(batch: int = 200) -> tuple[int, int]:
    """Translate the projects indexed without all their translations and write
    them again; returns (done, still waiting)."""
    keys = waiting_for_translation()
    for start in range(0, len(keys), batch):
        reindex_projects(keys[start : start + batch], translate=True)
    return len(keys) - len(waiting_for_translation()), len(waiting_for_translation())


def schedule_reindex(keys: Iterable[str]) -> None:
    """Reindex these projects after the current transaction commits (never a
    rolled-back state)."""
    from django.db import transaction

    from .tasks import reindex_projects_task

    keys = sorted({str(key) for key in keys})
    if keys:
        transaction.on_commit(lambda: reindex_projects_task.enqueue(keys))


def rebuild(engine: SearchEngine, progress: Callable | None = None) -> int:
    """Rebuild an engine's whole index, machine-translating what is not kept yet
    (in batches); writes it missed before are covered."""
    from django.utils import timezone

    from .models import MissedWrite

    started = timezone.now()
    built: list[ProjectDocument] = []

    def documents() -> Iterator[ProjectDocument]:
        for doc in all_documents(translate=True):
            built.append(doc)
            yield doc

    docs: Iterable[ProjectDocument] = documents()
    if progress is not None:
        docs = progress(docs, total=project_count())
    count = engine.rebuild(docs)
    MissedWrite.objects.filter(engine=engine.name, missed_at__lt=started).delete()
    from .models import PendingTranslation

    PendingTranslation.objects.all().delete()
    _note_translations([doc.key for doc in built], built)
    return count


def check(engine: SearchEngine) -> tuple[list[str], list[str], list[str]]:
    """(missing, stale, extra) projects (keys) of the engine's index, against the
    documents the kept translations give."""
    indexed = engine.indexed_keys_with_versions()
    missing, stale = [], []
    expected = set()
    for doc in all_documents(translate=False):
        expected.add(doc.key)
        if doc.key not in indexed:
            missing.append(doc.key)
        elif indexed[doc.key] != doc.version:
            stale.append(doc.key)
    extra = sorted(set(indexed) - expected)
    return missing, stale, extra
