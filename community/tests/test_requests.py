"""Contact the team and ask to visit, as a sender, a project's team and an editor
notice them: what arrives in whose inbox, what is never shown, what is refused."""

import re
from functools import partial

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.test import Client, override_settings
from django.utils.html import escape

from community.models import (
    ContactRequest,
    MemberStatus,
    ModerationAction,
    RequestStatus,
    VisitRequest,
)
from project_pages.factories import ProjectPageFactory

User = get_user_model()


@pytest.fixture
def project(project_index):
    """A project file with two contacts that have an address and one without."""
    page = ProjectPageFactory(parent=project_index, title="Padró en línia", contacts=2)
    page.contacts.add(page.contacts.model(name="Sense correu", email=""))
    page.save()
    return page


def contact_addresses(page) -> list[str]:
    return sorted(c.email for c in page.contacts.all() if c.email)


def contact_url(page) -> str:
    return f"/ca/comunitat/projectes/{page.pk}/contacte/"


def visit_url(page) -> str:
    return f"/ca/comunitat/projectes/{page.pk}/visita/"


@pytest.fixture
def make_member(make_member):
    """Members here joined today and confirmed their address; the first is Marta."""
    return partial(
        make_member,
        name="Marta Puig",
        email="marta@example.org",
        days=0,
        confirmed=True,
    )


def csrf_client(user=None, ip="192.0.2.10") -> Client:
    client = Client(enforce_csrf_checks=True, REMOTE_ADDR=ip)
    if user is not None:
        client.force_login(user)
    return client


def submit(client: Client, url: str, data: dict):
    """Like a browser: open the form, then post it with its CSRF token."""
    page = client.get(url)
    assert page.status_code == 200
    token = re.search(
        r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()
    ).group(1)
    return client.post(url, {**data, "csrfmiddlewaretoken": token})


CONTACT = {
    "name": "Jordi Serra",
    "email": "jordi@vilanova.example",
    "message": "Com vau convèncer el servei jurídic? Ens agradaria fer el mateix.",
}
VISIT = {
    "name": "Jordi Serra",
    "email": "jordi@vilanova.example",
    "organisation": "Ajuntament de Vilanova",
    "proposed_dates": "12 o 19 de març, matins",
    "people": "4",
    "purpose": "Veure com funciona el padró en línia amb l'equip d'atenció.",
}


# Contact the team ----------------------------------------------------------------


def test_project_file_offers_both_actions(client, project):
    html = client.get(project.url).content.decode()
    assert f'href="{contact_url(project)}"' in html
    assert f'href="{visit_url(project)}"' in html
    assert "Demaneu una visita" in html


def test_message_is_relayed_to_the_contacts_and_a_receipt_to_the_sender(project):
    response = submit(csrf_client(), contact_url(project), CONTACT)
    assert response.status_code == 302
    assert response["Location"] == contact_url(project) + "enviat/"

    relay, receipt = mail.outbox
    assert sorted(relay.to) == contact_addresses(project)
    assert relay.reply_to == ["jordi@vilanova.example"]
    assert CONTACT["message"] in relay.body
    assert relay.subject.startswith("[Observatori] ")
    assert "Padró en línia" in relay.subject

    assert receipt.to == ["jordi@vilanova.example"]
    whole_receipt = str(receipt.message())
    for address in contact_addresses(project):
        assert address not in whole_receipt
    assert "Padró en línia" in receipt.body

    stored = ContactRequest.objects.get()
    assert stored.page_id == project.pk
    assert stored.relayed_at is not None
    assert stored.member is None
    assert len(stored.ip_hash) == 64 and "192.0.2.10" not in stored.ip_hash

    # Someone else opening the thank-you address is sent to the form instead.
    assert csrf_client().get(response["Location"]).status_code == 302


def test_thank_you_page_says_where_the_message_went(project):
    client = csrf_client()
    response = submit(client, contact_url(project), CONTACT)
    html = client.get(response["Location"]).content.decode()
    assert "Gràcies: s’ha enviat el vostre missatge" in html
    assert "equip del projecte" in html


@override_settings(COMMUNITY_EDITORS_EMAIL=["editors@observatori.example"])
def test_without_contact_address_the_editors_get_it_and_the_sender_is_told(
    project_index,
):
    page = ProjectPageFactory(parent=project_index, contacts=0)
    client = csrf_client()
    response = submit(client, contact_url(page), CONTACT)
    relay, receipt = mail.outbox
    assert relay.to == ["editors@observatori.example"]
    assert relay.reply_to == [CONTACT["email"]]
    assert "/admin/community/contact-requests/edit/" in relay.body
    assert "editors@observatori.example" not in str(receipt.message())
    html = client.get(response["Location"]).content.decode()
    assert "no té cap adreça de contacte" in html


def test_without_setting_the_moderators_addresses_are_used(project_index):
    page = ProjectPageFactory(parent=project_index, contacts=0)
    editor = User.objects.create_user("editor", "editor@observatori.example", "x")
    editor.groups.add(Group.objects.get(name="Editors"))
    User.objects.create_user("other", "other@example.org", "x")
    submit(csrf_client(), contact_url(page), CONTACT)
    assert mail.outbox[0].to == ["editor@observatori.example"]


