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
    titles = page.locator(".result .card__title > a").all_inner_texts()
    # ...and the default is relevance: a title match first, a body-only one last.
    assert titles[0] == "Robotització de tràmits"
    assert titles[-1] == "Gestió documental electrònica"
    # A Catalan page on the English site says so.
    first = page.locator(".result").first
    assert "in Catalan" in first.locator(".result__language").inner_text()
    assert first.locator(".card__title > a").get_attribute("lang") == "ca"
    page.screenshot(path=str(screenshots_dir / "search-relevance-phone.png"))

    # The visitor picks another order: it sticks when they type other words.
    with page.expect_navigation():
        page.locator("#search-sort").select_option("newest")
    assert "sort=newest" in page.url
    page.get_by_label("Words").fill("padrón")  # Spanish: finds the Catalan padró
    with page.expect_navigation():
        page.get_by_label("Words").press("Enter")
    assert "sort=newest" in page.url
    assert page.locator(".result .card__title > a").all_inner_texts() == [
        "Assistent virtual per al padró"
    ]
    assert not watcher.problems(), watcher.problems()


def focused(page) -> dict:
    """What has the keyboard focus: tag, type, name, value, text."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            return {tag: el.tagName.toLowerCase(), type: el.type || '',
                    name: el.name || '', value: el.value || '',
                    text: (el.innerText || '').trim(),
                    facet: !!el.closest('.facet')};
        }"""
    )


def test_the_keyboard_reaches_a_filter_in_a_few_presses_and_comes_back_to_it(
    live_server, open_page, screenshots_dir, indexed
):
    """Tab, the "Skip to filters" link, Tab: the first filter. Space ticks it; the
    page reloads with the focus on that same filter, ticked."""
    page, watcher = open_page("desktop")
    page.goto(live_server.url + "/en/search/")
    presses = 0
    while not focused(page)["facet"] and presses < 60:
        page.keyboard.press("Tab")
        presses += 1
        if focused(page)["text"] == "Skip to filters":
            page.screenshot(path=str(screenshots_dir / "search-skip-link.png"))
            page.keyboard.press("Enter")
    assert presses <= 5, f"{presses} Tab presses to the first filter"
    first = focused(page)
    assert first["type"] == "checkbox" and first["name"] == "area"
    with page.expect_navigation():
        page.keyboard.press("Space")
    page.wait_for_function("() => document.activeElement.type === 'checkbox'")
    now = focused(page)
    assert (now["name"], now["value"]) == (first["name"], first["value"])
    box = page.locator(f"input[name='{now['name']}'][value='{now['value']}']")
    assert box.is_checked()
    assert f"{first['name']}={first['value']}" in page.url
    assert result_count(page) < 10
    # Unticking it: the focus stays there too, and every result comes back.
    with page.expect_navigation():
        page.keyboard.press("Space")
    page.wait_for_function("() => document.activeElement.type === 'checkbox'")
    assert (focused(page)["name"], focused(page)["value"]) == (
        first["name"],
        first["value"],
    )
    assert result_count(page) == 10
    assert not watcher.problems(), watcher.problems()


def test_on_a_phone_the_filters_are_folded_above_the_results(
    live_server, open_page, screenshots_dir, indexed
):
    page, watcher = open_page("phone")
    page.goto(
        live_server.url + "/en/search/?phase=pilot&area=participation_open_government"
    )
    summary = page.locator("#filters summary")
    assert re.fullmatch(r"Filters \(2\)", summary.inner_text().strip())
    first_result = page.locator(".result").first
    assert summary.bounding_box()["y"] < first_result.bounding_box()["y"]
    # Folded: the first result comes after the form, not after every filter
    # (they took some 4,500 px before).
    assert first_result.bounding_box()["y"] < 1100
    facet = page.get_by_label(re.compile(r"^Pilot \(\d+\)$"))
    assert not facet.is_visible()
    page.screenshot(path=str(screenshots_dir / "search-filters-folded-phone.png"))
    summary.click()
    assert facet.is_visible() and facet.is_checked()
    page.screenshot(path=str(screenshots_dir / "search-filters-open-phone.png"))
    # Ticking a filter on a phone: the page comes back with the filters open and
    # the focus on it.
    with page.expect_navigation():
        facet.uncheck()
    page.wait_for_function("() => document.activeElement.type === 'checkbox'")
    assert page.locator("#filters").get_attribute("open") is not None
    assert re.fullmatch(r"Filters \(1\)", summary.inner_text().strip())
    assert not watcher.problems(), watcher.problems()


def test_the_header_search_goes_to_the_search_page_of_the_language(
    live_server, open_page, indexed
):
    page, watcher = open_page("desktop")
    page.goto(live_server.url + "/ca/")
    box = page.get_by_role("search", name="Cerca al web").get_by_label(
        "Cerca fitxes de projecte"
    )
    box.fill("tràmits")
    with page.expect_navigation():
        box.press("Enter")
    assert page.url.startswith(live_server.url + "/ca/cerca/?q=tr")
    assert result_count(page) >= 1
    # On a phone: an icon in the header, to the search page with the focus in
    # the words field.
    phone, phone_watcher = open_page("phone")
    phone.goto(live_server.url + "/en/")
    assert not phone.get_by_role("search", name="Site search").is_visible()
    icon = phone.get_by_role("link", name="Search project files")
    header = phone.locator(".site-header").bounding_box()
    assert icon.is_visible() and header["height"] < 260
    with phone.expect_navigation():
        icon.click()
    assert phone.url.startswith(live_server.url + "/en/search/")
    phone.wait_for_function("() => document.activeElement.id === 'search-q'")
    assert not watcher.problems(), watcher.problems()
    assert not phone_watcher.problems(), phone_watcher.problems()
