"""Find the peer who did it, in a real Chromium: a member fills in their
professional profile (public, an area, a project file they worked on); a visitor
finds them in the members' directory by area, sees them under "People who worked
on this" on the project file and writes to them through the relay form, never
seeing their address."""

import pytest
from django.core import mail

from community.factories import PASSWORD, make_member
from project_pages.factories import EntityFactory, ProjectPageFactory
from tests.browser.journeys import sideways_overflow

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LAIA = "laia.serra@manlleu.example"


def shoot(page, screenshots_dir, name: str) -> None:
    page.screenshot(path=str(screenshots_dir / f"directory-{name}.png"), full_page=True)


def test_a_visitor_finds_the_peer_who_did_it_and_writes_to_them(
    live_server, open_page, screenshots_dir, site_pages
):
    manlleu = EntityFactory(
        name="Ajuntament de Manlleu", region="Osona", population=20_500
    )
    project = ProjectPageFactory(
        parent=site_pages["projects"]["ca"],
        title="Padró en línia",
        entities=[manlleu],
        contacts=1,
    )
    make_member("Laia Serra", email=LAIA, confirmed=True, entity=manlleu)

    # 1. Laia signs in and fills in her professional profile.
    laia, laia_watcher = open_page("phone")
    laia.goto(live_server.url + "/ca/")
    header = laia.locator(".site-header")
    header.get_by_role("link", name="Inicia la sessió").click()
    laia.wait_for_url("**/ca/comptes/login/**")
    laia.get_by_label("Correu electrònic").fill(LAIA)
    laia.get_by_label("Contrasenya").fill(PASSWORD)
    laia.locator("main form button[type=submit]").click()
    laia.wait_for_load_state()
    header.get_by_role("link", name="El meu perfil").click()
    laia.wait_for_url("**/ca/comunitat/perfil/")
    assert laia.get_by_label("Només els membres que han iniciat la sessió").is_checked()
    laia.get_by_label("Tothom").check()
    laia.get_by_label("Participació i govern obert").check()
    laia.get_by_label("Coneixements i tecnologies").fill("Padró, Via Oberta")
    laia.get_by_label(
        "Afegiu una fitxa de projecte en què heu treballat"
    ).select_option(label="Padró en línia")
    laia.get_by_label("El vostre paper en aquest projecte").fill("Cap de projecte")
    laia.get_by_role("button", name="Desa el perfil").click()
    assert "S’ha desat el perfil." in laia.locator(".messages").inner_text()
    assert laia.get_by_label("Tothom").is_checked()
    assert "Padró en línia (Cap de projecte)" in laia.locator("main").inner_text()
    shoot(laia, screenshots_dir, "1-profile-edit-phone")
    assert sideways_overflow(laia) <= 0
    assert not laia_watcher.problems(), laia_watcher.problems()

    # 2. A visitor (not signed in) looks for someone who knows open government.
    visitor, watcher = open_page("desktop")
    visitor.goto(live_server.url + "/ca/comunitat/directori/")
    assert "Laia Serra" in visitor.locator("main").inner_text()
    visitor.get_by_label("Àmbit d’especialitat").select_option(
        label="Participació i govern obert"
    )
    visitor.get_by_role("button", name="Cerca membres").click()
    visitor.wait_for_url(
        "**/ca/comunitat/directori/?**area=participation_open_government**"
    )
    cards = visitor.locator(".directory-card")
    assert cards.count() == 1
    card = cards.first
    assert "Laia Serra" in card.inner_text()
    assert "Ajuntament de Manlleu (Osona)" in card.inner_text()
    assert LAIA not in visitor.content()
    shoot(visitor, screenshots_dir, "2-directory-desktop")

    # Another area finds nobody, and says so.
    visitor.get_by_label("Àmbit d’especialitat").select_option(label="Serveis socials")
    visitor.get_by_role("button", name="Cerca membres").click()
    visitor.wait_for_load_state()
    assert visitor.locator(".directory-card").count() == 0
    assert "Cap membre no coincideix" in visitor.locator("main").inner_text()
    visitor.go_back()
    visitor.wait_for_load_state()

    # 3. From her card to the project file: she is under "People who worked on this".
    visitor.locator(".directory-card").first.get_by_role(
        "link", name="Padró en línia"
    ).click()
    visitor.wait_for_url(f"**{project.url}")
    people = visitor.locator("#people")
    assert "Persones que hi han treballat" in people.inner_text()
    assert "Laia Serra · Cap de projecte · Ajuntament de Manlleu" in " ".join(
        people.inner_text().split()
    )
    assert LAIA not in visitor.content()
    people.scroll_into_view_if_needed()
    shoot(visitor, screenshots_dir, "3-project-people-desktop")

    # 4. "Write to Laia Serra" opens the relay form; the message reaches her.
    people.get_by_role("link", name="Escriviu a Laia Serra").click()
    visitor.wait_for_url(f"**/ca/comunitat/projectes/{project.pk}/contacte/?to=*")
    assert visitor.locator("h1").inner_text() == "Escriviu a Laia Serra"
    assert LAIA not in visitor.content()
    visitor.get_by_label("El vostre nom").fill("Jordi Vila")
    visitor.get_by_label("La vostra adreça electrònica").fill("jordi@vilanova.example")
    visitor.get_by_label("El vostre missatge").fill(
        "Com vau convèncer el servei jurídic per al padró en línia?"
    )
    shoot(visitor, screenshots_dir, "4-write-to-desktop")
    visitor.get_by_role("button", name="Envia el missatge").click()
    visitor.wait_for_url(f"**/ca/comunitat/projectes/{project.pk}/contacte/**")
    relays = [m for m in mail.outbox if m.to == [LAIA]]
    assert len(relays) == 1
    assert "servei jurídic" in relays[0].body
    assert relays[0].reply_to == ["jordi@vilanova.example"]
    assert not watcher.problems(), watcher.problems()