def test_member_address_is_fixed_and_emails_are_in_each_recipients_language(
    project,
    make_member,
):
    member = make_member(language="es")
    response = submit(
        csrf_client(member.user),
        contact_url(project),
        {**CONTACT, "email": "someone.else@example.org"},
    )
    assert response.status_code == 302
    relay, receipt = mail.outbox
    assert relay.reply_to == ["marta@example.org"]
    assert "someone.else@example.org" not in str(relay.message())
    # The team reads the project's language (Catalan), the member Spanish.
    assert "per contestar" in relay.body.lower()
    assert receipt.to == ["marta@example.org"]
    assert "Hemos hecho llegar su mensaje" in receipt.body
    assert CONTACT["message"] in receipt.body  # a member's receipt quotes it
    assert ContactRequest.objects.get().member == member


def test_anonymous_receipt_does_not_quote_the_message(project):
    submit(csrf_client(), contact_url(project), CONTACT)
    receipt = mail.outbox[1]
    assert CONTACT["message"] not in receipt.body
    assert "no està verificada" in mail.outbox[0].body


def test_the_form_shows_a_members_address_and_never_the_contacts(project, make_member):
    member = make_member()
    html = csrf_client(member.user).get(contact_url(project)).content.decode()
    assert 'value="marta@example.org"' in html
    assert "disabled" in html


def test_no_page_shows_the_contacts_addresses(client, project):
    visitor = csrf_client()
    pages = [client.get(project.url), visitor.get(contact_url(project))]
    pages.append(visitor.get(submit(visitor, contact_url(project), CONTACT).url))
    pages.append(visitor.get(visit_url(project)))
    pages.append(visitor.get(submit(visitor, visit_url(project), VISIT).url))
    secrets = [c.email for c in project.contacts.all() if c.email]
    secrets += [c.phone for c in project.contacts.all() if c.phone]
    assert len(secrets) == 4
    for response in pages:
        assert response.status_code == 200
        html = response.content.decode()
        assert "Padró en línia" in html
        for secret in secrets:
            assert secret not in html


