"""Emails of the contact and visit requests, rendered in the recipient's language.

Each email is a pair of templates under ``templates/community/emails/``:
``<name>_subject.txt`` (one line) and ``<name>.txt`` (plain text; an optional
``<name>.html`` is attached as an alternative when it exists). Subjects carry the
same prefix as the account emails (``ACCOUNT_EMAIL_SUBJECT_PREFIX``).

The contacts of a project are personal data: their addresses go in the ``To`` of
the relayed message only, never in anything the sender receives. The sender's
address goes in ``Reply-To`` so the team can answer directly.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .models import ContactRequest, VisitRequest

EMAIL_TEMPLATES = "community/emails/"


def subject_prefix() -> str:
    return getattr(settings, "ACCOUNT_EMAIL_SUBJECT_PREFIX", "")


def send_templated(
    name: str,
    context: dict,
    to: Iterable[str],
    language: str,
    reply_to: Iterable[str] = (),
) -> int:
    """Render ``name`` in ``language`` and send it; returns the number sent."""
    to = [address for address in to if address]
    if not to:
        return 0
    with translation.override(language):
        subject = render_to_string(f"{EMAIL_TEMPLATES}{name}_subject.txt", context)
        body = render_to_string(f"{EMAIL_TEMPLATES}{name}.txt", context)
        try:
            html = render_to_string(f"{EMAIL_TEMPLATES}{name}.html", context)
        except TemplateDoesNotExist:
            html = None
    subject = subject_prefix() + " ".join(subject.split())
    message = EmailMultiAlternatives(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
        reply_to=list(reply_to),
    )
    if html:
        message.attach_alternative(html, "text/html")
    return message.send()


def page_language(page) -> str:
    """The language of a project file's locale: the one its team writes in."""
    return page.locale.language_code


def requester_language(request_obj: ContactRequest | VisitRequest) -> str:
    """A member's preferred language, otherwise the language of the project file
    they wrote from (each language has its own copy of the page)."""
    if request_obj.member_id and request_obj.member:
        return request_obj.member.language
    return page_language(request_obj.page)


def editors_emails() -> list[str]:
    """Where messages go when a project has no contact with an email address:
    ``COMMUNITY_EDITORS_EMAIL`` (a list) if set, otherwise the moderators' and
    editors' own addresses (see ``core.permissions.moderators``), otherwise MANAGERS."""
    configured = getattr(settings, "COMMUNITY_EDITORS_EMAIL", None)
    if configured:
        return [configured] if isinstance(configured, str) else list(configured)
    from core.permissions import moderators

    addresses = sorted(
        {email for email in moderators().values_list("email", flat=True) if email}
    )
    return addresses or [email for _name, email in settings.MANAGERS]


def contact_emails(page) -> list[str]:
    """The addresses of the project's contacts (personal data: relay only)."""
    return list(
        dict.fromkeys(
            page.contacts.exclude(email="")
            .order_by("sort_order", "pk")
            .values_list("email", flat=True)
        )
    )


def admin_url(viewset_name: str, pk: int) -> str:
    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/")
    return base + reverse(f"{viewset_name}:edit", args=[pk])


def _context(request_obj, **extra) -> dict:
    page = request_obj.page
    return {
        "request_obj": request_obj,
        "page": page,
        "page_url": page.full_url or "",
        # Lazy: rendered in the recipient's language (send_templated), not ours.
        "site_name": getattr(settings, "WAGTAIL_SITE_NAME", ""),
        "is_member": bool(request_obj.member_id),
        **extra,
    }


def _relay(request_obj, name: str, viewset_name: str, sender_language: str) -> bool:
    """Relay to the contacts (or the editors), then a receipt to the sender.

    Returns True when the message went to the editors for lack of a contact.
    """
    page = request_obj.page
    # "Write to X": a member who declared the project, in their own language.
    to_member = getattr(request_obj, "recipient", None)
    if to_member is not None and not to_member.user.email:
        to_member = None
    contacts = [to_member.user.email] if to_member else contact_emails(page)
    to_editors = not contacts
    context = _context(
        request_obj,
        to_editors=to_editors,
        to_member=to_member,
        admin_url=admin_url(viewset_name, request_obj.pk),
    )
    send_templated(
        f"{name}_relay",
        context,
        to=contacts or editors_emails(),
        language=to_member.language if to_member else page_language(page),
        reply_to=[request_obj.email],
    )
    # The receipt: the sender's own words back (members only: an unverified
    # address must not turn the form into a way to mail strangers any text).
    send_templated(
        f"{name}_receipt",
        context,
        to=[request_obj.email],
        language=sender_language,
    )
    return to_editors


def relay_contact_request(request_obj: ContactRequest, sender_language: str) -> bool:
    return _relay(request_obj, "contact", "community_contact_requests", sender_language)


def relay_visit_request(request_obj: VisitRequest, sender_language: str) -> bool:
    return _relay(request_obj, "visit", "community_visit_requests", sender_language)


def send_visit_answer(request_obj: VisitRequest) -> int:
    """The editors' or team's answer to a visit request, to the requester."""
    return send_templated(
        "visit_answer",
        _context(request_obj),
        to=[request_obj.email],
        language=requester_language(request_obj),
    )
