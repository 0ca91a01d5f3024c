"""The fixed set of project files every engine is tested on (the contract data)."""

import datetime
import uuid

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from project_pages.factories import EntityFactory, ProjectPageFactory
from project_pages.models import ProjectPage
from search.documents import all_documents
from search.engines import configured_engines

# key: (municipality, country, population, lat, lon)
PLACES = {
    "manlleu": ("Manlleu", "ES", 21_000, 42.0016, 2.2843),
    "vic": ("Vic", "ES", 47_000, 41.9304, 2.2545),
    "barcelona": ("Barcelona", "ES", 1_660_000, 41.3888, 2.1590),
    "tallinn": ("Tallinn", "EE", 438_000, 59.4370, 24.7536),
    "tremp": ("Tremp", "ES", 6_000, 42.1667, 0.8947),
    "rupit": ("Rupit i Pruit", "ES", 270, 42.0253, 2.4653),
    "lleida": ("Lleida", "ES", 140_000, 41.6176, 0.6200),
    "bologna": ("Bologna", "IT", 390_000, 44.4949, 11.3426),
    "gandesa": ("Gandesa", "ES", 3_000, 41.0526, 0.4370),
    "andorra": ("Andorra la Vella", "AD", 23_000, 42.5078, 1.5211),
    "falset": ("Falset", "ES", 2_900, 41.1450, 0.8192),
}

# key, language, title, summary, body, areas, types, phase, places, technologies, tags
PROJECTS = [
    ("P1", "ca", "Assistent virtual per al padró",
     "Resol tràmits del padró a qualsevol hora.", "Un xatbot respon consultes.",
     ["citizen_attention"], ["service_journey"], "production", ["manlleu"],
     ["Chatbot"], ["chatbot"]),
    ("P2", "ca", "Portal de participació ciutadana",
     "Pressupostos participatius amb el veïnat.", "Votacions en línia i debats.",
     ["participation_open_government"], ["service_journey"], "pilot", ["vic"],
     ["Decidim"], ["participació"]),
    ("P3", "es", "Plataforma de participación ciudadana",
     "Presupuestos participativos en la ciudad.", "Debates y votaciones.",
     ["participation_open_government"], ["organisation"], "production",
     ["barcelona"], ["Decidim", "Consul Democracy"], ["datos abiertos"]),
    ("P4", "en", "Open data portal", "Datasets published for reuse.",
     "Citizens download budgets.", ["participation_open_government"],
     ["processes_procedures"], "production", ["tallinn"], ["CKAN"], ["open data"]),
    ("P5", "ca", "Robotització de tràmits",
     "Robots de programari per a la gestió d'expedients.",
     "Automatització de tasques repetitives.", ["services_procedures"],
     ["processes_procedures"], "prototype", ["tremp"], ["RPA"], ["rpa"]),
    ("P6", "ca", "Teleassistència per a la gent gran",
     "Sensors a casa de persones grans.", "Alertes a les famílies.",
     ["social_services"], ["service_journey"], "pilot", ["rupit"],
     ["IoT sensors"], ["gent gran"]),
    ("P7", "es", "Cuadro de mando municipal", "Indicadores para decidir.",
     "Datos de gestión en tiempo real.", ["planning_management"], ["organisation"],
     "production", ["lleida"], ["Power BI"], ["datos abiertos"]),
    ("P8", "en", "Citizen participation in Bologna",
     "Neighbourhood labs for co-design.", "Workshops with residents.",
     ["participation_open_government"], ["organisation"], "prototype",
     ["bologna"], ["Design thinking"], ["co-design"]),
    ("P9", "ca", "Oficina sense papers",
     "Expedients electrònics a tota l'administració.", "Formació del personal.",
     ["integral_transformation", "services_procedures"],
     ["organisation", "processes_procedures"], "production",
     ["gandesa", "andorra"], ["Gestor documental"], ["paperless"]),
    ("P10", "ca", "Gestió documental electrònica", "Arxiu digital municipal.",
     "Els veïns fan cada tràmit des de casa amb participació activa.",
     ["services_procedures"], ["processes_procedures"], "production", ["falset"],
     [], []),
]  # fmt: skip

HIDDEN = [
    # A draft and a private page: never in results or counts.
    ("draft", "ca", "Participació esborrany", "Tràmits en preparació.", "",
     ["participation_open_government"], ["service_journey"], "pilot", ["vic"],
     ["Decidim"], ["participació"]),
    ("private", "ca", "Participació privada", "Tràmits interns.", "",
     ["participation_open_government"], ["service_journey"], "production",
     ["manlleu"], ["Decidim"], ["participació"]),
]  # fmt: skip


