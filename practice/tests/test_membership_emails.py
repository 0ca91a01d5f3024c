"""The emails a group's membership steps send: the coordinators hear of a
request to join, a member of an invitation and of their request accepted; each
in the recipient's language, once, after the commit, and never to someone who
asked for no emails."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from community.factories import make_member
from community.models import Frequency, MemberStatus
from practice import mail as practice_mail
from practice.models import Community, InterestGroup, Membership, Role, State
from project_pages.models import Entity

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
def joan():
    """A second coordinator, who reads in Spanish."""
    return make_member("Joan Cocoordinador", email="joan@ajuntament.example",
                       language="es")  # fmt: skip


@pytest.fixture
def pau():
    entity = Entity.objects.create(name="Ajuntament de Manlleu", municipality="Manlleu")
    return make_member("Pau Secretari", email="pau@ajuntament.example", entity=entity)


def make_group(clerks, slug, visibility, *coordinators):
    group = InterestGroup.objects.create(
        community=clerks, name=f"Grup {slug}", name_es=f"Grupo {slug}",
        slug=slug, visibility=visibility,
    )  # fmt: skip
    for member in coordinators:
        Membership.objects.create(group=group, member=member, role=Role.COORDINATOR)
    return group


@pytest.fixture
def moderated(clerks, marta, joan):
    return make_group(clerks, "contractacio", "moderated", marta, joan)


@pytest.fixture
def private(clerks, marta):
    return make_group(clerks, "reservat", "private", marta)


def client_for(member) -> Client:
    client = Client()
    client.force_login(member.user)
    return client


def url(group, name):
    return reverse(name, args=[group.community.slug, group.slug])


def path_of(link: str) -> str:
    return re.sub(r"^https?://[^/]+", "", link)


def to(address: str) -> list:
    return [m for m in mail.outbox if m.to == [address]]


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a request and what it left for after the commit (the worker's
    emails: the test settings run tasks at once)."""

    def run(call, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return call(*args, **kwargs)

    return run


# A request to join --------------------------------------------------------------------


def test_the_coordinators_hear_of_a_request_with_the_link_to_answer_it(
    moderated, marta, joan, pau, committed
):
    member = client_for(pau)
    response = committed(member.post, url(moderated, "practice:membership"),
                         {"action": "join"})  # fmt: skip
    assert response.status_code == 302

    (to_marta,) = to("marta@ajuntament.example")
    (to_joan,) = to("joan@ajuntament.example")
    assert not to("pau@ajuntament.example")
    assert "Pau Secretari demana entrar a «Grup contractacio»" in to_marta.subject
    assert "Pau Secretari (Ajuntament de Manlleu) demana entrar al grup" in (
        to_marta.body
    )
    assert "Pau Secretari pide entrar en «Grupo contractacio»" in to_joan.subject
    # The link opens the Manage page, where the request waits.
    link = re.search(r"https?://\S+/gestio/", to_marta.body).group(0)
    page = client_for(marta).get(path_of(link))
    assert page.status_code == 200
    assert "Accepta Pau Secretari" in page.content.decode()
    assert "/es/comunidades/secretaris/contractacio/gestion/" in to_joan.body


def test_joining_an_open_group_emails_no_one(clerks, marta, pau, committed):
    group = make_group(clerks, "obert", "open", marta)
    committed(client_for(pau).post, url(group, "practice:membership"),
              {"action": "join"})  # fmt: skip
    assert group.memberships.get(member=pau).state == State.MEMBER
    assert not mail.outbox


def test_a_coordinator_who_wants_no_emails_gets_none(moderated, marta, joan, pau,
                                                     committed):  # fmt: skip
    joan.frequency = Frequency.NEVER
    joan.save()
    committed(client_for(pau).post, url(moderated, "practice:membership"),
              {"action": "join"})  # fmt: skip
    assert [m.to for m in mail.outbox] == [["marta@ajuntament.example"]]


def test_a_request_withdrawn_before_the_worker_ran_sends_nothing(moderated, pau):
    membership = Membership.objects.create(
        group=moderated, member=pau, state=State.REQUESTED
    )
    pk = membership.pk
    membership.delete()
    assert practice_mail.send_membership_email(practice_mail.JOIN_REQUEST, pk) == 0
    assert not mail.outbox


# Invitations and acceptances ----------------------------------------------------------


def test_an_invited_member_gets_the_link_to_accept(private, marta, pau, committed):
    pau.language = "es"
    pau.save()
    response = committed(client_for(marta).post, url(private, "practice:manage"),
                         {"action": "invite", "member": "Pau Secretari"})  # fmt: skip
    assert response.status_code == 302

    (message,) = mail.outbox
    assert message.to == ["pau@ajuntament.example"]
    assert "Le han invitado a «Grupo reservat»" in message.subject
    assert "Marta Coordinadora, que coordina el grupo «Grupo reservat»" in (
        message.body
    )
    link = re.search(r"https?://\S+/reservat/", message.body).group(0)
    page = client_for(pau).get(path_of(link)).content.decode()
    assert "Accepta la invitació" in page or "Aceptar la invitación" in page


def test_an_accepted_request_is_told_to_the_member(moderated, marta, pau, committed):
    request = Membership.objects.create(
        group=moderated, member=pau, state=State.REQUESTED
    )
    committed(client_for(marta).post, url(moderated, "practice:manage"),
              {"action": "accept", "membership": request.pk})  # fmt: skip

    (message,) = to("pau@ajuntament.example")
    assert "Us donem la benvinguda a «Grup contractacio»" in message.subject
    assert "S’ha acceptat la vostra sol·licitud" in message.body
    assert "/ca/comunitats/secretaris/contractacio/" in message.body
    assert len(mail.outbox) == 1  # the coordinators are not told of their own step


def test_inviting_someone_who_asked_accepts_them_and_says_so(
    moderated, marta, pau, committed
):
    Membership.objects.create(group=moderated, member=pau, state=State.REQUESTED)
    committed(client_for(marta).post, url(moderated, "practice:manage"),
              {"action": "invite", "member": "Pau Secretari"})  # fmt: skip
    (message,) = mail.outbox
    assert message.to == ["pau@ajuntament.example"]
    assert "benvinguda" in message.subject


def test_no_membership_email_for_never_or_banned(private, marta, committed):
    quiet = make_member("Quim Never", email="quim@ajuntament.example",
                        frequency=Frequency.NEVER)  # fmt: skip
    banned = make_member("Berta Expulsada", email="berta@ajuntament.example",
                         status=MemberStatus.BANNED)  # fmt: skip
    coordinator = client_for(marta)
    for name in ("Quim Never", "Berta Expulsada"):
        committed(coordinator.post, url(private, "practice:manage"),
                  {"action": "invite", "member": name})  # fmt: skip
    assert private.memberships.filter(member__in=[quiet, banned]).count() == 2
    assert not mail.outbox


# Once, with a way out ---------------------------------------------------------------


def test_the_same_email_is_never_sent_twice(private, marta, pau):
    invitation = Membership.objects.create(
        group=private, member=pau, state=State.INVITED, invited_by=marta
    )
    kind = practice_mail.INVITATION
    assert practice_mail.send_membership_email(kind, invitation.pk) == 1
    # The job again (its worker died before recording the end): nothing.
    assert practice_mail.send_membership_email(kind, invitation.pk) == 0
    assert len(mail.outbox) == 1


def test_the_email_stops_the_community_emails_in_one_click(
    private, marta, pau, committed
):
    committed(client_for(marta).post, url(private, "practice:manage"),
              {"action": "invite", "member": "Pau Secretari"})  # fmt: skip
    (message,) = mail.outbox
    header = message.extra_headers["List-Unsubscribe"]
    assert message.extra_headers["List-Unsubscribe-Post"] == (
        "List-Unsubscribe=One-Click"
    )
    assert header[1:-1] in message.body
    response = Client(enforce_csrf_checks=True).post(
        path_of(header[1:-1]), {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200
    pau.refresh_from_db()
    assert pau.frequency == Frequency.NEVER
