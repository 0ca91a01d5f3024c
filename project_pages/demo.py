"""Demo content: realistic project files, articles and editorial pages.

Two ways of building project files share one description of each project
(``ProjectSpec``, derived from the seed and the project's number alone, so a run is
deterministic and a second run finds the pages of the first by slug):

* ``create_project`` goes through the factories and Wagtail's normal saves: what an
  editor would get, with real media from the library and linked translations;
* ``bulk_create_projects`` writes the rows directly (tree paths computed here) to
  load 100,000 pages in minutes for benchmarks. It skips Wagtail's search index,
  reference index, revisions and log entries.

The words come from the JSON files in ``demo_data/`` (read by ``demo_texts.py``);
this module only builds objects from them. ``load`` is the content model's part of
``manage.py load_demo_data``; the feature apps' loaders run after it (``cms/demo.py``).
"""

from __future__ import annotations

import datetime
import random
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import connection, reset_queries, transaction
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Locale, Page

from project_pages import demo_texts as texts
from project_pages.factories import (
    PLACES,
    ArticlePageFactory,
    EntityFactory,
    ProjectPageFactory,
    StandardPageFactory,
)
from project_pages.gazetteer import fold
from project_pages.models import (
    ArticleIndexPage,
    Entity,
    Place,
    ProjectContact,
    ProjectEntity,
    ProjectIndexPage,
    ProjectPage,
    ProjectPageTag,
    StandardPage,
)
from project_pages.vocabularies import AreaCode, EntityKind, Phase, SizeBand, size_band

BANDS = list(SizeBand)
PHASES = [Phase.PROTOTYPE, Phase.PILOT, Phase.PRODUCTION]
PHASE_WEIGHTS = [2, 3, 5]
# Where the gazetteer names Catalonia (GeoNames admin1 "56").
CATALONIA = "Catalunya"

_entities = texts.read("entities.json")
# What a municipality is called at home, by country (default: "Ajuntament de X").
MUNICIPALITY_NAMES: dict[str, str] = _entities["municipality_names"]
NAME_OVERRIDES: dict[tuple[str, str], str] = {
    (row["name"], row["country"]): row["official_name"]
    for row in _entities["name_overrides"]
}
# Approximate populations of the counties whose council appears in the demo.
COUNTY_POPULATION: dict[str, int] = _entities["county_population"]
# (name, kind, municipality, county, population): partners of several projects.
SUPRA_ENTITIES: list[tuple[str, EntityKind, str, str, int]] = [
    (
        row["name"],
        EntityKind(row["kind"]),
        row["municipality"],
        row["county"],
        row["population"],
    )
    for row in _entities["supra_entities"]
]


def _de(name: str) -> str:
    """Catalan 'de' before a place name: d'Olot, de l'Hospitalet, de la Seu."""
    if name.startswith("L'"):
        return "de l'" + name[2:]
    if name.startswith("La "):
        return "de la " + name[3:]
    if name.startswith("El "):
        return "del " + name[3:]
    if fold(name[:1]) in "aeiou" or (name[:1] == "H" and fold(name[1:2]) in "aeiou"):
        return "d'" + name
    return "de " + name


def municipality_name(name: str, country: str) -> str:
    """The official name of the town hall of a place, e.g. 'Ajuntament d'Olot'."""
    if (name, country) in NAME_OVERRIDES:
        return NAME_OVERRIDES[(name, country)]
    template = MUNICIPALITY_NAMES.get(country, "Ajuntament {de} {name}")
    if "{de}" in template:
        de = _de(name)
        return template.replace("{de} {name}", de)
    return template.format(name=name)


@dataclass(frozen=True)
class DemoPlace:
    name: str
    county: str
    country: str
    population: int
    latitude: float
    longitude: float

    @property
    def band(self) -> SizeBand:
        return size_band(self.population)

    @property
    def abroad(self) -> bool:
        return self.country != "ES"


def demo_places() -> list[DemoPlace]:
    """factories.PLACES, with population and coordinates from the gazetteer if loaded.

    An entity's region is the county (comarca), as an editor picking the place in
    the admin gets it: the gazetteer's where it has one, else PLACES's. A Spanish
    name is looked up in Catalonia only (there is a Cabanes in Valencia too).
    """
    places = [DemoPlace(*row) for row in PLACES]
    if not Place.objects.exists():
        return places
    refreshed = []
    for place in places:
        found = Place.objects.filter(
            search_name=fold(place.name), country=place.country
        )
        if place.country == "ES":
            found = found.filter(region=CATALONIA)
        match = found.order_by("-population").first()
        if match is None:
            refreshed.append(place)
            continue
        refreshed.append(
            DemoPlace(
                place.name,
                match.county or place.county,
                place.country,
                match.population or place.population,  # GeoNames has some zeros
                round(match.latitude, 5),
                round(match.longitude, 5),
            )
        )
    return refreshed


