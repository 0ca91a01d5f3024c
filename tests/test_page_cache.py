"""Anonymous visitors are answered from the cache; members, forms with a CSRF
token and new content are not hidden by it; HTML and JSON are compressed; the heavy
JSON endpoints answer a burst from one address with 429 and nobody else notices."""

import gzip

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from community.factories import MemberFactory
from project_pages.factories import ProjectPageFactory

CACHE_ON = override_settings(
    OBSERVATORY_PAGE_CACHE={"ENABLED": True, "TIMEOUT": 300, "PROXY_MAX_AGE": 0}
)


@pytest.fixture
def page_cache():
    with CACHE_ON:
        yield


def test_the_second_anonymous_visit_runs_no_query(client, project_page, page_cache):
    first = client.get(project_page.url)
    assert first.status_code == 200
    assert first["X-Page-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        second = client.get(project_page.url)
    assert len(queries) == 0
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert "public" in second["Cache-Control"]
    assert {"Cookie", "Accept-Encoding", "Accept-Language"} <= {
        v.strip() for v in second["Vary"].split(",")
    }


def test_the_query_string_is_sorted_in_the_key(client, site_pages, page_cache):
    with translation.override("ca"):
        url = reverse("search_page")
    client.get(url, {"q": "padró", "phase": "pilot"})
    with CaptureQueriesContext(connection) as queries:
        hit = client.get(f"{url}?phase=pilot&q=padr%C3%B3")
    assert hit["X-Page-Cache"] == "hit"
    assert len(queries) == 0
    other = client.get(url, {"q": "other"})
    assert other["X-Page-Cache"] == "miss"


def test_a_publish_shows_to_the_next_anonymous_visitor(
    client, project_index, page_cache
):
    client.get(project_index.url)
    assert client.get(project_index.url)["X-Page-Cache"] == "hit"
    new = ProjectPageFactory(parent=project_index, title="Fanal de Vic obert")
    new.save_revision().publish()
    response = client.get(project_index.url)
    assert response["X-Page-Cache"] == "miss"
    assert "Fanal de Vic obert" in response.content.decode()


def test_a_member_never_gets_nor_fills_the_anonymous_page(
    client, project_page, page_cache
):
    anonymous = client.get(project_page.url)
    assert anonymous["X-Page-Cache"] == "miss"
    member = MemberFactory(display_name="Anna Puig")
    signed_in = Client()
    signed_in.force_login(member.user)
    mine = signed_in.get(project_page.url)
    assert mine.status_code == 200
    assert "X-Page-Cache" not in mine
    # The member's page (their name, their forms) is not what strangers get.
    assert client.get(project_page.url).content == anonymous.content
    again = Client().get(project_page.url)
    assert again["X-Page-Cache"] == "hit"
    assert b"Anna Puig" not in again.content


def test_a_page_with_a_csrf_form_is_never_shared(client, site_pages, page_cache):
    with translation.override("ca"):
        url = reverse("submissions:submit")
    first = client.get(url)
    assert first.status_code == 200
    assert b"csrfmiddlewaretoken" in first.content
    assert "X-Page-Cache" not in first
    stranger = Client().get(url)
    assert "X-Page-Cache" not in stranger
    token = first.content.split(b'name="csrfmiddlewaretoken" value="')[1][:64]
    assert token not in stranger.content


def test_a_new_comment_shows_to_the_next_anonymous_visitor(
    client, project_page, page_cache
):
    from community.factories import CommentFactory

    client.get(project_page.url)
    assert client.get(project_page.url)["X-Page-Cache"] == "hit"
    CommentFactory(page=project_page, body="Molt útil per al nostre consell")
    response = client.get(project_page.url)
    assert response["X-Page-Cache"] == "miss"
    assert "Molt útil per al nostre consell" in response.content.decode()


def test_the_cache_can_be_turned_off(client, project_page):
    with override_settings(OBSERVATORY_PAGE_CACHE={"ENABLED": False}):
        client.get(project_page.url)
        assert "X-Page-Cache" not in client.get(project_page.url)


def test_html_and_json_are_gzipped_when_accepted(
    client, project_page, django_capture_on_commit_callbacks
):
    # Indexed, so that the API's answer is long enough to be worth compressing
    # (Django's gzip adds up to 100 random bytes: a 200-byte body may stay plain).
    with django_capture_on_commit_callbacks(execute=True):
        project_page.save_revision().publish()
    html = client.get(project_page.url, headers={"Accept-Encoding": "gzip"})
    assert html["Content-Encoding"] == "gzip"
    assert project_page.title.encode() in gzip.decompress(html.content)
    plain = client.get(project_page.url)
    assert "Content-Encoding" not in plain
    api = client.get("/api/v1/projects/search/", headers={"Accept-Encoding": "gzip"})
    assert api.status_code == 200
    assert api["Content-Encoding"] == "gzip"
    assert b'"count": 1' in gzip.decompress(api.content)


def test_a_burst_from_one_address_gets_429_and_others_do_not_notice(
    client, site_pages, monkeypatch
):
    from core import request_limit

    # One second on the clock for the whole burst, however slow the machine.
    monkeypatch.setattr(request_limit, "_second", lambda: 1_700_000_000)
    # ...and counters that outlive a slow machine's requests.
    monkeypatch.setattr(request_limit, "COUNTER_TTL", 300)
    api = "/api/v1/projects/search/"
    with override_settings(OBSERVATORY_HEAVY_LIMITS={"search:api": 5}):
        statuses = [
            client.get(api, {"q": f"padró {n}"}, REMOTE_ADDR="10.0.0.1").status_code
            for n in range(12)
        ]
        assert statuses[:5] == [200] * 5
        assert 429 in statuses[5:]
        refused = client.get(api, {"q": "again"}, REMOTE_ADDR="10.0.0.1")
        assert refused.status_code == 429
        assert refused["Retry-After"] == "1"
        other = client.get(api, {"q": "padró"}, REMOTE_ADDR="10.0.0.2")
        assert other.status_code == 200
        home = client.get("/ca/", REMOTE_ADDR="10.0.0.1")
        assert home.status_code == 200


def test_filtered_maps_are_limited_but_the_prebuilt_whole_map_is_not(
    client, site_pages, monkeypatch
):
    from core import request_limit

    monkeypatch.setattr(request_limit, "_second", lambda: 1_700_000_000)
    # ...and counters that outlive a slow machine's requests.
    monkeypatch.setattr(request_limit, "COUNTER_TTL", 300)
    api = "/api/v1/projects/map/"
    with override_settings(OBSERVATORY_HEAVY_LIMITS={"search_map:api": 3}):
        filtered = [
            client.get(api, {"q": f"padró {n}"}, REMOTE_ADDR="10.0.0.3").status_code
            for n in range(5)
        ]
        assert filtered == [200, 200, 200, 429, 429]
        whole = [client.get(api, REMOTE_ADDR="10.0.0.3").status_code for _ in range(5)]
        assert whole == [200] * 5
