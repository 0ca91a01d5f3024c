"""Curation in the Wagtail admin: list, filters, the detail page shown safely, every
action logged, the draft project file, and the dashboard count."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.test import Client

from project_pages.models import Area, ProjectPage
from submissions.ingest import ingest
from submissions.models import Event, EventKind, Status, Submission
from submissions.tests.helpers import PDF, message, png_bytes

# Each test in a transaction rolled back at its end; the few that follow mail
# sent after commit run in real transactions (their own mark).
pytestmark = pytest.mark.django_db
AFTER_COMMIT = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TEMPLATE_TEXT = """Bon dia, us envio el nostre projecte.

Títol: Cita prèvia per WhatsApp
Entitat: Ajuntament de Manlleu
Àmbit: Serveis i tràmits
Fase: Pilot
Resum: Els veïns demanen cita per WhatsApp i l'oficina respon en minuts.
Descripció:
Vam connectar el gestor de cites amb WhatsApp.

Ara el 40 % de les cites arriben per aquest canal.
Estalvi: 12.000 € l'any
Persona de contacte: Marta Vila
Correu electrònic: marta.vila@manlleu.cat
Enllaços: https://manlleu.cat/cita
"""


@pytest.fixture
def editor(django_user_model, site_pages):
    user = django_user_model.objects.create_user(
        "editora", "editora@observatori.cat", "x", first_name="Editora"
    )
    # Transactional tests start from empty tables: the group as Wagtail makes it.
    group, _created = Group.objects.get_or_create(name="Editors")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    return user


@pytest.fixture
def admin_user(editor):
    """The curator is an editor, not a superuser: ``admin_client`` signs her in."""
    return editor


@pytest.fixture
def submission():
    ingest(
        message(
            TEMPLATE_TEXT,
            subject="Cita prèvia per WhatsApp",
            attachments=[
                ("memoria.pdf", PDF, "application/pdf"),
                ("captura.png", png_bytes(), "image/png"),
            ],
        ),
        source="imap",
    )
    mail.outbox.clear()
    return Submission.objects.get()


def detail_url(submission):
    return f"/admin/submissions/edit/{submission.pk}/"


def test_list_filters_and_search(admin_client, submission):
    ingest(message(subject="Un altre projecte", sender="a@b.example"), source="imap")
    html = admin_client.get("/admin/submissions/").content.decode()
    assert submission.reference in html and "Un altre projecte" in html
    new_only = admin_client.get("/admin/submissions/?status=spam").content.decode()
    assert submission.reference not in new_only
    found = admin_client.get("/admin/submissions/?q=WhatsApp").content.decode()
    assert "Cita prèvia per WhatsApp" in found and "Un altre projecte" not in found
    by_sender = admin_client.get("/admin/submissions/?sender_email=b.example")
    assert "Un altre projecte" in by_sender.content.decode()


def test_others_get_no_access(submission, django_user_model):
    outsider = django_user_model.objects.create_user("x", "x@x.example", "x")
    outsider.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client = Client()
    client.force_login(outsider)
    assert client.get(detail_url(submission)).status_code in (302, 403)
    assert Client().get(detail_url(submission)).status_code == 302  # to the login


def test_detail_shows_the_message_safely(admin_client):
    hostile = (
        b"From: Mal <mal@evil.example>\r\nTo: observatori@localhost\r\n"
        b"Subject: <script>alert(1)</script>\r\nMessage-ID: <x1@evil.example>\r\n"
        b"Content-Type: text/html; charset=utf-8\r\n\r\n"
        b"<p onclick=alert(2)>Hola <b>projecte</b></p><script>alert(3)</script>"
        b"<img src=https://tracker.example/p.gif>"
    )
    ingest(hostile, source="imap")
    submission = Submission.objects.get()
    html = admin_client.get(detail_url(submission)).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # the subject, as text
    assert 'sandbox=""' in html  # the formatted body lives in a sandboxed frame
    message_row = submission.messages.get()
    assert "onclick" not in message_row.html and "<script" not in message_row.html
    assert "tracker.example" not in message_row.html
    assert "projecte" in message_row.text


def test_the_original_can_be_downloaded_not_rendered(admin_client, submission):
    row = submission.messages.get()
    response = admin_client.get(f"{detail_url(submission)}original/{row.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "message/rfc822"
    assert "attachment" in response["Content-Disposition"]
    assert b"Cita pr" in b"".join(response.streaming_content)


def post(client, submission, action, **fields):
    """Submit one action's own form, as its button does (fields prefixed by it)."""
    data = {"action": action, **{f"{action}-{k}": v for k, v in fields.items()}}
    return client.post(detail_url(submission), data)