@dataclass
class EntityPool:
    """The demo's local entities, created once and chosen from by every project."""

    municipalities: list[tuple[DemoPlace, Entity]]
    county_councils: dict[str, Entity]
    supra: list[Entity]

    def by_band(self, band: SizeBand, abroad: bool | None = None) -> list:
        return [
            (place, entity)
            for place, entity in self.municipalities
            if place.band == band and (abroad is None or place.abroad == abroad)
        ]


def ensure_entities(places: Sequence[DemoPlace]) -> EntityPool:
    """Create (or reuse by name and country) the entities of the demo."""
    municipalities = []
    for place in places:
        entity = EntityFactory(
            name=municipality_name(place.name, place.country),
            kind=EntityKind.MUNICIPALITY,
            municipality=place.name,
            region=place.county,
            country=place.country,
            population=place.population,
            latitude=place.latitude,
            longitude=place.longitude,
        )
        municipalities.append((place, entity))
    councils = {}
    for place in places:
        if place.country != "ES" or place.county not in COUNTY_POPULATION:
            continue
        if place.county in councils:
            continue
        councils[place.county] = EntityFactory(
            name=f"Consell Comarcal {_de(place.county)}",
            kind=EntityKind.COUNTY_COUNCIL,
            municipality=place.name,
            region=place.county,
            country="ES",
            population=COUNTY_POPULATION[place.county],
            latitude=place.latitude,
            longitude=place.longitude,
        )
    coordinates = {p.name: (p.latitude, p.longitude) for p in places}
    supra = []
    for name, kind, town, county, population in SUPRA_ENTITIES:
        latitude, longitude = coordinates.get(town, (None, None))
        supra.append(
            EntityFactory(
                name=name,
                kind=kind,
                municipality=town,
                region=county,
                country="ES",
                population=population,
                latitude=latitude,
                longitude=longitude,
            )
        )
    return EntityPool(municipalities, councils, supra)


@dataclass
class MediaLibrary:
    """A few real Wagtail documents and images, shared by the rich project files."""

    documents: list = field(default_factory=list)
    images: list = field(default_factory=list)


DEMO_COLLECTION = "Biblioteca de l'observatori"


def demo_collection():
    """The collection of the demo's images and documents: a child of the root, so
    the Editors and Moderators groups (whose permissions sit on the root) use it."""
    from wagtail.models import Collection

    root = Collection.get_first_root_node()
    found = root.get_children().filter(name=DEMO_COLLECTION).first()
    return found or root.add_child(name=DEMO_COLLECTION)


def ensure_media_library() -> MediaLibrary:
    """Create the demo documents and images once (found again by title), in the
    demo collection; a library of an earlier loader (one root-level "Test
    collection" per file, which editors could not see) is moved into it."""
    import wagtail_factories
    from wagtail.models import Collection

    Document = get_document_model()
    Image = get_image_model()
    collection = demo_collection()
    library = MediaLibrary()
    for title, filename, content in texts.LIBRARY_DOCUMENTS:
        document = Document.objects.filter(title=title).first()
        if document is None:
            document = wagtail_factories.DocumentFactory(
                title=title,
                collection=collection,
                file__filename=filename,
                file__data=content.encode(),
            )
        library.documents.append(document)
    for title, colour in texts.LIBRARY_IMAGES:
        image = Image.objects.filter(title=title).first()
        if image is None:
            image = wagtail_factories.ImageFactory(
                title=title,
                collection=collection,
                file__filename=f"{slugify(title)}.png",
                file__width=800,
                file__height=450,
                file__color=colour,
            )
        library.images.append(image)
    for item in [*library.documents, *library.images]:
        if item.collection_id != collection.pk:
            type(item).objects.filter(pk=item.pk).update(collection=collection)
    # The earlier loader's root-level collections, now empty.
    for stray in Collection.get_root_nodes().filter(name="Test collection"):
        if not (
            Document.objects.filter(collection=stray).exists()
            or Image.objects.filter(collection=stray).exists()
            or stray.get_children().exists()
        ):
            stray.delete()
    return library


