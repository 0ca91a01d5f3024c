"""The gazetteer suggestions of the entity form, in a real browser."""

import pytest
from django.urls import reverse

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def editor_page(live_server, open_page, client, django_user_model, gazetteer):
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


def test_picking_a_suggestion_fills_the_place_fields(live_server, editor_page):
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
