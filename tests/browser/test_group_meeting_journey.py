"""A private group's meeting in a real Chromium: the coordinator schedules it
from the group's Manage page, a member finds it on the group page and in the
group's calendar feed, fetched at the address the page links to (as a calendar
client would, without a session) and read as iCalendar. Screenshots kept under
test-artifacts/screenshots."""

import re
from datetime import timedelta
from urllib.request import urlopen
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from tests.browser.journeys import sideways_overflow, signed_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


FAILED_LOAD = "console: Failed to load resource: the server responded with a status"


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_a_scheduled_meeting_lands_in_the_members_calendar_feed(
    live_server, open_page, screenshots_dir, site_pages, viewport
):
    from icalendar import Calendar

    from community.factories import make_member
    from practice.models import Community, InterestGroup, Membership, Role

    clerks = Community.objects.create(
        name="Secretaris i interventors de municipis petits", slug="secretaris"
    )
    group = InterestGroup.objects.create(
        community=clerks,
        name="Secretaries agrupades del Pirineu",
        slug="secretaries-agrupades",
        visibility="private",
    )
    marta = make_member("Marta Coordinadora", confirmed=True)
    pau = make_member("Pau Secretari", confirmed=True)
    Membership.objects.create(group=group, member=marta, role=Role.COORDINATOR)
    Membership.objects.create(group=group, member=pau)
    group_url = live_server.url + "/ca/comunitats/secretaris/secretaries-agrupades/"
    start = (timezone.now() + timedelta(days=10)).astimezone(ZoneInfo("Europe/Madrid"))
    start = start.replace(hour=17, minute=30, second=0, microsecond=0)

    coordinator, coordinator_watcher = signed_in(
        open_page, live_server, marta, viewport
    )
    coordinator.goto(group_url)
    coordinator.get_by_role("link", name="Gestiona el grup").click()
    coordinator.wait_for_url("**/secretaries-agrupades/gestio/")
    coordinator.locator("#meetings").get_by_role(
        "link", name="Convoqueu una reunió"
    ).click()
    coordinator.wait_for_url("**/reunions/nou/")
    coordinator.get_by_label("Títol").fill("Calendari de plens del trimestre")
    coordinator.get_by_label("Comença").fill(start.strftime("%Y-%m-%dT%H:%M"))
    # A first try that ends before it starts: the error, and nothing lost.
    coordinator.get_by_label("Acaba").fill(
        (start - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    )
    coordinator.get_by_label("Enllaç del vídeo").fill(
        "https://meet.example.org/secretaries"
    )
    coordinator.get_by_label("Programa").fill("1. Plens\n2. Substitucions")
    coordinator.get_by_role("button", name="Convoca la reunió").click()
    coordinator.wait_for_load_state()
    assert "ha d’acabar després de començar" in coordinator.locator("main").inner_text()
    assert coordinator.get_by_label("Títol").input_value() == (
        "Calendari de plens del trimestre"
    )
    coordinator.screenshot(
        path=str(screenshots_dir / f"group-meeting-error-{viewport}.png"),
        full_page=True,
    )
    coordinator.get_by_label("Acaba").fill(
        (start + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    )
    coordinator.get_by_role("button", name="Convoca la reunió").click()
    coordinator.wait_for_url(re.compile(r"/secretaries-agrupades/gestio/#meetings$"))
    assert "està convocada" in coordinator.locator(".messages").inner_text()
    assert "Calendari de plens del trimestre" in (
        coordinator.locator("#meetings").inner_text()
    )
    coordinator.screenshot(
        path=str(screenshots_dir / f"group-meeting-manage-{viewport}.png"),
        full_page=True,
    )
    assert sideways_overflow(coordinator) <= 0

    member, member_watcher = signed_in(open_page, live_server, pau, viewport)
    member.goto(group_url)
    meetings = member.locator("#meetings")
    assert "Calendari de plens del trimestre" in meetings.inner_text()
    assert "Substitucions" in meetings.inner_text()
    member.screenshot(
        path=str(screenshots_dir / f"group-meeting-member-{viewport}.png"),
        full_page=True,
    )
    assert sideways_overflow(member) <= 0
    feed = meetings.get_by_role("link", name="Calendari del grup (subscripció)")
    address = feed.get_attribute("href")
    # A calendar client has no session: the address alone opens the feed.
    with urlopen(live_server.url + address) as response:  # noqa: S310 - test server
        assert response.headers["Content-Type"].startswith("text/calendar")
        calendar = Calendar.from_ical(response.read())
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Calendari de plens del trimestre"
    assert event.decoded("DTSTART") == start
    assert event.decoded("DTEND") == start + timedelta(hours=1)
    assert "https://meet.example.org/secretaries" in str(event["DESCRIPTION"])
    assert str(calendar["X-WR-CALNAME"]) == "Secretaries agrupades del Pirineu"
    assert not member_watcher.problems(), member_watcher.problems()
    # The refused form answered 400 (on purpose, and once); nothing else failed.
    problems = coordinator_watcher.problems()
    refused = [line for line in problems if line.startswith(FAILED_LOAD)]
    assert len(refused) == 1 and "400" in refused[0], problems
    assert len(problems) == 1, problems
