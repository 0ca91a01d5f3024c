"""Helpers the Chromium journeys share: a member's signed-in page, and whether a
page scrolls sideways (on a 390 px phone it must not)."""

from django.test import Client


def signed_in(open_page, live_server, member, viewport):
    """A page (and its watcher) of ``open_page`` signed in as ``member``: the
    session of a test client, handed to the browser as its cookie."""
    client = Client()
    client.force_login(member.user)
    page, watcher = open_page(viewport)
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


def sideways_overflow(page) -> int:
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
