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


@pytest.mark.django_db
def test_blocks_still_in_the_original_language_say_so(client, site_pages, project_page):
    """An editor translated one barrier of the English copy and not the other:
    the untranslated one is marked lang="ca" for screen readers and browsers."""
    import re

    project_page.analysis = [
        (
            "barrier",
            {
                "title": "Resistència al canvi",
                "description": "El personal dubtava.",
                "mitigation": "Formació.",
            },
        ),
        (
            "barrier",
            {
                "title": "Pressupost",
                "description": "No hi havia diners.",
                "mitigation": "Subvenció.",
            },
        ),
    ]
    project_page.save_revision().publish()
    english = project_page.copy_for_translation(
        site_pages["home"]["en"].locale, copy_parents=False
    )
    raw = english.analysis.raw_data
    raw[1]["value"] = {
        "title": "Budget",
        "description": "There was no money.",
        "mitigation": "A grant.",
    }
    english.analysis = raw
    english.title = "Online appointments"
    english.save_revision().publish()

    html = client.get(english.url).content.decode()
    untranslated = re.search(
        r'<article class="item item--barrier"([^>]*)>\s*<[^>]+>[^<]*Resistència', html
    )
    translated = re.search(
        r'<article class="item item--barrier"([^>]*)>\s*<[^>]+>[^<]*Budget', html
    )
    assert untranslated and 'lang="ca"' in untranslated.group(1), html[:0]
    assert translated and "lang=" not in translated.group(1)
    # The original page has nothing to mark.
    assert (
        'lang="en"'
        not in client.get(project_page.url).content.decode().split("<main", 1)[1]
    )
