"""The public search page: it shows what the API returns, in the visitor's language,
and turns bad input into a message (status 200), never an error page."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import translation

from machine_translation.tests.test_apertium import needs_apertium
from search.documents import all_documents
from search.engines.database import DatabaseEngine
from search.tests.conftest import PLACES, PROJECTS, make_project

API = "/api/v1/projects/search/"


@pytest.fixture
def engine(db, monkeypatch):
    from search import service

    engine = DatabaseEngine()
    monkeypatch.setattr(service, "get_engine", lambda: engine)
    return engine


@pytest.fixture
def indexed(engine, site_pages):
    """The contract's ten project files (search/tests/conftest.py), indexed."""
    indexes = site_pages["projects"]
    pages = {spec[0]: make_project(indexes, spec) for spec in PROJECTS}
    engine.rebuild(all_documents())
    return pages


def search_url(language: str) -> str:
    with translation.override(language):
        return reverse("search_page")


def html_of(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def checked_values(html: str, facet: str) -> list[str]:
    return re.findall(rf'name="{facet}" value="([^"]+)" checked', html)


def test_the_page_has_a_url_per_language():
    assert search_url("ca") == "/ca/cerca/"
    assert search_url("es") == "/es/buscar/"
    assert search_url("en") == "/en/search/"


@pytest.mark.parametrize(
    ("language", "heading", "legend", "area_label"),
    [
        ("ca", "Cerca fitxes de projecte", "Àmbit", "Participació i govern obert"),
        (
            "es",
            "Buscar fichas de proyecto",
            "Ámbito",
            "Participación y gobierno abierto",
        ),
        ("en", "Search project files", "Area", "Participation and open government"),
    ],
)
def test_the_page_speaks_the_visitors_language(
    client, indexed, language, heading, legend, area_label
):
    html = html_of(client.get(search_url(language)))
    assert f'<html lang="{language}">' in html
    assert heading in html
    assert f"<legend>{legend}</legend>" in html
    assert area_label in html


def test_switching_language_keeps_the_search(client, indexed):
    html = html_of(
        client.get(
            search_url("ca"),
            {"q": "participació", "area": "participation_open_government", "page": 1},
        )
    )
    switcher = html[html.index('class="language-switcher"') :]
    switcher = switcher[: switcher.index("</ul>")]
    links = dict(re.findall(r'<a href="([^"]+)" lang="(\w+)"', switcher))
    by_language = {code: url.replace("&amp;", "&") for url, code in links.items()}
    spanish = urlsplit(by_language["es"])
    assert spanish.path == "/es/buscar/"
    assert parse_qs(spanish.query) == {
        "q": ["participació"],
        "area": ["participation_open_government"],
        "page": ["1"],
    }
    # The Spanish page answers the same search, labelled in Spanish.
    spanish_html = html_of(client.get(by_language["es"]))
    assert "Participación y gobierno abierto" in spanish_html
    assert checked_values(spanish_html, "area") == ["participation_open_government"]


def test_counts_facets_and_results_are_the_apis(client, indexed):
    params = {"area": "participation_open_government"}
    api = client.get(API, {**params, "lang": "ca"}).json()
    html = html_of(client.get(search_url("ca"), params))
    assert f"{api['count']} fitxes de projecte" in html
    for result in api["results"]:
        assert urlsplit(result["url"]).path in html
        assert result["title"] in html
    for facet, values in api["facets"].items():
        for value in values:
            assert f'value="{value["value"]}"' in html, (facet, value)
            assert (
                f'{value["label"]} <span class="facet__count">({value["count"]})'
                in html
            )
    assert checked_values(html, "area") == ["participation_open_government"]


def test_results_show_entity_municipality_phase_and_areas(client, indexed):
    html = html_of(client.get(search_url("ca"), {"q": "padró"}))
    card = html[html.index('class="card result"') :]
    assert "Assistent virtual per al padró" in card
    assert "Ajuntament de Manlleu" in card
    assert 'class="badge badge--production">En producció' in card
    assert "Atenció ciutadana" in card
    assert "<mark>" in card  # the highlighted snippet


def test_a_municipality_and_radius_filter_by_distance(client, indexed, gazetteer):
    html = html_of(
        client.get(
            search_url("ca"),
            {"place": "Manlleu", "within": "25", "sort": "distance"},
        )
    )
    titles = re.findall(r'class="card__title"><a href="[^"]+"[^>]*>([^<]+)<', html)
    # Manlleu (P1), Vic (P2, 8 km) and Rupit (P6, 17 km), the nearest first.
    assert titles == [
        "Assistent virtual per al padró",
        "Portal de participació ciutadana",
        "Teleassistència per a la gent gran",
    ]
    # Each card names the entity and how far it is.
    assert re.search(
        r'Ajuntament de Vic<span class="result__distance"> · 8,\d km</span>', html
    )
    assert "Manlleu i 25 km al voltant" in html  # the chip
    # Nearest first is the default with a place: the menu shows it, and the
    # form sends no sort unless the visitor picks another order.
    assert re.search(r'<option value="" selected>[^<]*\(per defecte\)', html)
    order = '<span class="search-count__order"> · les més properes primer'
    assert f"fitxes de projecte{order}" in html


def test_outside_catalonia_keeps_projects_with_an_entity_elsewhere(
    client, engine, site_pages, gazetteer
):
    from project_pages.gazetteer import fold
    from project_pages.models import Place

    Place.objects.create(
        geonameid=3122826, name="Fraga", search_name=fold("Fraga"), country="ES",
        region="Aragón", population=15_000, latitude=41.5226, longitude=0.3487,
    )  # fmt: skip
    indexes = site_pages["projects"]
    fraga = (
        "P11", "es", "Sede electrónica comarcal", "Trámites del Bajo Cinca.", "",
        ["services_procedures"], ["processes_procedures"], "production",
        ["fraga"], [], [],
    )  # fmt: skip
    PLACES["fraga"] = ("Fraga", "ES", 15_000, 41.5226, 0.3487)
    try:
        for spec in [*PROJECTS, fraga]:
            make_project(indexes, spec)
    finally:
        del PLACES["fraga"]
    engine.rebuild(all_documents())

    html = html_of(client.get(search_url("en"), {"within": "abroad"}))
    titles = set(re.findall(r'class="card__title"><a href="[^"]+"[^>]*>([^<]+)<', html))
    assert titles == {
        "Open data portal",  # Tallinn
        "Citizen participation in Bologna",
        "Oficina sense papers",  # Gandesa and Andorra la Vella
        "Sede electrónica comarcal",  # Fraga, Aragon: Spain but not Catalonia
    }
    assert "Outside Catalonia or abroad" in html
    # The country facet is not touched: Spain is still there to tick.
    assert 'name="country" value="ES"' in html


def test_chips_remove_one_filter_each(client, indexed):
    html = html_of(
        client.get(
            search_url("en"),
            {
                "q": "participation",
                "area": "participation_open_government",
                "phase": ["pilot", "production"],
            },
        )
    )
    chips = {
        label.strip(): href
        for href, label in re.findall(
            r'<a class="chip" href="\?([^"]*)"><span class="visually-hidden">'
            r"Remove filter: </span>([^<]+)<",
            html,
        )
    }
    assert set(chips) == {
        "“participation”",
        "Area: Participation and open government",
        "Phase: Pilot",
        "Phase: In production",
    }
    without_pilot = parse_qs(chips["Phase: Pilot"].replace("&amp;", "&"))
    assert without_pilot == {
        "q": ["participation"],
        "area": ["participation_open_government"],
        "phase": ["production"],
    }


def test_pagination_keeps_the_search(client, indexed):
    html = html_of(client.get(search_url("ca"), {"page_size": "3", "page": "2"}))
    assert "Pàgina 2 de 4" in html
    assert 'href="?page_size=3&amp;page=3" rel="next"' in html
    assert 'href="?page_size=3&amp;page=1" rel="prev"' in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"place": "Atlantis", "area": "social_services"}, "No coneixem el municipi"),
        ({"area": "no_such_area", "q": "padró"}, "Valor desconegut"),
        ({"q": '"" AND OR'}, "Escriviu almenys una paraula"),
        ({"q": "x" * 10_000}, "200"),
        ({"q": "padr\x00o"}, "caràcters nuls"),
        ({"near": "north"}, "LAT,LON"),
        ({"page": "99"}, "No hi ha la pàgina 99"),
        ({"sort": "distance"}, "ordenar els resultats per distància"),
    ],
)
def test_bad_input_is_a_friendly_message_not_an_error_page(
    client, indexed, gazetteer, params, message
):
    html = html_of(client.get(search_url("ca"), params))
    assert 'class="message message--error" role="alert"' in html
    assert message in html
    if params.get("place"):
        assert 'value="Atlantis"' in html  # the input is kept
        assert checked_values(html, "area") == ["social_services"]
    assert "\x00" not in html
    if params.get("q") == "padró":
        assert checked_values(html, "area") == ["no_such_area"]


