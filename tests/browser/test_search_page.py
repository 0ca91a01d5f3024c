"""The search page in a real Chromium: readable on a phone and a desktop, and a
ticked filter narrows the results at once (search.js submits the GET form)."""

import re

import pytest

from search.documents import all_documents
from search.engines.database import DatabaseEngine
from search.tests.conftest import PROJECTS, make_project

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def indexed(site_pages, monkeypatch):
    """The contract's ten project files, indexed in the database engine (the live
    server runs in this process, so it searches the same engine)."""
    from search import service

    engine = DatabaseEngine()
    monkeypatch.setattr(service, "get_engine", lambda: engine)
    for spec in PROJECTS:
        make_project(site_pages["projects"], spec)
    engine.rebuild(all_documents())
    return engine


def sideways_overflow(page) -> int:
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def result_count(page) -> int:
    return int(re.match(r"\d+", page.locator("#search-count").inner_text()).group())


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_search_page_screens(
    live_server, open_page, screenshots_dir, indexed, gazetteer, viewport
):
    page, watcher = open_page(viewport)
    page.goto(live_server.url + "/ca/cerca/?q=participacio")
    assert result_count(page) == 4  # Catalan, Spanish and English projects
    page.screenshot(
        path=str(screenshots_dir / f"search-{viewport}.png"), full_page=True
    )
    page.goto(
        live_server.url
        + "/ca/cerca/?place=Manlleu&within=25&sort=distance&phase=production"
        "&phase=pilot"
    )
    assert result_count(page) == 3
    assert re.search(
        r"Ajuntament de Vic · \d+,\d km", page.locator(".result-list").inner_text()
    )
    page.screenshot(
        path=str(screenshots_dir / f"search-near-{viewport}.png"), full_page=True
    )
    assert sideways_overflow(page) <= 0
    page.goto(live_server.url + "/ca/cerca/?place=Atlantis&area=no_such_area")
    assert page.get_by_role("alert").is_visible()
    assert page.locator("#search-place").input_value() == "Atlantis"
    page.screenshot(
        path=str(screenshots_dir / f"search-error-{viewport}.png"), full_page=True
    )
    assert sideways_overflow(page) <= 0
    assert not watcher.problems(), watcher.problems()


def test_ticking_a_facet_narrows_the_results(live_server, open_page, indexed):
    page, watcher = open_page("desktop")
    page.goto(live_server.url + "/en/search/")
    before = result_count(page)
    assert before == 10
    with page.expect_navigation():
        page.get_by_label(re.compile(r"^Pilot \(\d+\)$")).check()
    assert "phase=pilot" in page.url
    assert result_count(page) == 2
    badges = page.locator(".result .badge").all_inner_texts()
    assert badges == ["Pilot", "Pilot"]
    assert page.get_by_label(re.compile(r"^Pilot")).is_checked()
    # The chip removes the filter again.
    with page.expect_navigation():
        page.locator(".chip", has_text="Phase: Pilot").click()
    assert result_count(page) == before
    assert not watcher.problems(), watcher.problems()


def test_the_municipality_field_suggests_places(live_server, open_page, gazetteer):
    page, watcher = open_page("desktop")
    page.goto(live_server.url + "/es/buscar/")
    page.locator("#search-place").fill("manl")
    option = page.locator("#search-place-list option[value='Manlleu, Catalunya, ES']")
    option.wait_for(state="attached")
    assert not watcher.problems(), watcher.problems()


def test_words_typed_in_the_form_come_back_by_relevance(
    live_server, open_page, screenshots_dir, indexed
):
    """A visitor types words and presses Enter: the best matches come first (the
    form sends no order unless the visitor picks one), in any language."""
    page, watcher = open_page("phone")
    page.goto(live_server.url + "/en/search/")
    page.get_by_label("Words").fill("tràmits")
    with page.expect_navigation():
        page.get_by_label("Words").press("Enter")
    assert "sort=" not in page.url
    assert page.locator("#search-sort").input_value() == ""  # the default...
    assert "Best match (default)" in page.locator("#search-sort").inner_text()
    assert "best match first" in page.locator("#search-count").inner_text()
    titles = page.locator(".result .card__title a").all_inner_texts()
    # ...and the default is relevance: a title match first, a body-only one last.
    assert titles[0] == "Robotització de tràmits"
    assert titles[-1] == "Gestió documental electrònica"
    # A Catalan page on the English site says so.
    first = page.locator(".result").first
    assert "in Catalan" in first.locator(".result__language").inner_text()
    assert first.locator(".card__title a").get_attribute("lang") == "ca"
    page.screenshot(path=str(screenshots_dir / "search-relevance-phone.png"))

    # The visitor picks another order: it sticks when they type other words.
    with page.expect_navigation():
        page.locator("#search-sort").select_option("newest")
    assert "sort=newest" in page.url
    page.get_by_label("Words").fill("padrón")  # Spanish: finds the Catalan padró
    with page.expect_navigation():
        page.get_by_label("Words").press("Enter")
    assert "sort=newest" in page.url
    assert page.locator(".result .card__title a").all_inner_texts() == [
        "Assistent virtual per al padró"
    ]
    assert not watcher.problems(), watcher.problems()
