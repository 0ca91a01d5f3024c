"""Fixtures shared by every test package."""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache

ROOT = Path(__file__).resolve().parent
NOT_OURS = {".venv", ".services", ".git", "node_modules", ".cache", "build"}


def pytest_configure(config):
    """Compile the translations whose .mo is missing or older than its .po.

    The pages are tested in Catalan, Spanish and English: without the compiled
    catalogues they would render in English and tests would fail for a reason
    that has nothing to do with the code. Done once, by the main process.
    """
    if hasattr(config, "workerinput"):
        return
    catalogues = [
        *ROOT.glob("locale/*/LC_MESSAGES/*.po"),
        *ROOT.glob("*/locale/*/LC_MESSAGES/*.po"),
    ]
    stale = [
        po
        for po in catalogues
        if not NOT_OURS.intersection(po.relative_to(ROOT).parts)
        and (
            not po.with_suffix(".mo").exists()
            or po.with_suffix(".mo").stat().st_mtime < po.stat().st_mtime
        )
    ]
    if not stale:
        return
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.exit(
            "gettext's msgfmt is missing (scripts/services.sh gettext ensure): "
            "the translations cannot be compiled",
            returncode=1,
        )
    for po in stale:
        subprocess.run(  # noqa: S603
            [msgfmt, "--check-format", "-o", str(po.with_suffix(".mo")), str(po)],
            check=True,
        )
    # Django was set up already and may have read the old catalogues: forget
    # them, as its autoreloader does when a .mo changes (otherwise the first run
    # after editing a .po sees the old translations).
    import gettext

    from asgiref.local import Local
    from django.utils.translation import trans_real

    gettext._translations = {}
    trans_real._translations = {}
    trans_real._default = None
    trans_real._active = Local()


def pytest_sessionfinish(session, exitstatus):
    """The files this test process wrote (its own folder: cms/settings/test.py)."""
    folder = getattr(settings, "TEST_PROCESS_DIR", None)
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)


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


@pytest.fixture
def editor_client(client, django_user_model, site_pages):
    """A member of the Editors group, signed in to the admin in English."""
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user("editora", password="pw")  # noqa: S106
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def admin_client(admin_client):
    """pytest-django's admin client (a superuser), with the admin in English.

    Tests assert the source messages; without the header the admin speaks
    LANGUAGE_CODE, Catalan. A test module whose admin is someone else overrides
    ``admin_user``.
    """
    admin_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return admin_client


@pytest.fixture
def make_member(db):
    """``community.factories.make_member``: builds a member and their user.

    By default a member who joined sixty days ago with a made-up name and
    address; ``email=``, ``days=``, ``confirmed=`` and any Member field change
    that. A test module whose members all differ the same way overrides this
    fixture with ``functools.partial`` of it.
    """
    from community.factories import make_member

    return make_member


@pytest.fixture
def signed_in():
    """A function that signs someone in and returns the test client.

    ``signed_in(member)`` takes a community member or a plain user.
    ``csrf=True`` makes the client check CSRF tokens as a browser's request
    would be checked; other keywords go to ``Client`` (``REMOTE_ADDR``...);
    ``client=`` signs in an existing client instead of a new one.
    """
    from django.test import Client

    def sign_in(person, *, client=None, csrf: bool = False, **client_options):
        if client is None:
            client = Client(enforce_csrf_checks=csrf, **client_options)
        client.force_login(getattr(person, "user", person))
        return client

    return sign_in


GAZETTEER = [
    # (geonameid, name, population, latitude, longitude)
    (3117010, "Manlleu", 20_500, 42.0, 2.28),
    (3117011, "Manresa", 76_000, 41.72, 1.83),
    (3106672, "Vic", 46_000, 41.93, 2.25),
    (3128760, "Barcelona", 1_620_000, 41.39, 2.16),
    (3117735, "Sant Feliu de Guíxols", 21_000, 41.78, 3.03),
]


@pytest.fixture
def gazetteer():
    """A few Catalan places in the gazetteer (the full one takes seconds to load).

    Needs database access from the test (``db`` or a ``django_db`` mark).
    """
    from project_pages.gazetteer import fold, load_gazetteer
    from project_pages.models import Place

    places = [
        Place(
            geonameid=geonameid,
            name=name,
            search_name=fold(name),
            country="ES",
            region="Catalunya",
            population=population,
            latitude=latitude,
            longitude=longitude,
        )
        for geonameid, name, population, latitude, longitude in GAZETTEER
    ]
    load_gazetteer(places=places)
    return places
