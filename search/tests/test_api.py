"""The JSON API: thin view, contract shape, 400s as JSON, never a 500.

These tests only read: the contract data is built and indexed once per engine
for the module (search/tests/conftest.py, ``module_projects``).
"""

import pytest

API = "/api/v1/projects/search/"


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
def api_data(indexed, engine, monkeypatch):
    from search import service

    monkeypatch.setattr(service, "get_engine", lambda: engine)
    return indexed


def test_response_follows_the_contract(client, api_data, engine):
    response = client.get(API, {"q": "participacio", "near": "42.0016,2.2843"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    # The contract's keys, and "sort" (the order in effect), an extension.
    assert set(data) == {
        "count",
        "page",
        "page_size",
        "results",
        "facets",
        "backend",
        "sort",
    }
    assert (data["count"], data["page"], data["page_size"]) == (4, 1, 20)
    assert data["backend"] == engine.name
    assert data["sort"] == "relevance"
    hit = data["results"][0]
    assert {"id", "url", "title", "summary", "phase", "areas", "entities"} <= set(hit)
    # Extensions: the page's language, the project's other pages, and the entity
    # nearest the place.
    assert {"language", "translations", "matched_entity"} <= set(hit)
    assert hit["url"].startswith("http")
    assert hit["distance_km"] is not None
    assert hit["matched_entity"]["distance_km"] == hit["distance_km"]
    assert set(hit["entities"][0]) == {"name", "municipality", "country"}
    assert list(data["facets"]) == [
        "area",
        "type",
        "phase",
        "size",
        "country",
        "technology",
        "tag",
    ]
    area = data["facets"]["area"][0]
    assert set(area) == {"value", "label", "count", "selected"}


def test_distance_is_absent_without_near(client, api_data):
    hit = client.get(API).json()["results"][0]
    assert "distance_km" not in hit


def test_contact_details_are_never_in_the_response(client, api_data):
    body = client.get(API, {"page_size": 100}).content.decode()
    assert "@ajuntament.example" not in body


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"q": "x" * 10_000}, "q"),
        ({"q": '"" AND OR'}, "q"),
        ({"q": '"""'}, "q"),
        ({"q": "- + * ( ) ~ ^ : ! | &"}, "q"),
        ({"q": "padr\x00o"}, "q"),
        ({"area": "nowhere"}, "area"),
        ({"near": "41.9;2.2"}, "near"),
        ({"near": "NaN,2"}, "near"),
        ({"near": "91,2", "within": "10"}, "near"),
        ({"near": "41.9,2.2", "within": "-5"}, "within"),
        ({"scope": "mars"}, "scope"),
        ({"page_size": "500"}, "page_size"),
        ({"page": "99"}, "page"),
        ({"page": "4", "page_size": "3", "phase": "pilot"}, "page"),
    ],
)
def test_bad_input_is_a_400_with_a_json_error(client, api_data, params, field):
    response = client.get(API, params)
    assert response.status_code == 400
    assert response.json()["field"] == field
    assert response.json()["error"]


def test_the_last_page_is_not_an_error(client, api_data):
    response = client.get(API, {"page": "4", "page_size": "3"})
    assert response.status_code == 200
    assert len(response.json()["results"]) == 1


def test_only_get(client, api_data):
    assert client.post(API).status_code == 405
