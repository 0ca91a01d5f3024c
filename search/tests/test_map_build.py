"""The whole map is built after each publish and served from its files: the new
project is on it, compressed when the client accepts gzip, 304 when unchanged."""

import gzip
import json
import shutil

import pytest
from django.conf import settings as django_settings

from project_pages.factories import ProjectPageFactory
from search import map_build

MAP_API = "/api/v1/projects/map/"


@pytest.fixture(autouse=True)
def _no_map_built_yet(settings):
    """Each test starts with no built map: the files of another test of the same
    process (MEDIA_ROOT is per process) would be served as "the last one built".
    The map is read from the database engine, whose index is rolled back with each
    test (an Elasticsearch index keeps the documents of the process's earlier
    tests)."""
    settings.ELASTICSEARCH_URL = ""
    shutil.rmtree(django_settings.MEDIA_ROOT / "map-data", ignore_errors=True)
    map_build._loaded.clear()
    yield
    map_build._loaded.clear()


def publish(parent, title, capture):
    with capture(execute=True):
        page = ProjectPageFactory(parent=parent, title=title)
        page.save_revision().publish()
    return page


def test_a_published_project_is_on_the_built_map(
    client, project_index, django_capture_on_commit_callbacks, settings
):
    # As in production, where the worker builds after each change (the tests'
    # task backend runs it at once).
    settings.OBSERVATORY_BACKGROUND_BUILDS = True
    first = publish(
        project_index, "Padró digital de Vic", django_capture_on_commit_callbacks
    )
    manifest = django_settings.MEDIA_ROOT / "map-data" / "ca.manifest.json"
    assert manifest.exists()  # built by the task after the commit
    before = json.loads(manifest.read_bytes())["digest"]

    second = publish(
        project_index,
        "Oficina sense papers de Gandesa",
        django_capture_on_commit_callbacks,
    )
    after = json.loads(manifest.read_bytes())["digest"]
    assert after != before

    response = client.get(MAP_API, {"lang": "ca"})
    assert response.status_code == 200
    assert response["ETag"] == f'"{after}"'
    ids = {item["id"] for item in response.json()["results"]}
    assert {first.pk, second.pk} <= ids
    body = (django_settings.MEDIA_ROOT / "map-data" / f"ca-{after}.json").read_bytes()
    assert response.content == body


def test_the_built_map_is_gzipped_and_revalidated(
    client, project_index, django_capture_on_commit_callbacks
):
    publish(project_index, "Padró digital de Vic", django_capture_on_commit_callbacks)
    plain = client.get(MAP_API)
    assert plain.status_code == 200
    assert "Content-Encoding" not in plain
    zipped = client.get(MAP_API, headers={"Accept-Encoding": "gzip, br"})
    assert zipped["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped["Vary"]
    assert gzip.decompress(zipped.content) == plain.content
    assert plain.json()["count"] == 1
    again = client.get(MAP_API, headers={"If-None-Match": plain["ETag"]})
    assert again.status_code == 304
    assert again.content == b""


def test_nothing_built_yet_is_built_once_by_the_first_request(client, site_pages):
    folder = django_settings.MEDIA_ROOT / "map-data"
    for path in folder.glob("*"):
        path.unlink()
    response = client.get(MAP_API, {"lang": "es"})
    assert response.status_code == 200
    assert response.json()["count"] == 0
    assert (folder / "es.manifest.json").exists()


def test_a_filtered_map_is_not_the_whole_map(client, project_index):
    ProjectPageFactory(parent=project_index, title="Padró digital de Vic")
    map_build.build_all()
    response = client.get(MAP_API, {"q": "zzzz-no-such-word"})
    assert response.status_code == 200
    assert "ETag" not in response
    assert response.json()["count"] == 0
