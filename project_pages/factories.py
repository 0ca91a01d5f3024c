"""One factory per model; tests and the demo loader build on them."""

import datetime
import random

import factory
import wagtail_factories
from factory.django import DjangoModelFactory

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

# (municipality, county/region, country, population, latitude, longitude)
PLACES = [
    ("Barcelona", "Barcelonès", "ES", 1_660_000, 41.3888, 2.1590),
    ("L'Hospitalet de Llobregat", "Barcelonès", "ES", 274_000, 41.3597, 2.0997),
    ("Terrassa", "Vallès Occidental", "ES", 224_000, 41.5610, 2.0089),
    ("Sabadell", "Vallès Occidental", "ES", 216_000, 41.5433, 2.1094),
    ("Lleida", "Segrià", "ES", 140_000, 41.6176, 0.6200),
    ("Tarragona", "Tarragonès", "ES", 136_000, 41.1189, 1.2445),
    ("Mataró", "Maresme", "ES", 129_000, 41.5381, 2.4445),
    ("Girona", "Gironès", "ES", 103_000, 41.9794, 2.8214),
    ("Sant Cugat del Vallès", "Vallès Occidental", "ES", 93_000, 41.4722, 2.0864),
    ("Manresa", "Bages", "ES", 78_000, 41.7250, 1.8266),
    ("Granollers", "Vallès Oriental", "ES", 62_000, 41.6079, 2.2874),
    ("Vic", "Osona", "ES", 47_000, 41.9304, 2.2545),
    ("Figueres", "Alt Empordà", "ES", 47_000, 42.2667, 2.9617),
    ("Olot", "Garrotxa", "ES", 36_000, 42.1822, 2.4890),
    ("Manlleu", "Osona", "ES", 21_000, 42.0016, 2.2843),
    ("Banyoles", "Pla de l'Estany", "ES", 20_000, 42.1167, 2.7667),
    ("Tàrrega", "Urgell", "ES", 17_000, 41.6468, 1.1397),
    ("Berga", "Berguedà", "ES", 17_000, 42.1051, 1.8458),
    ("La Seu d'Urgell", "Alt Urgell", "ES", 13_000, 42.3584, 1.4614),
    ("Ripoll", "Ripollès", "ES", 11_000, 42.2013, 2.1903),
    ("Puigcerdà", "Cerdanya", "ES", 9_500, 42.4317, 1.9280),
    ("Solsona", "Solsonès", "ES", 9_000, 41.9940, 1.5170),
    ("Tremp", "Pallars Jussà", "ES", 6_000, 42.1667, 0.8947),
    ("Vielha e Mijaran", "Aran", "ES", 5_600, 42.7017, 0.7956),
    ("Gandesa", "Terra Alta", "ES", 3_000, 41.0526, 0.4370),
    ("Falset", "Priorat", "ES", 2_900, 41.1450, 0.8192),
    ("Sort", "Pallars Sobirà", "ES", 2_300, 42.4131, 1.1300),
    ("Cabanes", "Alt Empordà", "ES", 970, 42.3080, 2.9790),
    ("Rupit i Pruit", "Osona", "ES", 270, 42.0253, 2.4653),
    ("Andorra la Vella", "Andorra la Vella", "AD", 23_000, 42.5078, 1.5211),
    ("Tallinn", "Harju", "EE", 438_000, 59.4370, 24.7536),
    ("Bologna", "Emilia-Romagna", "IT", 390_000, 44.4949, 11.3426),
    ("Grenoble", "Auvergne-Rhône-Alpes", "FR", 157_000, 45.1885, 5.7245),
    ("Gent", "Oost-Vlaanderen", "BE", 265_000, 51.0543, 3.7174),
    ("Medellín", "Antioquia", "CO", 2_500_000, 6.2442, -75.5812),
    ("Montevideo", "Montevideo", "UY", 1_300_000, -34.9011, -56.1645),
    # Added for the demo data: more Catalan counties and every size band, and more
    # places abroad (appended, so the places of the first sequence numbers stay).
    ("Badalona", "Barcelonès", "ES", 218_000, 41.4500, 2.2474),
    ("Reus", "Baix Camp", "ES", 104_000, 41.1561, 1.1069),
    ("Cornellà de Llobregat", "Baix Llobregat", "ES", 87_000, 41.3500, 2.0833),
    ("Viladecans", "Baix Llobregat", "ES", 66_000, 41.3141, 2.0143),
    ("Vilanova i la Geltrú", "Garraf", "ES", 66_000, 41.2239, 1.7251),
    ("Igualada", "Anoia", "ES", 39_000, 41.5810, 1.6172),
    ("Vilafranca del Penedès", "Alt Penedès", "ES", 38_000, 41.3462, 1.6971),
    ("Tortosa", "Baix Ebre", "ES", 35_000, 40.8125, 0.5216),
    ("Valls", "Alt Camp", "ES", 25_000, 41.2861, 1.2499),
    ("Palafrugell", "Baix Empordà", "ES", 22_000, 41.9174, 3.1631),
    ("Amposta", "Montsià", "ES", 21_000, 40.7099, 0.5786),
    ("Balaguer", "Noguera", "ES", 17_000, 41.7912, 0.8109),
    ("Mollerussa", "Pla d'Urgell", "ES", 14_000, 41.6333, 0.9000),
    ("Cervera", "Segarra", "ES", 9_000, 41.6700, 1.2721),
    ("Montblanc", "Conca de Barberà", "ES", 7_300, 41.3764, 1.1616),
    ("Móra d'Ebre", "Ribera d'Ebre", "ES", 5_600, 41.0833, 0.6333),
    ("Sant Joan de les Abadesses", "Ripollès", "ES", 3_600, 42.2333, 2.2852),
    ("Cadaqués", "Alt Empordà", "ES", 2_900, 42.2886, 3.2771),
    ("Prats de Lluçanès", "Lluçanès", "ES", 2_700, 42.0167, 2.0333),
    ("Bellver de Cerdanya", "Cerdanya", "ES", 2_200, 42.3667, 1.7833),
    ("Castellfollit de la Roca", "Garrotxa", "ES", 1_000, 42.2197, 2.5495),
    ("Vallbona de les Monges", "Urgell", "ES", 240, 41.5263, 1.0887),
    ("Gósol", "Berguedà", "ES", 220, 42.2370, 1.6601),
    ("Tavertet", "Osona", "ES", 150, 41.9957, 2.4186),
    ("Escaldes-Engordany", "Escaldes-Engordany", "AD", 14_000, 42.5100, 1.5387),
    ("Perpignan", "Occitanie", "FR", 120_000, 42.6976, 2.8954),
    ("Alghero", "Sardegna", "IT", 43_000, 40.5597, 8.3195),
    ("Porto", "Norte", "PT", 232_000, 41.1485, -8.6110),
    ("Braga", "Norte", "PT", 193_000, 41.5514, -8.4231),
    ("Tartu", "Tartu", "EE", 91_000, 58.3806, 26.7251),
    ("Rosario", "Santa Fe", "AR", 1_270_000, -32.9468, -60.6393),
    ("Valparaíso", "Valparaíso", "CL", 300_000, -33.0360, -71.6296),
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
