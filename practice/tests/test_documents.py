"""A group's shared documents: only its members list and download them (a
private group's are a 404 for everyone else), always as a download; the limits
of what may be shared, each with its sentence; who may delete; what a member's
data download says and what account deletion leaves."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from community.accounts import delete_account
from community.data_export import member_data
from practice import documents as rules
from practice.models_documents import GroupDocument

from . import activity_helpers as helpers
from .activity_helpers import client_for, outsiders, url

# The shared fixtures (activity_helpers).
catalan, groups, people = helpers.catalan, helpers.groups, helpers.people

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="Acta de la reunió.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def share(client, group, upload, title=""):
    return client.post(url("document_share", group), {"title": title, "file": upload})


def download_url(document):
    return url("document", document.group, document.pk, document.file_name)


def body_of(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.fixture
def shared(groups, people):
    """One document shared by Pau in each group."""
    return {
        visibility: rules.share(group, people["pau"], pdf(), "Acta de gener")
        for visibility, group in groups.items()
    }


def test_a_member_shares_a_document_from_the_group_page_and_finds_it_listed(
    groups, people
):
    group = groups["private"]
    pau = client_for(people["pau"])
    page = pau.get(group.get_absolute_url()).content.decode()
    assert 'enctype="multipart/form-data"' in page
    response = share(pau, group, pdf(), "Acta de gener")
    assert response.status_code == 302
    assert response["Location"].endswith("#documents")
    document = GroupDocument.objects.get(group=group)
    assert document.file_name == "Acta de la reunió.pdf"
    assert document.uploaded_by == people["pau"]
    page = pau.get(group.get_absolute_url()).content.decode()
    assert "Acta de gener" in page and download_url(document) in page
    # Stored under the documents folder, in a random folder of its own.
    assert document.file.name.startswith("documents/groups/")
    assert len(Path(document.file.name).parent.name) == 32


def test_a_members_download_is_an_attachment_that_never_runs_in_the_browser(
    shared, people
):
    document = shared["private"]
    response = client_for(people["pau"]).get(download_url(document))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Acta%20de%20la%20reuni%C3%B3.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "no-store" in response["Cache-Control"]
    assert body_of(response) == PDF


def test_an_html_file_is_refused_and_would_never_be_served_inline(groups, people):
    pau = client_for(people["pau"])
    group = groups["open"]
    response = share(
        pau, group, SimpleUploadedFile("pàgina.html", b"<script>alert(1)</script>")
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "no es poden compartir" in page or "cannot be shared" in page
    assert "pdf" in page  # the accepted types are named
    assert not GroupDocument.objects.exists()


@pytest.mark.parametrize("visibility", ["open", "moderated", "private"])
def test_documents_are_for_members_only_in_every_kind_of_group(
    shared, groups, people, visibility
):
    """The issue says "served only to members": of an open group too (joining
    it takes one click)."""
    document = shared[visibility]
    group = groups[visibility]
    for who, client in outsiders(people).items():
        assert client.get(download_url(document)).status_code == 404, who
        page = client.get(group.get_absolute_url())
        if page.status_code == 200:
            assert "Acta de gener" not in page.content.decode(), who
            assert download_url(document) not in page.content.decode(), who
    assert client_for(people["pau"]).get(download_url(document)).status_code == 200


def test_a_private_groups_documents_are_a_404_on_every_address_for_outsiders(
    shared, groups, people
):
    group = groups["private"]
    document = shared["private"]
    for who, client in outsiders(people).items():
        assert client.get(download_url(document)).status_code == 404, who
        deleting = client.post(url("document_delete", group, document.pk))
        sharing = share(client, group, pdf("intrús.pdf"))
        if who == "anonymous":  # sent to sign in first, nothing said about the group
            assert deleting.status_code == sharing.status_code == 302
            assert "login" in sharing["Location"]
        else:
            assert deleting.status_code == sharing.status_code == 404, who
    assert GroupDocument.objects.filter(group=group).count() == 1
    # The invited see the group page but not even how many documents it has.
    page = outsiders(people)["invited"].get(group.get_absolute_url()).content
    assert "document" not in page.decode().lower()


def test_non_members_of_an_open_group_are_told_how_many_documents_there_are(
    shared, groups, people
):
    page = client_for(people["stranger"]).get(groups["open"].get_absolute_url())
    text = page.content.decode()
    assert "1 document" in text and "Acta de gener" not in text


def test_wagtails_document_address_does_not_reach_group_documents(shared, people):
    """Group documents are not Wagtail documents: /documents/<id>/<name> knows
    nothing of them, for anyone."""
    document = shared["private"]
    for client in (client_for(None), client_for(people["pau"])):
        response = client.get(f"/documents/{document.pk}/{document.file_name}")
        assert response.status_code == 404


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("buit.pdf", b""), "buit"),
        (SimpleUploadedFile("programa.exe", b"MZ..."), "pdf"),
        (SimpleUploadedFile("sense-extensio", b"hola"), "pdf"),
    ],
)
def test_bad_files_get_a_clear_error_and_the_title_is_kept(
    groups, people, upload, message
):
    response = share(client_for(people["pau"]), groups["open"], upload, "Pressupost")
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert 'value="Pressupost"' in page
    assert not GroupDocument.objects.exists()


@override_settings(WAGTAILDOCS_MAX_UPLOAD_SIZE=1024)
def test_a_file_over_the_size_limit_is_refused(groups, people, monkeypatch):
    monkeypatch.setattr(rules, "MAX_SIZE", 1024)
    response = share(
        client_for(people["pau"]), groups["open"], pdf(content=PDF + b"x" * 2000)
    )
    assert response.status_code == 400
    assert "1,0" in response.content.decode() or "1.0" in response.content.decode()
    assert not GroupDocument.objects.exists()


def test_the_group_quota_and_the_daily_limit_are_kept(groups, people, monkeypatch):
    pau = client_for(people["pau"])
    group = groups["open"]
    monkeypatch.setattr(rules, "GROUP_QUOTA", len(PDF) * 2)
    assert share(pau, group, pdf("u.pdf")).status_code == 302
    assert share(pau, group, pdf("dos.pdf")).status_code == 302
    full = share(pau, group, pdf("tres.pdf"))
    assert full.status_code == 400
    assert "coordinador" in full.content.decode()
    monkeypatch.setattr(rules, "GROUP_QUOTA", 10**9)
    monkeypatch.setattr(rules, "UPLOAD_LIMIT", rules.RateLimit(2))
    tired = share(pau, group, pdf("quatre.pdf"))
    assert tired.status_code == 400 and "demà" in tired.content.decode()
    assert GroupDocument.objects.filter(group=group).count() == 2


def test_the_uploader_and_coordinators_delete_other_members_cannot(groups, people):
    group = groups["open"]
    from practice.models import Membership

    other = Membership.objects.create(group=group, member=people["stranger"]).member
    first = rules.share(group, people["pau"], pdf(), "De Pau")
    second = rules.share(group, people["pau"], pdf(), "També de Pau")
    stored = Path(first.file.path)
    assert stored.is_file()
    # Another plain member sees them, without a delete button, and cannot delete.
    page = client_for(other).get(group.get_absolute_url()).content.decode()
    assert "De Pau" in page and "Esborra De Pau" not in page
    client_for(other).post(url("document_delete", group, first.pk))
    assert GroupDocument.objects.filter(pk=first.pk).exists()
    # The uploader deletes theirs; the file goes with it.
    with pytest.MonkeyPatch.context():
        from django.test import TestCase

        with TestCase.captureOnCommitCallbacks(execute=True):
            client_for(people["pau"]).post(url("document_delete", group, first.pk))
    assert not GroupDocument.objects.filter(pk=first.pk).exists()
    assert not stored.exists()
    # A coordinator deletes anyone's.
    client_for(people["marta"]).post(url("document_delete", group, second.pk))
    assert not GroupDocument.objects.filter(pk=second.pk).exists()


def test_a_member_who_left_can_no_longer_download_or_delete(shared, groups, people):
    group = groups["private"]
    document = shared["private"]
    group.memberships.filter(member=people["pau"]).delete()
    pau = client_for(people["pau"])
    assert pau.get(download_url(document)).status_code == 404
    assert pau.post(url("document_delete", group, document.pk)).status_code == 404
    assert GroupDocument.objects.filter(pk=document.pk).exists()


def test_a_suspended_member_cannot_share(groups, people):
    from community.models import MemberStatus

    people["pau"].status = MemberStatus.BANNED
    people["pau"].save()
    response = share(client_for(people["pau"]), groups["open"], pdf())
    assert response.status_code == 400
    assert not GroupDocument.objects.exists()


def test_the_data_download_lists_the_members_documents(shared, people):
    data = member_data(people["pau"].user)
    json.dumps(data)  # serialisable
    titles = [(row["group"], row["title"]) for row in data["group_documents"]]
    assert ("Grup private", "Acta de gener") in titles
    assert len(titles) == 3
    assert member_data(people["marta"].user)["group_documents"] == []


def test_deleting_the_account_keeps_the_documents_for_the_group_anonymously(
    shared, groups, people
):
    delete_account(people["pau"].user)
    document = GroupDocument.objects.get(pk=shared["private"].pk)
    assert document.uploaded_by is None
    assert Path(document.file.path).is_file()
    marta = client_for(people["marta"])
    page = marta.get(groups["private"].get_absolute_url()).content.decode()
    assert "Acta de gener" in page and "Pau Membre" not in page
    assert marta.get(download_url(document)).status_code == 200


def test_behind_nginx_the_file_leaves_through_the_internal_location(
    shared, people, settings
):
    settings.SENDFILE_BACKEND = "core.sendfile_nginx"
    settings.SENDFILE_ROOT = Path(settings.MEDIA_ROOT) / "documents"
    settings.SENDFILE_URL = "/internal-documents/"
    document = shared["private"]
    response = client_for(people["pau"]).get(download_url(document))
    assert response.status_code == 200
    folder = Path(document.file.name).parent.name
    assert response["X-Accel-Redirect"] == (
        f"/internal-documents/groups/{folder}/Acta_de_la_reuni%C3%B3.pdf"
    )
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.content == b""  # nginx sends the bytes
    # Nobody else gets as far as the header.
    stranger = client_for(people["stranger"]).get(download_url(document))
    assert stranger.status_code == 404 and "X-Accel-Redirect" not in stranger


def test_followers_who_are_members_hear_of_a_new_document_others_do_not(groups, people):
    from django.core import mail
    from django.test import TestCase

    from community.following import follow
    from community.models import ForumCategory, Frequency, Notification
    from community.notifications import send_digests

    group = groups["open"]
    group.forum_category = ForumCategory.objects.create(slug="grup-open", listed=False)
    group.save()
    for name in ("marta", "stranger"):
        people[name].frequency = Frequency.DAILY
        people[name].save()
        follow(people[name], group.forum_category)
    with TestCase.captureOnCommitCallbacks(execute=True):
        share(client_for(people["pau"]), group, pdf(), "Model de plec")
    assert Notification.objects.count() == 2
    mail.outbox.clear()
    assert send_digests(Frequency.DAILY) == 1
    (message,) = mail.outbox
    assert message.to == [people["marta"].user.email]
    assert "Pau Membre" in message.body and "Model de plec" in message.body
    # The stranger follows an open group without being a member: no document.
    assert not Notification.objects.filter(member=people["stranger"]).exists()
