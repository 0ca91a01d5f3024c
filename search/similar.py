"""Similar projects for a project page: asked of the search engine, never an error.

The configured engine answers (Elasticsearch: more-like-this; the database: shared
facet values); if it is unavailable the database engine answers instead, with a
logged warning. A project is one result whatever its translations, shown in the
reader's language when it has a page in it. The answer is then checked against
the page tree in one query, so a page unpublished or made private since it was
indexed never shows.

``cached_similar_projects`` keeps the list until the page tree changes (like the
page body, core/caching.py), so a page view in the steady state costs no
query and no request for it.
"""

import logging
from urllib.parse import urlsplit

from wagtail.models import Page

from core.caching import tree_cached
from project_pages.vocabularies import AreaCode, Phase

from . import service
from .cards import language_line
from .engines.base import EngineUnavailable, Hit
from .engines.database import DatabaseEngine

logger = logging.getLogger(__name__)

# Candidates asked of the engine per project shown: some may be dropped (other
# translations of one project, pages unpublished since they were indexed).
CANDIDATES_PER_SLOT = 3


def _ask_engine(page_id: int, limit: int, language: str | None) -> list[Hit]:
    engine = service.get_engine()
    try:
        return engine.similar(page_id, limit, language or "")
    except EngineUnavailable as error:
        if engine.name == DatabaseEngine.name:
            logger.warning("Similar projects of page %s unavailable", page_id)
            return []
        if not error.reported:  # an outage is logged once, by the breaker
            logger.warning(
                "Search engine %s unavailable for similar projects; using the database",
                engine.name,
            )
    try:
        return DatabaseEngine().similar(page_id, limit, language or "")
    except EngineUnavailable:
        logger.warning("Similar projects of page %s unavailable", page_id)
        return []


def similar_projects(
    page_id: int, limit: int = 4, language: str | None = None
) -> list[Hit]:
    """Up to ``limit`` projects like page ``page_id``'s, best first (see the
    module docstring), each shown in ``language`` where it has a page in it."""
    if limit <= 0:
        return []
    hits = _ask_engine(page_id, limit * CANDIDATES_PER_SLOT, language)
    if not hits:
        return []
    visible = set(
        Page.objects.live()
        .public()
        .filter(pk__in=[hit.id for hit in hits])
        .values_list("pk", flat=True)
    )
    return [hit for hit in hits if hit.id in visible][:limit]


def cached_similar_projects(
    page_id: int, limit: int = 4, language: str | None = None
) -> list[Hit]:
    """``similar_projects``, computed once per page, language and tree version."""
    return tree_cached(
        f"similar:{page_id}:{language or ''}:{limit}",
        lambda: similar_projects(page_id, limit, language),
    )


def hit_cards(hits: list[Hit], language: str | None = None) -> list[dict]:
    """What a small card shows, from the stored hit data only (no query): the
    same fields as the search page's result cards, with the language of a page
    not in ``language`` and its machine translation."""
    cards = []
    for hit in hits:
        try:
            phase_label = str(Phase(hit.phase).label)
        except ValueError:
            phase_label = hit.phase
        cards.append(
            {
                "hit": hit,
                # Same site: a path works on every host name the site answers on.
                "path": urlsplit(hit.url).path or hit.url,
                "lead": hit.entities[0] if hit.entities else {},
                "phase_label": phase_label,
                "areas": [_area_label(code) for code in hit.areas],
                **language_line(hit, language or hit.language),
            }
        )
    return cards


def _area_label(code: str) -> str:
    try:
        return str(AreaCode(code).label)
    except ValueError:
        return code