def entity_for(key: str):
    municipality, country, population, lat, lon = PLACES[key]
    return EntityFactory(
        name=f"Ajuntament de {municipality}",
        municipality=municipality,
        country=country,
        population=population,
        latitude=lat,
        longitude=lon,
    )


def make_project(indexes, spec, *, live=True, published=None) -> ProjectPage:
    (_key, language, title, summary, body, areas, types, phase, places, techs, tags) = (
        spec
    )
    analysis = [
        {
            "type": "technology",
            "value": {"name": name, "kind": "", "open_source": False, "url": ""},
        }
        for name in techs
    ]
    page = ProjectPageFactory(
        parent=indexes[language],
        title=title,
        summary=summary,
        description=body,
        value="",
        scope="",
        plan="",
        savings_notes="",
        analysis=analysis,
        objectives=[],
        documentation=[],
        phase=phase,
        live=live,
        entities=[entity_for(key) for key in places],
        areas=areas,
        types=types,
        tag_names=tags,
        contacts=0,
    )
    if published is not None:
        ProjectPage.objects.filter(pk=page.pk).update(first_published_at=published)
    return page


def build_projects(indexes) -> dict[str, ProjectPage]:
    """The contract's project files under the project indexes (one per language)."""
    start = datetime.datetime(2024, 1, 10, tzinfo=datetime.UTC)
    pages = {
        spec[0]: make_project(
            indexes, spec, published=start + datetime.timedelta(days=30 * n)
        )
        for n, spec in enumerate(PROJECTS)
    }
    pages["draft"] = make_project(indexes, HIDDEN[0], live=False)
    pages["private"] = make_project(indexes, HIDDEN[1], published=timezone.now())
    PageViewRestriction.objects.create(
        page=pages["private"], restriction_type="password", password="secret"
    )
    return pages


@pytest.fixture
def projects(site_pages) -> dict[str, ProjectPage]:
    return build_projects(site_pages["projects"])


@pytest.fixture(scope="module")
def module_projects(django_db_setup, django_db_blocker) -> dict[str, ProjectPage]:
    """The contract data, built once for a module of tests that only read it.

    It lives in a transaction rolled back after the module's last test; each test
    runs in a savepoint inside it (the module asks for ``db``), so a test that
    writes by accident still leaves nothing behind. Building the data and its
    search documents costs a second or two: a module of 80 queries saves minutes.
    """
    from django.core.cache import cache
    from django.db import transaction

    from project_pages.site_structure import ensure_site_structure

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            cache.clear()
            yield build_projects(ensure_site_structure()["projects"])
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(scope="module", params=list(configured_engines()))
def module_engine(request, module_projects):
    """Each configured engine in turn, holding the contract data for a module of
    tests that only read (they alias it as ``engine``; see test_contract_queries)."""
    engine = configured_engines()[request.param]
    engine.rebuild(all_documents())
    yield engine
    engine.rebuild([])


@pytest.fixture(scope="session", autouse=True)
def elasticsearch_test_index():
    """Elasticsearch indices of this run only (``test-observatory-<uuid>``), so runs
    sharing a node never collide; dropped at the end."""
    from django.conf import settings
    from django.test import override_settings

    prefix = f"test-observatory-{uuid.uuid4().hex[:12]}"
    override = override_settings(ELASTICSEARCH_INDEX=prefix)
    override.enable()
    yield prefix
    override.disable()
    if settings.ELASTICSEARCH_URL:
        from elasticsearch import Elasticsearch

        client = Elasticsearch(settings.ELASTICSEARCH_URL, request_timeout=30)
        names = list(client.indices.get(index=f"{prefix}*", ignore_unavailable=True))
        if names:
            client.indices.delete(index=",".join(names), ignore_unavailable=True)
        client.close()


@pytest.fixture(params=list(configured_engines()))
def engine(request, db):
    """Each configured engine in turn, empty (see search.engines.ENGINES)."""
    engine = configured_engines()[request.param]
    engine.rebuild([])
    yield engine
    engine.rebuild([])


@pytest.fixture
def indexed(engine, projects):
    """The contract data, indexed in the engine under test."""
    engine.rebuild(all_documents())
    return projects


@pytest.fixture(autouse=True)
def fresh_breakers():
    """Each test starts with every Elasticsearch circuit closed: an outage one
    test simulates must not leave the next one skipping the node."""
    from search.engines.breaker import reset_breakers

    reset_breakers()
    yield
    reset_breakers()
