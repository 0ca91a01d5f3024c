"""Small frictions, in a real Chromium: following a project file keeps the member
where the button is, with the confirmation in view; the forum's project field
names each faulty line."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from project_pages.factories import ProjectPageFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def signed_in_page(open_page, live_server):
    """``signed_in_page(viewport)``: a page whose browser is signed in as a
    member (a session made by the test client)."""
    from community.factories import make_member

    member = make_member("Marta Serra", confirmed=True)
    client = Client()
    client.force_login(member.user)
    cookie = {
        "name": "sessionid",
        "value": client.cookies["sessionid"].value,
        "url": live_server.url,
    }

    def factory(viewport: str):
        page, watcher = open_page(viewport)
        page.context.add_cookies([cookie])
        return page, watcher

    return factory


def test_following_keeps_the_member_at_the_button_with_a_confirmation(
    live_server, signed_in_page, screenshots_dir, project_index
):
    project = ProjectPageFactory(parent=project_index, title="Padró digital")
    page, watcher = signed_in_page("phone")
    page.goto(live_server.url + project.url)
    button = page.get_by_role("button", name="Segueix aquest projecte")
    button.scroll_into_view_if_needed()
    with page.expect_navigation():
        button.click()
    assert page.url.endswith(f"#follow-page-{project.pk}")
    status = page.locator(f"#follow-page-{project.pk}").get_by_role("status")
    assert status.inner_text().startswith("Fet: ara ho seguiu.")
    # In view, without scrolling: the page did not jump back to the top.
    assert page.evaluate("() => window.scrollY") > 0
    box = status.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= 844
    page.screenshot(path=str(screenshots_dir / "follow-confirmation-phone.png"))
    assert page.get_by_role("button", name="Deixa de seguir").is_visible()
    assert not watcher.problems(), watcher.problems()


def test_the_new_topic_form_names_each_faulty_project_line(
    live_server, signed_in_page, screenshots_dir, project_index
):
    project = ProjectPageFactory(parent=project_index, title="Padró digital")
    page, watcher = signed_in_page("desktop")
    with translation.override("en"):
        url = reverse("community:forum_new_topic", args=["general"])
    page.goto(live_server.url + url)
    page.get_by_label("Title").fill("Digital census")
    page.get_by_label("Your message").fill("How did you do it?")
    field = page.get_by_label("Project files this topic is about")
    hint = page.locator("#topic-projects-hint").inner_text()
    assert "Addresses of project files of this site, one a line" in hint
    field.fill(
        f"{live_server.url}{project.url}\nnot a url\nhttps://example.org/x\n"
        "/ca/projectes/no-hi-es/"
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Publish topic").click()
    errors = page.locator(".field--error .errorlist li").all_inner_texts()
    assert errors[0].startswith("“not a url” is not an address.")
    assert errors[1].startswith("“https://example.org/x” is not on this site")
    assert errors[2].startswith("No published project file at /ca/projectes/no-hi-es/.")
    assert len(errors) == 3
    assert page.get_by_label("Title").input_value() == "Digital census"
    page.screenshot(path=str(screenshots_dir / "forum-project-errors-desktop.png"))
    assert not watcher.problems(), watcher.problems()
