"""Issue 16's whole journey in a real Chromium, as its two people take it: a
member reading a project file finds the group that follows it, asks to join,
the coordinator (another browser) accepts, the member posts in the group's
discussions, the coordinator schedules a meeting, and the meeting is in the
calendar feed the member's group page links to (fetched without a session, as a
calendar client would). Screenshots kept under test-artifacts/screenshots."""

from datetime import timedelta
from urllib.request import urlopen
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from tests.browser.journeys import signed_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_from_a_project_file_to_a_group_its_discussions_and_its_calendar(
    live_server, open_page, screenshots_dir, site_pages
):
    from icalendar import Calendar

    from community.factories import make_member
    from practice.models import Community, InterestGroup, Membership, Role
    from practice.models_projects import GroupProject
    from project_pages.factories import ProjectPageFactory

    padro = ProjectPageFactory(
        parent=site_pages["projects"]["ca"], title="Padró en línia a Manlleu"
    )
    clerks = Community.objects.create(
        name="Secretaris i interventors de municipis petits", slug="secretaris"
    )
    group = InterestGroup.objects.create(
        community=clerks,
        name="Padró i atenció ciutadana",
        slug="padro",
        visibility="moderated",
    )
    marta = make_member("Marta Coordinadora", confirmed=True, verified=True)
    Membership.objects.create(group=group, member=marta, role=Role.COORDINATOR)
    GroupProject.objects.create(group=group, page=padro, added_by=marta)
    pau = make_member("Pau Secretari", confirmed=True, verified=True)

    # The member reads the project file and finds the group that follows it.
    member, member_watcher = signed_in(open_page, live_server, pau, "desktop")
    member.goto(live_server.url + padro.url)
    groups = member.locator("#groups")
    assert "Padró i atenció ciutadana" in groups.inner_text()
    groups.get_by_role("link", name="Padró i atenció ciutadana").click()
    member.wait_for_url("**/ca/comunitats/secretaris/padro/")
    main = member.locator("main")
    main.get_by_role("button", name="Demaneu d’entrar-hi").click()
    member.wait_for_load_state()
    assert "Heu demanat d’entrar-hi" in main.inner_text()

    # The coordinator accepts from the group's Manage page.
    coordinator, coordinator_watcher = signed_in(
        open_page, live_server, marta, "desktop"
    )
    coordinator.goto(live_server.url + "/ca/comunitats/secretaris/padro/")
    coordinator.get_by_role("link", name="Gestiona el grup").click()
    coordinator.wait_for_url("**/padro/gestio/")
    coordinator.locator(".practice-requests").get_by_role(
        "button", name="Accepta Pau Secretari"
    ).click()
    coordinator.wait_for_load_state()
    assert "Pau Secretari ja és membre del grup." in (
        coordinator.locator(".messages").inner_text()
    )

    # The member, now in, starts a topic in the group's discussions.
    member.reload()
    assert "Sou membre d’aquest grup." in main.inner_text()
    main.locator("#discussions").get_by_role("link", name="Tema nou").click()
    member.wait_for_url("**/comunitat/forum/grup-*/nou-tema/")
    member.get_by_label("Títol").fill("Volants d'empadronament en línia")
    member.get_by_label("El vostre missatge").fill(
        "Quants dies trigueu a validar un volant demanat per la seu electrònica?"
    )
    member.get_by_role("button", name="Publica el tema").click()
    member.wait_for_url("**/comunitat/forum/temes/*/")
    assert "El tema s'ha publicat." in member.locator("main").inner_text()
    member.screenshot(
        path=str(screenshots_dir / "communities-journey-topic.png"), full_page=True
    )

    # The coordinator schedules a meeting.
    start = (timezone.now() + timedelta(days=14)).astimezone(ZoneInfo("Europe/Madrid"))
    start = start.replace(hour=10, minute=0, second=0, microsecond=0)
    coordinator.goto(live_server.url + "/ca/comunitats/secretaris/padro/gestio/")
    coordinator.locator("#meetings").get_by_role(
        "link", name="Convoqueu una reunió"
    ).click()
    coordinator.wait_for_url("**/reunions/nou/")
    coordinator.get_by_label("Títol").fill("Volants i certificats: com ho fem")
    coordinator.get_by_label("Comença").fill(start.strftime("%Y-%m-%dT%H:%M"))
    coordinator.get_by_label("Acaba").fill(
        (start + timedelta(hours=1, minutes=30)).strftime("%Y-%m-%dT%H:%M")
    )
    coordinator.get_by_label("Lloc").fill("Consell Comarcal d'Osona, sala 2")
    coordinator.get_by_role("button", name="Convoca la reunió").click()
    coordinator.wait_for_url("**/padro/gestio/#meetings")
    assert "està convocada" in coordinator.locator(".messages").inner_text()

    # The member's group page shows the topic and the meeting, and its calendar
    # feed holds the meeting.
    member.goto(live_server.url + "/ca/comunitats/secretaris/padro/")
    assert "Volants d'empadronament en línia" in (
        main.locator("#discussions").inner_text()
    )
    meetings = main.locator("#meetings")
    assert "Volants i certificats: com ho fem" in meetings.inner_text()
    member.screenshot(
        path=str(screenshots_dir / "communities-journey-group.png"), full_page=True
    )
    address = meetings.get_by_role("link", name="Calendari del grup").get_attribute(
        "href"
    )
    with urlopen(live_server.url + address) as response:  # noqa: S310 - test server
        calendar = Calendar.from_ical(response.read())
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Volants i certificats: com ho fem"
    assert event.decoded("DTSTART") == start
    assert "Consell Comarcal d'Osona" in str(event["LOCATION"])
    assert not member_watcher.problems(), member_watcher.problems()
    assert not coordinator_watcher.problems(), coordinator_watcher.problems()
