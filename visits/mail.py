"""Emails of the caravan, in the member's language: registration (or waiting
list), moved up from the waiting list, reminder the day before, and the editors'
reply to a stop request."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import Registration, RegistrationStatus, StopRequest

TEMPLATES = "visits/emails/"


def _send(name: str, context: dict, to: str, language: str) -> int:
    if not to:
        return 0
    with translation.override(language):
        subject = render_to_string(f"{TEMPLATES}{name}_subject.txt", context)
        body = render_to_string(f"{TEMPLATES}{name}.txt", context)
    prefix = getattr(settings, "ACCOUNT_EMAIL_SUBJECT_PREFIX", "")
    return EmailMessage(
        subject=prefix + " ".join(subject.split()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
    ).send()


def _registration_context(registration: Registration) -> dict:
    stop = registration.stop.specific
    with translation.override(registration.member.language or "ca"):
        local = timezone.localtime(stop.starts_at)
    return {
        "registration": registration,
        "stop": stop,
        "member": registration.member,
        "url": stop.full_url or "",
        "starts": local,
        "waiting": registration.status == RegistrationStatus.WAITING,
    }


def _member_send(name: str, registration_pk: int) -> int:
    registration = (
        Registration.objects.select_related("member__user", "stop")
        .filter(pk=registration_pk)
        .first()
    )
    if registration is None or not registration.member.user.email:
        return 0
    return _send(
        name,
        _registration_context(registration),
        registration.member.user.email,
        registration.member.language or "ca",
    )


def send_registration(registration_pk: int) -> int:
    return _member_send("registered", registration_pk)


def send_promoted(registration_pk: int) -> int:
    return _member_send("promoted", registration_pk)


def send_reminder(registration: Registration) -> int:
    return _member_send("reminder", registration.pk)


def send_request_answer(request_obj: StopRequest) -> int:
    return _send(
        "request_answer",
        {"request": request_obj},
        request_obj.email,
        request_obj.language or "ca",
    )
