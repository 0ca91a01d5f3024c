"""An English visitor reads a Spanish-only project file in English, in a real
Chromium, on the demo site (``load_demo_data``: Spanish and English files are
deliberately not translated): the search result says the file is in Spanish
and offers its machine translation; the translation is labelled, leads back to
the original in one click, and the language switcher of the original leads to
it again. A Catalan reader of an English-only file gets the same offer. Only the
demo is loaded with the ORM; everything else is clicks.
"""

import io

import pytest
from django.core.management import call_command

from machine_translation.tests.test_apertium import needs_apertium

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    needs_apertium,
]

# Enough for files written in Spanish (number 3) and English (9).
COUNT = 12


@pytest.fixture
def demo(settings):
    """The demo site, searched with the database engine (the live server runs in
    this process: the index is the one the loader wrote)."""
    from project_pages.models import ProjectPage

    settings.ELASTICSEARCH_URL = ""
    call_command("load_demo_data", "--no-progress", count=COUNT, stdout=io.StringIO())
    alone = {}
    for language in ("es", "en"):
        for page in ProjectPage.objects.live().filter(locale__language_code=language):
            if page.get_translations().live().count() == 0:
                alone[language] = page
                break
    assert set(alone) == {"es", "en"}, "the demo has untranslated files"
    return alone


def switcher_link(page, name: str):
    return page.locator("nav.language-switcher").get_by_role("link", name=name)


def test_an_english_visitor_reads_a_spanish_file_in_english(
    live_server, open_page, screenshots_dir, demo
):
    spanish = demo["es"]
    page, watcher = open_page("desktop")
    page.goto(live_server.url + "/en/search/")
    page.get_by_label("Words").fill(spanish.title)
    with page.expect_navigation():
        page.get_by_label("Words").press("Enter")

    card = page.locator(".result").filter(
        has=page.get_by_role("link", name=spanish.title, exact=True)
    )
    assert card.locator(".result__language").inner_text() == "in Spanish"
    offer = card.get_by_role("link", name="read the machine translation")
    assert offer.is_visible()
    page.screenshot(path=str(screenshots_dir / "machine-translation-card-en.png"))
    with page.expect_navigation():
        offer.click()

    # The same file, in English, and labelled so.
    assert page.url.endswith(f"/en/machine-translation/{spanish.pk}/")
    assert page.locator("html").get_attribute("lang") == "en"
    notice = page.locator(".machine-translation-notice")
    assert notice.inner_text().strip() == (
        "Machine translation from Spanish — read the original"
    )
    title = page.locator("h1").inner_text()
    assert title and title != spanish.title
    assert page.get_by_role("heading", name="At a glance").is_visible()
    current = switcher_link(page, "English — machine translation")
    assert current.get_attribute("aria-current") == "page"
    assert switcher_link(page, "Català — traducció automàtica").is_visible()
    page.screenshot(
        path=str(screenshots_dir / "machine-translation-page-en.png"), full_page=True
    )

    # One click to the original, in Spanish.
    with page.expect_navigation():
        notice.get_by_role("link", name="read the original").click()
    assert page.url == live_server.url + spanish.url
    assert page.locator("h1").inner_text() == spanish.title
    assert page.locator("html").get_attribute("lang") == "es"

    # The original's switcher offers the English machine translation.
    english = switcher_link(page, "English — machine translation")
    assert "machine translation" in english.get_attribute("title")
    page.screenshot(path=str(screenshots_dir / "machine-translation-original-es.png"))
    with page.expect_navigation():
        english.click()
    assert page.url.endswith(f"/en/machine-translation/{spanish.pk}/")
    assert page.locator("h1").inner_text() == title
    assert not watcher.problems(), watcher.problems()


def test_a_catalan_reader_gets_an_english_file_in_catalan_on_a_phone(
    live_server, open_page, screenshots_dir, demo
):
    english = demo["en"]
    page, watcher = open_page("phone")
    page.goto(live_server.url + english.url)
    assert page.locator("html").get_attribute("lang") == "en"
    offer = switcher_link(page, "Català — traducció automàtica")
    with page.expect_navigation():
        offer.click()
    assert page.url.endswith(f"/ca/traduccio-automatica/{english.pk}/")
    assert page.locator("html").get_attribute("lang") == "ca"
    notice = page.locator(".machine-translation-notice")
    assert notice.inner_text().strip() == (
        "Traducció automàtica de l’anglès — llegiu l’original"
    )
    assert page.locator("h1").inner_text() != english.title
    assert page.get_by_role("heading", name="D’un cop d’ull").is_visible()
    page.screenshot(
        path=str(screenshots_dir / "machine-translation-page-ca-phone.png"),
        full_page=True,
    )
    assert not watcher.problems(), watcher.problems()
