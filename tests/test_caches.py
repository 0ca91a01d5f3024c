"""The caches under the pages: the per-request tree version and the per-process
memory in front of Redis (core/caching.py, core/tiered_cache.py)."""

import pytest
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache

from core import caching
from core.tiered_cache import TieredCache


@pytest.fixture
def counted_gets(monkeypatch):
    keys = []
    original = LocMemCache.get

    def get(self, key, default=None, version=None):
        keys.append(key)
        return original(self, key, default, version)

    monkeypatch.setattr(LocMemCache, "get", get)
    return keys


@pytest.mark.django_db
def test_a_page_reads_the_tree_version_once(client, project_page, counted_gets):
    client.get(project_page.url)  # warm every cache
    counted_gets.clear()
    client.defaults["HTTP_COOKIE"] = "sessionid=none"  # past the page cache
    assert client.get(project_page.url).status_code == 200
    assert counted_gets.count(caching.TREE_VERSION_KEY) == 1


@pytest.mark.django_db
def test_a_change_made_during_a_request_shows_in_that_request(project_page):
    from django.core.signals import request_finished, request_started

    request_started.send(sender=None)
    try:
        before = caching.tree_version()
        assert caching.tree_version() == before
        caching.bump_tree_version()
        assert caching.tree_version() != before
    finally:
        request_finished.send(sender=None)
    # Outside a request, every read goes to the shared cache: another process's
    # change shows at once.
    cache.set(caching.TREE_VERSION_KEY, "set-by-another-process")
    assert caching.tree_version() == "set-by-another-process"


@pytest.fixture
def two_processes(settings):
    """Two ``TieredCache`` instances over one shared cache: two worker processes."""
    settings.CACHES = {
        **settings.CACHES,
        "shared-for-test": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "shared-for-test",
        },
    }
    options = {"OPTIONS": {"SHARED": "shared-for-test", "LOCAL_TIMEOUT": 60}}
    first, second = TieredCache("one", options), TieredCache("two", options)
    yield first, second
    first.clear()


def test_a_value_written_by_one_process_is_read_by_another(two_processes):
    first, second = two_processes
    first.set("observatory:v1:nav", ["Projectes"], 300)
    assert second.get("observatory:v1:nav") == ["Projectes"]
    assert second.get("observatory:v1:other", "none") == "none"


def test_a_process_answers_from_its_memory_once_it_has_read(two_processes):
    from django.core.cache import caches

    first, second = two_processes
    first.set("observatory:v1:nav", ["Projectes"], 300)
    assert second.get("observatory:v1:nav") == ["Projectes"]
    caches["shared-for-test"].clear()  # e.g. Redis restarted
    assert second.get("observatory:v1:nav") == ["Projectes"]
    second.clear_local()
    assert second.get("observatory:v1:nav") is None


def test_deleting_reaches_the_shared_cache(two_processes):
    first, second = two_processes
    first.set("observatory:v1:nav", ["Projectes"], 300)
    first.delete("observatory:v1:nav")
    assert second.get("observatory:v1:nav") is None
    assert first.add("observatory:v1:nav", ["Fitxes"], 300)
    assert not second.add("observatory:v1:nav", ["Altres"], 300)
    assert second.get("observatory:v1:nav") == ["Fitxes"]


def test_production_keeps_versioned_keys_in_each_process(monkeypatch):
    """With Redis, the tree-versioned entries and page fragments go through
    the tiered cache; sessions are read from the cache first."""
    import importlib

    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:1/0")
    monkeypatch.setenv("SECRET_KEY", "x" * 60)
    monkeypatch.setenv("ALLOWED_HOSTS", "observatori.example")
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://observatori.example")
    from cms.settings import production

    production = importlib.reload(production)
    assert production.CACHES["versioned"]["BACKEND"] == "core.tiered_cache.TieredCache"
    assert production.CACHES["template_fragments"]["OPTIONS"]["SHARED"] == "default"
    assert production.SESSION_ENGINE.endswith("cached_db")
