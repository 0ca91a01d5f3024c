"""Fixtures shared by every test package."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Wagtail caches site root paths; a test must not see another test's tree."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def site_pages(db):
    """The page tree of a fresh installation: home, projects, articles × 3 languages."""
    from project_pages.site_structure import ensure_site_structure

    return ensure_site_structure()


@pytest.fixture
def project_index(site_pages):
    return site_pages["projects"]["ca"]


@pytest.fixture
def project_page(project_index):
    from project_pages.factories import ProjectPageFactory

    return ProjectPageFactory(parent=project_index)
