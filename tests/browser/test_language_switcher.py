"""The language switcher in a real Chromium: a visitor reading a project file or
a forum topic in Catalan clicks "English" or "Español" and stays on the same
project file or topic; on a file nobody has translated, the entry says so and
leads to the section in that language. Only the pages and the topic are made
with the ORM; everything else is clicks.
"""

import pytest
from wagtail.models import Locale

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def translate(page, language: str, title: str, summary: str):
    copy = page.copy_for_translation(Locale.objects.get(language_code=language))
    copy.title = copy.draft_title = title
    copy.summary = summary
    copy.save_revision().publish()
    return copy


@pytest.fixture
def content(site_pages, make_member):
    from community.factories import PostFactory, TopicFactory
    from community.models import ForumCategory
    from project_pages.factories import ProjectPageFactory

    index = site_pages["projects"]["ca"]
    project = ProjectPageFactory(
        parent=index,
        title="Cita prèvia en línia a Vic",
        summary="Els veïns reserven hora a l'oficina des del mòbil.",
    )
    member = make_member("Marta Soler")
    topic = TopicFactory(
        category=ForumCategory.objects.get(slug="general"),
        author=member,
        title="Padró en línia: com ho feu?",
    )
    PostFactory(topic=topic, author=make_member("Jordi Bosch"), body="Amb idCAT Mòbil.")
    return {
        "project": {
            "ca": project,
            "es": translate(
                project,
                "es",
                "Cita previa en línea en Vic",
                "Los vecinos reservan hora en la oficina desde el móvil.",
            ),
            "en": translate(
                project,
                "en",
                "Online appointments in Vic",
                "Residents book a slot at the office from their phone.",
            ),
        },
        "alone": ProjectPageFactory(parent=index, title="Només en català"),
        "topic": topic,
    }


def switch_to(page, label: str) -> None:
    page.locator("nav.language-switcher").get_by_role("link", name=label).click()
    page.wait_for_load_state()


def test_switching_language_on_a_project_file(
    live_server, open_page, screenshots_dir, content
):
    page, watcher = open_page("desktop")
    versions = content["project"]
    page.goto(live_server.url + versions["ca"].url)
    assert page.locator("h1").inner_text() == versions["ca"].title

    switch_to(page, "English")
    assert page.url == live_server.url + versions["en"].url
    assert page.locator("h1").inner_text() == "Online appointments in Vic"
    assert page.locator("html").get_attribute("lang") == "en"
    page.screenshot(path=str(screenshots_dir / "switcher-project-en.png"))

    switch_to(page, "Español")
    assert page.url == live_server.url + versions["es"].url
    assert page.locator("h1").inner_text() == "Cita previa en línea en Vic"
    assert page.locator("html").get_attribute("lang") == "es"

    switch_to(page, "Català")
    assert page.url == live_server.url + versions["ca"].url
    assert not watcher.problems(), watcher.problems()


def test_an_untranslated_file_says_so_before_the_visitor_clicks(
    live_server, open_page, screenshots_dir, content, settings
):
    # Where no machine translation is offered (off, or Apertium missing); with
    # one, see test_machine_translation_journey.py.
    settings.MACHINE_TRANSLATION = {**settings.MACHINE_TRANSLATION, "ENABLED": False}
    page, _watcher = open_page("phone")
    page.goto(live_server.url + content["alone"].url)
    switcher = page.locator("nav.language-switcher")
    english = switcher.get_by_role("link", name="English — not translated")
    assert "Projects" in english.get_attribute("title")
    assert switcher.get_by_role("link", name="Español — no traducida").is_visible()
    page.screenshot(
        path=str(screenshots_dir / "switcher-untranslated-phone.png"), full_page=True
    )
    english.click()
    page.wait_for_url("**/en/projects/")
    assert page.locator("html").get_attribute("lang") == "en"


def test_switching_language_on_a_forum_topic(
    live_server, open_page, screenshots_dir, content
):
    topic = content["topic"]
    page, watcher = open_page("desktop")
    page.goto(live_server.url + "/ca/")
    page.locator(".site-header").get_by_role("link", name="Fòrum").click()
    page.get_by_role("link", name="General").first.click()
    page.get_by_role("link", name=topic.title).click()
    page.wait_for_url(f"**/ca/comunitat/forum/temes/{topic.pk}/")

    switch_to(page, "Español")
    page.wait_for_url(f"**/es/comunidad/foro/temas/{topic.pk}/")
    assert topic.title in page.locator("h1").inner_text()
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.get_by_text("Amb idCAT Mòbil.").is_visible()

    switch_to(page, "English")
    page.wait_for_url(f"**/en/community/forum/topics/{topic.pk}/")
    assert topic.title in page.locator("h1").inner_text()
    page.screenshot(path=str(screenshots_dir / "switcher-topic-en.png"))
    assert not watcher.problems(), watcher.problems()