def test_the_places_endpoint_is_public_and_gives_names_only(client, db, gazetteer):
    data = client.get(reverse("search:places"), {"q": "man"}).json()
    assert [p["label"] for p in data["results"]] == [
        "Manresa, Catalunya, ES",
        "Manlleu, Catalunya, ES",
    ]
    assert set(data["results"][0]) == {"name", "region", "country", "label"}


def test_home_page_ways_in_land_on_the_search_page(client, site_pages):
    html = html_of(client.get("/es/"))
    assert 'href="/es/buscar/?area=citizen_attention"' in html
    assert 'action="/es/buscar/"' in html
    assert 'name="place"' in html


def test_no_contact_data_on_the_page(client, engine, project_index):
    from project_pages.factories import ProjectPageFactory

    page = ProjectPageFactory(parent=project_index, contacts=2)
    contacts = list(page.contacts.all())
    assert contacts and all(c.email for c in contacts)
    engine.rebuild(all_documents())
    html = html_of(client.get(search_url("ca"), {"q": page.title}))
    assert page.title in html
    for contact in contacts:
        assert contact.email not in html
        assert contact.name not in html
        if contact.phone:
            assert contact.phone not in html


def test_a_card_says_the_language_of_a_page_in_another_one(client, indexed):
    """The Spanish site shows a Catalan project as it is, and says so."""
    html = html_of(client.get(search_url("es"), {"q": "padrón"}))
    card = html[html.index('class="card result"') :]
    assert 'lang="ca" hreflang="ca">Assistent virtual per al padró</a>' in card
    assert '<span class="result__language">en catalán</span>' in card
    english = html_of(client.get(search_url("en"), {"q": "padrón"}))
    assert '<span class="result__language">in Catalan</span>' in english


