"""The public pages as a visitor sees them, in Catalan, Spanish and English."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import wagtail_factories
from django.conf import settings
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.core.management import call_command
from django.core.signals import setting_changed
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.models import Collection, Locale

from core.caching import tree_version
from machine_translation.tests.test_apertium import needs_apertium
from project_pages.factories import (
    ArticlePageFactory,
    EntityFactory,
    ProjectPageFactory,
    StandardPageFactory,
)
from tests.helpers import osona_entities

CONTACT = {
    "name": "Montserrat Vilaregut",
    "email": "m.vilaregut@ajuntament.example",
    "phone": "+34 938 123 456",
}


@pytest.fixture(scope="session", autouse=True)
def compiled_messages():
    """Compile the .po files when their .mo is missing or stale (they are not
    committed; the Makefile compiles them), then drop cached catalogs."""
    locale_dir = Path(settings.BASE_DIR) / "locale"
    stale = [
        po
        for po in locale_dir.glob("*/LC_MESSAGES/django.po")
        if not po.with_suffix(".mo").exists()
        or po.with_suffix(".mo").stat().st_mtime < po.stat().st_mtime
    ]
    if stale:
        call_command(
            "compilemessages",
            locale=[p.parent.parent.name for p in stale],
            ignore_patterns=[".venv/*", "node_modules/*"],
            verbosity=0,
        )
        # Django's own hook for changed locale settings forgets loaded catalogs.
        setting_changed.send(
            sender=settings._wrapped.__class__,
            setting="LOCALE_PATHS",
            value=settings.LOCALE_PATHS,
            enter=False,
        )


class Outline(HTMLParser):
    """Headings, landmarks and texts of a page, as assistive technology sees them."""

    LANDMARKS = {"header", "nav", "main", "footer"}

    def __init__(self):
        super().__init__()
        self.headings: list[int] = []
        self.landmarks: list[str] = []
        self.iframes: list[dict] = []
        self.links: list[dict] = []
        self.html_lang = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.html_lang = attrs.get("lang")
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag in self.LANDMARKS:
            self.landmarks.append(tag)
        if tag == "iframe":
            self.iframes.append(attrs)
        if tag == "a":
            self.links.append(attrs)


def outline(response) -> Outline:
    parser = Outline()
    parser.feed(response.content.decode())
    return parser


def assert_accessible_outline(response, language: str) -> None:
    page = outline(response)
    assert page.html_lang == language
    assert page.headings.count(1) == 1, page.headings
    assert page.headings[0] == 1
    for previous, current in zip(page.headings, page.headings[1:], strict=False):
        assert current <= previous + 1, f"heading level jumps: {page.headings}"
    assert {"header", "nav", "main", "footer"} <= set(page.landmarks)


def text_of(response) -> str:
    return response.content.decode()


@pytest.fixture
def root_collection(db):
    return Collection.get_first_root_node()


def media_blocks(collection, count: int) -> list[dict]:
    """`count` blocks of each kind of level 6, with real images and documents."""
    blocks = []
    for i in range(count):
        image = wagtail_factories.ImageFactory(
            collection=collection, title=f"Foto del taller {i}"
        )
        document = wagtail_factories.DocumentFactory(
            collection=collection, title=f"Memòria del projecte {i}"
        )
        blocks += [
            {
                "type": "video",
                "value": {
                    "title": f"Vídeo {i}",
                    "url": f"https://youtu.be/dQw4w9WgXc{i % 10}",
                },
            },
            {"type": "document", "value": {"document": document.pk, "title": ""}},
            {"type": "image", "value": {"image": image.pk, "caption": f"Taller {i}"}},
            {
                "type": "link",
                "value": {
                    "kind": "demo",
                    "title": f"Demostració {i}",
                    "url": f"https://demo.example/{i}",
                },
            },
        ]
    return blocks


def analysis_blocks(count: int) -> list[dict]:
    """`count` analysis blocks cycling through barrier, benefit and technology."""
    kinds = [
        (
            "barrier",
            lambda i: {
                "title": f"Barrera {i}",
                "description": "Poc temps del personal.",
                "mitigation": f"Superada amb formació {i}",
            },
        ),
        (
            "benefit",
            lambda i: {
                "title": f"Benefici {i}",
                "description": "Menys cues.",
                "indicator": f"Indicador {i}: 40 % menys trucades",
            },
        ),
        (
            "technology",
            lambda i: {
                "name": f"Eina {i}",
                "kind": "platform",
                "open_source": i % 2 == 0,
                "url": f"https://tool.example/{i}",
            },
        ),
    ]
    blocks = [
        {"type": kinds[i % 3][0], "value": kinds[i % 3][1](i)} for i in range(count - 1)
    ]
    return [*blocks, {"type": "methodology", "value": "Cocreació en tres tallers."}]


@pytest.fixture
def rich_project(project_index, root_collection):
    entities = osona_entities()
    page = ProjectPageFactory(
        parent=project_index,
        title="Assistent virtual del padró",
        entities=entities,
        areas=["citizen_attention", "services_procedures"],
        analysis=[
            {
                "type": "barrier",
                "value": {
                    "title": "Desconfiança del personal",
                    "description": "Por que l'eina substituís llocs de treball.",
                    "mitigation": "Sessions de formació en grups petits",
                },
            },
            {
                "type": "benefit",
                "value": {
                    "title": "Menys trucades",
                    "description": "",
                    "indicator": "Trucades al padró: −45 % en sis mesos",
                },
            },
            {
                "type": "technology",
                "value": {
                    "name": "Rasa",
                    "kind": "software",
                    "open_source": True,
                    "url": "https://rasa.com",
                },
            },
            {"type": "methodology", "value": "Prototip en sis setmanes i pilot."},
        ],
        milestones=[
            {
                "type": "milestone",
                "value": {
                    "name": "Pilot a l'OAC",
                    "start": "2023-02-01",
                    "end": "2023-05-31",
                    "status": "done",
                },
            }
        ],
        documentation=[
            {
                "type": "video",
                "value": {
                    "title": "Presentació",
                    "url": "https://www.youtube.com/watch?v=abc123XYZ_0",
                },
            },
            {
                "type": "link",
                "value": {
                    "kind": "presentation",
                    "title": "Diapositives de la jornada",
                    "url": "https://slides.example/padro",
                },
            },
            *media_blocks(root_collection, 1)[1:3],
        ],
        contacts=0,
        tag_names=["chatbot", "padró"],
    )
    page.contacts.create(role="Cap de l'OAC", department="Atenció ciutadana", **CONTACT)
    return page


# Rendering in the three languages ------------------------------------------------

INTERFACE = {
    # language: (a string of the base layout, a string of the home page)
    "ca": ("Salta al contingut", "Darrers projectes publicats"),
    "es": ("Saltar al contenido", "Últimos proyectos"),
    "en": ("Skip to content", "Latest project files"),
}


@pytest.mark.parametrize("language", ["ca", "es", "en"])
def test_home_page_speaks_the_visitors_language(client, site_pages, language):
    response = client.get(f"/{language}/")
    assert response.status_code == 200
    layout, home = INTERFACE[language]
    assert layout in text_of(response)
    assert home in text_of(response)
    assert_accessible_outline(response, language)


@pytest.mark.parametrize("language", ["ca", "es", "en"])
def test_project_index_and_project_page_render_in_every_language(
    client, site_pages, language
):
    index = site_pages["projects"][language]
    project = ProjectPageFactory(parent=index, title=f"Projecte {language}")
    response = client.get(index.url)
    assert response.status_code == 200
    assert project.title in text_of(response)
    assert_accessible_outline(response, language)

    response = client.get(project.url)
    assert response.status_code == 200
    assert_accessible_outline(response, language)
    with translation.override(language):
        at_a_glance = translation.gettext("At a glance")
    assert at_a_glance in text_of(response)
    if language != "en":
        assert at_a_glance != "At a glance", "interface string not translated"


def test_home_lists_the_ways_in_by_area_and_by_proximity(client, site_pages):
    response = client.get("/ca/")
    html = text_of(response)
    search_url = "/ca/cerca/"  # the search page
    for code in [
        "citizen_attention",
        "services_procedures",
        "social_services",
        "participation_open_government",
        "planning_management",
        "integral_transformation",
    ]:
        assert f'href="{search_url}?area={code}"' in html
    assert "Participació i govern obert" in html
    assert f'action="{search_url}"' in html
    assert '<label for="near-place">' in html


def test_article_and_standard_pages_render(client, site_pages):
    home = site_pages["home"]["ca"]
    article = ArticlePageFactory(
        parent=site_pages["articles"]["ca"], title="Comunitats de pràctica"
    )
    standard = StandardPageFactory(parent=home, title="Com enviar un projecte")
    for page in (article, standard):
        response = client.get(page.url)
        assert response.status_code == 200
        assert page.title in text_of(response)
        assert_accessible_outline(response, "ca")
    response = client.get(article.url)
    assert "Compartir és aprendre." in text_of(response)  # the quote block
    response = client.get(site_pages["articles"]["ca"].url)
    assert article.title in text_of(response)


def test_missing_page_has_the_site_layout(client, site_pages):
    response = client.get("/es/no-existe/")
    assert response.status_code == 404
    assert "Página no encontrada" in text_of(response)
    assert_accessible_outline(response, "es")


# The project page -----------------------------------------------------------------


def test_project_page_shows_every_level(client, rich_project):
    response = client.get(rich_project.url)
    html = text_of(response)
    # key facts: lead, place, size, phase, savings
    facts = html.split('class="key-facts"')[1].split("</section>")[0]
    for fact in [
        "Ajuntament de Manlleu",
        "Manlleu, Osona",
        "21.000 habitants",
        "En producció",
        "12.000 € l’any",
        "800 hores de feina l’any",
        "Atenció ciutadana",
    ]:
        assert fact in facts, fact
    # level 2: every entity, lead marked
    assert "Consell Comarcal d&#x27;Osona" in html
    assert "Lidera el projecte" in html
    # level 3
    assert "Trucades ateses abans i després" in html
    # level 4: barrier with its mitigation, benefit indicator, open source tool
    assert "Desconfiança del personal" in html
    assert "Sessions de formació en grups petits" in html
    assert "Com es va superar" in html
    assert "Trucades al padró: −45 % en sis mesos" in html
    tool = html.split("Rasa</a>")[1].split("</article>")[0]
    assert "Codi obert" in tool
    assert "Prototip en sis setmanes i pilot." in html
    # level 5: milestone row
    assert re.search(r'<th scope="row">Pilot a l&#x27;OAC</th>', html)
    assert 'class="status status--done">Fet</span>' in html
    # level 6: embedded video without tracking, link, document, image
    frames = outline(response).iframes
    assert frames and frames[0]["src"] == (
        "https://www.youtube-nocookie.com/embed/abc123XYZ_0"
    )
    assert frames[0]["title"] == "Presentació"
    assert frames[0]["loading"] == "lazy"
    assert 'href="https://slides.example/padro"' in html
    assert "Memòria del projecte 0" in html
    assert re.search(r'<img [^>]*alt="Foto del taller 0"', html)
    assert "padró" in html.split('id="documentation"')[1]  # tags


def test_contacts_are_never_in_public_html(client, rich_project, site_pages):
    pages = [
        rich_project.url,
        site_pages["projects"]["ca"].url,
        site_pages["home"]["ca"].url,
    ]
    for url in pages:
        html = text_of(client.get(url))
        assert rich_project.title in html, url
        for value in CONTACT.values():
            assert value not in html, (url, value)
        assert "mailto:" not in html
    html = text_of(client.get(rich_project.url))
    assert 'id="contact"' in html
    assert "L’observatori fa arribar el vostre missatge" in html


@needs_apertium
def test_language_switcher_links_to_translations(client, rich_project):
    spanish = rich_project.copy_for_translation(Locale.objects.get(language_code="es"))
    spanish.title = "Asistente virtual del padrón"
    spanish.save_revision().publish()
    response = client.get(rich_project.url)
    links = {
        link.get("hreflang"): link
        for link in outline(response).links
        if "hreflang" in link
    }
    assert links["ca"]["href"] == rich_project.url
    assert links["ca"].get("aria-current") == "page"
    assert links["es"]["href"] == spanish.url
    # No English translation: its machine translation, and the entry says so,
    # in English (without an engine: the nearest English page, see
    # tests/test_language_switcher.py).
    assert links["en"]["href"] == f"/en/machine-translation/{rich_project.pk}/"
    assert links["en"]["title"] == (
        "This page has no version in this language yet. The link goes to its "
        "machine translation."
    )
    assert "aria-current" not in links["es"]
    assert '<a href="/es/' in text_of(response)
    assert ">Español</a>" in text_of(response)
    assert ">English — machine translation</a>" in text_of(response)

    response = client.get(spanish.url)
    links = {
        link.get("hreflang"): link
        for link in outline(response).links
        if "hreflang" in link
    }
    assert links["ca"]["href"] == rich_project.url
    assert links["es"].get("aria-current") == "page"


def test_drafts_are_not_listed(client, project_index, site_pages):
    published = ProjectPageFactory(parent=project_index, title="Projecte publicat")
    draft = ProjectPageFactory(parent=project_index, title="Esborrany secret")
    draft.unpublish()
    for url in (site_pages["home"]["ca"].url, project_index.url):
        html = text_of(client.get(url))
        assert published.title in html
        assert draft.title not in html


def test_index_paginates(client, project_index):
    for i in range(project_index.specific.page_size + 1):
        ProjectPageFactory(parent=project_index, title=f"Projecte paginat {i:02d}")
    first = text_of(client.get(project_index.url))
    second = text_of(client.get(project_index.url + "?page=2"))
    assert "Projecte paginat 20" in first
    assert "Projecte paginat 00" not in first
    assert "Projecte paginat 00" in second
    assert 'rel="next"' in first
    assert 'rel="prev"' in second


# A constant number of queries ---------------------------------------------------


def count_queries(client, page) -> tuple[int, str]:
    """Queries of a project page whose body is not cached (navigation is warm)."""
    client.get(page.url)  # first view creates the image renditions, fills caches
    fragment = make_template_fragment_key(
        "project_page", [page.pk, "ca", tree_version()]
    )
    assert cache.get(fragment) is not None
    cache.delete(fragment)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(page.url)
    assert response.status_code == 200
    return len(queries), "\n".join(q["sql"] for q in queries.captured_queries)


def count_cached_queries(client, page) -> int:
    client.get(page.url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(page.url).status_code == 200
    return len(queries)


def test_project_page_queries_do_not_grow_with_its_content(
    client, project_index, root_collection
):
    small = ProjectPageFactory(
        parent=project_index,
        title="Projecte petit",
        entities=[EntityFactory()],
        analysis=analysis_blocks(4),
        documentation=media_blocks(root_collection, 1),
    )
    big = ProjectPageFactory(
        parent=project_index,
        title="Projecte gran",
        entities=[EntityFactory() for _ in range(8)],
        areas=["citizen_attention", "social_services", "planning_management"],
        types=["service_journey", "organisation"],
        tag_names=["chatbot", "rpa", "dades obertes", "ia"],
        contacts=5,
        analysis=analysis_blocks(30),
        milestones=[
            {
                "type": "milestone",
                "value": {
                    "name": f"Fita {i}",
                    "start": "2024-01-01",
                    "end": "2024-02-01",
                    "status": "done",
                },
            }
            for i in range(10)
        ],
        documentation=media_blocks(root_collection, 5),
    )
    small_count, small_sql = count_queries(client, small)
    big_count, big_sql = count_queries(client, big)
    html = text_of(client.get(big.url))
    assert html.count('class="item item--barrier"') == 10
    assert html.count("<iframe") == 5
    assert html.count("<img") == 5
    assert big_count == small_count, f"small:\n{small_sql}\n\nbig:\n{big_sql}"
    # The goal is 12 queries: site, root page, index, project, view restrictions
    # (project_pages/routing.py), 4 prefetches (entities, areas, types, tags), 3 for
    # the media (documents, images, renditions); navigation and language links come
    # from the cache once warm. A new query per item would show here.
    assert big_count <= 12, big_sql
    # Once its body is cached, a page costs only the routing: 5 queries.
    assert count_cached_queries(client, big) == count_cached_queries(client, small)
    assert count_cached_queries(client, big) <= 5


def test_server_error_page_needs_no_request_or_database():
    """Django renders 500.html without context processors when things are broken.

    No database fixture: pytest-django fails the test if the template queries.
    """
    from django.template import loader

    html = loader.get_template("500.html").render()
    assert '<html lang="ca">' in html
    assert "<h1>" in html and "<main" in html
    assert 'lang="es"' in html and 'lang="en"' in html


# Finding the search from anywhere ------------------------------------------------


@pytest.mark.parametrize(
    ("language", "action", "label"),
    [
        ("ca", "/ca/cerca/", "Cerca fitxes de projecte"),
        ("es", "/es/buscar/", "Buscar fichas de proyecto"),
        ("en", "/en/search/", "Search project files"),
    ],
)
def test_every_page_has_a_search_box_in_its_header(
    client, site_pages, language, action, label
):
    index = site_pages["projects"][language]
    project = ProjectPageFactory(parent=index, title=f"Projecte {language}")
    for url in (f"/{language}/", index.url, project.url, f"/{language}/no-such/"):
        html = client.get(url).content.decode()
        header = html.split('<header class="site-header">')[1].split("</header>")[0]
        form = re.search(r'<form class="site-search"[^>]*>(.*?)</form>', header, re.S)
        assert form, url
        assert f'action="{action}"' in form.group(0) and 'method="get"' in form.group(0)
        assert (
            f'<label class="visually-hidden" for="site-search-q">{label}</label>'
            in (form.group(1))
        )
        assert 'name="q"' in form.group(1)
        # The phone's icon link to the same page, named by hidden text.
        assert f'href="{action}#search-q"' in header


def test_the_project_index_counts_the_files_of_every_language(client, site_pages):
    indexes = site_pages["projects"]
    english = ProjectPageFactory(parent=indexes["en"], title="Open data portal")
    catalan = [
        ProjectPageFactory(parent=indexes["ca"], title=f"Projecte {n}")
        for n in range(3)
    ]
    # A translation is the same project file: counted once, as the search does.
    spanish = catalan[0].copy_for_translation(indexes["es"].locale)
    spanish.save_revision().publish()
    html = text_of(client.get(indexes["en"].url))
    assert english.title in html
    count = re.search(r'<p class="count">(.*?)</p>', html).group(1)
    assert count == (
        '1 project file in English · <a href="/en/search/">4 in all languages — '
        "search them all</a>"
    )
    count = re.search(
        r'<p class="count">(.*?)</p>', text_of(client.get(indexes["ca"].url))
    )
    assert count.group(1).startswith(
        '3 fitxes de projecte en català · <a href="/ca/cerca/">4 en totes les llengües'
    )
