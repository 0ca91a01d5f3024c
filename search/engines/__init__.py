"""The registry of search engines: adding an engine is adding one entry here.

Each entry maps a name to a factory returning a configured engine, or None when the
engine is not configured (e.g. no ELASTICSEARCH_URL). The contract tests run over
every configured entry.
"""

from collections.abc import Callable

from .base import SearchEngine


def _database() -> SearchEngine:
    from .database import DatabaseEngine

    return DatabaseEngine()


def _elasticsearch() -> SearchEngine | None:
    from django.conf import settings

    url = getattr(settings, "ELASTICSEARCH_URL", "")
    if not url:
        return None
    from .elasticsearch import ElasticsearchEngine

    return ElasticsearchEngine(
        url,
        index=getattr(settings, "ELASTICSEARCH_INDEX", "observatory-projects"),
        timeout=float(getattr(settings, "ELASTICSEARCH_TIMEOUT", 2.0)),
        write_timeout=float(getattr(settings, "ELASTICSEARCH_WRITE_TIMEOUT", 10.0)),
        retry_after=float(getattr(settings, "ELASTICSEARCH_RETRY_AFTER", 5.0)),
        retry_max=float(getattr(settings, "ELASTICSEARCH_RETRY_MAX", 10.0)),
    )


ENGINES: dict[str, Callable[[], SearchEngine | None]] = {
    "database": _database,
    "elasticsearch": _elasticsearch,
}


def configured_engines() -> dict[str, SearchEngine]:
    """Every engine that is configured, database first (always there)."""
    engines = {}
    for name, factory in ENGINES.items():
        engine = factory()
        if engine is not None:
            engines[name] = engine
    return engines
