"""The Content-Security-Policy in a real Chromium: every page a visitor or an
editor uses works under it, and the browser reports no violation.

Chromium reports each violation twice: as a ``securitypolicyviolation`` event
(caught in every frame by an init script, which passes it to the test) and as
a console message; the test collects both. A page that needs an inline script
without the nonce, an inline event handler, ``eval`` or a resource from a host
the policy does not name would fail here."""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.browser.test_editor_journey import admin_user, open_chooser, sign_in
from tests.browser.test_map import (
    drawn_markers,
    mapped,  # noqa: F401 - a fixture used below
    wait_for_map,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

EDITOR = ("pere.soler", "pere.soler@observatori.example.org", "Csp-editor-pass-9")

REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
    window.reportCspViolation(
        `${event.violatedDirective} blocked ${event.blockedURI || "inline"} ` +
        `at ${event.sourceFile || document.location.href}:${event.lineNumber}`
    );
});
"""


class Violations(list):
    def __init__(self, context):
        super().__init__()
        context.expose_function("reportCspViolation", lambda text: self.append(text))
        context.add_init_script(REPORT_VIOLATIONS)

    def watch(self, page):
        page.on(
            "console",
            lambda message: (
                "Content Security Policy" in message.text
                and self.append(f"console: {message.text}")
            ),
        )
        return page


@pytest.fixture
def csp_page(browser, live_server):
    """A desktop window whose CSP violations are collected; requests to other
    hosts (the video player) get an empty page, so nothing leaves the machine."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    violations = Violations(context)
    server = live_server.url.split("//", 1)[1]

    def route(request_route, request):
        if request.url.split("//", 1)[1].startswith(server):
            return request_route.continue_()
        return request_route.fulfill(
            status=200, content_type="text/html", body="<!DOCTYPE html><p>stub"
        )

    context.route("**/*", route)
    page = violations.watch(context.new_page())
    yield page, violations
    context.close()


@pytest.fixture
def video_project(site_pages):
    from project_pages.factories import ProjectPageFactory

    return ProjectPageFactory(
        parent=site_pages["projects"]["ca"],
        title="Vídeo del padró",
        documentation=[
            {
                "type": "video",
                "value": {
                    "title": "Presentació del projecte",
                    "url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
                },
            }
        ],
    )


@pytest.mark.usefixtures("mapped")
def test_the_public_site_works_under_the_policy(
    live_server, csp_page, video_project, make_member
):
    page, violations = csp_page
    response = page.goto(live_server.url + "/ca/")
    policy = response.headers["content-security-policy"]
    # Our origin, plus the request's nonce when the page has an inline script.
    assert re.search(r"script-src 'self'( 'nonce-[^']+')?(;|$)", policy), policy
    assert "unsafe-inline" not in policy
    assert page.locator("h1").count() == 1

    page.goto(live_server.url + video_project.url)
    player = page.locator("iframe[src*='youtube-nocookie.com']")
    expect(player).to_have_count(1)
    player.scroll_into_view_if_needed()

    page.goto(live_server.url + "/en/search/")
    before = int(re.match(r"\d+", page.locator("#search-count").inner_text())[0])
    with page.expect_navigation():
        page.get_by_label(re.compile(r"^Pilot \(\d+\)$")).check()
    assert "phase=pilot" in page.url
    after = int(re.match(r"\d+", page.locator("#search-count").inner_text())[0])
    assert 0 < after < before

    # The map with a tile server: its origin is allowed for images.
    settings.OBSERVATORY_MAP_TILES_URL = (
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    )
    response = page.goto(live_server.url + "/ca/mapa/")
    assert (
        "https://tile.openstreetmap.org" in response.headers["content-security-policy"]
    )
    wait_for_map(page)
    assert drawn_markers(page) > 20
    swatch = page.locator(".map-swatch").first
    assert swatch.evaluate("s => getComputedStyle(s).backgroundColor") != (
        "rgba(0, 0, 0, 0)"
    )

    member = make_member(email="montse@ajuntament.example", confirmed=True)
    page.goto(live_server.url + "/ca/comptes/login/")
    page.locator("input[name='login']").fill(member.user.email)
    page.locator("input[name='password']").fill("Correct-horse-42")
    with page.expect_navigation():
        page.locator("main form button[type='submit']").click()
    # Signed in: the header offers the profile and signing out.
    expect(page.locator(".account-links__signout")).to_be_visible()

    assert not violations, violations


def test_the_admin_works_under_the_policy(
    live_server, csp_page, django_user_model, site_pages, video_project
):
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    Image.objects.create(title="Taller amb el veïnat", file=get_test_image_file())
    admin_user(django_user_model, *EDITOR, "Moderators")
    page, violations = csp_page
    sign_in(page, live_server, EDITOR[0], EDITOR[2])
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    response = page.goto(f"{live_server.url}/admin/pages/{video_project.pk}/edit/")
    # The admin's narrow exception (core/csp.py): inline scripts; framed only by
    # itself (the preview panel).
    policy = response.headers["content-security-policy"]
    assert "script-src 'self' 'unsafe-inline'" in policy
    assert "frame-ancestors 'self'" in policy and "object-src 'none'" in policy
    page.get_by_role("tab", name="6. Documentation").click()
    level6 = page.get_by_role("tabpanel", name="6. Documentation")
    level6.get_by_role("button", name="Insert a block").last.click()
    page.get_by_role("option", name="Image").click()
    chooser = open_chooser(page, level6.get_by_role("button", name="Choose an image"))
    chooser.get_by_role("link", name="Taller amb el veïnat").click()
    expect(chooser).to_be_hidden()
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".messages")).to_contain_text("has been updated")
    # The live preview frames the page's preview view.
    page.get_by_role("button", name="Toggle preview").click()
    preview = page.frame_locator("iframe[title='Preview']").last
    # The preview renders the whole page in the request: slow on a loaded machine.
    expect(preview.locator("h1")).to_have_text(video_project.title, timeout=30_000)

    # The page chooser: where the copy of a page goes.
    page.goto(f"{live_server.url}/admin/pages/{video_project.pk}/copy/")
    page.locator(".chooser").first.get_by_role("button", name="Actions").click()
    chooser = open_chooser(
        page, page.get_by_role("button", name=re.compile("Choose another page"))
    )
    expect(chooser.get_by_role("link", name=re.compile("Projectes"))).not_to_have_count(
        0
    )

    assert not violations, violations
