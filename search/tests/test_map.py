"""The map: its JSON lists exactly what the search API counts, for the same
parameters, on every configured engine; the page keeps the search and never errs."""

import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import override_settings

from project_pages.factories import EntityFactory, ProjectPageFactory
from search.documents import all_documents

API = "/api/v1/projects/search/"
MAP_API = "/api/v1/projects/map/"

SEARCHES = [
    {},
    {"area": "participation_open_government"},
    {"q": "participacio"},
    {"q": "participacio", "area": "participation_open_government", "phase": "pilot"},
    {"near": "42.0016,2.2843", "within": "25"},
    {"near": "42.0016,2.2843", "within": "100", "sort": "distance"},
    {"phase": ["production", "pilot"], "country": "ES"},
    {"type": "organisation", "size": "gt100k"},
    {"technology": "Decidim"},
    {"tag": "datos abiertos"},
    {"scope": "abroad"},
    {"area": "social_services", "country": "EE"},  # nothing
]


def map_config(html: str) -> dict:
    found = re.search(
        r'<script id="map-config" type="application/json">(.*?)</script>', html
    )
    return json.loads(found.group(1))


@pytest.fixture
def map_data(indexed, engine, monkeypatch):
    from search import service

    monkeypatch.setattr(service, "get_engine", lambda: engine)
    return indexed


def api_ids(client, params) -> tuple[int, set[int]]:
    data = client.get(API, {**params, "page_size": 100}).json()
    return data["count"], {hit["id"] for hit in data["results"]}


@pytest.mark.parametrize("params", SEARCHES)
def test_the_map_lists_what_the_api_counts(client, map_data, engine, params):
    count, ids = api_ids(client, params)
    response = client.get(MAP_API, params)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["count"] == count
    assert len(data["results"]) == count
    assert {item["id"] for item in data["results"]} == ids
    assert data["backend"] == engine.name


def test_the_map_is_not_paginated(client, map_data):
    data = client.get(MAP_API, {"page_size": 2}).json()
    assert data["count"] == len(data["results"]) == 10


def test_a_marker_is_at_the_lead_entity(client, map_data):
    data = client.get(MAP_API, {"q": "paper"}).json()
    [item] = data["results"]
    assert item["title"] == "Oficina sense papers"
    # Gandesa leads, Andorra la Vella follows: the marker is Gandesa's.
    assert (item["lat"], item["lon"]) == pytest.approx((41.0526, 0.4370))
    assert (item["entity"], item["municipality"]) == (
        "Ajuntament de Gandesa",
        "Gandesa",
    )
    assert item["kind"] == "project"
    assert item["areas"][0] == "integral_transformation"
    assert item["phase"] == "production"
    assert item["url"].startswith("http")
    assert set(item) == {
        "kind",
        "id",
        "title",
        "url",
        "language",
        "entity",
        "municipality",
        "phase",
        "areas",
        "lat",
        "lon",
    }


def test_drafts_and_private_pages_are_absent(client, map_data):
    body = client.get(MAP_API, {"q": "participacio"}).content.decode()
    ids = {item["id"] for item in client.get(MAP_API).json()["results"]}
    assert map_data["draft"].id not in ids
    assert map_data["private"].id not in ids
    assert "esborrany" not in body
    assert "privada" not in body


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"area": "nowhere"}, "area"),
        ({"near": "north"}, "near"),
        ({"near": "95,2"}, "near"),
        ({"within": "10"}, "within"),
        ({"q": '"" AND OR'}, "q"),
        ({"country": "XX"}, "country"),
        ({"sort": "distance"}, "sort"),
        ({"page_size": "1000"}, "page_size"),
    ],
)
def test_bad_input_is_a_400_like_the_search_api(client, map_data, params, field):
    response = client.get(MAP_API, params)
    assert response.status_code == 400
    assert response.json()["field"] == field
    assert client.get(API, params).json()["field"] == field


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