def said(client) -> list[str]:
    """The messages the next page shows."""
    from django.contrib.messages import get_messages

    response = client.get("/admin/")
    return [str(m).strip() for m in get_messages(response.wsgi_request)]


def test_actions_change_state_and_are_logged(admin_client, editor, submission):
    assert (
        post(admin_client, submission, action="assign", assignee=editor.pk).status_code
        == 302
    )
    submission.refresh_from_db()
    assert submission.assignee == editor and submission.status == Status.IN_REVIEW
    html = admin_client.get(detail_url(submission)).content.decode()
    assert f"Assigned to <strong>{editor.get_full_name() or editor.username}" in html
    post(admin_client, submission, action="note", text="Trucar la Marta dilluns.")
    post(admin_client, submission, action="reply", text="Ens podeu enviar fotos?")
    assert len(mail.outbox) == 1
    assert submission.reference in mail.outbox[0].subject
    assert "Ens podeu enviar fotos?" in mail.outbox[0].body
    assert "Auto-Submitted" not in mail.outbox[0].extra_headers  # a person wrote it
    post(admin_client, submission, action="spam")
    submission.refresh_from_db()
    assert submission.status == Status.SPAM and submission.closed_at is not None
    kinds = list(
        Event.objects.filter(submission=submission, user=editor).values_list(
            "kind", flat=True
        )
    )
    assert kinds == [
        EventKind.ASSIGNED,
        EventKind.NOTE,
        EventKind.REPLIED,
        EventKind.SPAM,
    ]
    html = admin_client.get(detail_url(submission)).content.decode()
    assert "Trucar la Marta dilluns." in html  # the history is on the page


def test_the_assignee_has_one_name_on_the_page(admin_client, submission):
    """The summary named the assignee by user name ("jana.ferrer"), the actions
    column by full name ("Jana Ferrer"): both say the full name now."""
    taker = Submission._meta.get_field("assignee").related_model.objects.create_user(
        "jana.ferrer", first_name="Jana", last_name="Ferrer"
    )
    taker.groups.add(Group.objects.get(name="Editors"))
    post(admin_client, submission, action="assign", assignee=taker.pk)
    html = admin_client.get(detail_url(submission)).content.decode()
    assert "<dt>Assigned to</dt><dd>Jana Ferrer</dd>" in html
    assert "Assigned to <strong>Jana Ferrer</strong>." in html
    assert "jana.ferrer" not in html


@AFTER_COMMIT
def test_reject_needs_a_reply_and_sends_it(admin_client, submission):
    response = post(admin_client, submission, action="reject", text=" ")
    assert response.status_code == 200  # the form again, with the error
    submission.refresh_from_db()
    assert submission.status == Status.NEW and mail.outbox == []
    post(admin_client, submission, action="reject", text="No és d'una administració.")
    submission.refresh_from_db()
    assert submission.status == Status.REJECTED
    assert "No és d'una administració." in mail.outbox[0].body


def test_mark_duplicate_of_a_submission_or_a_project_file(admin_client, submission):
    ingest(message(subject="El mateix, un altre cop"), source="imap")
    other = Submission.objects.exclude(pk=submission.pk).get()
    bad = post(admin_client, other, action="duplicate", duplicate_of="OBS-99999")
    assert bad.status_code == 200
    post(admin_client, other, action="duplicate", duplicate_of=submission.reference)
    other.refresh_from_db()
    assert other.status == Status.DUPLICATE and other.duplicate_of == submission


def test_create_draft_prefills_from_the_template(admin_client, editor, submission):
    response = post(admin_client, submission, action="draft")
    assert response.status_code == 302
    submission.refresh_from_db()
    page = submission.page.specific
    assert response["Location"] == f"/admin/pages/{page.pk}/edit/"
    assert submission.status == Status.ACCEPTED
    assert not page.live and page.has_unpublished_changes
    revision = page.get_latest_revision_as_object()
    assert revision.title == "Cita prèvia per WhatsApp"
    assert revision.phase == "pilot"
    assert "WhatsApp" in revision.summary
    assert "40 %" in revision.description
    assert revision.savings_amount_eur == 12000
    assert [c.email for c in revision.contacts.all()] == ["marta.vila@manlleu.cat"]
    kinds = [block.block_type for block in revision.documentation]
    assert kinds.count("document") == 1 and kinds.count("image") == 1
    assert "link" in kinds
    assert list(page.submissions.all()) == [submission]
    # ...and the page's editor links back to the submission.
    editor_html = admin_client.get(response["Location"]).content.decode()
    assert f"/admin/submissions/edit/{submission.pk}/" in editor_html
    assert Event.objects.filter(submission=submission, kind=EventKind.DRAFT).exists()
    # Once only.
    again = post(admin_client, submission, action="draft")
    assert again.status_code == 302
    assert "that action no longer applies" in " ".join(
        str(m) for m in again.wsgi_request._messages
    )
    assert ProjectPage.objects.filter(title="Cita prèvia per WhatsApp").count() == 1


