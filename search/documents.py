"""What a project looks like to a search engine: one flat, engine-neutral record per
project, whatever the number of its language versions.

A project file and its translations (Wagtail pages sharing a ``translation_key``)
are *one* document, so they are one result and count once in every total and
facet. The document carries the project's searchable text in Catalan, Spanish and
English: the text of each page where an editor translated it (a human version),
and otherwise a machine translation of the original (machine_translation/, kept
once made). The *original* is the project's first page (the lowest id among its
live, public pages). Matches in what editors wrote (the original and the pages
they translated) rank above matches in machine translations.

Every engine indexes the same ``ProjectDocument``; building it once, here, is what
lets the engines give the same results for the same data.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings

from machine_translation import service as translation
from project_pages.gazetteer import RegionFinder, other_names
from project_pages.models import ProjectPage
from project_pages.vocabularies import size_band

from .analysis import analyze

LANGUAGES = ("ca", "es", "en")
# Multi-valued (and single-valued) filters, in the order of the contract.
FACETS = ("area", "type", "phase", "size", "country", "technology", "tag")
# Filters without facet counts (extensions of the contract): ``scope=abroad`` keeps
# projects with an entity outside the home region (settings.OBSERVATORY_HOME_*).
FILTER_ONLY = ("scope",)
ABROAD = "abroad"
# The searchable fields of a version, most telling first.
FIELDS = ("title", "keywords", "summary", "body")


@dataclass(frozen=True)
class EntityInfo:
    name: str
    municipality: str
    country: str
    lat: float | None
    lon: float | None
    region: str = ""

    def as_data(self) -> dict:
        return {
            "name": self.name,
            "municipality": self.municipality,
            "country": self.country,
            "lat": self.lat,
            "lon": self.lon,
        }


@dataclass(frozen=True)
class Version:
    """The project in one language: a page (``page_id``, ``url``) written or
    translated by an editor, or a machine translation of the original (no page)."""

    language: str
    title: str
    summary: str
    body: str
    keywords: str
    page_id: int | None = None
    url: str = ""

    @property
    def human(self) -> bool:
        return self.page_id is not None


@dataclass(frozen=True)
class ProjectDocument:
    key: str  # the pages' translation_key
    id: int  # the original page's id
    language: str  # the original's language
    versions: dict[str, Version]
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
    # Languages whose machine translation is missing or incomplete for now.
    pending: tuple[str, ...] = ()
    version: str = field(default="", compare=False)

    @property
    def original(self) -> Version:
        return self.versions[self.language]

    @property
    def page_ids(self) -> list[int]:
        return sorted(v.page_id for v in self.versions.values() if v.human)

    def terms(self, name: str) -> list[str]:
        """Index terms of a field (``FIELDS``) of the versions editors wrote (the
        original and its translated pages), each analysed as its language."""
        return self._terms(name, human=True)

    def translated_terms(self, name: str) -> list[str]:
        """Index terms of a field of the machine-translated versions."""
        return self._terms(name, human=False)

    def _terms(self, name: str, human: bool) -> list[str]:
        terms: list[str] = []
        for language, version in self.versions.items():
            if version.human == human:
                terms += analyze(getattr(version, name), language)
        return terms

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
        """What a result shows, in any language: stored with the document so a hit
        costs no query (search/engines/base.py ``hit_from``)."""
        return {
            "id": self.id,
            "key": self.key,
            "language": self.language,
            "phase": self.phase,
            "areas": self.areas,
            "entities": [e.as_data() for e in self.entities],
            "versions": {
                language: {
                    "id": version.page_id,
                    "url": version.url,
                    "title": version.title,
                    "summary": version.summary,
                }
                for language, version in self.versions.items()
                if version.human
            },
        }

    def markers(self) -> dict[str, dict]:
        """The project's map marker in each interface language (its page in that
        language, else the original's): the public hit fields only, never
        contacts, and the point of its first placed entity (search/map_data.py)."""
        point = next(iter(self.points()), None)
        lead = self.entities[0] if self.entities else None
        markers = {}
        for language in LANGUAGES:
            version = self.versions.get(language)
            if version is None or not version.human:
                version = self.original
            markers[language] = {
                "kind": "project",
                "id": version.page_id,
                "title": version.title,
                "url": version.url,
                "language": version.language,
                "entity": lead.name if lead else "",
                "municipality": lead.municipality if lead else "",
                "phase": self.phase,
                "areas": list(self.areas),
                "lat": point[0] if point else None,
                "lon": point[1] if point else None,
            }
        return markers

    def display(self) -> dict:
        """The human versions' texts, for highlighting (search/highlight.py)."""
        return {
            language: {
                "title": version.title,
                "summary": version.summary,
                "body": version.body,
            }
            for language, version in self.versions.items()
            if version.human
        }