@dataclass
class ProjectSpec:
    """Everything about one demo project file, before it becomes rows."""

    number: int
    language: str
    theme: dict
    place: DemoPlace
    title: str
    slug: str
    summary: str
    description: str
    value: str
    entities: list[Entity]
    areas: list[str]
    types: list[str]
    tags: list[str]
    phase: str
    start_date: datetime.date
    end_date: datetime.date | None
    plan: str
    scope: str
    savings_amount_eur: Decimal | None
    savings_hours: Decimal | None
    savings_notes: str
    analysis: list[dict]
    objectives: list[dict]
    milestones: list[dict]
    documentation: list[dict]
    contacts: list[dict]
    published_at: datetime.datetime
    # The language of the texts: the page's own, or the one it is translated into.
    text_language: str = "ca"
    # The languages a Catalan file is translated into (linked translations).
    translations: tuple[str, ...] = ()


# The themes files in Spanish or English are drawn from (see the file's "about").
THEME_POOLS: dict[str, set[str]] = {
    language: set(keys)
    for language, keys in texts.read("theme-pools.json").items()
    if language != "about"
}


def _themes_with(language: str, area: str | None = None) -> list[dict]:
    pool = THEME_POOLS.get(language)
    return [
        theme
        for theme in texts.THEMES
        if language in theme
        and (pool is None or theme["key"] in pool)
        and (area is None or area in theme["areas"])
    ]


def _indicator(template: str, rng: random.Random) -> str:
    """A figure in the indicator: ``{n}`` a count (3 to 95), ``{score}`` a rating
    out of 10 (6,0 to 9,9, never more than its scale; ``{score_point}`` the same
    with a decimal point, for English). One draw either way."""
    n = rng.randint(3, 95)
    score = f"{6 + (n % 40) / 10:.1f}"
    return (
        template.replace("{n}", str(n))
        .replace("{score_point}", score)
        .replace("{score}", score.replace(".", ","))
    )


def _struct(kind: str, values: tuple[str, str, str], rng: random.Random) -> dict:
    title, description, third = values
    if kind == "barrier":
        value = {"title": title, "description": description, "mitigation": third}
    else:
        value = {
            "title": title,
            "description": description,
            "indicator": _indicator(third, rng),
        }
    return {"type": kind, "value": value}


def analysis_stream(
    theme: dict, rng: random.Random, extra: int = 1, language: str = "ca"
) -> list[dict]:
    """Barriers with how they were overcome, benefits with indicators, tools.

    The same draws in every language (items are picked by position), so a
    translation lists the same barriers and benefits as its source.
    """
    own = theme[language]
    shared = texts.texts_in(language)
    blocks = [_struct("barrier", own["barrier"], rng)]
    blocks += [_struct("barrier", b, rng) for b in rng.sample(shared.barriers, extra)]
    blocks.append(_struct("benefit", own["benefit"], rng))
    blocks += [
        _struct("benefit", b, rng) for b in rng.sample(shared.benefits, min(extra, 4))
    ]
    tools = list(theme["tech"])
    others = [name for name in texts.TECHNOLOGIES if name not in tools]
    tools += rng.sample(others, max(0, extra - 1))
    for name in tools:
        kind, open_source, url = texts.TECHNOLOGIES[name]
        blocks.append(
            {
                "type": "technology",
                "value": {
                    "name": name,
                    "kind": kind,
                    "open_source": open_source,
                    "url": url,
                },
            }
        )
    blocks.append({"type": "methodology", "value": rng.choice(shared.methodologies)})
    return blocks


def milestones_stream(
    start: datetime.date,
    phase: str,
    rng: random.Random,
    size: int = 3,
    language: str = "ca",
) -> list[dict]:
    """Milestones in a row; how many are done follows the phase."""
    names = texts.texts_in(language).milestones[: max(size, 2)]
    done = {"prototype": 1, "pilot": 2}.get(phase, len(names))
    blocks, day = [], start
    for position, name in enumerate(names):
        end = day + datetime.timedelta(days=rng.randint(30, 150))
        if position < done:
            status = "done"
        elif position == done:
            status = "in_progress"
        else:
            status = "pending"
        blocks.append(
            {
                "type": "milestone",
                "value": {
                    "name": name,
                    "start": day.isoformat(),
                    "end": end.isoformat() if status != "in_progress" else None,
                    "status": status,
                },
            }
        )
        day = end + datetime.timedelta(days=1)
    return blocks


