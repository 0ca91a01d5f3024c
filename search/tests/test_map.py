"""The map: contacts and unlocated projects, the page in every language, which
keeps the search and never errs. Its JSON against the search API, read-only on
data built once per module: test_map_api.py."""

import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import override_settings

from project_pages.factories import EntityFactory, ProjectPageFactory
from search.documents import all_documents

API = "/api/v1/projects/search/"
MAP_API = "/api/v1/projects/map/"


def map_config(html: str) -> dict:
    found = re.search(
        r'<script id="map-config" type="application/json">(.*?)</script>', html
    )
    return json.loads(found.group(1))


def test_contacts_and_unlocated_projects(client, site_pages, engine, monkeypatch):
    """Contacts are never in the JSON; a project without coordinates counts (the
    API counts it) but has no point."""
    from search import service

    monkeypatch.setattr(service, "get_engine", lambda: engine)
    nowhere = EntityFactory(
        name="Consell Comarcal sense lloc", latitude=None, longitude=None
    )
    ProjectPageFactory(
        parent=site_pages["projects"]["ca"], title="Projecte sense lloc",
        entities=[nowhere], contacts=2,
    )  # fmt: skip
    ProjectPageFactory(parent=site_pages["projects"]["ca"], contacts=1)
    engine.rebuild(all_documents())
    response = client.get(MAP_API)
    body = response.content.decode()
    assert "@ajuntament.example" not in body
    assert "Marta Puig" not in body
    data = response.json()
    assert data["count"] == client.get(API).json()["count"] == 2
    [unlocated] = [item for item in data["results"] if item["lat"] is None]
    assert unlocated["title"] == "Projecte sense lloc"
    assert unlocated["lon"] is None


def test_a_failing_elasticsearch_falls_back_to_the_database(
    client, projects, monkeypatch
):
    from search import service
    from search.engines.database import DatabaseEngine
    from search.engines.elasticsearch import ElasticsearchEngine

    DatabaseEngine().rebuild(all_documents())
    dead = ElasticsearchEngine("http://127.0.0.1:9", timeout=0.2)
    monkeypatch.setattr(service, "get_engine", lambda: dead)
    data = client.get(MAP_API, {"area": "participation_open_government"}).json()
    assert data["backend"] == "database"
    assert data["count"] == 4
    assert data["notice"]  # "Search is running in reduced mode…"


# The page ---------------------------------------------------------------------


@pytest.fixture
def db_indexed(projects, monkeypatch):
    from search import service
    from search.engines.database import DatabaseEngine

    engine = DatabaseEngine()
    monkeypatch.setattr(service, "get_engine", lambda: engine)
    engine.rebuild(all_documents())
    return projects


@pytest.mark.parametrize("path", ["/ca/mapa/", "/es/mapa/", "/en/map/"])
def test_the_map_page_in_every_language(client, db_indexed, path):
    response = client.get(path, {"area": "participation_open_government"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="map-config"' in html
    assert "/api/v1/projects/map/?area=participation_open_government" in html
    assert "vendor/leaflet/leaflet.js" in html
    # The list for visitors without JavaScript.
    assert html.count('class="map-list__items"') == 1
    assert "Portal de participació ciutadana" in html
    assert "Robotització de tràmits" not in html


def test_the_page_lists_the_first_results_and_links_to_the_rest(
    client, db_indexed, monkeypatch
):
    from search import views_map

    monkeypatch.setattr(views_map, "LIST_LIMIT", 3)
    html = client.get("/en/map/", {"phase": "production"}).content.decode()
    # Six in production: three listed, a link to the search page for the others.
    listed = html.split('class="map-list__items"')[1].split("</ul>")[0]
    assert listed.count("<li>") == 3
    assert "See the other 3 project files in the search" in html
    assert 'href="/en/search/?phase=production"' in html


@pytest.mark.parametrize(
    "params",
    [
        {"area": "no_such_area"},
        {"near": "north"},
        {"place": "Atlantis"},
        {"sort": "distance"},
        {"q": "padr\x00o"},
    ],
)
def test_bad_input_is_a_friendly_message(client, db_indexed, params):
    response = client.get("/en/map/", params)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "Your search could not be run." in html
    assert 'id="map-config"' not in html


def test_the_page_reads_the_search_pages_place_and_radius(
    client, db_indexed, gazetteer
):
    html = client.get(
        "/ca/mapa/", {"place": "Manlleu", "within": "25", "page": "2"}
    ).content.decode()
    [manlleu] = [place for place in gazetteer if place.name == "Manlleu"]
    api_url = map_config(html)["apiUrl"]
    assert api_url.startswith("/api/v1/projects/map/?")
    assert parse_qs(urlsplit(api_url).query) == {
        "lang": ["ca"],
        "near": [f"{manlleu.latitude},{manlleu.longitude}"],
        "within": ["25"],
    }
    assert "Manlleu i 25 km al voltant" in html


def test_abroad_is_the_scope_filter(client, db_indexed):
    html = client.get("/en/map/", {"within": "abroad"}).content.decode()
    query = parse_qs(urlsplit(map_config(html)["apiUrl"]).query)
    assert query == {"lang": ["en"], "scope": ["abroad"]}
    assert "Outside Catalonia or abroad" in html


def test_tiles_come_from_the_setting(client, db_indexed):
    with override_settings(
        OBSERVATORY_MAP_TILES_URL="https://tiles.example/{z}/{x}/{y}.png"
    ):
        html = client.get("/ca/mapa/").content.decode()
    assert "https://tiles.example/{z}/{x}/{y}.png" in html
    with override_settings(OBSERVATORY_MAP_TILES_URL=""):
        html = client.get("/ca/mapa/").content.decode()
    assert '"tilesUrl": ""' in html


def test_the_search_page_links_to_the_map_with_its_filters(client, db_indexed):
    html = client.get(
        "/en/search/", {"area": "participation_open_government", "q": "participation"}
    ).content.decode()
    assert (
        'href="/en/map/?area=participation_open_government&amp;q=participation"' in html
    )
    assert "See on the map" in html
