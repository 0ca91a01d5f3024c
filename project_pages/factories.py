"""One factory per model; tests and the demo loader build on them."""

import datetime
import random

import factory
import wagtail_factories
from factory.django import DjangoModelFactory

from project_pages.demo_texts import read as read_demo_data
from project_pages.models import (
    Area,
    ArticleIndexPage,
    ArticlePage,
    Entity,
    HomePage,
    ProjectContact,
    ProjectEntity,
    ProjectIndexPage,
    ProjectPage,
    StandardPage,
    TransformationType,
)
from project_pages.vocabularies import AreaCode, EntityKind, Phase

# (municipality, county/region, country, population, latitude, longitude): the
# places of the entities the factories and the demo make. The places of the first
# sequence numbers come first; later ones (more Catalan counties, every size band,
# more places abroad) were appended so that those stay.
PLACES: list[tuple[str, str, str, int, float, float]] = [
    (
        row["name"],
        row["county"],
        row["country"],
        row["population"],
        row["latitude"],
        row["longitude"],
    )
    for row in read_demo_data("places.json")
]

TECHNOLOGIES = [
    ("Decidim", "platform", True, "https://decidim.org"),
    ("Consul Democracy", "platform", True, "https://consuldemocracy.org"),
    ("Chatbot", "software", False, ""),
    ("RPA", "tool", False, ""),
    ("CKAN", "platform", True, "https://ckan.org"),
    ("Power BI", "tool", False, ""),
    ("QGIS", "software", True, "https://qgis.org"),
    ("Design thinking", "method", True, ""),
    ("IoT sensors", "tool", False, ""),
    ("Blockchain", "platform", False, ""),
]


def _place(n: int):
    return PLACES[n % len(PLACES)]


class EntityFactory(DjangoModelFactory):
    class Meta:
        model = Entity
        django_get_or_create = ("name", "country")

    name = factory.Sequence(lambda n: f"Ajuntament de {_place(n)[0]} {n}")
    kind = EntityKind.MUNICIPALITY
    municipality = factory.Sequence(lambda n: _place(n)[0])
    region = factory.Sequence(lambda n: _place(n)[1])
    country = factory.Sequence(lambda n: _place(n)[2])
    population = factory.Sequence(lambda n: _place(n)[3])
    latitude = factory.Sequence(lambda n: _place(n)[4])
    longitude = factory.Sequence(lambda n: _place(n)[5])


def analysis_value(rng: random.Random | None = None, size: int = 2) -> list[dict]:
    """A realistic analysis stream: barriers, benefits, technologies, methodology."""
    rng = rng or random.Random(0)
    blocks: list[dict] = []
    for i in range(size):
        blocks.append(
            {
                "type": "barrier",
                "value": {
                    "title": f"Resistència al canvi {i + 1}",
                    "description": "Part del personal desconfiava de l'eina nova.",
                    "mitigation": (
                        "Formació en petits grups i un referent a cada servei."
                    ),
                },
            }
        )
        blocks.append(
            {
                "type": "benefit",
                "value": {
                    "title": f"Menys temps d'espera {i + 1}",
                    "description": "Els veïns fan el tràmit des de casa.",
                    "indicator": f"{rng.randint(20, 90)} % dels tràmits en línia",
                },
            }
        )
        name, kind, open_source, url = rng.choice(TECHNOLOGIES)
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
    blocks.append(
        {
            "type": "methodology",
            "value": "Cocreació amb el veïnat i un pilot de tres mesos.",
        }
    )
    return blocks


def documentation_value(size: int = 2) -> list[dict]:
    blocks: list[dict] = []
    for i in range(size):
        blocks.append(
            {
                "type": "video",
                "value": {
                    "title": f"Vídeo de presentació {i + 1}",
                    "url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
                },
            }
        )
        blocks.append(
            {
                "type": "link",
                "value": {
                    "kind": "article",
                    "title": f"Article {i + 1}",
                    "url": f"https://example.org/article-{i + 1}",
                },
            }
        )
    return blocks


class HomePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = HomePage

    title = "Observatori"
    intro = "Projectes de transformació digital local."


class ProjectIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ProjectIndexPage

    title = "Projectes"
    intro = "Tots els projectes."


class ArticleIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ArticleIndexPage

    title = "Articles"


class ArticlePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ArticlePage

    title = factory.Sequence(lambda n: f"Comunitats de pràctica {n}")
    date = factory.LazyFunction(datetime.date.today)
    author = "Equip de l'Observatori"
    intro = "Per què els treballadors públics han de ser presents a la xarxa."
    body = factory.LazyFunction(
        lambda: [
            {
                "type": "paragraph",
                "value": "<p>Les comunitats de pràctica connecten "
                "professionals amb un mateix repte.</p>",
            },
            {
                "type": "quote",
                "value": {
                    "text": "Compartir és aprendre.",
                    "attribution": "Una secretària municipal",
                },
            },
        ]
    )


class StandardPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = StandardPage

    title = factory.Sequence(lambda n: f"Sobre l'observatori {n}")
    intro = "Qui som i com treballem."
    body = factory.LazyFunction(
        lambda: [
            {
                "type": "paragraph",
                "value": "<p>Criteris d'acceptació dels projectes.</p>",
            }
        ]
    )


class ProjectPageFactory(wagtail_factories.PageFactory):
    """A complete, valid project file; ``entities``, ``areas`` and ``types`` lists
    can be passed to choose them, ``contacts=n`` adds n contacts."""

    class Meta:
        model = ProjectPage
        skip_postgeneration_save = True  # each hook saves what it changed

    title = factory.Sequence(lambda n: f"Assistent virtual per al padró {n}")
    summary = (
        "Un assistent virtual respon les preguntes sobre el padró i "
        "redueix les trucades a l'oficina d'atenció ciutadana."
    )
    description = (
        "L'ajuntament va posar en marxa un assistent virtual.\n\n"
        "Funciona 24 hores i deriva els casos complexos al personal."
    )
    value = "Atenció ràpida a qualsevol hora i personal lliure per als casos difícils."
    savings_amount_eur = 12000
    savings_hours = 800
    savings_notes = "Trucades ateses abans i després, durant sis mesos."
    phase = Phase.PRODUCTION
    start_date = datetime.date(2023, 1, 15)
    end_date = datetime.date(2024, 6, 30)
    plan = "Pla de transformació digital 2023-2026"
    scope = "Oficina d'atenció ciutadana i web municipal."
    analysis = factory.LazyFunction(analysis_value)
    objectives = factory.LazyFunction(
        lambda: [
            {"type": "general", "value": "Millorar l'atenció ciutadana."},
            {
                "type": "operational",
                "value": "Respondre el 60 % de consultes sense espera.",
            },
        ]
    )
    milestones = factory.LazyFunction(
        lambda: [
            {
                "type": "milestone",
                "value": {
                    "name": "Pilot",
                    "start": "2023-01-15",
                    "end": "2023-06-30",
                    "status": "done",
                },
            },
            {
                "type": "milestone",
                "value": {
                    "name": "Producció",
                    "start": "2023-07-01",
                    "end": None,
                    "status": "in_progress",
                },
            },
        ]
    )
    documentation = factory.LazyFunction(documentation_value)

    @factory.post_generation
    def entities(self, create, extracted, **kwargs):
        entities = extracted if extracted is not None else [EntityFactory()]
        for order, entity in enumerate(entities):
            self.project_entities.add(ProjectEntity(entity=entity, sort_order=order))
        if create:
            self.save()

    @factory.post_generation
    def areas(self, create, extracted, **kwargs):
        codes = extracted if extracted is not None else [AreaCode.CITIZEN_ATTENTION]
        self.areas.set(Area.objects.filter(code__in=list(codes)))
        if create:
            self.save()

    @factory.post_generation
    def types(self, create, extracted, **kwargs):
        codes = extracted if extracted is not None else ["service_journey"]
        self.transformation_types.set(
            TransformationType.objects.filter(code__in=list(codes))
        )
        if create:
            self.save()

    @factory.post_generation
    def contacts(self, create, extracted, **kwargs):
        for i in range(extracted if extracted is not None else 1):
            self.contacts.add(
                ProjectContact(
                    name=f"Marta Puig {i}",
                    role="Cap de servei",
                    department="Atenció ciutadana",
                    email=f"marta.puig{i}@ajuntament.example",
                    phone="+34 938 000 000",
                )
            )
        if create:
            self.save()

    @factory.post_generation
    def tag_names(self, create, extracted, **kwargs):
        self.tags.add(*(extracted if extracted is not None else ["chatbot"]))
        if create:
            self.save()


class ProjectContactFactory(DjangoModelFactory):
    class Meta:
        model = ProjectContact

    page = factory.SubFactory(ProjectPageFactory)
    name = "Jordi Serra"
    role = "Tècnic de sistemes"
    email = "jordi.serra@ajuntament.example"
