"""Joining the community in a real Chromium: the form, the confirmation link from
the email (the live server runs in this process, so the locmem outbox is the
test's), the signed-in header and the profile pages, on a phone and a desktop."""

import re

import pytest
from django.core import mail

from community.models import Member

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "Correct-horse-42"


def sideways_overflow(page) -> int:
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_join_confirm_and_fill_in_the_profile(
    live_server, open_page, screenshots_dir, site_pages, viewport
):
    from project_pages.models import Entity

    Entity.objects.create(name="Ajuntament de Vic", municipality="Vic")
    page, watcher = open_page(viewport)
    page.goto(live_server.url + "/ca/")
    header = page.locator(".site-header")
    header.get_by_role("link", name="Crea un compte").click()
    page.wait_for_url("**/ca/comptes/signup/")

    email = f"laia.{viewport}@example.org"
    page.get_by_label("Correu electrònic").fill(email)
    page.get_by_label("Nom visible").fill("Laia Serra")
    page.get_by_label("Contrasenya:", exact=True).fill(PASSWORD)
    page.get_by_label("Contrasenya (de nou)").fill(PASSWORD)
    page.screenshot(
        path=str(screenshots_dir / f"members-signup-{viewport}.png"), full_page=True
    )
    assert sideways_overflow(page) <= 0
    page.get_by_role("button", name="Registreu-vos").click()
    page.wait_for_url("**/ca/comptes/confirm-email/")
    assert "Confirmeu la vostra adreça" in page.locator("h1").inner_text()

    (message,) = [m for m in mail.outbox if m.to == [email]]
    link = re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)
    page.goto(live_server.url + link)
    assert email in page.locator("main").inner_text()
    page.get_by_role("button", name="Confirma").click()
    page.wait_for_url("**/ca/comunitat/perfil/")

    # Signed in: the header says so and offers the profile and signing out.
    assert header.get_by_role("link", name="El meu perfil").is_visible()
    assert header.get_by_role("button", name="Surt").is_visible()
    assert not header.get_by_role("link", name="Inicia la sessió").count()

    page.get_by_label("Administració").select_option(label="Ajuntament de Vic")
    page.get_by_label("Càrrec").fill("Tècnica de sistemes")
    page.get_by_label("Presentació breu").fill(
        "Porto la seu electrònica. <script>alert(1)</script> https://example.org/laia"
    )
    page.get_by_role("button", name="Desa el perfil").click()
    assert "S’ha desat el perfil." in page.locator(".messages").inner_text()
    page.screenshot(
        path=str(screenshots_dir / f"members-profile-edit-{viewport}.png"),
        full_page=True,
    )
    assert sideways_overflow(page) <= 0

    page.get_by_role("link", name="Mostra el meu perfil públic").click()
    member = Member.objects.get(user__email=email)
    page.wait_for_url(f"**/ca/comunitat/membres/{member.pk}/")
    main = page.locator("main")
    assert "Laia Serra" in main.locator("h1").inner_text()
    assert "Tècnica de sistemes · Ajuntament de Vic" in main.inner_text()
    assert "<script>alert(1)</script>" in main.inner_text()  # shown, not run
    link = main.get_by_role("link", name="https://example.org/laia")
    assert link.get_attribute("rel") == "nofollow ugc noopener"
    assert email not in page.content()
    page.screenshot(
        path=str(screenshots_dir / f"members-profile-{viewport}.png"), full_page=True
    )
    assert sideways_overflow(page) <= 0

    header.get_by_role("button", name="Surt").click()
    page.wait_for_load_state()
    assert header.get_by_role("link", name="Inicia la sessió").is_visible()
    assert not watcher.problems(), watcher.problems()
