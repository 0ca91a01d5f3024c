"""The one interface every search engine implements, and what a search returns.

Views and the service only see this interface; an engine is chosen by settings and
tested against the same contract suite (search/tests/test_contract.py).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from ..documents import ProjectDocument
from ..query import SearchQuery


class EngineUnavailable(Exception):
    """The engine is down, slow or erroring; the service falls back to the database."""


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
    id: int
    url: str
    title: str
    summary: str
    phase: str
    areas: list[str]
    entities: list[dict]
    distance_km: float | None = None
    highlight: str = ""

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
        }
        if with_distance:
            data["distance_km"] = (
                round(self.distance_km, 1) if self.distance_km is not None else None
            )
        return data


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
        """The contract's response; ``notice`` (an extension) only when there is
        one, e.g. when the database answered because Elasticsearch could not."""
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
        }
        if self.notice:
            data["notice"] = str(self.notice)
        return data


@runtime_checkable
class SearchEngine(Protocol):
    """What the service needs from an engine. All methods may raise
    ``EngineUnavailable``; none may return partial results silently."""

    name: str

    def is_available(self) -> bool: ...

    def index_documents(self, docs: Iterable[ProjectDocument]) -> int:
        """Add or replace documents; returns how many were indexed."""

    def delete_documents(self, ids: Iterable[int]) -> None:
        """Remove documents by page id (unknown ids are ignored)."""

    def rebuild(self, docs: Iterable[ProjectDocument]) -> int:
        """Replace the whole index; searches keep answering from the old one until
        the new one is complete."""

    def indexed_ids_with_versions(self) -> dict[int, str]:
        """{page id: document version} of everything indexed (``search_index
        check``)."""

    def search(self, query: SearchQuery) -> SearchResults:
        """Hits of the requested page, total count and disjunctive facet counts."""

    def similar(self, page_id: int, limit: int) -> list[Hit]:
        """Up to ``limit`` indexed projects most like the indexed page ``page_id``
        (shared areas, technologies, tags, size band; words too where the engine
        can), best first; never the page itself, [] when it is not indexed."""
