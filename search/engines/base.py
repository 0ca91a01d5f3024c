"""The one interface every search engine implements, and what a search returns.

Views and the service only see this interface; an engine is chosen by settings and
tested against the same contract suite (search/tests/test_contract.py). Engines
find and order documents; what a hit shows is built here, the same way for all
(``hit_from``): the version in the visitor's language, the entity that is near.
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from ..documents import ProjectDocument
from ..highlight import highlight
from ..query import SearchQuery

EARTH_RADIUS_KM = 6371.0088


class EngineUnavailable(Exception):
    """The engine is down, slow or erroring; the service falls back to the database.

    ``reported``: the outage is already in the log (the engine's circuit breaker
    logs it once when it opens), so callers do not log it again per request."""

    def __init__(self, *args, reported: bool = False):
        super().__init__(*args)
        self.reported = reported


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool

    def as_json(self) -> dict:
        return {
            "value": self.value,
            "label": self.label,
            "count": self.count,
            "selected": self.selected,
        }


@dataclass(frozen=True)
class Hit:
    """One project as a result, in one of its languages."""

    id: int  # the page shown
    url: str
    title: str
    summary: str
    phase: str
    areas: list[str]
    entities: list[dict]
    distance_km: float | None = None
    highlight: str = ""
    language: str = ""  # of the page shown
    # The project's other pages: [{"language", "id", "url", "title"}].
    translations: list[dict] = field(default_factory=list)
    # The entity that made the project match a place or a country filter.
    matched_entity: dict | None = None

    def as_json(self, with_distance: bool) -> dict:
        data = {
            "id": self.id,
            "url": self.url,
            "title": self.title,
            "summary": self.summary,
            "phase": self.phase,
            "areas": list(self.areas),
            "entities": list(self.entities),
            "highlight": self.highlight,
            "language": self.language,
            "translations": list(self.translations),
        }
        if with_distance:
            data["distance_km"] = (
                round(self.distance_km, 1) if self.distance_km is not None else None
            )
        if self.matched_entity is not None:
            data["matched_entity"] = dict(self.matched_entity)
        return data


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km (the formula both engines filter and sort by)."""
    rlat1, rlat2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((rlat2 - rlat1) / 2) ** 2
        + math.cos(rlat1)
        * math.cos(rlat2)
        * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(a, 1.0)))


def _public(entity: dict) -> dict:
    return {
        "name": entity["name"],
        "municipality": entity["municipality"],
        "country": entity["country"],
    }


def _matched_entity(entities: list[dict], query: SearchQuery):
    """(entity, km) that made the project match: the nearest to the place (among
    those in the chosen countries, if any), or the first in a chosen country."""
    candidates = entities
    if query.country:
        in_country = [e for e in entities if e["country"] in query.country]
        candidates = in_country or entities
    if query.near is not None:
        placed = [
            (haversine_km(*query.near, e["lat"], e["lon"]), e)
            for e in candidates
            if e.get("lat") is not None and e.get("lon") is not None
        ]
        if placed:
            km, entity = min(placed, key=lambda item: item[0])
            return entity, km
        return None, None
    if query.country and candidates is not entities:
        return candidates[0], None
    return None, None


def hit_from(data: dict, display: dict, query: SearchQuery) -> Hit:
    """The result of a stored document (``ProjectDocument.hit_data`` and
    ``display``) for this query: its page in the query's language when there is
    one, else the original; the others as translations."""
    versions = data["versions"]
    language = query.lang if query.lang in versions else data["language"]
    if language not in versions:  # the original is gone: any human version
        language = next(iter(versions))
    shown = versions[language]
    texts = display.get(language, {})
    entities = data["entities"]
    matched, km = _matched_entity(entities, query)
    if query.near is not None and km is None:
        km = min(
            (
                haversine_km(*query.near, e["lat"], e["lon"])
                for e in entities
                if e.get("lat") is not None and e.get("lon") is not None
            ),
            default=None,
        )
    matched_entity = None
    if matched is not None:
        matched_entity = _public(matched)
        if km is not None:
            matched_entity["distance_km"] = round(km, 1)
    return Hit(
        id=shown["id"],
        url=shown["url"],
        title=shown["title"],
        summary=shown["summary"],
        phase=data["phase"],
        areas=list(data["areas"]),
        entities=[_public(e) for e in entities],
        distance_km=km,
        highlight=highlight(
            [texts.get("summary", ""), texts.get("body", ""), texts.get("title", "")],
            query,
        ),
        language=language,
        translations=[
            {
                "language": code,
                "id": version["id"],
                "url": version["url"],
                "title": version["title"],
            }
            for code, version in versions.items()
            if code != language
        ],
        matched_entity=matched_entity,
    )


@dataclass
class SearchResults:
    count: int
    page: int
    page_size: int
    hits: list[Hit]
    facets: dict[str, list[FacetValue]]
    backend: str
    notice: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.count // self.page_size))

    def as_json(self, query: SearchQuery) -> dict:
        """The contract's response (docs/search-api.md); ``notice`` (an extension)
        only when there is one, e.g. when the database answered because
        Elasticsearch could not; ``sort``: the order in effect."""
        data = {
            "count": self.count,
            "page": self.page,
            "page_size": self.page_size,
            "results": [hit.as_json(query.near is not None) for hit in self.hits],
            "facets": {
                name: [value.as_json() for value in values]
                for name, values in self.facets.items()
            },
            "backend": self.backend,
            "sort": query.sort,
        }
        if self.notice:
            data["notice"] = str(self.notice)
        return data


@runtime_checkable
class SearchEngine(Protocol):
    """What the service needs from an engine. All methods may raise
    ``EngineUnavailable``; none may return partial results silently. Documents
    are projects, identified by their key (the pages' translation key)."""

    name: str

    def is_available(self) -> bool: ...

    def index_documents(self, docs: Iterable[ProjectDocument]) -> int:
        """Add or replace documents; returns how many were indexed."""

    def delete_documents(self, keys: Iterable[str]) -> None:
        """Remove documents by key (unknown keys are ignored)."""

    def rebuild(self, docs: Iterable[ProjectDocument]) -> int:
        """Replace the whole index; searches keep answering from the old one until
        the new one is complete."""

    def indexed_keys_with_versions(self) -> dict[str, str]:
        """{key: document version} of everything indexed (``search_index
        check``)."""

    def search(self, query: SearchQuery) -> SearchResults:
        """Hits of the requested page, total count and disjunctive facet counts."""

    def similar(self, page_id: int, limit: int) -> list[Hit]:
        """Up to ``limit`` indexed projects most like the project of the page
        ``page_id`` (shared areas, technologies, tags, size band; words too where
        the engine can), best first; never that project, [] when it is not
        indexed. Hits in the page's language where the project has one."""
