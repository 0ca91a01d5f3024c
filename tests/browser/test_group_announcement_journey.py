"""A group announcement in a real Chromium: the coordinator writes it on the
group's Manage page and sees it confirmed; the member's email (the live server
runs in this process, so the locmem outbox is the test's) carries it, and its
unsubscribe link, opened in a browser without a session, stops the group's
announcements; the member finds the announcement on the group's page and turns
the emails on again. Screenshots kept under test-artifacts/screenshots."""

import re

import pytest
from django.core import mail

from tests.browser.journeys import sideways_overflow, signed_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_a_coordinator_announces_and_a_member_unsubscribes_in_one_click(
    live_server, open_page, screenshots_dir, site_pages, viewport
):
    from community.factories import make_member
    from practice.models import (
        AnnouncementOptOut,
        Community,
        InterestGroup,
        Membership,
        Role,
    )

    clerks = Community.objects.create(
        name="Secretaris i interventors de municipis petits", slug="secretaris"
    )
    group = InterestGroup.objects.create(
        community=clerks,
        name="Contractació menor",
        slug="contractacio-menor",
        visibility="moderated",
    )
    marta = make_member(
        "Marta Coordinadora", email="marta@ajuntament.example", confirmed=True
    )
    pau = make_member("Pau Secretari", email="pau@ajuntament.example", confirmed=True)
    Membership.objects.create(group=group, member=marta, role=Role.COORDINATOR)
    Membership.objects.create(group=group, member=pau)

    # The coordinator writes the announcement on the Manage page.
    coordinator, coordinator_watcher = signed_in(
        open_page, live_server, marta, viewport
    )
    coordinator.goto(live_server.url + "/ca/comunitats/secretaris/contractacio-menor/")
    coordinator.get_by_role("link", name="Gestiona el grup").click()
    coordinator.wait_for_url("**/contractacio-menor/gestio/")
    section = coordinator.locator(".practice-announce")
    assert "Aquest grup encara pot enviar 3 avisos" in section.inner_text()
    section.get_by_label("Assumpte").fill("Reunió de dijous")
    section.get_by_label("Text").fill(
        "Dijous a les 10 parlarem dels plecs nous.\nPorteu els vostres dubtes."
    )
    section.get_by_role("button", name="Envia l’avís als membres").click()
    coordinator.wait_for_load_state()
    assert (
        "El vostre avís «Reunió de dijous» s’està enviant per correu a 2 membres"
        in coordinator.locator(".messages").inner_text()
    )
    sent = coordinator.locator(".practice-announcements-sent")
    assert "Reunió de dijous" in sent.inner_text()
    assert "enviat a 2 membres" in sent.inner_text()
    coordinator.screenshot(
        path=str(screenshots_dir / f"announcement-sent-{viewport}.png"),
        full_page=True,
    )
    assert sideways_overflow(coordinator) <= 0

    # The member's email carries it, with a one-click unsubscribe.
    (message,) = [m for m in mail.outbox if m.to == ["pau@ajuntament.example"]]
    assert message.subject.endswith("[Contractació menor] Reunió de dijous")
    assert "Dijous a les 10 parlarem dels plecs nous." in message.body
    link = re.search(r"https?://[^/\s]+(/\S+/baixa/\S+/)", message.body).group(1)
    assert message.extra_headers["List-Unsubscribe"].endswith(link + ">")

    # Opened in a browser that is signed in as no one.
    reader, reader_watcher = open_page(viewport)
    reader.goto(live_server.url + link)
    assert "Contractació menor" in reader.locator("main").inner_text()
    assert not AnnouncementOptOut.objects.exists()  # opening it changes nothing
    reader.screenshot(
        path=str(screenshots_dir / f"announcement-unsubscribe-{viewport}.png"),
        full_page=True,
    )
    reader.get_by_role("button", name="Dona'm de baixa").click()
    reader.wait_for_load_state()
    assert "Baixa feta" in reader.locator("h1").inner_text()
    assert "ja no us enviarem per correu els avisos del grup" in (
        reader.locator("main").inner_text()
    )
    assert AnnouncementOptOut.objects.filter(group=group, member=pau).exists()
    reader.screenshot(
        path=str(screenshots_dir / f"announcement-unsubscribed-{viewport}.png"),
        full_page=True,
    )

    # On the group's page: the announcement, and the switch to get them again.
    member, member_watcher = signed_in(open_page, live_server, pau, viewport)
    member.goto(live_server.url + "/ca/comunitats/secretaris/contractacio-menor/")
    board = member.locator(".practice-announcements")
    assert "Reunió de dijous" in board.inner_text()
    assert "Porteu els vostres dubtes." in board.inner_text()
    assert "No rebeu els avisos del grup per correu electrònic." in board.inner_text()
    board.get_by_role("button", name="Envia-me’ls per correu").click()
    member.wait_for_load_state()
    assert "Rebreu els avisos d’aquest grup" in member.locator(".messages").inner_text()
    assert not AnnouncementOptOut.objects.exists()
    member.screenshot(
        path=str(screenshots_dir / f"announcement-group-page-{viewport}.png"),
        full_page=True,
    )
    assert sideways_overflow(member) <= 0
    for watcher in (coordinator_watcher, reader_watcher, member_watcher):
        assert not watcher.problems(), watcher.problems()
