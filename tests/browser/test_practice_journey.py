"""A community of practice in a real Chromium: a member finds a moderated group
from the communities index (through the header), asks to join, the coordinator
(another browser) accepts from the group's manage page, and the member then sees
the group as a member. Screenshots kept under test-artifacts/screenshots."""

import pytest

from tests.browser.journeys import sideways_overflow, signed_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_ask_to_join_a_moderated_group_and_be_accepted(
    live_server, open_page, screenshots_dir, site_pages, viewport
):
    from community.factories import make_member
    from practice.models import Community, InterestGroup, Membership, Role

    clerks = Community.objects.create(
        name="Secretaris i interventors de municipis petits", slug="secretaris"
    )
    group = InterestGroup.objects.create(
        community=clerks,
        name="Contractació menor",
        slug="contractacio-menor",
        visibility="moderated",
        description="Plecs, models i dubtes de la contractació menor.",
    )
    InterestGroup.objects.create(
        community=clerks, name="Grup reservat", slug="reservat", visibility="private"
    )
    marta = make_member("Marta Coordinadora", confirmed=True)
    Membership.objects.create(group=group, member=marta, role=Role.COORDINATOR)
    pau = make_member("Pau Secretari", confirmed=True)

    member, member_watcher = signed_in(open_page, live_server, pau, viewport)
    member.goto(live_server.url + "/ca/")
    member.locator(".site-header").get_by_role("link", name="Comunitats").click()
    member.wait_for_url("**/ca/comunitats/")
    main = member.locator("main")
    assert "Grup reservat" not in main.inner_text()
    main.get_by_role("link", name="Contractació menor").click()
    member.wait_for_url("**/ca/comunitats/secretaris/contractacio-menor/")
    assert "Grup moderat" in main.inner_text()
    assert "Marta Coordinadora" in main.inner_text()
    main.get_by_role("button", name="Demaneu d’entrar-hi").click()
    member.wait_for_load_state()
    assert (
        "La vostra sol·licitud s’ha enviat" in member.locator(".messages").inner_text()
    )
    assert "Heu demanat d’entrar-hi" in main.inner_text()
    member.screenshot(
        path=str(screenshots_dir / f"practice-requested-{viewport}.png"),
        full_page=True,
    )
    assert sideways_overflow(member) <= 0

    coordinator, coordinator_watcher = signed_in(
        open_page, live_server, marta, viewport
    )
    coordinator.goto(live_server.url + "/ca/comunitats/secretaris/contractacio-menor/")
    coordinator.get_by_role("link", name="Gestiona el grup").click()
    coordinator.wait_for_url("**/contractacio-menor/gestio/")
    requests = coordinator.locator(".practice-requests")
    assert "Pau Secretari" in requests.inner_text()
    coordinator.screenshot(
        path=str(screenshots_dir / f"practice-manage-{viewport}.png"), full_page=True
    )
    assert sideways_overflow(coordinator) <= 0
    requests.get_by_role("button", name="Accepta Pau Secretari").click()
    coordinator.wait_for_load_state()
    assert (
        "Pau Secretari ja és membre del grup."
        in coordinator.locator(".messages").inner_text()
    )
    assert "No hi ha cap sol·licitud pendent." in requests.inner_text()
    assert "Pau Secretari" in coordinator.locator(".practice-roster").inner_text()

    member.reload()
    assert "Sou membre d’aquest grup." in main.inner_text()
    assert "Pau Secretari" in main.locator(".practice-members").inner_text()
    assert main.get_by_role("button", name="Surt del grup").is_visible()
    member.screenshot(
        path=str(screenshots_dir / f"practice-member-{viewport}.png"), full_page=True
    )
    member.goto(live_server.url + "/ca/comunitats/")
    assert "Contractació menor" in member.locator(".practice-mine").inner_text()
    assert not member_watcher.problems(), member_watcher.problems()
    assert not coordinator_watcher.problems(), coordinator_watcher.problems()
