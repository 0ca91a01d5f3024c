"""The map page in a real Chromium: as many markers as the search API
counts for the same filters, clustered ones included; keyboard popups; a blank
background when tiles cannot load; the list without JavaScript.

No tile ever comes from outside: the tile URL is empty, or a loopback address whose
requests this test aborts (the conftest fails tests on external requests)."""

import re

import pytest

from search.documents import all_documents
from search.engines.database import DatabaseEngine
from search.tests.conftest import PROJECTS, make_project

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

AREA = "social_services"
# Five project files in each of four Catalan towns (they cluster), and one in
# Tallinn (alone), besides the contract's Rupit project of that area.
TOWNS = ("lleida", "tremp", "gandesa", "falset")
UNREACHABLE_TILES = "http://127.0.0.1:9/tiles/{z}/{x}/{y}.png"


def social_project(key: str, place: str, n: int) -> tuple:
    return (
        key, "ca", f"Teleassistència {place} {n}", "Sensors a casa.", "Alertes.",
        [AREA], ["service_journey"], "pilot", [place], [], [],
    )  # fmt: skip


@pytest.fixture
def mapped(site_pages, monkeypatch, settings):
    """The contract's project files and 21 more in one area, indexed in the
    database engine (the live server runs in this process and searches it)."""
    from search import service

    settings.OBSERVATORY_MAP_TILES_URL = ""
    engine = DatabaseEngine()
    monkeypatch.setattr(service, "get_engine", lambda: engine)
    indexes = site_pages["projects"]
    for spec in PROJECTS:
        make_project(indexes, spec)
    for town in TOWNS:
        for n in range(5):
            make_project(indexes, social_project(f"{town}{n}", town, n))
    make_project(indexes, social_project("tallinn", "tallinn", 0))
    engine.rebuild(all_documents())
    return engine


def api_count(page, live_server, query: str) -> int:
    response = page.request.get(f"{live_server.url}/api/v1/projects/search/?{query}")
    assert response.ok
    return response.json()["count"]


def drawn_markers(page) -> int:
    """Markers on screen: single markers plus the count on each cluster."""
    return page.evaluate(
        """() => {
            const clusters = document.querySelectorAll('.map-cluster__count');
            let total = document.querySelectorAll('.map-marker').length;
            clusters.forEach((c) => { total += parseInt(c.textContent, 10); });
            return total;
        }"""
    )


def wait_for_map(page) -> None:
    page.wait_for_selector("[data-map-ready='true']", timeout=15_000)
    page.wait_for_function("!document.querySelector('.leaflet-cluster-anim')")


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_the_map_shows_as_many_markers_as_the_api_counts(
    live_server, open_page, screenshots_dir, mapped, viewport
):
    page, watcher = open_page(viewport)
    query = f"area={AREA}"
    expected = api_count(page, live_server, query)
    assert expected == 22
    page.goto(f"{live_server.url}/ca/mapa/?{query}")
    wait_for_map(page)
    mapped_count = int(page.locator("[data-map]").get_attribute("data-marker-count"))
    assert mapped_count == expected
    assert drawn_markers(page) == expected
    # Nearby project files are clustered: fewer things on screen than markers.
    assert page.locator(".map-cluster").count() >= 1
    assert page.locator(".map-marker").count() < expected
    assert page.locator("#map-count").inner_text().startswith(f"{expected} ")
    # The legend is text; the list (for visitors without JavaScript) is hidden.
    legend = page.locator(".map-legend")
    assert "Serveis socials" in legend.inner_text()
    assert page.locator("[data-map-list]").is_hidden()
    assert page.get_by_role("region", name=re.compile("Mapa")).is_visible()
    page.screenshot(path=str(screenshots_dir / f"map-{viewport}.png"), full_page=True)
    sideways = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert sideways <= 0
    assert not watcher.problems(), watcher.problems()


def test_markers_and_clusters_work_with_the_keyboard(live_server, open_page, mapped):
    page, watcher = open_page("desktop")
    page.goto(f"{live_server.url}/en/map/?area={AREA}&phase=pilot")
    wait_for_map(page)
    # The lone marker (Tallinn): Enter opens its popup, with a link to the file.
    marker = page.locator(".map-marker").first
    marker.focus()
    page.keyboard.press("Enter")
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    link = popup.get_by_role("link", name="Teleassistència tallinn 0")
    assert link.get_attribute("href").startswith("/ca/")
    assert "Ajuntament de Tallinn" in popup.inner_text()
    assert "Pilot" in popup.inner_text()
    # A cluster: Enter zooms in, so that it splits.
    before = page.locator(".map-cluster").count()
    cluster = page.locator(".map-cluster").first
    assert "project files: zoom in" in cluster.inner_text()
    cluster.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(
        f"document.querySelectorAll('.map-cluster').length > {before}", timeout=10_000
    )
    assert not watcher.problems(), watcher.problems()