@needs_apertium
def test_a_card_in_another_language_offers_its_machine_translation(client, indexed):
    """An English visitor is told before clicking, and can read it in English."""
    from project_pages.models import ProjectPage

    page = ProjectPage.objects.get(title="Assistent virtual per al padró")
    for language, words in (
        ("en", "read the machine translation"),
        ("es", "lea la traducción automática"),
    ):
        with translation.override(language):
            url = reverse("machine_translation:project_page", args=(page.pk,))
        html = html_of(client.get(search_url(language), {"q": "padrón"}))
        card = html[html.index('class="card result"') :]
        card = card[: card.index("</h3>")]
        assert (
            f'<span class="result__machine-translation">— <a href="{url}">{words}'
            "</a></span>"
        ) in card
        assert client.get(url).status_code == 200
    catalan = html_of(client.get(search_url("ca"), {"q": "padró"}))
    assert "result__machine-translation" not in catalan


def test_no_machine_translation_is_offered_when_it_is_off(client, indexed, settings):
    settings.MACHINE_TRANSLATION = {**settings.MACHINE_TRANSLATION, "ENABLED": False}
    html = html_of(client.get(search_url("en"), {"q": "padrón"}))
    assert '<span class="result__language">in Catalan</span>' in html
    assert "result__machine-translation" not in html


def test_a_project_and_its_translation_are_one_card(client, engine, indexed):
    from wagtail.models import Locale

    spanish = indexed["P2"].copy_for_translation(
        Locale.objects.get(language_code="es"), copy_parents=False
    )
    spanish.title = "Portal de participación ciudadana"
    spanish.save_revision().publish()
    engine.rebuild(all_documents())

    catalan_site = html_of(client.get(search_url("ca"), {"q": "participació"}))
    assert catalan_site.count("Portal de participació ciutadana</a>") == 1
    assert "Portal de participación ciudadana</a>" not in catalan_site
    assert (
        f'També en: <a href="{spanish.url}" lang="es" hreflang="es">Español</a>'
        in catalan_site
    )
    spanish_site = html_of(client.get(search_url("es"), {"q": "participació"}))
    assert "Portal de participación ciudadana</a>" in spanish_site
    assert "Portal de participació ciutadana</a>" not in spanish_site
    assert 'hreflang="ca">Català</a>' in spanish_site
