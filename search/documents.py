"""What a project file looks like to a search engine: one flat, engine-neutral record.

Every engine indexes the same ``ProjectDocument``; building it once, here, is what
lets the engines give the same results for the same data.
"""

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings

from project_pages.gazetteer import RegionFinder
from project_pages.models import ProjectPage
from project_pages.vocabularies import size_band

from .analysis import analyze

# Multi-valued (and single-valued) filters, in the order of the contract.
FACETS = ("area", "type", "phase", "size", "country", "technology", "tag")
# Filters without facet counts (extensions of the contract): ``scope=abroad`` keeps
# projects with an entity outside the home region (settings.OBSERVATORY_HOME_*).
FILTER_ONLY = ("scope",)
ABROAD = "abroad"


@dataclass(frozen=True)
class EntityInfo:
    name: str
    municipality: str
    country: str
    lat: float | None
    lon: float | None


@dataclass(frozen=True)
class ProjectDocument:
    id: int
    url: str
    language: str
    title: str
    summary: str
    body: str
    title_terms: list[str]
    summary_terms: list[str]
    body_terms: list[str]
    phase: str
    areas: list[str]
    types: list[str]
    size: str | None
    countries: list[str]
    technologies: list[str]
    tags: list[str]
    entities: list[EntityInfo]
    first_published_at: datetime | None
    scope: list[str] = field(default_factory=list)
    version: str = field(default="", compare=False)

    def facet_values(self) -> dict[str, list[str]]:
        """Every filterable value, by facet name (the API's parameter names)."""
        return {
            "area": self.areas,
            "type": self.types,
            "phase": [self.phase] if self.phase else [],
            "size": [self.size] if self.size else [],
            "country": self.countries,
            "technology": self.technologies,
            "tag": self.tags,
            "scope": self.scope,
        }

    def points(self) -> list[tuple[float, float]]:
        return [
            (e.lat, e.lon)
            for e in self.entities
            if e.lat is not None and e.lon is not None
        ]

    def hit_data(self) -> dict:
        """What a result shows: stored with the document so a hit costs no query."""
        return {
            "id": self.id,
            "url": self.url,
            "title": self.title,
            "summary": self.summary,
            "phase": self.phase,
            "areas": self.areas,
            "entities": [
                {"name": e.name, "municipality": e.municipality, "country": e.country}
                for e in self.entities
            ],
        }


def _block_texts(page: ProjectPage) -> list[str]:
    texts: list[str] = []
    for block in page.analysis:
        value = block.value
        if block.block_type == "barrier":
            texts += [value["title"], value["description"], value["mitigation"]]
        elif block.block_type == "benefit":
            texts += [value["title"], value["description"], value["indicator"]]
        elif block.block_type == "technology":
            texts.append(value["name"])
        elif block.block_type == "methodology":
            texts.append(str(value))
    texts += [str(block.value) for block in page.objectives]
    return [t for t in texts if t]


def _technologies(page: ProjectPage) -> list[str]:
    names: list[str] = []
    for block in page.analysis:
        if block.block_type == "technology":
            name = " ".join(str(block.value["name"]).split())
            if name and name not in names:
                names.append(name)
    return names


class _Regions:
    """Tells whether an entity is outside the home region; the gazetteer is read
    only when an entity in the home country needs it, once per batch."""

    def __init__(self):
        self.country = settings.OBSERVATORY_HOME_COUNTRY
        self.region = settings.OBSERVATORY_HOME_REGION
        self._finder: RegionFinder | None = None

    def outside(self, entity) -> bool:
        """Abroad, or in the home country but in another region; an entity whose
        region the gazetteer cannot tell is not counted as outside."""
        if entity.country != self.country:
            return True
        if self._finder is None:
            self._finder = RegionFinder(self.country)
        found = self._finder.region(
            entity.latitude, entity.longitude, entity.municipality
        )
        return bool(found) and found != self.region


def build_document(
    page: ProjectPage, regions: _Regions | None = None
) -> ProjectDocument:
    """The document of one live page (relations prefetched by ``documents_for``)."""
    regions = regions or _Regions()
    entities = page.ordered_entities()
    lead = entities[0] if entities else None
    band = size_band(lead.population) if lead else None
    language = page.locale.language_code
    body = "\n\n".join(
        t
        for t in [
            page.description,
            page.value,
            *_block_texts(page),
            page.scope,
            page.plan,
        ]
        if t
    )
    countries: list[str] = []
    for entity in entities:
        if entity.country and entity.country not in countries:
            countries.append(entity.country)
    document = ProjectDocument(
        id=page.id,
        url=page.get_full_url() or page.url or "",
        language=language,
        title=page.title,
        summary=page.summary,
        body=body,
        title_terms=analyze(page.title, language),
        summary_terms=analyze(page.summary, language),
        body_terms=analyze(body, language),
        phase=page.phase,
        areas=sorted(area.code for area in page.areas.all()),
        types=sorted(t.code for t in page.transformation_types.all()),
        size=str(band) if band else None,
        countries=countries,
        technologies=_technologies(page),
        tags=sorted({tag.name for tag in page.tags.all()}),
        entities=[
            EntityInfo(
                name=e.name,
                municipality=e.municipality,
                country=e.country,
                lat=e.latitude,
                lon=e.longitude,
            )
            for e in entities
        ],
        first_published_at=page.first_published_at,
        scope=[ABROAD] if any(regions.outside(e) for e in entities) else [],
    )
    return _with_version(document)


def _with_version(document: ProjectDocument) -> ProjectDocument:
    """A fingerprint of everything indexed, so ``search_index check`` sees staleness
    whatever changed (the page, an entity, the URL after a move)."""
    # What dataclasses.asdict() gives, without its deep copies (a third of the
    # time of building a document): the same JSON, so the same digest.
    payload = _shallow(document)
    payload.pop("version")
    payload["entities"] = [vars(entity) for entity in document.entities]
    digest = hashlib.sha1(
        json.dumps(payload, sort_keys=True, default=str).encode(),
        usedforsecurity=False,
    ).hexdigest()
    return ProjectDocument(**{**_shallow(document), "version": digest})


def _shallow(document: ProjectDocument) -> dict:
    return {name: getattr(document, name) for name in document.__dataclass_fields__}


def indexable_pages():
    """Pages that may appear in search: live, public project files (never drafts,
    unpublished or private pages)."""
    return ProjectPage.objects.live().public()


def documents_for(queryset, chunk_size: int = 500) -> Iterator[ProjectDocument]:
    """Documents of the indexable pages in ``queryset``, in a fixed number of queries
    per chunk (the pages' relations are prefetched)."""
    pages = ProjectPage.with_related(
        queryset.filter(pk__in=indexable_pages().values("pk")).select_related("locale")
    ).order_by("pk")
    regions = _Regions()
    for page in pages.iterator(chunk_size=chunk_size):
        yield build_document(page, regions)


def documents_for_ids(ids: Iterable[int]) -> list[ProjectDocument]:
    return list(documents_for(ProjectPage.objects.filter(pk__in=list(ids))))