def documentation_stream(
    rng: random.Random,
    library: MediaLibrary | None,
    size: int = 1,
    language: str = "ca",
) -> list[dict]:
    """Videos, links, documents and images; their titles and captions in
    ``language`` (a document's own title is the Catalan one, so other languages
    give the block a title)."""
    shared = texts.texts_in(language)
    blocks = []
    for n in rng.sample(range(len(texts.VIDEOS)), min(size, len(texts.VIDEOS))):
        _title, url = texts.VIDEOS[n]
        value = {"title": shared.video_titles[n], "url": url}
        blocks.append({"type": "video", "value": value})
    for n in rng.sample(range(len(texts.LINKS)), min(size + 1, len(texts.LINKS))):
        kind, _title, url = texts.LINKS[n]
        value = {"kind": kind, "title": shared.link_titles[n], "url": url}
        blocks.append({"type": "link", "value": value})
    if library is not None:
        documents = library.documents
        for n in rng.sample(range(len(documents)), min(size, len(documents))):
            title = "" if language == "ca" else shared.document_titles[n]
            value = {"document": documents[n].pk, "title": title}
            blocks.append({"type": "document", "value": value})
        images = library.images
        for n in rng.sample(range(len(images)), min(size, len(images))):
            value = {"image": images[n].pk, "caption": shared.image_titles[n]}
            blocks.append({"type": "image", "value": value})
    return blocks


def _email(name: str) -> str:
    return f"{slugify(name).replace('-', '.')}@ajuntament.example"


def _in_place(title: str, place: DemoPlace, language: str) -> str:
    preposition = {"ca": "a", "es": "en", "en": "in"}[language]
    name = place.name
    if language == "ca" and name.startswith(("La ", "El ")):
        name = name[0].lower() + name[1:]
    return f"{title} {preposition} {name}"


