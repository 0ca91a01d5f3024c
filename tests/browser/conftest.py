"""Playwright fixtures: a real Chromium against pytest-django's live server.

Chromium comes from Debian (/usr/bin/chromium); `playwright install` is never run.
Without it the browser tests are skipped locally and fail under CI (CI=true).
"""

import os
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.conf import settings

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"
VIEWPORTS = {
    "desktop": {"width": 1280, "height": 900},
    "phone": {"width": 390, "height": 844},
}


@pytest.fixture(scope="session")
def screenshots_dir() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.fixture
def browser(transactional_db):
    """A Chromium for one test.

    Function-scoped on purpose: Playwright's sync API runs the test in a greenlet
    with its own context, where Django hands out a fresh database connection
    without the serialized data that ``serialized_rollback`` restores. Started
    after the database fixtures and stopped before them, it never gets in the way.
    """
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: apt-get install chromium"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import expect, sync_playwright

    # The suite runs its SQLite and PostgreSQL halves side by side on two CPUs:
    # an admin form can take more than Playwright's 5 s to render. Assertions
    # wait longer; a passing test is not slowed (they return as soon as true).
    expect.set_options(timeout=15_000)
    # Playwright's sync API runs an event loop in this thread; Django would then
    # refuse ORM calls from the test itself.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


class PageWatcher:
    """What went wrong while a page loaded: console errors, page errors, and
    requests to other hosts (fonts, scripts and styles from CDNs are not allowed)."""

    def __init__(self):
        self.console_errors: list[str] = []
        self.external: list[tuple[str, str]] = []

    def problems(self) -> list[str]:
        foreign_assets = [
            f"{kind} {url}"
            for kind, url in self.external
            if kind in {"stylesheet", "script", "font", "image"}
        ]
        return self.console_errors + foreign_assets


@pytest.fixture
def open_page(browser, live_server):
    """``open_page(viewport)`` → (Playwright page, watcher) on the live server.

    Media files are served from MEDIA_ROOT (the live server only serves static
    files); requests to other hosts (video players) get an empty page, so tests
    never touch the network.
    """
    contexts = []
    server = urlparse(live_server.url)

    def route(request_route, request):
        url = urlparse(request.url)
        if url.netloc == server.netloc:
            if url.path.startswith(settings.MEDIA_URL):
                path = Path(settings.MEDIA_ROOT) / url.path[len(settings.MEDIA_URL) :]
                if path.is_file():
                    return request_route.fulfill(path=str(path))
                return request_route.fulfill(status=404, body="")
            return request_route.continue_()
        current.external.append((request.resource_type, request.url))
        return request_route.fulfill(
            status=200,
            content_type="text/html",
            body="<!DOCTYPE html><title>stub</title>",
        )

    current = PageWatcher()

    def factory(viewport: str):
        nonlocal current
        context = browser.new_context(viewport=VIEWPORTS[viewport])
        contexts.append(context)
        page = context.new_page()
        # Each window reports to its own watcher (bound now, not looked up later).
        watcher = current = PageWatcher()
        page.on(
            "console",
            lambda message, watcher=watcher: (
                message.type == "error"
                and watcher.console_errors.append(f"console: {message.text}")
            ),
        )
        page.on(
            "pageerror",
            lambda error, watcher=watcher: watcher.console_errors.append(str(error)),
        )

        def route_to(request_route, request, watcher=watcher):
            nonlocal current
            current = watcher
            return route(request_route, request)

        context.route("**/*", route_to)
        return page, watcher

    yield factory
    for context in contexts:
        context.close()
