"""Members' texts never run in a real browser: every payload of the XSS corpus
(community/tests/xss_payloads.py) shown as a comment, a forum topic and reply, and
a profile bio, in Chromium. Any dialog (alert/confirm/prompt/print), any call of a
trap set before the page's own scripts, or any page error fails the test; every
element of the members' texts is hovered and focused so that event handlers that
survived would fire."""

import pytest
from django.urls import NoReverseMatch, reverse

from community.models import Comment, Member, Post, Status, Topic
from community.tests.comment_helpers import make_member
from community.tests.xss_payloads import PAYLOADS as ALL_PAYLOADS

# NUL characters never reach the database: the forms refuse them (tested in
# community/tests), and PostgreSQL text cannot hold them.
PAYLOADS = [payload for payload in ALL_PAYLOADS if "\x00" not in payload]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Set before any script of the page: a payload that runs calls one of these.
TRAPS = """
window.__xss = [];
for (const name of ["alert", "confirm", "prompt", "print"]) {
    const original = window[name];
    window[name] = function (...args) { window.__xss.push(name + ":" + args); };
}
"""
TEXT_SELECTOR = ".comment__text, .member-bio, .topic-title, h1"


def visit(page, url: str, dialogs: list[str]) -> list[str]:
    from playwright.sync_api import Error as PlaywrightError

    page.goto(url)
    page.wait_for_load_state("load")
    # Give survivors their chance: hover and focus every element of the texts.
    elements = page.locator(f":is({TEXT_SELECTOR}) *")
    for index in range(min(elements.count(), 400)):
        element = elements.nth(index)
        try:
            element.hover(timeout=200, force=True)
            element.focus(timeout=200)
        except PlaywrightError:  # hidden or detached: nothing to trigger
            continue
    page.wait_for_timeout(100)
    fired = page.evaluate("window.__xss || []") or []
    return [*dialogs, *fired]


@pytest.fixture
def xss_page(open_page):
    page, watcher = open_page("desktop")
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.add_init_script(TRAPS)
    return page, watcher, dialogs


def test_no_payload_runs_as_a_comment(live_server, xss_page, project_page):
    page, watcher, dialogs = xss_page
    author = make_member("Autora")
    for payload in PAYLOADS:
        Comment.objects.create(
            page_id=project_page.pk, author=author, body=payload, status=Status.VISIBLE
        )
    replies_to = Comment.objects.filter(page_id=project_page.pk).first()
    for payload in PAYLOADS[:30]:
        Comment.objects.create(
            page_id=project_page.pk,
            author=author,
            body=payload,
            parent=replies_to,
            depth=1,
            status=Status.VISIBLE,
        )
    fired = visit(page, live_server.url + project_page.url, dialogs)
    assert page.locator(".comment").count() >= len(PAYLOADS)  # they are all there
    assert fired == []
    assert watcher.console_errors == []


def test_no_payload_runs_as_a_profile_bio(live_server, xss_page):
    page, watcher, dialogs = xss_page
    fired = []
    for number, payload in enumerate(PAYLOADS):
        member = make_member(f"Membre {number}", bio=payload)
        url = reverse("community:member_profile", args=[member.pk])
        fired += visit(page, live_server.url + url, dialogs)
        dialogs.clear()
    assert Member.objects.count() == len(PAYLOADS)
    assert fired == []
    assert watcher.console_errors == []


def test_no_payload_runs_as_a_forum_topic_or_reply(live_server, xss_page):
    from community.models import ForumCategory

    try:
        reverse("community:forum")
    except NoReverseMatch:
        pytest.skip("the forum is not built yet")
    page, watcher, dialogs = xss_page
    author = make_member("Autor")
    category = ForumCategory.objects.get(slug="general")
    fired = []
    for number, payload in enumerate(PAYLOADS[:50]):
        topic = Topic.objects.create(
            category=category,
            author=author,
            title=payload[:200],
            body=payload,
            status=Status.VISIBLE,
        )
        for reply in PAYLOADS[50 + number :: 50]:
            Post.objects.create(
                topic=topic, author=author, body=reply, status=Status.VISIBLE
            )
        fired += visit(page, live_server.url + topic_url(topic), dialogs)
        dialogs.clear()
    assert fired == []
    assert watcher.console_errors == []


def topic_url(topic) -> str:
    return reverse("community:forum_topic", args=[topic.pk])
