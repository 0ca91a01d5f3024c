"""Content in several languages: a page and its translations are linked."""

import pytest
from django.urls import reverse
from wagtail.models import Locale

from project_pages.models import ProjectPage


@pytest.mark.django_db
def test_editor_translates_a_project_file(admin_client, project_page):
    """Translating through the admin creates a linked copy under the Spanish index."""
    spanish = Locale.objects.get(language_code="es")
    url = reverse("simple_translation:submit_page_translation", args=[project_page.pk])
    response = admin_client.post(url, {"locales": [spanish.pk]})
    assert response.status_code == 302
    translation = project_page.get_translation(spanish)
    assert translation.translation_key == project_page.translation_key
    assert translation.get_parent().locale == spanish
    assert translation.specific.phase == project_page.phase
    # Entities and areas are shared data, copied with the page.
    assert translation.specific.lead_entity == project_page.lead_entity
    assert {a.code for a in translation.specific.areas.all()} == {
        a.code for a in project_page.areas.all()
    }
    assert translation.url.startswith("/es/")


@pytest.mark.django_db
def test_each_language_has_its_own_tree(site_pages):
    for code in ("ca", "es", "en"):
        home = site_pages["home"][code]
        assert home.locale.language_code == code
        assert home.url == f"/{code}/"
        assert site_pages["projects"][code].get_parent().specific == home
    keys = {site_pages["projects"][code].translation_key for code in ("ca", "es", "en")}
    assert len(keys) == 1


@pytest.mark.django_db
def test_root_redirects_to_a_language(client, site_pages):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 302
    assert response["Location"] == "/es/"
    response = client.get("/")
    assert response["Location"] == "/ca/"


@pytest.mark.django_db
def test_project_count_query(project_page):
    assert ProjectPage.objects.live().count() == 1
