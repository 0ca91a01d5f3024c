"""A project file read in the visitor's language: its machine translation.

With the real Apertium (these tests skip without it, and fail under CI): the
page in the reader's interface language, its prose translated, labelled with the
language it comes from, names left as written and marked with their language,
never indexed, cached until the original changes, and still readable when the
engine cannot translate.
"""

import re

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale, PageViewRestriction

from machine_translation import reading, service
from machine_translation.tests.test_apertium import needs_apertium
from project_pages.factories import EntityFactory, ProjectPageFactory
from project_pages.models import ProjectPage

pytestmark = pytest.mark.django_db

TITLE = "Portal de l'ajuntament"
SUMMARY = "Dades obertes del municipi."


@pytest.fixture(autouse=True)
def _fresh_engine():
    service.reset(forget=True)
    yield
    service.reset(forget=True)


@pytest.fixture
def catalan_file(project_index):
    return ProjectPageFactory(
        parent=project_index,
        title=TITLE,
        summary=SUMMARY,
        entities=[EntityFactory(name="Ajuntament de Tremp")],
        tag_names=["dades obertes"],
    )


@pytest.fixture
def translate_calls(monkeypatch):
    """Every call to the translation service, as (texts, source, target)."""
    calls = []
    real = service.translate

    def counting(texts, source, target, **kwargs):
        texts = list(texts)
        calls.append((texts, source, target))
        return real(texts, source, target, **kwargs)

    monkeypatch.setattr(service, "translate", counting)
    return calls


def mt_url(page, language: str) -> str:
    with translation.override(language):
        return reverse("machine_translation:project_page", args=(page.pk,))


def soup_of(response) -> BeautifulSoup:
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def text(node) -> str:
    return re.sub(r"\s+", " ", node.get_text(" ", strip=True))


def translate_by_hand(page, language: str, title: str):
    copy = page.copy_for_translation(Locale.objects.get(language_code=language))
    copy.title = copy.draft_title = title
    copy.save_revision().publish()
    return copy


@needs_apertium
def test_a_catalan_file_reads_in_spanish_and_english(client, catalan_file):
    assert mt_url(catalan_file, "es") == f"/es/traduccion-automatica/{catalan_file.pk}/"
    assert mt_url(catalan_file, "en") == f"/en/machine-translation/{catalan_file.pk}/"
    spanish = soup_of(client.get(mt_url(catalan_file, "es")))
    assert spanish.html["lang"] == "es"
    assert text(spanish.h1) == "Portal del ayuntamiento"
    assert "Datos abiertos del municipio." in text(spanish.find("main"))
    assert spanish.title.get_text().startswith("Portal del ayuntamiento · ")
    notice = spanish.select_one(".machine-translation-notice")
    assert text(notice) == "Traducción automática del catalán — lea el original"
    assert notice.a["href"] == catalan_file.url
    assert notice.a["hreflang"] == "ca"
    # The interface is Spanish too.
    assert "De un vistazo" in text(spanish.find("main"))

    english = soup_of(client.get(mt_url(catalan_file, "en")))
    assert english.html["lang"] == "en"
    assert text(english.h1) == "Portal of the city council"
    notice = english.select_one(".machine-translation-notice")
    assert text(notice) == "Machine translation from Catalan — read the original"


@needs_apertium
def test_what_stays_as_written_keeps_the_original_language(client, catalan_file):
    page = soup_of(client.get(mt_url(catalan_file, "en")))
    article = page.select_one("article.project")
    assert not article.has_attr("lang")  # translated: the page's own, English
    entity = page.find("span", string="Ajuntament de Tremp")
    assert entity["lang"] == "ca"
    tags = page.find("li", string="dades obertes").parent
    assert tags["lang"] == "ca"
    technologies = page.select(".item--technology .item__title")
    assert technologies and all(t["lang"] == "ca" for t in technologies)
    # Translated prose has no lang of its own: it is in the page's language.
    assert page.h1.get("lang") is None
    assert page.select_one(".project-header .lead").get("lang") is None


@needs_apertium
def test_search_engines_never_index_it(client, catalan_file):
    page = soup_of(client.get(mt_url(catalan_file, "en")))
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    canonical = page.find("link", rel="canonical")["href"]
    assert canonical == f"http://testserver{catalan_file.url}"
    assert not page.find("link", rel="alternate", hreflang=True)
    sitemap = client.get("/sitemap.xml")
    urls = [sitemap.content.decode()]
    for section in re.findall(r"<loc>([^<]+)</loc>", urls[0]):
        urls.append(client.get(section.replace("http://testserver", "")).content)
    everything = "".join(u if isinstance(u, str) else u.decode() for u in urls)
    assert catalan_file.url in everything
    assert "machine-translation" not in everything
    assert "traduccio" not in everything


