"""Registering for a stop, the iCalendar files, and the "request a stop" form."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community.models import Member
from core.hashing import ip_hash
from core.ratelimit import RateLimit

from . import registrations
from .forms import StopRequestForm
from .ical import calendar_response
from .models import RegistrationStatus, StopPage, StopRequest

REQUESTS_PER_DAY = 3
SESSION_KEY = "visits_request_sent"


def _live_stop(pk: int) -> StopPage:
    stop = StopPage.objects.live().public().filter(pk=pk).first()
    if stop is None:
        raise Http404
    return stop


@require_POST
def register(request: HttpRequest, pk: int) -> HttpResponse:
    stop = _live_stop(pk)
    if not request.user.is_authenticated:
        return redirect_to_login(stop.url)
    member = Member.objects.filter(user=request.user).first()
    if member is None or not member.can_post():
        messages.error(request, _("Your account cannot register for visits."))
        return redirect(stop.url)
    if stop.is_past:
        messages.error(request, _("This visit has already taken place."))
        return redirect(stop.url)
    registration = registrations.register(stop, member)
    if registration.status == RegistrationStatus.REGISTERED:
        messages.success(
            request, _("You have a place. We have sent you the details by email.")
        )
    else:
        messages.info(
            request,
            _(
                "The visit is full: you are on the waiting list. We will email "
                "you if a place frees up."
            ),
        )
    return redirect(stop.url + "#registration")


@require_POST
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    stop = _live_stop(pk)
    if not request.user.is_authenticated:
        return redirect_to_login(stop.url)
    member = Member.objects.filter(user=request.user).first()
    if member is not None and registrations.cancel(stop, member) is not None:
        messages.success(request, _("Your registration is cancelled."))
    return redirect(stop.url + "#registration")


def stops_ics(request: HttpRequest) -> HttpResponse:
    since = timezone.now() - timedelta(days=365)
    stops = (
        StopPage.objects.live()
        .public()
        .filter(starts_at__gte=since)
        .select_related("host", "locale")
        .order_by("starts_at")
    )
    return calendar_response(
        one_per_visit(stops), request, "caravana.ics", _("Innovation caravan")
    )


def one_per_visit(stops) -> list[StopPage]:
    """One event per visit, whatever its translations: the one in the active
    language, else the first (a calendar must not show a visit three times)."""
    language = get_language() or "ca"
    chosen: dict = {}
    for stop in stops:
        kept = chosen.get(stop.translation_key)
        if kept is None or (
            kept.locale.language_code != language
            and stop.locale.language_code == language
        ):
            chosen[stop.translation_key] = stop
    return list(chosen.values())


def stop_ics(request: HttpRequest, pk: int) -> HttpResponse:
    stop = _live_stop(pk)
    return calendar_response([stop], request, f"parada-{stop.pk}.ics", stop.title)


def request_stop(request: HttpRequest) -> HttpResponse:
    form = StopRequestForm(request.POST or None)
    blocked = False
    if request.method == "POST" and form.is_valid():
        if form.is_bot:
            request.session[SESSION_KEY] = True
            return redirect("visits:request_sent")
        per_address = RateLimit(REQUESTS_PER_DAY)
        if per_address.reached(StopRequest.objects.filter(ip_hash=ip_hash(request))):
            blocked = True
        else:
            stop_request = form.save(commit=False)
            stop_request.ip_hash = ip_hash(request)
            stop_request.language = (get_language() or "ca")[:2]
            stop_request.save()
            request.session[SESSION_KEY] = True
            return redirect("visits:request_sent")
    return render(
        request,
        "visits/request_form.html",
        {"form": form, "blocked": blocked},
        status=429 if blocked else 200,
    )


def request_sent(request: HttpRequest) -> HttpResponse:
    if not request.session.pop(SESSION_KEY, False):
        return redirect("visits:request")
    return render(request, "visits/request_sent.html")