def test_without_tiles_the_markers_stay_on_a_blank_background(
    live_server, open_page, screenshots_dir, mapped, settings
):
    settings.OBSERVATORY_MAP_TILES_URL = UNREACHABLE_TILES
    page, watcher = open_page("desktop")
    # Takes precedence over the conftest's route: the tile server is "down".
    page.route("http://127.0.0.1:9/**", lambda route: route.abort())
    page.goto(f"{live_server.url}/ca/mapa/?area={AREA}")
    wait_for_map(page)
    notice = page.locator("[data-map-notice]")
    notice.wait_for(state="visible")
    assert "mapa de fons" in notice.inner_text()
    assert page.locator("[data-map]").get_attribute("data-tiles") == "failed"
    assert page.locator(".leaflet-tile-pane img").count() == 0
    assert drawn_markers(page) == api_count(page, live_server, f"area={AREA}")
    page.screenshot(path=str(screenshots_dir / "map-no-tiles-desktop.png"))
    failed_tiles = "Failed to load resource: net::ERR_FAILED"
    problems = [p for p in watcher.problems() if failed_tiles not in p]
    assert not problems, problems


def test_bad_filters_give_the_search_pages_message(live_server, open_page, mapped):
    page, watcher = open_page("phone")
    page.goto(f"{live_server.url}/es/mapa/?area=no_such_area")
    assert page.get_by_role("alert").is_visible()
    assert page.locator("[data-map]").count() == 0
    assert not watcher.problems(), watcher.problems()


def test_without_javascript_the_page_is_a_list(live_server, browser, mapped):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/en/map/?area={AREA}")
        items = page.locator(".map-list__items li")
        assert items.count() == 22
        assert page.locator("[data-map-list]").is_visible()
        first = items.first.get_by_role("link")
        assert first.get_attribute("href").startswith("/")
    finally:
        context.close()


def test_the_search_page_links_to_the_map(live_server, open_page, mapped):
    page, watcher = open_page("desktop")
    page.goto(f"{live_server.url}/en/search/?area={AREA}")
    with page.expect_navigation():
        page.get_by_role("link", name="See on the map").click()
    assert page.url.endswith(f"/en/map/?area={AREA}")
    wait_for_map(page)
    assert drawn_markers(page) == 22
    assert not watcher.problems(), watcher.problems()


@pytest.fixture
def demo_mapped(site_pages, monkeypatch, settings):
    """The demo site (project files all over Catalonia, the caravan's coming
    stops in Vic and Manresa), indexed in the database engine."""
    from cms.demo import load_demo
    from search import service

    settings.OBSERVATORY_MAP_TILES_URL = ""
    engine = DatabaseEngine()
    monkeypatch.setattr(service, "get_engine", lambda: engine)
    load_demo(count=60)
    engine.rebuild(all_documents())
    return engine


CLUSTERS_AT_THEIR_CENTRE = """() => [
    ...document.querySelectorAll('.map-cluster')
].map((el) => {
    const box = el.getBoundingClientRect();
    const x = box.left + box.width / 2, y = box.top + box.height / 2;
    const hit = document.elementFromPoint(x, y);
    return {
        label: el.getAttribute('aria-label'),
        count: parseInt(el.querySelector('.map-cluster__count').textContent, 10),
        stop: el.classList.contains('map-cluster--stop'),
        onTop: !!hit && hit.closest('.leaflet-marker-icon') === el,
        x, y,
    };
})"""


@pytest.mark.parametrize(
    ("language", "projects", "stops"),
    [
        ("en", r"(\d+) project files: zoom in", r"(\d+) caravan stops: zoom in"),
        (
            "ca",
            r"(\d+) fitxes de projecte: apropeu-vos-hi",
            r"(\d+) parades de la caravana: apropeu-vos-hi",
        ),
    ],
)
def test_project_files_and_caravan_stops_never_hide_each_other(
    live_server, open_page, screenshots_dir, demo_mapped, language, projects, stops
):
    page, watcher = open_page("desktop")
    path = "/en/map/" if language == "en" else "/ca/mapa/"
    page.goto(live_server.url + path)
    wait_for_map(page)
    page.screenshot(path=str(screenshots_dir / f"map-demo-{language}-desktop.png"))
    clusters = page.evaluate(CLUSTERS_AT_THEIR_CENTRE)
    project_groups = [c for c in clusters if not c["stop"]]
    stop_groups = [c for c in clusters if c["stop"]]
    assert project_groups and stop_groups, clusters
    # Each group is what the pointer finds at its centre: none hides another.
    assert all(c["onTop"] for c in clusters), clusters
    # Each says what it holds, in the page's language.
    for group in project_groups:
        assert re.fullmatch(projects, group["label"]).group(1) == str(group["count"])
    for group in stop_groups:
        assert re.fullmatch(stops, group["label"]).group(1) == str(group["count"])
    assert sum(c["count"] for c in stop_groups) == 2  # Vic and Manresa, to come
    # The legend names both layers.
    legend = page.locator(".map-legend").inner_text()
    assert ("caravan" if language == "en" else "caravana") in legend
    # Both can be clicked: the stops' group opens into its stops...
    biggest = max(project_groups, key=lambda c: c["count"])
    page.mouse.click(stop_groups[0]["x"], stop_groups[0]["y"])
    page.wait_for_function(
        "() => document.querySelectorAll('.map-marker--stop').length >= 1",
        timeout=10_000,
    )
    # ...and, back at the start, the project files' group zooms in too.
    page.goto(live_server.url + path)
    wait_for_map(page)
    before = page.locator(".map-cluster, .map-marker").count()
    page.mouse.click(biggest["x"], biggest["y"])
    page.wait_for_function(
        "() => document.querySelectorAll('.map-cluster, .map-marker').length > "
        f"{before}",
        timeout=10_000,
    )
    assert not watcher.problems(), watcher.problems()
