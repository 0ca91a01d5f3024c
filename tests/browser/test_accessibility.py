"""axe-core in a real Chromium over the public pages a visitor and a member use,
in Catalan and English, on a desktop and a phone: no serious or critical
violation anywhere.

axe-core is vendored under tests/browser/vendor/ (scripts/vendor-js.sh, from
package.json's devDependencies) and evaluated in the page through the DevTools
protocol, which the Content-Security-Policy does not apply to (the site itself
never serves it). Its moderate and minor findings are left to review; serious
and critical ones fail the test, each listed with the element it is about.
"""

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from search.documents import all_documents
from search.engines.database import DatabaseEngine

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
FAILING = {"serious", "critical"}


@pytest.fixture
def demo_site(site_pages, monkeypatch, settings):
    """A small demo site (project files, articles, the caravan's stops), indexed
    in the database engine; no map tiles (no request leaves the machine)."""
    from cms.demo import load_demo
    from search import service

    settings.OBSERVATORY_MAP_TILES_URL = ""
    engine = DatabaseEngine()
    monkeypatch.setattr(service, "get_engine", lambda: engine)
    load_demo(count=12)
    engine.rebuild(all_documents())
    return site_pages


@pytest.fixture
def member_cookie(live_server):
    """The session cookie of a signed-in member (for the new-topic form)."""
    from community.factories import make_member
    from community.models import ForumCategory, Status, Topic

    member = make_member("Marta Serra", confirmed=True)
    # Her first topic waits for moderation: only she sees it, marked as held
    # (its title kept readable: no fading).
    general = ForumCategory.objects.get(slug="general")
    Topic.objects.create(
        category=general, author=member, title="Padró en línia", body="Com?",
        status=Status.HELD,
    )  # fmt: skip
    visible = Topic.objects.create(
        category=general, author=member, title="Cita prèvia", body="Idees?",
        status=Status.VISIBLE,
    )  # fmt: skip
    visible.pinned = True
    visible.save()
    client = Client()
    client.force_login(member.user)
    return {
        "name": "sessionid",
        "value": client.cookies["sessionid"].value,
        "url": live_server.url,
    }


def axe_violations(page) -> list[str]:
    """Serious and critical violations on the page as it is now, one line each."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    results = page.evaluate(
        """() => axe.run(document, {resultTypes: ['violations']}).then((r) =>
            r.violations.map((v) => ({
                id: v.id, impact: v.impact,
                nodes: v.nodes.map(
                    (n) => n.target.join(' ') + ' ' + n.html.slice(0, 120)),
            })))"""
    )
    return [
        f"{v['impact']} {v['id']}: {node}"
        for v in results
        if v["impact"] in FAILING
        for node in v["nodes"]
    ]


def urls(language: str, site_pages) -> dict[str, str]:
    from project_pages.models import ProjectPage

    project = (
        ProjectPage.objects.live()
        .filter(locale__language_code=language)
        .order_by("pk")
        .first()
    )
    with translation.override(language):
        return {
            "home": f"/{language}/",
            "project": project.url,
            "forum": reverse("community:forum"),
            "new topic": reverse("community:forum_new_topic", args=["general"]),
            "forum category": reverse("community:forum_category", args=["general"]),
            "sign-up": reverse("account_signup"),
            "map": reverse("map_page"),
            "caravan": site_pages["caravan"][language].url,
            "privacy": reverse("privacy"),
            "communities": reverse("practice:index"),
            "interest group": reverse(
                "practice:group",
                args=["secretaris-municipis-petits", "expedient-electronic"],
            ),
            "members' directory": reverse("community:member_directory"),
            "my profile": reverse("community:profile_edit"),
            "project, as a member": project.url,
        }


def tick_first_facet(page, live_server, language: str) -> None:
    """The search page with a filter ticked, as a visitor does it."""
    with translation.override(language):
        page.goto(live_server.url + reverse("search_page"))
    with page.expect_navigation():
        page.locator("#filters").evaluate("(details) => { details.open = true; }")
        page.locator(".facet input[type=checkbox]").first.check()
    page.wait_for_function("() => document.activeElement.type === 'checkbox'")


@pytest.mark.parametrize("language", ["ca", "en"])
def test_no_serious_or_critical_violation_on_the_public_pages(
    live_server, open_page, demo_site, member_cookie, language
):
    """Each page on a desktop and on a phone (one demo site for both)."""
    signed_in = ("new topic", "forum category", "my profile", "project, as a member")
    for viewport in ("desktop", "phone"):
        visitor, watcher = open_page(viewport)
        member, member_watcher = open_page(viewport)
        member.context.add_cookies([member_cookie])
        problems = {}

        tick_first_facet(visitor, live_server, language)
        assert re.search(r"[?&]\w+=", visitor.url), "no filter was ticked"
        problems["search with a filter ticked"] = axe_violations(visitor)
        for name, path in urls(language, demo_site).items():
            page = member if name in signed_in else visitor
            page.goto(live_server.url + path)
            if name == "map":
                page.wait_for_selector("[data-map-ready='true']", timeout=15_000)
            problems[name] = axe_violations(page)
        failing = {name: found for name, found in problems.items() if found}
        assert not failing, (viewport, failing)
        # axe did run and does fail: a field without a label is critical.
        visitor.evaluate(
            "() => document.querySelector('main')"
            ".append(document.createElement('input'))"
        )
        assert any("critical label" in found for found in axe_violations(visitor))
        assert not watcher.problems(), (viewport, watcher.problems())
        assert not member_watcher.problems(), (viewport, member_watcher.problems())