# Reading the pages -------------------------------------------------------------


@dataclass
class _Texts:
    """A page's texts, in pieces: each piece is translated (and kept) on its own,
    so that editing one barrier does not translate the whole page again."""

    title: str
    summary: str
    body: list[str]
    keywords: list[str]  # translated: tags, technologies, entity names
    places: list[str]  # never translated: municipalities and regions

    def pieces(self) -> list[str]:
        return [self.title, self.summary, *self.body, *self.keywords]


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


def _tags(page: ProjectPage) -> list[str]:
    return sorted({tag.name for tag in page.tags.all()})


def _texts(page: ProjectPage, entities, place_names: dict) -> _Texts:
    body = [
        t
        for t in [
            page.description,
            page.value,
            *_block_texts(page),
            page.scope,
            page.plan,
        ]
        if t
    ]
    keywords = [*_tags(page), *_technologies(page)]
    keywords += list(dict.fromkeys(e.name for e in entities if e.name))
    # The places, and what they are called elsewhere (Lleida: Lérida; Alghero:
    # l'Alguer): a clerk types the name in their own language.
    places = list(
        dict.fromkeys(
            name
            for e in entities
            for name in (
                e.municipality,
                e.region,
                *place_names.get((e.municipality, e.country), ()),
            )
            if name
        )
    )
    return _Texts(page.title, page.summary or "", body, keywords, places)


def _version(language: str, texts: _Texts, page: ProjectPage | None = None) -> Version:
    return Version(
        language=language,
        title=texts.title,
        summary=texts.summary,
        body="\n\n".join(texts.body),
        keywords="\n".join([*texts.keywords, *texts.places]),
        page_id=page.pk if page else None,
        url=(page.get_full_url() or page.url or "") if page else "",
    )


def _machine_version(
    language: str, texts: _Texts, translated: dict[str, str]
) -> tuple[Version, bool]:
    """The version in ``language`` from the original's texts; untranslated pieces
    are left out. Returns it and whether every piece was translated."""

    def tr(text: str) -> str:
        return translated.get(text, "") if text.strip() else ""

    version = Version(
        language=language,
        title=tr(texts.title),
        summary=tr(texts.summary),
        body="\n\n".join(t for t in map(tr, texts.body) if t),
        keywords="\n".join([*(t for t in map(tr, texts.keywords) if t), *texts.places]),
    )
    complete = all(text in translated for text in texts.pieces() if text.strip())
    return version, complete


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


def _group_document(
    pages: list[ProjectPage],
    texts: dict[int, _Texts],
    translated: dict[tuple[str, str], dict[str, str]],
    regions: _Regions,
) -> ProjectDocument:
    """The document of one project from its live, public pages (lowest id first)."""
    original = pages[0]
    language = original.locale.language_code
    entities = original.ordered_entities()
    versions: dict[str, Version] = {}
    for page in pages:
        code = page.locale.language_code
        if code not in versions:
            versions[code] = _version(code, texts[page.pk], page)
    pending = []
    for code in LANGUAGES:
        if code in versions:
            continue
        version, complete = _machine_version(
            code, texts[original.pk], translated.get((language, code), {})
        )
        versions[code] = version
        if not complete and translation.enabled():
            pending.append(code)
    lead = entities[0] if entities else None
    band = size_band(lead.population) if lead else None

    def union(values: Iterable[Iterable[str]]) -> list[str]:
        return sorted({value for group in values for value in group})

    countries = list(dict.fromkeys(e.country for e in entities if e.country))
    document = ProjectDocument(
        key=str(original.translation_key),
        id=original.pk,
        language=language,
        versions=dict(sorted(versions.items(), key=lambda i: LANGUAGES.index(i[0]))),
        phase=original.phase,
        areas=union([a.code for a in p.areas.all()] for p in pages),
        types=union([t.code for t in p.transformation_types.all()] for p in pages),
        size=str(band) if band else None,
        countries=countries,
        technologies=list(
            dict.fromkeys(name for p in pages for name in _technologies(p))
        ),
        tags=union(_tags(p) for p in pages),
        entities=[
            EntityInfo(
                name=e.name,
                municipality=e.municipality,
                country=e.country,
                lat=e.latitude,
                lon=e.longitude,
                region=e.region,
            )
            for e in entities
        ],
        first_published_at=original.first_published_at,
        scope=[ABROAD] if any(regions.outside(e) for e in entities) else [],
        pending=tuple(pending),
    )
    return _with_version(document)