def test_without_headings_the_body_goes_to_the_description(admin_client):
    ingest(
        message("Fem un projecte de dades obertes amb els municipis veïns."),
        source="imap",
    )
    submission = Submission.objects.get()
    post(admin_client, submission, action="draft")
    submission.refresh_from_db()
    revision = submission.page.specific.get_latest_revision_as_object()
    assert "dades obertes" in revision.description
    assert revision.title == submission.subject


@AFTER_COMMIT
def test_publishing_the_project_file_tells_the_sender_once(admin_client, submission):
    post(admin_client, submission, action="draft")
    submission.refresh_from_db()
    page = submission.page.specific
    revision = page.get_latest_revision()
    area = Area.objects.first()
    draft = revision.as_object()
    draft.areas.set([area])
    draft.save_revision().publish()
    sent = [m for m in mail.outbox if "publicat" in m.subject.lower()]
    assert len(sent) == 1
    assert submission.reference in sent[0].subject
    page.refresh_from_db()
    assert page.url.rstrip("/").split("/")[-1] in sent[0].body
    page.save_revision().publish()  # published again: no second email
    assert len([m for m in mail.outbox if "publicat" in m.subject.lower()]) == 1


def test_dashboard_counts_new_submissions(admin_client, submission):
    html = admin_client.get("/admin/").content.decode()
    assert "obs-new-submissions" in html
    assert "/admin/submissions/?status=new" in html


def _forms_of(html: str) -> dict[str, str]:
    """Each action's form on the detail page, by its action."""
    import re

    forms = {}
    for form in re.findall(r"<form method=\"post\".*?</form>", html, re.S):
        action = re.search(r'name="action" value="([a-z_]+)"', form)
        if action:
            forms[action.group(1)] = form
    return forms


def test_each_action_has_its_own_form_and_says_what_happened(
    admin_client, editor, submission
):
    admin_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    html = admin_client.get(detail_url(submission)).content.decode()
    forms = _forms_of(html)
    assert {"draft", "assign", "reply", "note", "duplicate", "reject"} <= set(forms)
    assert "textarea" not in forms["assign"] and "<select" in forms["assign"]
    assert "<select" not in forms["reply"] and "textarea" in forms["reply"]
    assert "textarea" not in forms["draft"] and "<select" not in forms["draft"]
    assert "duplicate-duplicate_of" in forms["duplicate"]
    assert "Nobody has taken it yet." in html
    post(admin_client, submission, "assign", assignee=editor.pk)
    assert said(admin_client) == [f"{submission.reference}: Assigned to Editora."]
    post(admin_client, submission, "note", text="Trucar dilluns.")
    assert said(admin_client) == [f"{submission.reference}: Note added."]
    post(admin_client, submission, "reply", text="Ens envieu fotos?")
    assert said(admin_client) == [
        f"{submission.reference}: Reply sent to marta.vila@manlleu.cat."
    ]
    response = post(admin_client, submission, "draft")
    page = Submission.objects.get(pk=submission.pk).page
    assert said(admin_client) == [
        f"{submission.reference}: Draft created: “{page.title}”. Check it, "
        "complete it and publish it."
    ]
    assert response["Location"] == f"/admin/pages/{page.pk}/edit/"
    html = admin_client.get(detail_url(submission)).content.decode()
    assert "Assigned to <strong>Editora</strong>." in html
    assert "draft" not in _forms_of(html)  # made once


def test_an_invalid_action_keeps_the_text_and_says_why(admin_client, submission):
    admin_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = post(admin_client, submission, "duplicate", duplicate_of="OBS-99999")
    assert response.status_code == 200
    form = _forms_of(response.content.decode())["duplicate"]
    assert "No other submission has that reference." in form
    assert 'value="OBS-99999"' in form


def test_set_aside_lists_only_what_was_set_aside(admin_client, submission):
    from submissions.models import Message, Outcome

    ingest(message("Una altra proposta.", subject="Segona proposta"), source="imap")
    ingest(message("", subject="Buit", attachments=[]), source="imap")
    quarantined = Message.objects.get(outcome=Outcome.QUARANTINED)
    html = admin_client.get("/admin/submissions/set-aside/").content.decode()
    assert quarantined.reason in html
    assert "Segona proposta" not in html
    assert "Cita prèvia per WhatsApp" not in html
