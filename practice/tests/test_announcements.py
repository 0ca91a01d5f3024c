"""A coordinator's announcement as the people involved meet it: who gets the
email and who does not, what the email carries (the member's language, the
one-click unsubscribe and its headers), the limits and their messages, a worker
that runs a job twice, what the group page shows to whom, and the member's
data (download, account deletion)."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from community.accounts import delete_account
from community.data_export import member_data
from community.factories import make_member
from community.models import Frequency, MemberStatus
from practice import mail as practice_mail
from practice.announcements import PER_AUTHOR_PER_DAY, PER_GROUP_PER_WEEK
from practice.factories import AnnouncementFactory
from practice.models import (
    Announcement,
    AnnouncementOptOut,
    Community,
    InterestGroup,
    Membership,
    Role,
    State,
    Visibility,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def catalan():
    with translation.override("ca"):
        yield


@pytest.fixture
def clerks():
    return Community.objects.create(
        name="Secretaris i interventors", name_es="Secretarios e interventores",
        slug="secretaris",
    )  # fmt: skip


@pytest.fixture
def marta():
    return make_member("Marta Coordinadora", email="marta@ajuntament.example")


@pytest.fixture
def pau():
    return make_member("Pau Membre", email="pau@ajuntament.example", language="es")


def make_group(community, slug, visibility, coordinator):
    group = InterestGroup.objects.create(
        community=community,
        name=f"Grup {slug}",
        name_es=f"Grupo {slug}",
        slug=slug,
        visibility=visibility,
    )
    Membership.objects.create(group=group, member=coordinator, role=Role.COORDINATOR)
    return group


@pytest.fixture
def group(clerks, marta, pau):
    found = make_group(clerks, "contractacio", Visibility.MODERATED, marta)
    Membership.objects.create(group=found, member=pau)
    return found


@pytest.fixture
def private(clerks, marta, pau):
    found = make_group(clerks, "reservat", Visibility.PRIVATE, marta)
    Membership.objects.create(group=found, member=pau)
    return found


def client_for(member=None, **kwargs) -> Client:
    client = Client(**kwargs)
    if member is not None:
        client.force_login(member.user)
    return client


def url(group, name, *args):
    return reverse(name, args=[group.community.slug, group.slug, *args])


def announce(client, group, subject="Reunió de dijous", body="Ens veiem a les 10."):
    return client.post(
        url(group, "practice:announce"), {"subject": subject, "body": body}
    )


@pytest.fixture
def posted(django_capture_on_commit_callbacks):
    """Post as a coordinator and let the commit hand it to the worker (the test
    settings run the worker's tasks at once)."""

    def post(client, group, **data):
        with django_capture_on_commit_callbacks(execute=True):
            return announce(client, group, **data)

    return post


def recipients_of(subject_part: str) -> set[str]:
    return {
        address
        for message in mail.outbox
        if subject_part in message.subject
        for address in message.to
    }


# Who receives it ---------------------------------------------------------------------


def test_an_announcement_is_emailed_to_the_members_and_no_one_else(
    group, marta, pau, posted
):
    also = make_member("Anna Membre", email="anna@ajuntament.example")
    quiet = make_member(
        "Quim Never", email="quim@ajuntament.example", frequency=Frequency.NEVER
    )
    for member in (also, quiet):
        Membership.objects.create(group=group, member=member)
    outside = [
        make_member("Rita Demana", email="rita@ajuntament.example"),
        make_member("Ivan Convidat", email="ivan@ajuntament.example"),
        make_member("Berta Expulsada", email="berta@ajuntament.example",
                    status=MemberStatus.BANNED),
        make_member("Sara Suspesa", email="sara@ajuntament.example",
                    status=MemberStatus.SUSPENDED,
                    suspended_until=timezone.now() + timedelta(days=3)),
        make_member("Uri Baixa", email="uri@ajuntament.example"),
        make_member("Estrany", email="estrany@ajuntament.example"),
    ]  # fmt: skip
    rita, ivan, berta, sara, uri, _stranger = outside
    Membership.objects.create(group=group, member=rita, state=State.REQUESTED)
    Membership.objects.create(group=group, member=ivan, state=State.INVITED)
    for member in (berta, sara, uri):
        Membership.objects.create(group=group, member=member)
    AnnouncementOptOut.objects.create(group=group, member=uri)
    # Another group's member is no member of this one.
    other = make_group(group.community, "altres", Visibility.OPEN, marta)
    Membership.objects.create(group=other, member=_stranger)

    response = posted(client_for(marta), group)

    assert response.status_code == 302
    assert recipients_of("Reunió de dijous") == {
        "marta@ajuntament.example",
        "pau@ajuntament.example",
        "anna@ajuntament.example",
        # Announcements have their own unsubscribe: the digest setting
        # ("never") is about what a member follows.
        "quim@ajuntament.example",
    }
    assert all(len(message.to) == 1 for message in mail.outbox)
    announcement = Announcement.objects.get()
    assert announcement.sent_at is not None
    assert announcement.recipient_count == 4


def test_a_suspension_that_ended_no_longer_stops_the_email(group, marta, posted):
    back = make_member(
        "Tornada", email="tornada@ajuntament.example",
        status=MemberStatus.SUSPENDED,
        suspended_until=timezone.now() - timedelta(hours=1),
    )  # fmt: skip
    Membership.objects.create(group=group, member=back)
    posted(client_for(marta), group)
    assert "tornada@ajuntament.example" in recipients_of("Reunió")


# What the email says -----------------------------------------------------------------


def test_the_email_speaks_the_members_language_around_the_coordinators_words(
    group, marta, pau, posted
):
    posted(client_for(marta), group, subject="Plecs nous", body="Hem penjat els plecs.")
    (to_pau,) = [m for m in mail.outbox if m.to == ["pau@ajuntament.example"]]
    (to_marta,) = [m for m in mail.outbox if m.to == ["marta@ajuntament.example"]]
    # The subject names the group in the reader's language; the text is as written.
    assert to_pau.subject.endswith("[Grupo contractacio] Plecs nous")
    assert to_marta.subject.endswith("[Grup contractacio] Plecs nous")
    assert to_pau.body.startswith("Hem penjat els plecs.")
    assert "Aviso de Marta Coordinadora, que coordina el grupo" in to_pau.body
    assert "Deje de recibir" in to_pau.body
    assert "Deixeu de rebre" in to_marta.body
    # Links in the reader's language: the group page's announcements.
    assert "/es/comunidades/secretaris/contractacio/avisos/#announcement-" in (
        to_pau.body
    )
    assert to_pau.extra_headers["List-Archive"].endswith(
        "/es/comunidades/secretaris/contractacio/>"
    )


def test_the_email_carries_the_one_click_unsubscribe_headers(group, marta, posted):
    posted(client_for(marta), group)
    message = mail.outbox[0]
    header = message.extra_headers["List-Unsubscribe"]
    assert re.fullmatch(r"<https?://[^>]+/baixa/[^/>]+/>", header), header
    assert message.extra_headers["List-Unsubscribe-Post"] == (
        "List-Unsubscribe=One-Click"
    )
    assert "contractacio.secretaris." in message.extra_headers["List-Id"]
    # The same link is in the body, for the reader who clicks.
    assert header[1:-1] in message.body


def path_of(link: str) -> str:
    return re.sub(r"^https?://[^/]+", "", link)


def test_one_click_unsubscribe_works_without_a_session_or_csrf(
    group, marta, pau, posted
):
    posted(client_for(marta), group)
    (to_pau,) = [m for m in mail.outbox if m.to == ["pau@ajuntament.example"]]
    link = path_of(to_pau.extra_headers["List-Unsubscribe"][1:-1])
    mail_client = Client(enforce_csrf_checks=True)  # no session, no token

    response = mail_client.post(link, {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    assert AnnouncementOptOut.objects.filter(group=group, member=pau).exists()
    # The next announcement goes to the others, not to Pau.
    mail.outbox.clear()
    posted(client_for(marta), group, subject="Segona crida")
    assert recipients_of("Segona crida") == {"marta@ajuntament.example"}
    # Doing it again is harmless.
    assert mail_client.post(link).status_code == 200


def test_following_the_link_asks_first(group, marta, pau, posted):
    """Mail scanners open links: GET only shows the button."""
    posted(client_for(marta), group)
    (to_marta,) = [m for m in mail.outbox if m.to == ["marta@ajuntament.example"]]
    link = path_of(re.search(r"https?://\S+/baixa/\S+/", to_marta.body).group(0))
    page = Client().get(link)
    assert page.status_code == 200
    assert "Grup contractacio" in page.content.decode()
    assert "<form" in page.content.decode()
    assert not AnnouncementOptOut.objects.exists()


def test_a_forged_token_unsubscribes_no_one(group, pau):
    link = url(group, "practice:announcements_unsubscribe", "pau-for-sure")
    assert Client().post(link).status_code == 404
    assert Client().get(link).status_code == 404
    assert not AnnouncementOptOut.objects.exists()


# Limits and mistakes -----------------------------------------------------------------


def test_a_group_gets_three_announcements_a_week_and_the_fourth_waits(
    group, marta, posted
):
    for days in (1, 2, 3):
        AnnouncementFactory(
            group=group, author=marta, created_at=timezone.now() - timedelta(days=days)
        )
    assert PER_GROUP_PER_WEEK == 3

    response = posted(
        client_for(marta), group, subject="Quarta crida", body="Text llarg i pensat."
    )

    assert response.status_code == 429
    html = response.content.decode()
    assert "ja ha tingut 3 avisos en els darrers set dies" in html
    # Nothing typed is lost.
    assert 'value="Quarta crida"' in html
    assert "Text llarg i pensat.</textarea>" in html
    assert Announcement.objects.count() == 3
    assert not mail.outbox
    # A week after the oldest, there is room again.
    Announcement.objects.filter(group=group).update(
        created_at=timezone.now() - timedelta(days=8)
    )
    assert posted(client_for(marta), group).status_code == 302


def test_a_coordinator_sends_at_most_five_a_day_whatever_the_group(
    clerks, group, marta, posted
):
    for n in range(PER_AUTHOR_PER_DAY):
        other = make_group(clerks, f"altre-{n}", Visibility.OPEN, marta)
        AnnouncementFactory(group=other, author=marta)

    response = posted(client_for(marta), group, subject="Sisena", body="Sisè text.")

    assert response.status_code == 429
    html = response.content.decode()
    assert "Avui ja heu enviat 5 avisos" in html
    assert 'value="Sisena"' in html and "Sisè text.</textarea>" in html
    assert not group.announcements.exists()


def test_a_missing_subject_is_said_and_the_text_is_kept(group, marta, posted):
    response = posted(client_for(marta), group, subject="  ", body="El meu text.")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Aquest camp és obligatori" in html
    assert "El meu text.</textarea>" in html
    assert not Announcement.objects.exists()


def test_only_coordinators_announce(group, private, pau, posted):
    assert posted(client_for(pau), group).status_code == 403
    assert posted(client_for(pau), private).status_code == 403
    stranger = make_member("Estrany", email="estrany@ajuntament.example")
    invited = make_member("Ivan Convidat", email="ivan@ajuntament.example")
    Membership.objects.create(group=private, member=invited, state=State.INVITED)
    for outsider in (stranger, invited):
        client = client_for(outsider)
        assert client.get(url(private, "practice:announce")).status_code == 404
        assert posted(client, private).status_code == 404
    assert posted(client_for(stranger), group).status_code == 403
    # Signed out: to the sign-in page, whatever the group.
    response = posted(Client(), private)
    assert response.status_code == 302 and "/comptes/login/" in response["Location"]
    assert not Announcement.objects.exists()
    assert not mail.outbox


# A worker that runs the job again --------------------------------------------------


def test_sending_the_same_announcement_again_emails_no_one_twice(group, marta, pau):
    announcement = AnnouncementFactory(group=group, author=marta)
    assert practice_mail.send_announcement(announcement.pk) == 2
    late = make_member("Arribada", email="arribada@ajuntament.example")
    Membership.objects.create(group=group, member=late)
    # The job again (a worker that died before recording it finished): only
    # whoever has not had it yet.
    assert practice_mail.send_announcement(announcement.pk) == 1
    assert sorted(m.to[0] for m in mail.outbox) == [
        "arribada@ajuntament.example",
        "marta@ajuntament.example",
        "pau@ajuntament.example",
    ]
    announcement.refresh_from_db()
    assert announcement.recipient_count == 3


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_job_run_again_by_the_worker_sends_nothing_twice(
    settings, clerks, marta, pau
):
    from django.core.management import call_command
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks_db.DatabaseBackend",
            "QUEUES": ["default"],
        }
    }
    group = make_group(clerks, "cua", Visibility.OPEN, marta)
    Membership.objects.create(group=group, member=pau)
    assert announce(client_for(marta), group).status_code == 302
    job = DBTaskResult.objects.get(task_path="practice.mail.send_announcement_task")
    assert not mail.outbox  # the request only queued it

    def run_worker():
        call_command(
            "worker", "--batch", "--no-startup-delay", "--beat", "0", verbosity=0
        )

    run_worker()
    job.refresh_from_db()
    assert job.status == TaskResultStatus.SUCCESSFUL, job.traceback
    assert len(mail.outbox) == 2
    # Its worker is declared dead and the job queued again (core/workers.py).
    DBTaskResult.objects.filter(pk=job.pk).update(
        status=TaskResultStatus.READY, started_at=None, finished_at=None
    )
    run_worker()
    job.refresh_from_db()
    assert job.status == TaskResultStatus.SUCCESSFUL, job.traceback
    assert len(mail.outbox) == 2


# Where announcements are shown ---------------------------------------------------


def test_an_open_groups_announcements_are_on_its_page(clerks, marta):
    group = make_group(clerks, "obert", Visibility.OPEN, marta)
    AnnouncementFactory(group=group, author=marta, subject="Benvinguts al grup")
    page = Client().get(url(group, "practice:group")).content.decode()
    assert "Benvinguts al grup" in page
    assert "Marta Coordinadora" in page


def test_a_private_groups_announcements_are_for_its_members_only(private, marta, pau):
    AnnouncementFactory(group=private, author=marta, subject="Secret del grup")
    invited = make_member("Ivan Convidat", email="ivan@ajuntament.example")
    Membership.objects.create(group=private, member=invited, state=State.INVITED)
    stranger = make_member("Estrany", email="estrany@ajuntament.example")
    token = practice_mail.unsubscribe_token

    listing = url(private, "practice:announcements")
    switch = url(private, "practice:announcements_email")
    for viewer in (None, stranger, invited):
        client = client_for(viewer)
        assert client.get(listing).status_code == 404
        page = client.get(url(private, "practice:group"))
        assert "Secret del grup" not in page.content.decode()
        if viewer is not None:
            assert client.post(switch, {"email": "off"}).status_code == 404
            goodbye = url(private, "practice:announcements_unsubscribe", token(viewer))
            assert Client().get(goodbye).status_code == 404
            assert Client().post(goodbye).status_code == 404
    assert not AnnouncementOptOut.objects.exists()

    member = client_for(pau)
    assert "Secret del grup" in member.get(listing).content.decode()
    assert (
        "Secret del grup" in member.get(url(private, "practice:group")).content.decode()
    )
    goodbye = url(private, "practice:announcements_unsubscribe", token(pau))
    assert Client().get(goodbye).status_code == 200


def test_a_member_turns_the_emails_off_and_on_from_the_group_page(group, pau):
    client = client_for(pau)
    switch = url(group, "practice:announcements_email")
    page = client.get(url(group, "practice:group")).content.decode()
    assert "Rebeu els avisos del grup per correu electrònic." in page
    client.post(switch, {"email": "off"})
    assert AnnouncementOptOut.objects.filter(group=group, member=pau).exists()
    page = client.get(url(group, "practice:group")).content.decode()
    assert "No rebeu els avisos del grup per correu electrònic." in page
    client.post(switch, {"email": "on"})
    assert not AnnouncementOptOut.objects.exists()
    # Someone who is not a member has no switch.
    outsider = make_member("Estrany", email="estrany@ajuntament.example")
    assert client_for(outsider).post(switch, {"email": "off"}).status_code == 403


def test_the_manage_page_has_the_form_and_what_was_sent(group, marta, posted):
    posted(client_for(marta), group, subject="Primera crida")
    page = client_for(marta).get(url(group, "practice:manage")).content.decode()
    assert 'name="subject"' in page
    assert "Primera crida" in page
    assert "enviat a 2 membres" in page
    assert "Aquest grup encara pot enviar 2 avisos en aquests set dies" in page


# The member's data ---------------------------------------------------------------


def test_a_members_announcements_are_in_their_data_download(group, marta, pau):
    AnnouncementFactory(group=group, author=marta, subject="Escrit per la Marta")
    AnnouncementOptOut.objects.create(group=group, member=marta)
    data = member_data(marta.user)
    (written,) = data["group_announcements"]
    assert written["subject"] == "Escrit per la Marta"
    assert written["group"] == "Grup contractacio"
    assert data["group_announcements_unsubscribed"][0]["group"] == "Grup contractacio"
    assert member_data(pau.user)["group_announcements"] == []


def test_leaving_the_site_keeps_the_announcement_without_its_author(group, marta, pau):
    announcement = AnnouncementFactory(
        group=group, author=pau, subject="Escrit pel Pau"
    )
    AnnouncementOptOut.objects.create(group=group, member=pau)
    delete_account(pau.user)
    announcement.refresh_from_db()
    assert announcement.author is None
    assert announcement.subject == "Escrit pel Pau"
    assert not AnnouncementOptOut.objects.exists()
    page = Client().get(url(group, "practice:group")).content.decode()
    assert "Escrit pel Pau" in page and "membre eliminat" in page
    assert "Pau Membre" not in page


# Moderation --------------------------------------------------------------------------


def test_moderators_read_and_delete_an_announcement_in_the_admin(group, marta):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group as AuthGroup

    announcement = AnnouncementFactory(group=group, author=marta, subject="Fora de to")
    moderator = get_user_model().objects.create_user("mod", "mod@example.org", "x")
    moderator.groups.add(AuthGroup.objects.get(name="Moderators"))
    client = client_for()
    client.force_login(moderator)
    listing = client.get(reverse("practice_announcements:index"))
    assert listing.status_code == 200
    assert "Fora de to" in listing.content.decode()
    delete = reverse("practice_announcements:delete", args=[announcement.pk])
    assert client.post(delete).status_code == 302
    assert not Announcement.objects.exists()
    # The coordinator is no moderator: no admin for them.
    response = client_for(marta).get(reverse("practice_announcements:index"))
    assert response.status_code in (302, 403)
