"""The public pages in a real Chromium, on a desktop and on a phone.

Screenshots land in test-artifacts/screenshots/ (kept by CI as artifacts) so a
person can look at them; the assertions catch what a person would notice:
JavaScript or loading errors, assets from other hosts, sideways scrolling on a
phone, a skip link that cannot be seen.
"""

import pytest
import wagtail_factories
from wagtail.models import Collection

from project_pages.factories import (
    ArticlePageFactory,
    EntityFactory,
    ProjectPageFactory,
)
from tests.helpers import osona_entities

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def pages(site_pages):
    """Realistic content: a rich project file among others, and an article."""
    collection = Collection.get_first_root_node()
    image = wagtail_factories.ImageFactory(
        collection=collection,
        title="Taller de cocreació amb el veïnat",
        file__width=1200,
        file__height=700,
        file__color="steelblue",
    )
    document = wagtail_factories.DocumentFactory(
        collection=collection,
        title="Memòria del projecte 2023",
    )
    index = site_pages["projects"]["ca"]
    for i, entity in enumerate(
        [
            "Ajuntament de Vic",
            "Ajuntament de Girona",
            "Consell Comarcal del Bages",
            "Ajuntament de Tremp",
            "Comune di Bologna",
        ]
    ):
        ProjectPageFactory(
            parent=index,
            title=f"Portal de dades obertes {i + 1}",
            entities=[EntityFactory(name=entity)],
            phase=["prototype", "pilot", "production"][i % 3],
        )
    project = ProjectPageFactory(
        parent=index,
        title="Assistent virtual per al padró municipal d'habitants",
        entities=osona_entities(),
        areas=["citizen_attention", "services_procedures"],
        tag_names=["chatbot", "padró", "intel·ligència artificial"],
        documentation=[
            {
                "type": "video",
                "value": {
                    "title": "Presentació del projecte",
                    "url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
                },
            },
            {
                "type": "image",
                "value": {"image": image.pk, "caption": "Taller amb el veïnat"},
            },
            {"type": "document", "value": {"document": document.pk, "title": ""}},
            {
                "type": "link",
                "value": {
                    "kind": "presentation",
                    "title": "Diapositives de la jornada",
                    "url": "https://slides.example/padro",
                },
            },
        ],
    )
    article = ArticlePageFactory(
        parent=site_pages["articles"]["ca"],
        title="Per què els treballadors públics han de ser a la xarxa",
    )
    return {
        "home": site_pages["home"]["ca"],
        "project-index": index,
        "project": project,
        "article": article,
    }


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_public_pages_look_right(
    live_server, open_page, pages, viewport, screenshots_dir
):
    problems = []
    for name, page_model in pages.items():
        page, watcher = open_page(viewport)
        response = page.goto(live_server.url + page_model.url)
        assert response.status == 200, name
        # Scroll through the page so lazy images and players load, as for a reader.
        page.evaluate(
            "async () => { for (let y = 0; y < document.body.scrollHeight; "
            "y += 600) { window.scrollTo(0, y); "
            "await new Promise(r => setTimeout(r, 50)); } window.scrollTo(0, 0); }"
        )
        page.wait_for_load_state("networkidle")
        page.screenshot(
            path=str(screenshots_dir / f"{name}-{viewport}.png"), full_page=True
        )
        problems += [f"{name}: {problem}" for problem in watcher.problems()]
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - "
            "document.documentElement.clientWidth"
        )
        if overflow > 0:
            problems.append(f"{name}: scrolls sideways by {overflow}px")
        assert page.locator("h1").count() == 1, name
    assert not problems, "\n".join(problems)


def test_skip_link_appears_on_focus_and_leads_to_the_content(
    live_server, open_page, pages
):
    page, _watcher = open_page("phone")
    page.goto(live_server.url + pages["project"].url)
    skip = page.locator("a.skip-link")
    assert skip.bounding_box()["y"] < 0  # hidden until focused
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    box = skip.bounding_box()
    assert box["y"] >= 0 and box["height"] > 0
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_project_page_key_facts_fit_the_first_phone_screen(
    live_server, open_page, pages
):
    """A clerk on a phone sees who, where and what phase without scrolling far."""
    page, _watcher = open_page("phone")
    page.goto(live_server.url + pages["project"].url)
    facts = page.locator(".key-facts")
    assert facts.is_visible()
    phase = facts.locator(".badge").first.bounding_box()
    assert phase["y"] < 2 * 844, phase