def _with_version(document: ProjectDocument) -> ProjectDocument:
    """A fingerprint of everything indexed, so ``search_index check`` sees staleness
    whatever changed (a page, an entity, the URL after a move, a translation that
    arrived)."""
    payload = {
        name: getattr(document, name)
        for name in document.__dataclass_fields__
        if name not in ("version", "versions", "entities")
    }
    payload["versions"] = {k: vars(v) for k, v in document.versions.items()}
    payload["entities"] = [vars(entity) for entity in document.entities]
    digest = hashlib.sha1(
        json.dumps(payload, sort_keys=True, default=str).encode(),
        usedforsecurity=False,
    ).hexdigest()
    fields = {name: getattr(document, name) for name in document.__dataclass_fields__}
    return ProjectDocument(**{**fields, "version": digest})


# Which pages, which documents --------------------------------------------------


def indexable_pages():
    """Pages that may appear in search: live, public project files (never drafts,
    unpublished or private pages)."""
    return ProjectPage.objects.live().public()


def _translate(
    groups: list[list[ProjectPage]], texts: dict[int, _Texts], use_engine: bool
) -> dict[tuple[str, str], dict[str, str]]:
    """Machine translations of the originals' pieces into the languages their
    project lacks: one call per language pair for the whole batch."""
    wanted: dict[tuple[str, str], list[str]] = defaultdict(list)
    for pages in groups:
        source = pages[0].locale.language_code
        have = {page.locale.language_code for page in pages}
        for target in LANGUAGES:
            if target not in have:
                wanted[(source, target)] += texts[pages[0].pk].pieces()
    return {
        pair: translation.translate(pieces, *pair, use_engine=use_engine)
        for pair, pieces in wanted.items()
    }


def _documents(pages_by_key: dict[str, list[ProjectPage]], use_engine: bool, regions):
    groups = [sorted(pages, key=lambda p: p.pk) for pages in pages_by_key.values()]
    place_names = other_names(
        {
            (entity.municipality, entity.country)
            for pages in groups
            for entity in pages[0].ordered_entities()
        }
    )
    texts: dict[int, _Texts] = {}
    for pages in groups:
        entities = pages[0].ordered_entities()
        for page in pages:
            texts[page.pk] = _texts(page, entities, place_names)
    translated = _translate(groups, texts, use_engine)
    return [_group_document(pages, texts, translated, regions) for pages in groups]


def _pages(queryset):
    return ProjectPage.with_related(
        queryset.filter(pk__in=indexable_pages().values("pk")).select_related("locale")
    )


def documents_for_keys(
    keys: Iterable[str], *, translate: bool = True
) -> list[ProjectDocument]:
    """The documents of these projects (translation keys) that may be searched;
    a project with no live, public page has none. ``translate``: machine-translate
    what is not kept yet (else only kept translations are used)."""
    keys = sorted(set(map(str, keys)))
    regions = _Regions()
    documents: list[ProjectDocument] = []
    for start in range(0, len(keys), 200):
        documents += _documents_of(keys[start : start + 200], translate, regions)
    return documents


def all_documents(
    chunk_size: int = 200, *, translate: bool = True
) -> Iterator[ProjectDocument]:
    """Every searchable project's document, in a fixed number of queries per chunk
    of projects (relations prefetched, translations asked for in one go)."""
    keys = (
        indexable_pages()
        .order_by("translation_key")
        .values_list("translation_key", flat=True)
        .distinct()
    )
    regions = _Regions()
    batch: list[str] = []
    for key in keys.iterator(chunk_size=2000):
        batch.append(str(key))
        if len(batch) >= chunk_size:
            yield from _documents_of(batch, translate, regions)
            batch = []
    if batch:
        yield from _documents_of(batch, translate, regions)


def _documents_of(keys: list[str], translate: bool, regions) -> list[ProjectDocument]:
    by_key: dict[str, list[ProjectPage]] = defaultdict(list)
    for page in _pages(ProjectPage.objects.filter(translation_key__in=keys)):
        by_key[str(page.translation_key)].append(page)
    return _documents(by_key, translate, regions)


def project_count() -> int:
    """How many projects may be searched (documents a full index holds)."""
    return indexable_pages().values("translation_key").distinct().count()


def keys_of_pages(page_ids: Iterable[int]) -> set[str]:
    """The projects (translation keys) these pages belong to, whatever their state."""
    return {
        str(key)
        for key in ProjectPage.objects.filter(pk__in=list(page_ids)).values_list(
            "translation_key", flat=True
        )
    }
