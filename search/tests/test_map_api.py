"""The map's JSON against the search API, on every configured engine: it lists
exactly what the API counts for the same parameters, is not paginated, puts a
marker at the lead entity, leaves drafts and private pages out, and answers bad
input with the API's 400s.

These tests only read: the contract data is built and indexed once per engine
for the module (search/tests/conftest.py, ``module_projects``), not once per
test (they were 46 builds: the slowest module of the suite).
"""

import pytest

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


@pytest.fixture(scope="module")
def engine(module_engine):
    return module_engine


@pytest.fixture(scope="module")
def indexed(module_engine, module_projects):
    return module_projects


@pytest.fixture(autouse=True)
def _in_a_savepoint(db):
    """Each test in a savepoint of the module's transaction."""


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
