"""Sign-in throttling with django-axes, for the Wagtail admin's login and the
members' sign-in (django-allauth) alike.

Failures are counted per account *and* address together
(``AXES_LOCKOUT_PARAMETERS``), so a stranger who types a member's address with
wrong passwords locks out only their own connection, never the member. The
pieces axes asks for by dotted path live here:

- ``ThrottleBackend``: axes' backend, first in ``AUTHENTICATION_BACKENDS``;
- ``login_name``: the account named in the attempt, whichever form sent it;
- ``lockout_response``: the page a locked-out visitor gets, in their language.
"""

from __future__ import annotations

import math
from datetime import timedelta

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_cool_off
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from core.hashing import client_ip


class ThrottleBackend(AxesStandaloneBackend):
    """Axes' check, for sign-ins that come from a web request.

    Code that authenticates without a request (a management command, the test
    client's ``login()``) has no address to count against: it is let through to
    the next backend instead of failing, as axes' own backend would. Every web
    login form (Wagtail's, allauth's, Django's) passes the request.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)


def login_name(request: HttpRequest, credentials: dict | None) -> str:
    """The account an attempt names: Wagtail sends ``username``, allauth an
    ``email``; lower-cased, so "Anna@Example.org" and "anna@example.org" count
    together."""
    credentials = credentials or {}
    name = credentials.get("email") or credentials.get("username")
    if not name:
        data = getattr(request, "POST", {}) or {}
        name = data.get("login") or data.get("username") or ""
    return str(name).strip().lower()


def wait_left(request: HttpRequest, credentials: dict | None) -> timedelta:
    """How long this account, from this address, must still wait: the cool-off
    counted from its last recorded failure (the whole cool-off if none is
    found)."""
    from axes.models import AccessAttempt

    cool_off = get_cool_off(request) or timedelta(0)
    last = (
        AccessAttempt.objects.filter(
            username=login_name(request, credentials), ip_address=client_ip(request)
        )
        .order_by("-attempt_time")
        .values_list("attempt_time", flat=True)
        .first()
    )
    if last is None:
        return cool_off
    return max(last + cool_off - timezone.now(), timedelta(0))


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict | None = None,
) -> HttpResponse:
    """429 and a page that says how many minutes to wait; nothing the visitor
    typed is shown back."""
    from django.conf import settings

    minutes = max(1, math.ceil(wait_left(request, credentials).total_seconds() / 60))
    if request.path.startswith(reverse("wagtailadmin_home")):
        reset_url = reverse("wagtailadmin_password_reset")
    else:
        reset_url = reverse("account_reset_password")
    return render(
        request,
        "core/login_locked.html",
        {"minutes": minutes, "reset_url": reset_url},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
