"""Joining the community from a group's page in a real Chromium: the visitor
taps "Sign in to join", has no account yet, signs up from the sign-in page,
confirms the address from the email in the same browser and is back on the
group's page, signed in, with the group's own "Join the group" button. The live
server runs in this process, so the locmem outbox is the test's."""

import re

import pytest
from django.core import mail

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "Correct-horse-42"


def test_sign_up_from_a_group_page_and_come_back_to_join_it(
    live_server, open_page, screenshots_dir, site_pages
):
    from practice.models import Community, InterestGroup, Membership

    clerks = Community.objects.create(
        name="Secretaris i interventors de municipis petits", slug="secretaris"
    )
    group = InterestGroup.objects.create(
        community=clerks,
        name="Padró i atenció ciutadana",
        slug="padro",
        visibility="open",
    )
    page, watcher = open_page("phone")
    page.goto(live_server.url + "/ca/comunitats/secretaris/padro/")
    main = page.locator("main")
    main.get_by_role("link", name="Inicieu la sessió per entrar-hi").click()
    page.wait_for_url("**/ca/comptes/login/**")
    main.get_by_role("link", name="Registreu-vos").click()
    page.wait_for_url("**/ca/comptes/signup/**")

    email = "laia.padro@example.org"
    page.get_by_label("Correu electrònic").fill(email)
    page.get_by_label("Nom visible").fill("Laia Serra")
    page.get_by_label("Contrasenya:", exact=True).fill(PASSWORD)
    page.get_by_label("Contrasenya (de nou)").fill(PASSWORD)
    page.get_by_role("button", name="Registreu-vos").click()
    page.wait_for_url("**/ca/comptes/confirm-email/")

    (message,) = [m for m in mail.outbox if m.to == [email]]
    link = re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)
    page.goto(live_server.url + link)
    page.get_by_role("button", name="Confirma").click()

    # Back on the group's page, signed in, with the group's own button.
    page.wait_for_url("**/ca/comunitats/secretaris/padro/")
    header = page.locator(".site-header")
    assert header.get_by_role("link", name="El meu perfil").is_visible()
    assert not main.get_by_role("link", name="Inicieu la sessió per entrar-hi").count()
    page.screenshot(
        path=str(screenshots_dir / "join-from-a-group-confirmed-phone.png"),
        full_page=True,
    )
    main.get_by_role("button", name="Entreu al grup").click()
    page.wait_for_load_state()
    assert Membership.objects.filter(group=group, member__user__email=email).exists()
    assert not watcher.problems(), watcher.problems()


def test_confirming_in_another_browser_signs_in_and_comes_back_to_the_group(
    live_server, open_page, screenshots_dir, site_pages
):
    from practice.models import Community, InterestGroup

    clerks = Community.objects.create(name="Secretaris", slug="secretaris")
    InterestGroup.objects.create(
        community=clerks, name="Padró", slug="padro", visibility="open"
    )
    laptop, laptop_watcher = open_page("desktop")
    laptop.goto(live_server.url + "/ca/comunitats/secretaris/padro/")
    laptop.get_by_role("link", name="Inicieu la sessió per entrar-hi").click()
    laptop.locator("main").get_by_role("link", name="Registreu-vos").click()
    email = "pau.padro@example.org"
    laptop.get_by_label("Correu electrònic").fill(email)
    laptop.get_by_label("Nom visible").fill("Pau Riera")
    laptop.get_by_label("Contrasenya:", exact=True).fill(PASSWORD)
    laptop.get_by_label("Contrasenya (de nou)").fill(PASSWORD)
    laptop.get_by_role("button", name="Registreu-vos").click()
    laptop.wait_for_url("**/ca/comptes/confirm-email/")

    # The link opened by the phone's mail app: no sign-up session there.
    (message,) = [m for m in mail.outbox if m.to == [email]]
    link = re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)
    phone, phone_watcher = open_page("phone")
    phone.goto(live_server.url + link)
    phone.get_by_role("button", name="Confirma").click()
    phone.wait_for_url("**/ca/comptes/login/**")
    main = phone.locator("main")
    assert f"Heu confirmat {email}." in main.inner_text()
    assert "Inicieu la sessió amb aquesta adreça" in main.inner_text()
    assert "registreu-vos" not in main.inner_text().lower()
    phone.screenshot(
        path=str(screenshots_dir / "join-confirmed-elsewhere-login-phone.png"),
        full_page=True,
    )
    phone.get_by_label("Correu electrònic").fill(email)
    phone.get_by_label("Contrasenya").fill(PASSWORD)
    main.get_by_role("button", name="Inicia la sessió").click()
    phone.wait_for_url("**/ca/comunitats/secretaris/padro/")
    assert main.get_by_role("button", name="Entreu al grup").is_visible()
    assert not laptop_watcher.problems(), laptop_watcher.problems()
    assert not phone_watcher.problems(), phone_watcher.problems()
