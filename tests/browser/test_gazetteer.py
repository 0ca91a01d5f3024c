"""The gazetteer's suggestions in a real browser: the entity form in the admin and
the municipality box of the public search page."""

import pytest
from django.urls import reverse

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Bigger places whose names start with "Vic": what the boxes offered before Vic.
RIVALS = [
    # (geonameid, name, country, population, latitude, longitude)
    (1819729, "Hong Kong", "HK", 7_490_776, 22.28, 114.16),
    (1818209, "Victoria", "HK", 1_000_000, 22.28, 114.16),
    (4017700, "Victoria de Durango", "MX", 616_068, 24.02, -104.65),
    (5405878, "Victorville", "US", 134_810, 34.54, -117.29),
    (2509553, "Vícar", "ES", 27_000, 36.83, -2.64),
]


@pytest.fixture
def contested_gazetteer(gazetteer):
    """The test gazetteer's Catalan towns (Vic among them), with bigger "Vic..."
    places abroad and elsewhere in Spain; Hong Kong is also called Victoria."""
    from project_pages.gazetteer import GazetteerEntry, fold, load_gazetteer
    from project_pages.models import Place

    def place(geonameid, name, country, population, latitude, longitude):
        return Place(
            geonameid=geonameid,
            name=name,
            search_name=fold(name),
            country=country,
            population=population,
            latitude=latitude,
            longitude=longitude,
        )

    entries = [GazetteerEntry(catalan, []) for catalan in gazetteer]
    entries += [GazetteerEntry(place(*row), []) for row in RIVALS]
    entries[-len(RIVALS)].other_names.append("Victoria")  # Hong Kong
    entries[-1].place.region = "Andalucía"
    load_gazetteer(entries=entries)


@pytest.fixture
def editor_page(live_server, open_page, client, django_user_model):
    user = django_user_model.objects.create_superuser(
        "editor", "editor@example.org", "x-secret-password"
    )
    client.force_login(user)
    page, watcher = open_page("desktop")
    page.context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": live_server.url,
            }
        ]
    )
    return page, watcher


def suggestions(page, datalist: str) -> list[str]:
    options = page.locator(f"{datalist} option")
    options.first.wait_for(state="attached")
    return [options.nth(i).get_attribute("value") for i in range(options.count())]


def test_picking_a_suggestion_fills_the_place_fields(
    live_server, editor_page, gazetteer
):
    page, watcher = editor_page
    page.goto(live_server.url + reverse("wagtailsnippets_project_pages_entity:add"))
    field = page.locator("[data-gazetteer-url]")
    field.fill("manl")
    option = page.locator("datalist option[value='Manlleu, Catalunya, ES (#3117010)']")
    option.wait_for(state="attached")
    assert page.locator("datalist option").count() == 1
    assert "1" in page.locator(".gazetteer__status").inner_text()

    field.fill("Manlleu, Catalunya, ES (#3117010)")  # what picking an option does
    assert page.locator("#id_municipality").input_value() == "Manlleu"
    assert page.locator("#id_region").input_value() == "Catalunya"
    assert page.locator("#id_country").input_value() == "ES"
    assert page.locator("#id_population").input_value() == "20500"
    assert float(page.locator("#id_latitude").input_value()) == 42.0
    assert float(page.locator("#id_longitude").input_value()) == 2.28
    assert "Manlleu" in page.locator(".gazetteer__status").inner_text()
    assert not [p for p in watcher.problems() if "gazetteer" in p], watcher.problems()


def test_the_admin_offers_vic_first_for_vic(
    live_server, editor_page, contested_gazetteer, screenshots_dir
):
    page, watcher = editor_page
    page.goto(live_server.url + reverse("wagtailsnippets_project_pages_entity:add"))
    page.locator("[data-gazetteer-url]").press_sequentially("Vic", delay=50)
    offered = suggestions(page, ".gazetteer datalist")
    assert offered[0] == "Vic, Catalunya, ES (#3106672)", offered
    assert "Hong Kong (Victoria), HK (#1819729)" in offered
    page.screenshot(path=str(screenshots_dir / "gazetteer-admin-vic.png"))

    page.locator("[data-gazetteer-url]").fill(offered[0])  # picking it
    assert page.locator("#id_municipality").input_value() == "Vic"
    assert page.locator("#id_population").input_value() == "46000"
    assert not [p for p in watcher.problems() if "gazetteer" in p], watcher.problems()


def test_the_search_page_offers_vic_first_for_vic(
    live_server, open_page, site_pages, contested_gazetteer, screenshots_dir
):
    page, watcher = open_page("desktop")
    page.goto(live_server.url + "/ca/cerca/")
    page.locator("#search-place").press_sequentially("Vic", delay=50)
    offered = suggestions(page, "#search-place-list")
    assert offered[0] == "Vic, Catalunya, ES", offered
    assert offered[1] == "Vícar, Andalucía, ES", offered  # then the rest of Spain
    page.screenshot(path=str(screenshots_dir / "gazetteer-search-vic.png"))
    assert not watcher.problems(), watcher.problems()