def test_errors_are_explained_and_keep_what_was_typed(project):
    response = submit(
        csrf_client(), contact_url(project), {**CONTACT, "email": "not-an-address"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Introdueix una adreça de correu electrònic vàlida" in html
    assert CONTACT["message"] in html
    assert 'value="not-an-address"' in html
    assert ContactRequest.objects.count() == 0
    assert mail.outbox == []


def test_csrf_token_is_required(project):
    client = csrf_client()
    response = client.post(contact_url(project), CONTACT)
    assert response.status_code == 403
    assert ContactRequest.objects.count() == 0
    assert mail.outbox == []


def test_honeypot_is_thanked_and_nothing_is_stored_or_sent(project):
    response = submit(csrf_client(), contact_url(project), {**CONTACT, "website": "x"})
    assert response.status_code == 302
    assert ContactRequest.objects.count() == 0
    assert mail.outbox == []


@override_settings(COMMUNITY={"CONTACT_REQUESTS_PER_DAY": 2})
def test_members_daily_limit_blocks_the_next_message(project, make_member):
    member = make_member()
    client = csrf_client(member.user)
    for _ in range(2):
        assert submit(client, contact_url(project), CONTACT).status_code == 302
    sent = len(mail.outbox)
    blocked = submit(client, contact_url(project), {**CONTACT, "message": "Un altre"})
    assert blocked.status_code == 429
    html = blocked.content.decode()
    assert "límit diari de 2 missatges" in html
    assert "Un altre" in html  # the text is kept
    assert ContactRequest.objects.count() == 2
    assert len(mail.outbox) == sent


@override_settings(COMMUNITY={"CONTACT_REQUESTS_PER_DAY": 4})
def test_anonymous_senders_get_half_and_cannot_dodge_it_by_changing_address(
    project,
):
    client = csrf_client(ip="198.51.100.7")
    for i in range(2):
        response = submit(
            client, contact_url(project), {**CONTACT, "email": f"a{i}@example.org"}
        )
        assert response.status_code == 302
    blocked = submit(
        client, contact_url(project), {**CONTACT, "email": "new@example.org"}
    )
    assert blocked.status_code == 429
    assert ContactRequest.objects.count() == 2
    # Someone else, elsewhere, is not affected.
    other = submit(csrf_client(ip="203.0.113.9"), contact_url(project), CONTACT)
    assert other.status_code == 302


@override_settings(COMMUNITY={"CONTACT_REQUESTS_PER_DAY": 1})
def test_members_behind_one_address_share_a_larger_allowance(project, make_member):
    for i in range(4):
        member = make_member(email=f"m{i}@example.org", name=f"Member {i}")
        response = submit(csrf_client(member.user), contact_url(project), CONTACT)
        assert response.status_code == 302
    fifth = make_member(email="m5@example.org", name="Member 5")
    assert (
        submit(csrf_client(fifth.user), contact_url(project), CONTACT).status_code
        == 429
    )


def test_suspended_member_cannot_write(project, make_member):
    from datetime import timedelta

    from django.utils import timezone

    member = make_member(
        status=MemberStatus.SUSPENDED,
        suspended_until=timezone.now() + timedelta(days=3),
    )
    response = csrf_client(member.user).get(contact_url(project))
    assert response.status_code == 403
    assert "suspès" in response.content.decode()


def test_only_published_project_files_can_be_contacted(client, project, site_pages):
    assert client.get(contact_url(site_pages["home"]["ca"])).status_code == 404
    project.unpublish()
    assert client.get(contact_url(project)).status_code == 404


def test_paths_are_translated(client, project):
    assert (
        client.get(f"/es/comunidad/proyectos/{project.pk}/contacto/").status_code == 200
    )
    assert client.get(f"/en/community/projects/{project.pk}/visit/").status_code == 200


# Ask to visit ---------------------------------------------------------------------


def test_visit_request_is_stored_and_relayed(project):
    response = submit(csrf_client(), visit_url(project), VISIT)
    assert response.status_code == 302
    visit = VisitRequest.objects.get()
    assert (visit.people, visit.organisation) == (4, "Ajuntament de Vilanova")
    assert visit.status == RequestStatus.NEW
    relay, receipt = mail.outbox
    assert sorted(relay.to) == contact_addresses(project)
    assert relay.reply_to == [VISIT["email"]]
    assert "12 o 19 de març, matins" in relay.body
    for address in contact_addresses(project):
        assert address not in str(receipt.message())


@pytest.mark.parametrize("people", ["0", "61", "molts"])
def test_visit_needs_between_1_and_60_people(project, people):
    response = submit(csrf_client(), visit_url(project), {**VISIT, "people": people})
    assert response.status_code == 200
    assert escape(VISIT["purpose"]) in response.content.decode()
    assert VisitRequest.objects.count() == 0


@override_settings(COMMUNITY={"VISIT_REQUESTS_PER_DAY": 1})
def test_visit_requests_are_rate_limited(project, make_member):
    member = make_member()
    client = csrf_client(member.user)
    assert submit(client, visit_url(project), VISIT).status_code == 302
    assert submit(client, visit_url(project), VISIT).status_code == 429
    assert VisitRequest.objects.count() == 1


def test_an_editor_sees_the_visit_request_and_the_answer_is_emailed(
    project, django_capture_on_commit_callbacks
):
    submit(csrf_client(), visit_url(project), VISIT)
    visit = VisitRequest.objects.get()
    mail.outbox.clear()

    editor = User.objects.create_user("editor", "editor@observatori.example", "x")
    editor.groups.add(Group.objects.get(name="Editors"))
    admin = Client()
    admin.force_login(editor)
    listing = admin.get("/admin/community/visit-requests/")
    assert listing.status_code == 200
    assert "Ajuntament de Vilanova" in listing.content.decode()
    assert (
        admin.get("/admin/community/visit-requests/?status=answered")
        .content.decode()
        .count("Ajuntament de Vilanova")
        == 0
    )

    edit_url = f"/admin/community/visit-requests/edit/{visit.pk}/"
    assert "12 o 19 de març" in admin.get(edit_url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(
            edit_url,
            {
                "status": RequestStatus.ACCEPTED,
                "answer": "Us esperem el 19 de març a les 10 h.",
                "note": "Parlat amb l'equip",
            },
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    visit.refresh_from_db()
    assert visit.status == RequestStatus.ACCEPTED
    assert visit.answer == "Us esperem el 19 de març a les 10 h."
    (answer,) = mail.outbox
    assert answer.to == [VISIT["email"]]
    assert "Us esperem el 19 de març a les 10 h." in answer.body
    log = ModerationAction.objects.get(kind=ModerationAction.Kind.REQUEST)
    assert log.moderator == editor
    assert log.target == visit
    assert "Parlat amb l'equip" in log.note

    # Saving again without a new answer sends nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(edit_url, {"status": RequestStatus.CLOSED, "answer": visit.answer})
    visit.refresh_from_db()
    assert visit.status == RequestStatus.CLOSED
    assert len(mail.outbox) == 1


def test_contact_requests_are_listed_for_editors_only(project):
    submit(csrf_client(), contact_url(project), CONTACT)
    clerk = User.objects.create_user("clerk", "clerk@example.org", "x")
    clerk.user_permissions.add(Permission.objects.get(codename="access_admin"))
    admin = Client()
    admin.force_login(clerk)
    # Wagtail's viewsets send admin users without the right to the dashboard.
    denied = admin.get("/admin/community/contact-requests/")
    assert (denied.status_code, denied["Location"]) == (302, "/admin/")

    editor = User.objects.create_user("editor", "editor@observatori.example", "x")
    editor.groups.add(Group.objects.get(name="Moderators"))
    admin.force_login(editor)
    html = admin.get("/admin/community/contact-requests/").content.decode()
    assert "Jordi Serra" in html
