"""A group's discussions in a real Chromium: a member opens an open group from
the communities index, joins it, starts a topic from the group's page; another
member (another browser) finds it on the group's page and replies; the first
sees the reply, and the way back to the group. Screenshots kept under
test-artifacts/screenshots."""

import pytest

from tests.browser.journeys import sideways_overflow, signed_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_start_a_topic_in_a_group_and_read_the_reply(
    live_server, open_page, screenshots_dir, site_pages, viewport
):
    from community.factories import make_member
    from practice.models import Community, InterestGroup, Membership, Role

    clerks = Community.objects.create(
        name="Secretaris i interventors de municipis petits", slug="secretaris"
    )
    group = InterestGroup.objects.create(
        community=clerks,
        name="Expedient electrònic",
        slug="expedient-electronic",
        visibility="open",
        description="L'expedient electrònic en ajuntaments petits.",
    )
    # Verified public employees: their first contributions are not held.
    marta = make_member("Marta Coordinadora", confirmed=True, verified=True)
    Membership.objects.create(group=group, member=marta, role=Role.COORDINATOR)
    pau = make_member("Pau Secretari", confirmed=True, verified=True)

    member, member_watcher = signed_in(open_page, live_server, pau, viewport)
    member.goto(live_server.url + "/ca/comunitats/")
    main = member.locator("main")
    main.get_by_role("link", name="Expedient electrònic").click()
    member.wait_for_url("**/ca/comunitats/secretaris/expedient-electronic/")
    discussions = main.locator("#discussions")
    assert "Debats" in discussions.inner_text()
    assert discussions.get_by_role("link", name="Tema nou").count() == 0
    main.get_by_role("button", name="Entreu al grup").click()
    member.wait_for_load_state()
    assert "Sou membre d’aquest grup." in main.inner_text()
    # Joining follows the group.
    assert "Ho seguiu" in discussions.inner_text()

    discussions.get_by_role("link", name="Tema nou").click()
    member.wait_for_url("**/comunitat/forum/grup-*/nou-tema/")
    breadcrumbs = member.locator(".breadcrumbs")
    assert "Expedient electrònic" in breadcrumbs.inner_text()
    member.get_by_label("Títol").fill("Signatura dels decrets d'alcaldia")
    member.get_by_label("El vostre missatge").fill(
        "Com signeu els decrets quan l'alcalde no té certificat al mòbil?"
    )
    member.get_by_role("button", name="Publica el tema").click()
    member.wait_for_url("**/comunitat/forum/temes/*/")
    assert "El tema s'ha publicat." in main.inner_text()
    assert "Signatura dels decrets d'alcaldia" in member.locator("h1").inner_text()
    member.screenshot(
        path=str(screenshots_dir / f"group-topic-started-{viewport}.png"),
        full_page=True,
    )
    topic_url = member.url
    assert sideways_overflow(member) <= 0

    coordinator, coordinator_watcher = signed_in(
        open_page, live_server, marta, viewport
    )
    coordinator.goto(
        live_server.url + "/ca/comunitats/secretaris/expedient-electronic/"
    )
    coordinator.locator("#discussions").get_by_role(
        "link", name="Signatura dels decrets d'alcaldia"
    ).click()
    coordinator.wait_for_url(topic_url)
    coordinator.get_by_label("La vostra resposta").fill(
        "Nosaltres fem servir la signatura al núvol de l'AOC: funciona des de "
        "qualsevol ordinador."
    )
    coordinator.get_by_role("button", name="Publica la resposta").click()
    coordinator.wait_for_load_state()
    assert "La resposta s'ha publicat." in coordinator.locator("main").inner_text()
    assert not coordinator_watcher.problems(), coordinator_watcher.problems()

    member.reload()
    replies = member.locator(".forum-replies")
    assert "signatura al núvol de l'AOC" in replies.inner_text()
    assert "Marta Coordinadora" in replies.inner_text()
    member.screenshot(
        path=str(screenshots_dir / f"group-topic-reply-{viewport}.png"),
        full_page=True,
    )
    member.locator(".breadcrumbs").get_by_role(
        "link", name="Expedient electrònic"
    ).click()
    member.wait_for_url("**/ca/comunitats/secretaris/expedient-electronic/")
    assert "1 resposta" in member.locator("#discussions").inner_text()
    member.screenshot(
        path=str(screenshots_dir / f"group-discussions-{viewport}.png"),
        full_page=True,
    )
    assert sideways_overflow(member) <= 0
    assert not member_watcher.problems(), member_watcher.problems()