@needs_apertium
def test_the_second_reader_costs_no_translation_and_no_save(
    client, catalan_file, translate_calls
):
    revisions = catalan_file.revisions.count()
    first = soup_of(client.get(mt_url(catalan_file, "es")))
    assert len(translate_calls) == 1
    assert translate_calls[0][1:] == ("ca", "es")
    second = soup_of(client.get(mt_url(catalan_file, "es")))
    assert len(translate_calls) == 1  # the translations and the body are cached
    assert text(second.h1) == text(first.h1) == "Portal del ayuntamiento"
    assert text(second.find("article")) == text(first.find("article"))
    # The original is untouched: the copy lived in memory only.
    original = ProjectPage.objects.get(pk=catalan_file.pk)
    assert original.title == TITLE and original.summary == SUMMARY
    assert original.revisions.count() == revisions


@needs_apertium
def test_editing_and_publishing_the_original_rebuilds_it(
    client, catalan_file, translate_calls
):
    url = mt_url(catalan_file, "es")
    assert text(soup_of(client.get(url)).h1) == "Portal del ayuntamiento"
    catalan_file.title = "Dades obertes"
    catalan_file.save_revision().publish()
    assert text(soup_of(client.get(url)).h1) == "Datos abiertos"
    assert len(translate_calls) == 2


@needs_apertium
def test_a_file_translated_by_hand_is_read_in_that_translation(client, catalan_file):
    spanish = translate_by_hand(catalan_file, "es", "Portal del ayuntamiento")
    response = client.get(mt_url(catalan_file, "es"))
    assert response.status_code == 302
    assert response["Location"] == spanish.url
    # English still has no version of its own: the machine translation.
    assert client.get(mt_url(catalan_file, "en")).status_code == 200


def test_nothing_to_translate_is_not_found(client, catalan_file, site_pages):
    # In the file's own language.
    assert client.get(mt_url(catalan_file, "ca")).status_code == 404
    # A draft.
    draft = ProjectPageFactory(parent=site_pages["projects"]["ca"], live=False)
    assert client.get(mt_url(draft, "en")).status_code == 404
    # A page that is not a project file.
    assert client.get(mt_url(site_pages["articles"]["ca"], "en")).status_code == 404
    # No page at all.
    with translation.override("en"):
        missing = reverse("machine_translation:project_page", args=(999999,))
    assert client.get(missing).status_code == 404


def test_a_private_file_is_not_found(client, catalan_file):
    PageViewRestriction.objects.create(
        page=catalan_file, restriction_type=PageViewRestriction.LOGIN
    )
    assert client.get(mt_url(catalan_file, "en")).status_code == 404


@pytest.mark.parametrize("failure", ["missing", "broken"])
def test_without_the_engine_the_original_is_read_with_a_notice(
    client, catalan_file, settings, tmp_path, failure
):
    if failure == "missing":
        modes = tmp_path  # no pair installed at all
    else:  # a pair whose programs do not exist: the pipeline dies at once
        modes = tmp_path
        for pair in ("cat-spa", "cat-eng"):
            (tmp_path / f"{pair}.mode").write_text("/nonexistent/apertium-program\n")
    settings.MACHINE_TRANSLATION = {
        **settings.MACHINE_TRANSLATION,
        "APERTIUM_MODES_DIR": str(modes),
        "TIMEOUT": 2.0,
    }
    response = client.get(mt_url(catalan_file, "en"))
    page = soup_of(response)
    assert text(page.h1) == TITLE
    assert page.select_one("article.project")["lang"] == "ca"
    notice = text(page.select_one(".machine-translation-notice"))
    assert "Machine translation from Catalan — read the original" in notice
    assert "not available right now" in notice
    assert "no-store" in response["Cache-Control"]
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"


@needs_apertium
def test_once_the_engine_is_back_the_translation_shows(
    client, catalan_file, settings, tmp_path
):
    working = settings.MACHINE_TRANSLATION
    settings.MACHINE_TRANSLATION = {**working, "APERTIUM_MODES_DIR": str(tmp_path)}
    assert text(soup_of(client.get(mt_url(catalan_file, "en"))).h1) == TITLE
    settings.MACHINE_TRANSLATION = working
    assert (
        text(soup_of(client.get(mt_url(catalan_file, "en"))).h1)
        == "Portal of the city council"
    )


def test_offers_follow_the_engine(catalan_file, settings, tmp_path):
    catalan_file = ProjectPage.objects.get(pk=catalan_file.pk)
    assert reading.switcher_url(catalan_file, "ca") is None
    if reading.offered("ca", "en"):
        assert reading.switcher_url(catalan_file, "en") == mt_url(catalan_file, "en")
    settings.MACHINE_TRANSLATION = {**settings.MACHINE_TRANSLATION, "ENABLED": False}
    assert reading.switcher_url(catalan_file, "en") is None
    assert reading.offer_url(catalan_file.pk, "ca", "en") is None
