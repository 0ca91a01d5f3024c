"""Sign-in throttling (django-axes, core/login_throttle.py) for the Wagtail admin
and the members' sign-in: failures count per account and address together, the
wait is the cool-off, and the visitor gets a page in their language saying how
long to wait.

Time is moved by ageing the failures axes recorded (their ``attempt_time``),
never by sleeping."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from community.factories import PASSWORD

pytestmark = pytest.mark.django_db

ADMIN_LOGIN = "/admin/login/"
MEMBER_LOGIN = "/ca/comptes/login/"
STRANGER = "203.0.113.9"
HOME = "198.51.100.7"


def member_login(client: Client, email: str, password: str):
    return client.post(MEMBER_LOGIN, {"login": email, "password": password})


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def age_failures(by: timedelta) -> None:
    for attempt in AccessAttempt.objects.all():
        attempt.attempt_time -= by
        attempt.save(update_fields=["attempt_time"])


@pytest.fixture
def member(make_member):
    return make_member(email="anna.vila@ajuntament.example", confirmed=True)


def test_forty_wrong_admin_passwords_lock_the_login(django_user_model):
    django_user_model.objects.create_superuser(
        "marta", "marta@observatori.example.org", "Right-password-7"
    )
    client = Client(REMOTE_ADDR=STRANGER)
    statuses = [
        client.post(
            ADMIN_LOGIN, {"username": "marta", "password": f"guess-{n}"}
        ).status_code
        for n in range(40)
    ]
    # Four failures get the form again; the fifth and every one after, the lock.
    assert statuses[:4] == [200] * 4
    assert set(statuses[4:]) == {429}

    response = client.post(
        ADMIN_LOGIN, {"username": "marta", "password": "Right-password-7"}
    )
    assert response.status_code == 429
    assert not signed_in(client)
    html = response.content.decode()
    assert "15" in html and "marta" not in html
    # Only one row per account and address, however many failures.
    assert AccessAttempt.objects.count() == 1
    assert AccessAttempt.objects.get().failures_since_start == 5


def test_a_strangers_failures_never_lock_the_member_out(member):
    stranger = Client(REMOTE_ADDR=STRANGER)
    for _ in range(10):
        response = member_login(stranger, member.user.email, "not-the-password")
    assert response.status_code == 429
    # The stranger now cannot get in even with the right password (past ten
    # failures a minute, allauth's own limit per address answers first)...
    response = member_login(stranger, member.user.email, PASSWORD)
    assert response.status_code in (200, 429)
    assert not signed_in(stranger)

    # ...while the member signs in from their own connection at once.
    own = Client(REMOTE_ADDR=HOME)
    response = member_login(own, member.user.email.upper(), PASSWORD)
    assert response.status_code == 302
    assert signed_in(own)


def test_the_members_own_lockout_lifts_after_the_cool_off(member):
    client = Client(REMOTE_ADDR=HOME)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        member_login(client, member.user.email, "typo-in-the-password")
    response = member_login(client, member.user.email, PASSWORD)
    assert response.status_code == 429
    assert not signed_in(client)

    age_failures(timedelta(minutes=10))
    response = member_login(client, member.user.email, PASSWORD)
    assert response.status_code == 429
    assert "5 minuts" in response.content.decode()

    age_failures(timedelta(minutes=5, seconds=1))
    response = member_login(client, member.user.email, PASSWORD)
    assert response.status_code == 302
    assert signed_in(client)
    # A successful sign-in forgets the failures of that account and address.
    assert not AccessAttempt.objects.exists()


@pytest.mark.parametrize(
    ("url", "language", "texts"),
    [
        (
            MEMBER_LOGIN,
            "ca",
            ["Massa intents fallits", "Torneu-ho a provar d'aquí a 15 minuts"],
        ),
        (
            "/es/cuentas/login/",
            "es",
            [
                "Demasiados intentos fallidos",
                "Vuelva a intentarlo dentro de 15 minutos",
            ],
        ),
        ("/en/accounts/login/", "en", ["Too many failed", "Try again in 15 minutes"]),
    ],
)
def test_the_lockout_page_is_in_the_visitors_language(member, url, language, texts):
    client = Client(REMOTE_ADDR=STRANGER)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(
            url, {"login": member.user.email, "password": "wrong-password"}
        )
    assert response.status_code == 429
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    for text in texts:
        assert text in html, text
    assert member.user.email not in html
    assert 'class="site-header"' in html


def test_purge_keeps_only_failures_still_counting(member):
    for address in (STRANGER, HOME):
        member_login(Client(REMOTE_ADDR=address), member.user.email, "wrong")
    AccessAttempt.objects.filter(ip_address=STRANGER).update(
        attempt_time=AccessAttempt.objects.get(ip_address=STRANGER).attempt_time
        - timedelta(minutes=16)
    )
    call_command("purge_login_attempts", verbosity=0)
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == [HOME]


def test_behind_a_proxy_the_forwarded_address_counts_only_when_configured(
    member, settings
):
    forged = {"HTTP_X_FORWARDED_FOR": STRANGER}
    member_login(Client(REMOTE_ADDR=HOME, **forged), member.user.email, "wrong")
    assert AccessAttempt.objects.get().ip_address == HOME

    AccessAttempt.objects.all().delete()
    settings.TRUSTED_PROXY_COUNT = 1
    # nginx appends the address it saw to what the client sent.
    proxied = {"HTTP_X_FORWARDED_FOR": f"10.9.9.9, {STRANGER}"}
    member_login(Client(REMOTE_ADDR="127.0.0.1", **proxied), member.user.email, "x")
    assert AccessAttempt.objects.get().ip_address == STRANGER


def test_an_administrator_sees_and_lifts_a_lockout(member, admin_client):
    from django.urls import reverse

    stranger = Client(REMOTE_ADDR=STRANGER)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        member_login(stranger, member.user.email, "wrong")
    attempt = AccessAttempt.objects.get()
    listing = admin_client.get(reverse("login_lockouts:index"))
    assert listing.status_code == 200
    assert member.user.email in listing.content.decode()

    delete = reverse("login_lockouts:delete", args=[attempt.pk])
    assert admin_client.post(delete).status_code == 302
    assert member_login(stranger, member.user.email, PASSWORD).status_code == 302


def test_editors_do_not_see_lockouts(editor_client):
    from django.urls import reverse

    response = editor_client.get(reverse("login_lockouts:index"))
    assert response.status_code in (302, 403)