class SpecMaker:
    """Turns a project number into a ProjectSpec, the same way on every run.

    The coverage the tests rely on comes from cycling: area by number, size band
    shifted every six projects (so every area meets every band), every seventh
    project abroad; the rest is drawn from a generator seeded by (seed, number).
    """

    def __init__(
        self,
        seed: int,
        pool: EntityPool,
        library: MediaLibrary | None = None,
        *,
        languages: bool = True,
        richness: int = 1,
    ):
        self.seed = seed
        self.pool = pool
        self.library = library
        self.languages = languages
        self.richness = richness
        self.now = timezone.now().replace(microsecond=0)

    def language_of(self, number: int) -> str:
        if not self.languages:
            return "ca"
        return {3: "es", 13: "es", 9: "en"}.get(number % 20, "ca")

    def lead(self, number: int, rng: random.Random, language: str):
        if language == "en" or number % 7 == 4:
            candidates = [pair for pair in self.pool.municipalities if pair[0].abroad]
            if language == "es":
                candidates = [
                    p for p in candidates if p[0].country in {"AR", "CL", "CO", "UY"}
                ] or candidates
            return rng.choice(candidates)
        band = BANDS[(number + number // 6) % len(BANDS)]
        candidates = self.pool.by_band(band, abroad=False) or self.pool.by_band(band)
        return rng.choice(candidates)

    def __call__(self, number: int, text_language: str | None = None) -> ProjectSpec:
        """Project ``number``, its texts in ``text_language`` (default: the
        language of the page; another one gives the texts of its translation)."""
        rng = random.Random(f"{self.seed}:{number}")  # noqa: S311 (demo data)
        language = self.language_of(number)
        words = text_language or language
        shared = texts.texts_in(words)
        area = list(AreaCode)[number % len(AreaCode)]
        # The same draw whatever the language of the texts (every theme is
        # written in every language); the pool is the one of the judgments.
        pool = "es" if language == "ca" and number % 10 == 5 else language
        themes = _themes_with(pool, area) or _themes_with(pool)
        theme = rng.choice(themes)
        place, lead = self.lead(number, rng, language)
        entities = [lead]
        if number % 5 == 2:  # multi-entity: county council, consortium, neighbour
            council = self.pool.county_councils.get(place.county)
            if council is not None:
                entities.append(council)
            entities.append(rng.choice(self.pool.supra))
        elif number % 5 == 0 and not place.abroad:
            council = self.pool.county_councils.get(place.county)
            if council is not None:  # a county council leading for its towns
                entities.insert(0, council)
        text = theme[words]
        title = _in_place(text["title"], place, words)
        areas = list(dict.fromkeys([area, *theme["areas"]]))
        types = list(theme["types"])
        phase = PHASES[number] if number < 3 else rng.choices(PHASES, PHASE_WEIGHTS)[0]
        start = datetime.date(2018, 1, 1) + datetime.timedelta(
            days=rng.randint(0, 6 * 365)
        )
        end = None
        if phase != Phase.PRODUCTION or rng.random() < 0.5:
            end = start + datetime.timedelta(days=rng.randint(180, 900))
        published = self.now - datetime.timedelta(
            days=rng.randint(0, 3 * 365), minutes=rng.randint(0, 1440)
        )
        has_savings = rng.random() < 0.75
        person_number = rng.randrange(len(texts.CONTACT_PEOPLE))
        name = texts.CONTACT_PEOPLE[person_number][0]
        role, department = shared.contact_roles[person_number]
        general, operational = text["objectives"]
        richness = self.richness
        return ProjectSpec(
            number=number,
            language=language,
            theme=theme,
            place=place,
            title=title,
            slug=f"{slugify(title)[:200].rstrip('-')}-{number}",
            summary=text["summary"],
            description=text["description"],
            value=text["value"],
            entities=entities,
            areas=areas,
            types=types,
            tags=list(text["tags"]),
            phase=phase,
            start_date=start,
            end_date=end,
            plan=rng.choice(shared.plans),
            scope=rng.choice(shared.scopes),
            savings_amount_eur=(
                Decimal(rng.randrange(2_000, 250_000, 500)) if has_savings else None
            ),
            savings_hours=(
                Decimal(rng.randrange(100, 6_000, 10)) if has_savings else None
            ),
            savings_notes=shared.savings_notes if has_savings else "",
            analysis=analysis_stream(theme, rng, extra=richness, language=words),
            objectives=[
                {"type": "general", "value": general},
                {"type": "operational", "value": operational},
            ],
            milestones=milestones_stream(
                start, phase, rng, size=2 + richness, language=words
            ),
            documentation=documentation_stream(
                rng, self.library, size=richness, language=words
            ),
            contacts=[
                {
                    "name": name,
                    "role": role,
                    "department": department,
                    "email": _email(name),
                    "phone": f"+34 9{rng.randint(10, 99)} {rng.randint(100, 999)} "
                    f"{rng.randint(100, 999)}",
                    "entity": lead,
                }
            ],
            published_at=published,
            text_language=words,
            # Catalan files have linked Spanish and English translations; files
            # written in Spanish or English stay in their language (the machine
            # translation offer and the switcher's notice show on those).
            translations=("es", "en") if language == "ca" else (),
        )


# --- the normal path: factories and Wagtail's saves -----------------------------


def create_project(spec: ProjectSpec, index: ProjectIndexPage) -> ProjectPage:
    """A project file built by ProjectPageFactory under the given index."""
    page = ProjectPageFactory(
        parent=index,
        locale=index.locale,
        title=spec.title,
        slug=spec.slug,
        summary=spec.summary,
        description=spec.description,
        value=spec.value,
        savings_amount_eur=spec.savings_amount_eur,
        savings_hours=spec.savings_hours,
        savings_notes=spec.savings_notes,
        phase=spec.phase,
        start_date=spec.start_date,
        end_date=spec.end_date,
        plan=spec.plan,
        scope=spec.scope,
        analysis=spec.analysis,
        objectives=spec.objectives,
        milestones=spec.milestones,
        documentation=spec.documentation,
        first_published_at=spec.published_at,
        last_published_at=spec.published_at,
        entities=spec.entities,
        areas=spec.areas,
        types=spec.types,
        contacts=0,
        tag_names=spec.tags,
    )
    for order, contact in enumerate(spec.contacts):
        page.contacts.add(ProjectContact(sort_order=order, **contact))
    page.save()
    _dated(page, spec.published_at)
    return page


def _dated(page: Page, when: datetime.datetime) -> None:
    """A demo file reads as changed when it was published, not when it was loaded
    (the admin's "Updated" column and its history)."""
    Page.objects.filter(pk=page.pk).update(latest_revision_created_at=when)
    page.revisions.update(created_at=when)


def translate_project(page: ProjectPage, spec: ProjectSpec) -> ProjectPage | None:
    """A linked translation (copy_for_translation) of ``page`` into
    ``spec.text_language``, every text of it in that language: title, summary,
    description, value, savings notes, plan, scope, the analysis, objectives,
    milestones and documentation blocks, the tags and the contacts' roles.

    ``spec`` is the page's own spec with its texts in the other language
    (``SpecMaker(number, text_language)``). None when the translation exists.
    """
    language = spec.text_language
    locale = Locale.objects.get(language_code=language)
    if page.get_translation_or_none(locale) is not None:
        return None
    created = page.copy_for_translation(locale, copy_parents=False)
    for contact, translated in zip(
        ProjectContact.objects.filter(page=created).order_by("sort_order", "pk"),
        spec.contacts,
        strict=False,
    ):
        ProjectContact.objects.filter(pk=contact.pk).update(
            role=translated["role"], department=translated["department"]
        )
    copy = ProjectPage.objects.get(pk=created.pk)
    copy.title = copy.draft_title = spec.title
    copy.slug = spec.slug
    for name in (
        "summary",
        "description",
        "value",
        "savings_notes",
        "plan",
        "scope",
        "analysis",
        "objectives",
        "milestones",
        "documentation",
    ):
        setattr(copy, name, getattr(spec, name))
    copy.tags.set(spec.tags)
    copy.save_revision().publish()
    Page.objects.filter(pk=copy.pk).update(
        first_published_at=spec.published_at, last_published_at=spec.published_at
    )
    _dated(copy, spec.published_at)
    return copy


def rich_spec(
    maker: SpecMaker, number: int, text_language: str | None = None
) -> ProjectSpec:
    """A heavy project file: many blocks, several entities, all kinds of media.

    The benchmark and the constant-queries check render this one.
    """
    rich = SpecMaker(maker.seed, maker.pool, maker.library, languages=False, richness=4)
    spec = rich(number, text_language)
    shared = texts.texts_in(spec.text_language)
    rng = random.Random(f"{maker.seed}:rich:{number}")  # noqa: S311 (demo data)
    extra = [entity for _place, entity in rng.sample(maker.pool.municipalities, 2)]
    spec.entities = list(
        dict.fromkeys([*spec.entities, *maker.pool.supra[:1], *extra])
    )[:5]
    marks = shared.rich_file
    spec.title = f"{spec.title}{marks['title_suffix']}"
    spec.slug = f"{marks['slug_prefix']}{spec.slug}"
    spec.tags = [*spec.tags, *marks["extra_tags"]]
    people = rng.sample(range(len(texts.CONTACT_PEOPLE)), 3)
    spec.contacts = [
        {
            "name": texts.CONTACT_PEOPLE[n][0],
            "role": shared.contact_roles[n][0],
            "department": shared.contact_roles[n][1],
            "email": _email(texts.CONTACT_PEOPLE[n][0]),
            "phone": "",
            "entity": spec.entities[0],
        }
        for n in people
    ]
    return spec


# --- the bulk path: rows written directly ----------------------------------------


def _step(page: Page) -> int:
    return int(page.path[-Page.steplen :], len(Page.alphabet))


def _translation_key(spec: ProjectSpec) -> uuid.UUID:
    """A UUID derived from the page, so that a given seed gives the same rows."""
    rng = random.Random(f"tk:{spec.language}:{spec.slug}")  # noqa: S311 (not secret)
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def child_path(parent: Page, position: int) -> str:
    """The treebeard path of the position-th child (1-based) of a page."""
    return parent._get_path(parent.path, parent.depth + 1, position)


def _insert_rows(model, objs: list, fields: list) -> None:
    """INSERT the model's own table rows (multi-table child), in safe batches."""
    if not objs:
        return
    size = max(1, connection.ops.bulk_batch_size(fields, objs))
    for start in range(0, len(objs), size):
        model._base_manager._insert(objs[start : start + size], fields=fields)


def bulk_create_projects(
    indexes: dict[str, ProjectIndexPage],
    specs: Iterable[ProjectSpec],
    *,
    batch_size: int = 2000,
    on_progress: Callable[[int], None] | None = None,
) -> int:
    """Write project files as rows, ``batch_size`` per transaction.

    Why not ``ProjectPage.objects.bulk_create``: Django refuses multi-table
    inheritance there. So the wagtailcore_page rows go in with Page's bulk_create
    (tree paths, depth and url_path computed here, appended after the last child of
    the index of the spec's language), then the project_pages_projectpage rows with
    the model's ``_insert`` on its own fields, then entities, areas, types, tags and
    contacts, and the indexes' numchild. Specs whose slug exists under their index
    are skipped (so a second run adds nothing). Returns the number of pages made.
    """
    content_type = ContentType.objects.get_for_model(ProjectPage)
    area_through = ProjectPage.areas.through
    type_through = ProjectPage.transformation_types.through
    own_fields = list(ProjectPage._meta.local_concrete_fields)
    existing = {
        language: set(Page.objects.child_of(index).values_list("slug", flat=True))
        for language, index in indexes.items()
    }
    positions = {}
    for language, index in indexes.items():
        last = index.get_last_child()
        positions[language] = _step(last) if last is not None else 0
    tag_ids: dict[str, int] = {}
    created = 0

    def tag_id(name: str) -> int:
        if name not in tag_ids:
            tag = Tag.objects.filter(name=name).first()
            tag_ids[name] = (tag or Tag.objects.create(name=name)).pk
        return tag_ids[name]

    def page_row(spec: ProjectSpec) -> Page:
        index = indexes[spec.language]
        positions[spec.language] += 1
        return Page(
            title=spec.title,
            draft_title=spec.title,
            slug=spec.slug,
            content_type=content_type,
            locale_id=index.locale_id,
            translation_key=_translation_key(spec),
            path=child_path(index, positions[spec.language]),
            depth=index.depth + 1,
            numchild=0,
            url_path=f"{index.url_path}{spec.slug}/",
            live=True,
            has_unpublished_changes=False,
            first_published_at=spec.published_at,
            last_published_at=spec.published_at,
            # The admin's "Updated" column: when the file was last changed.
            latest_revision_created_at=spec.published_at,
        )

    def flush(batch: list[ProjectSpec]) -> None:
        nonlocal created
        with transaction.atomic():
            pages = [page_row(spec) for spec in batch]
            Page.objects.bulk_create(pages, batch_size=500)
            if any(page.pk is None for page in pages):  # backend without RETURNING
                ids = dict(
                    Page.objects.filter(path__in=[p.path for p in pages]).values_list(
                        "path", "pk"
                    )
                )
                for page in pages:
                    page.pk = ids[page.path]
            rows, links, area_rows, type_rows, tag_rows, contacts = (
                [],
                [],
                [],
                [],
                [],
                [],
            )
            for page, spec in zip(pages, batch, strict=True):
                pk = page.pk
                rows.append(
                    ProjectPage(
                        page_ptr_id=pk,
                        summary=spec.summary,
                        description=spec.description,
                        value=spec.value,
                        savings_amount_eur=spec.savings_amount_eur,
                        savings_hours=spec.savings_hours,
                        savings_notes=spec.savings_notes,
                        analysis=spec.analysis,
                        phase=spec.phase,
                        start_date=spec.start_date,
                        end_date=spec.end_date,
                        plan=spec.plan,
                        scope=spec.scope,
                        objectives=spec.objectives,
                        milestones=spec.milestones,
                        documentation=spec.documentation,
                    )
                )
                links += [
                    ProjectEntity(page_id=pk, entity=entity, sort_order=i)
                    for i, entity in enumerate(spec.entities)
                ]
                area_rows += [
                    area_through(projectpage_id=pk, area_id=code) for code in spec.areas
                ]
                type_rows += [
                    type_through(projectpage_id=pk, transformationtype_id=code)
                    for code in spec.types
                ]
                tag_rows += [
                    ProjectPageTag(content_object_id=pk, tag_id=tag_id(name))
                    for name in spec.tags
                ]
                contacts += [
                    ProjectContact(page_id=pk, sort_order=i, **contact)
                    for i, contact in enumerate(spec.contacts)
                ]
            _insert_rows(ProjectPage, rows, own_fields)
            ProjectEntity.objects.bulk_create(links, batch_size=1000)
            area_through.objects.bulk_create(area_rows, batch_size=1000)
            type_through.objects.bulk_create(type_rows, batch_size=1000)
            ProjectPageTag.objects.bulk_create(tag_rows, batch_size=1000)
            ProjectContact.objects.bulk_create(contacts, batch_size=1000)
            for language in {spec.language for spec in batch}:
                index = indexes[language]
                Page.objects.filter(pk=index.pk).update(
                    numchild=Page.objects.child_of(index).count()
                )
        created += len(batch)
        reset_queries()  # with DEBUG on, Django keeps every query's SQL
        if on_progress is not None:
            on_progress(len(batch))

    batch: list[ProjectSpec] = []
    for spec in specs:
        if spec.slug in existing[spec.language]:
            if on_progress is not None:
                on_progress(1)
            continue
        existing[spec.language].add(spec.slug)
        batch.append(spec)
        if len(batch) >= batch_size:
            flush(batch)
            batch = []
    if batch:
        flush(batch)
    for index in indexes.values():
        index.refresh_from_db(fields=["numchild"])
    return created


# --- editorial content -------------------------------------------------------------


def ensure_articles(article_indexes: dict[str, ArticleIndexPage]) -> int:
    """News and opinion pieces, found again by slug; the Catalan ones with their
    linked Spanish and English translations."""
    today = timezone.localdate()
    created = 0
    for language, slug, title, author, days, intro, body in texts.ARTICLES:
        index = article_indexes[language]
        article = index.get_children().filter(slug=slug).first()
        if article is None:
            article = ArticlePageFactory(
                parent=index,
                locale=index.locale,
                title=title,
                slug=slug,
                author=author,
                intro=intro,
                body=body,
                date=today - datetime.timedelta(days=days),
            )
            created += 1
        translations = texts.ARTICLE_TRANSLATIONS.get(slug, {})
        for other, (
            other_slug,
            other_title,
            other_intro,
            other_body,
        ) in translations.items():
            if translate_page(
                article.specific,
                other,
                title=other_title,
                slug=other_slug,
                intro=other_intro,
                body=other_body,
            ):
                created += 1
    return created


def translate_page(
    page: Page, language: str, *, publish: bool = True, **fields
) -> Page | None:
    """A linked translation of ``page`` with ``fields`` in that language,
    published unless ``publish`` is False (the caller sets more and publishes);
    None when it exists already. The other apps' demo loaders use it too."""
    locale = Locale.objects.get(language_code=language)
    if page.get_translation_or_none(locale) is not None:
        return None
    copy = page.copy_for_translation(locale, copy_parents=False)
    copy.draft_title = fields.get("title", copy.title)
    for name, value in fields.items():
        setattr(copy, name, value)
    if publish:
        copy.save_revision().publish()
    return copy


def ensure_standard_pages(homes: dict) -> int:
    """About, and how to submit (with acceptance criteria).

    The Catalan page is the source; its Spanish and English versions are linked
    translations of it. (The caravan has its own page, the calendar of stops: an
    earlier loader also made a standard page of that title, removed here.)
    """
    for stray in StandardPage.objects.filter(slug="caravana-de-la-innovacio"):
        for translation in stray.get_translations():
            translation.delete()
        stray.delete()
    created = 0
    for versions in texts.STANDARD_PAGES.values():
        home = homes["ca"]
        slug, title, intro, body = versions["ca"]
        source = home.get_children().filter(slug=slug).first()
        if source is None:
            source = StandardPageFactory(
                parent=home,
                locale=home.locale,
                title=title,
                slug=slug,
                intro=intro,
                body=body,
            )
            created += 1
        source = source.specific
        for language, (slug, title, intro, body) in versions.items():
            if language == "ca":
                continue
            if translate_page(
                source, language, title=title, slug=slug, intro=intro, body=body
            ):
                created += 1
    return created


# --- everything together -------------------------------------------------------------

# Project numbers built as rich files (many blocks, entities and media).
RICH_NUMBERS = (11, 31, 51)


@dataclass
class DemoContent:
    """What the content model's loader made: its counts for the command's summary,
    and the site's pages and media library for the feature apps' loaders."""

    pages: dict
    library: MediaLibrary
    projects: int = 0
    skipped: int = 0
    translations: int = 0
    articles: int = 0
    standard_pages: int = 0
    entities: int = 0
    bulk: bool = False


def load(
    count: int = 60,
    *,
    seed: int = 1,
    bulk: bool = False,
    batch_size: int = 2000,
    progress: Callable[[int], None] | None = None,
) -> DemoContent:
    """Build the content model's part of the demo site: the site tree, entities,
    the media library, editorial pages, articles and ``count`` project files. Safe
    to run again (what exists is found by slug).

    ``progress`` is called with the number of project files handled since the
    last call (the command hands it a tqdm bar). The search index and the other
    apps' content are the business of their own loaders (see ``cms/demo.py``).
    """
    from project_pages.site_structure import ensure_site_structure

    pages = ensure_site_structure()
    pool = ensure_entities(demo_places())
    library = ensure_media_library()
    content = DemoContent(pages=pages, library=library, bulk=bulk)
    content.standard_pages = ensure_standard_pages(pages["home"])
    content.articles = ensure_articles(pages["articles"])
    maker = SpecMaker(seed, pool, library)
    indexes = pages["projects"]
    rich = [n for n in RICH_NUMBERS if n < count]

    def make(number: int, text_language: str | None = None) -> ProjectSpec:
        if number in rich:
            return rich_spec(maker, number, text_language)
        return maker(number, text_language)

    normal = range(count) if not bulk else rich
    for number in normal:
        spec = make(number)
        index = indexes[spec.language]
        page = index.get_children().filter(slug=spec.slug).first()
        if page is None:
            page = create_project(spec, index)
            content.projects += 1
        else:
            content.skipped += 1
        # Bulk mode (benchmarks) keeps each file in its own language only.
        for language in spec.translations if not bulk else ():
            if translate_project(page.specific, make(number, language)) is not None:
                content.translations += 1
        if progress is not None:
            progress(1)
    if bulk:
        specs = (maker(n) for n in range(count) if n not in rich)
        made = bulk_create_projects(
            indexes, specs, batch_size=batch_size, on_progress=progress
        )
        content.projects += made
        content.skipped += count - len(rich) - made
    content.entities = Entity.objects.count()
    return content
