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


ENGINES: dict[str, Callable[[], SearchEngine | None]] = {
    "database": _database,
}


def configured_engines() -> dict[str, SearchEngine]:
    """Every engine that is configured, database first (always there)."""
    engines = {}
    for name, factory in ENGINES.items():
        engine = factory()
        if engine is not None:
            engines[name] = engine
    return engines
