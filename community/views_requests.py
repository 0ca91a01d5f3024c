"""Reaching the people behind a project: "Contact the team" and "Ask to visit".

Who may write: anyone. A clerk who found a project file wants to ask its team a
question without opening an account first, the way they would use a town hall's
contact form. Anonymous senders get a smaller daily allowance than members (whose
address is verified), their receipt does not quote their text (an unverified
address must not make the site mail strangers any text) and the team is told the
address is unverified. Suspended and banned members cannot write.

Abuse: CSRF (Django's middleware), a honeypot field (bots are thanked and
nothing is stored or sent), and daily limits counted in the database over the
last 24 hours, per sender (member, or address when anonymous) and per keyed hash
of the IP address. Every accepted submission is stored: that is the editors' log
(the admin's "Contact requests" and "Visit requests").
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language, ngettext

from core.hashing import ip_hash
from core.ratelimit import RateLimit
from project_pages.models import ProjectPage

from . import mail
from .forms_requests import ContactForm, RequestForm, VisitForm
from .models import ContactRequest, Member, VisitRequest

logger = logging.getLogger(__name__)

SESSION_KEY = "community_request_sent"

# Anonymous senders may send half of a member's daily allowance (at least one).
ANONYMOUS_DIVISOR = 2
# Many people may share one address (a town hall behind one router): the limit per
# address is this many times the limit per sender.
SENDERS_PER_ADDRESS = 4


def daily_limit(kind: str) -> int:
    rules = getattr(settings, "COMMUNITY", {})
    key = "CONTACT_REQUESTS_PER_DAY" if kind == "contact" else "VISIT_REQUESTS_PER_DAY"
    return int(rules.get(key, 5 if kind == "contact" else 3))


def sender_limit(kind: str, member: Member | None) -> int:
    per_day = daily_limit(kind)
    return per_day if member else max(1, per_day // ANONYMOUS_DIVISOR)


def limit_reached(
    model: type[Model], *, member: Member | None, email: str, ip: str, limit: int
) -> bool:
    """Whether this sender or this address has used up today's allowance."""
    now = timezone.now()
    per_sender = RateLimit(limit)
    rows = model.objects.all()
    if member is not None:
        if per_sender.reached(rows.filter(member=member), now):
            return True
    else:
        if per_sender.reached(rows.filter(email__iexact=email), now):
            return True
        # Anonymous senders behind one address share one allowance.
        if per_sender.reached(rows.filter(member__isnull=True, ip_hash=ip), now):
            return True
    per_address = RateLimit(limit * SENDERS_PER_ADDRESS)
    return per_address.reached(rows.filter(ip_hash=ip), now)


def project_page_or_404(page_id: int) -> ProjectPage:
    page = (
        ProjectPage.objects.live().public().filter(pk=page_id).select_related("locale")
    ).first()
    if page is None:
        raise Http404
    return page


def current_member(request: HttpRequest) -> Member | None:
    if not request.user.is_authenticated:
        return None
    return (
        Member.objects.select_related("user", "entity")
        .filter(user=request.user)
        .first()
    )


KINDS = {
    "contact": {
        "form": ContactForm,
        "model": ContactRequest,
        "template": "community/requests/contact_form.html",
        "sent_url": "community:contact_team_sent",
        "form_url": "community:contact_team",
        "relay": mail.relay_contact_request,
    },
    "visit": {
        "form": VisitForm,
        "model": VisitRequest,
        "template": "community/requests/visit_form.html",
        "sent_url": "community:visit_request_sent",
        "form_url": "community:visit_request",
        "relay": mail.relay_visit_request,
    },
}


def _limit_message(limit: int, member: Member | None) -> str:
    if member is None:
        return ngettext(
            "You have reached today's limit of %(count)d message from this "
            "address. Please try again tomorrow, or sign in to send more.",
            "You have reached today's limit of %(count)d messages from this "
            "address. Please try again tomorrow, or sign in to send more.",
            limit,
        ) % {"count": limit}
    return ngettext(
        "You have reached today's limit of %(count)d message. Please try again "
        "tomorrow.",
        "You have reached today's limit of %(count)d messages. Please try again "
        "tomorrow.",
        limit,
    ) % {"count": limit}


def recipient_for(request: HttpRequest, page: ProjectPage) -> Member | None:
    """The member named by ``?to=`` ("Write to X" under "People who worked on
    this"): only one who declared ``page`` and whom the sender may see, else
    nobody (the message goes to the project's contacts as usual)."""
    wanted = request.GET.get("to", "")
    if not wanted.isdigit():
        return None
    return (
        Member.objects.visible_to(request.user)
        .filter(
            pk=int(wanted),
            project_links__page__translation_key=page.translation_key,
        )
        .exclude(user__email="")
        .select_related("user")
        .distinct()
        .first()
    )


def _request_view(request: HttpRequest, page_id: int, kind: str) -> HttpResponse:
    spec = KINDS[kind]
    page = project_page_or_404(page_id)
    member = current_member(request)
    recipient = recipient_for(request, page) if kind == "contact" else None
    context = {"page": page, "member": member, "kind": kind, "recipient": recipient}
    if member is not None and not member.can_post():
        return render(request, "community/requests/blocked.html", context, status=403)

    status = 200
    form_class: type[RequestForm] = spec["form"]
    if request.method == "POST":
        form = form_class(request.POST, member=member)
        if form.is_bot:
            logger.info("Honeypot filled on %s form of page %s", kind, page.pk)
            request.session[SESSION_KEY] = {"page": page.pk, "kind": kind}
            return redirect(spec["sent_url"], page_id=page.pk)
        if form.is_valid():
            address = ip_hash(request)
            limit = sender_limit(kind, member)
            if limit_reached(
                spec["model"],
                member=member,
                email=form.cleaned_data["email"],
                ip=address,
                limit=limit,
            ):
                form.add_error(None, _limit_message(limit, member))
                status = 429
            else:
                return _accept(request, form, page, member, address, kind, recipient)
    else:
        form = form_class(member=member)
    context["form"] = form
    return render(request, spec["template"], context, status=status)


def _accept(request, form, page, member, address, kind, recipient=None) -> HttpResponse:
    """Store the request (the editors' log), relay it, thank the sender."""
    spec = KINDS[kind]
    obj = form.save(commit=False)
    obj.page = page
    obj.member = member
    if recipient is not None:
        obj.recipient = recipient
    obj.ip_hash = address
    obj.save()
    # A member reads their preferred language; anyone else the page's they used.
    language = member.language if member else get_language()
    failed = False
    try:
        to_editors = spec["relay"](obj, language)
    except OSError:
        # Stored all the same: the editors see it in the admin and forward it.
        logger.exception("Could not relay %s request %s", kind, obj.pk)
        to_editors, failed = True, True
    if kind == "contact" and not failed:
        obj.relayed_at = timezone.now()
        obj.save(update_fields=["relayed_at"])
    request.session[SESSION_KEY] = {
        "page": page.pk,
        "kind": kind,
        "to_editors": to_editors,
        "failed": failed,
        "recipient": recipient.display_name if recipient is not None else "",
    }
    return redirect(spec["sent_url"], page_id=page.pk)


def contact_team(request: HttpRequest, page_id: int) -> HttpResponse:
    return _request_view(request, page_id, "contact")


def visit_request(request: HttpRequest, page_id: int) -> HttpResponse:
    return _request_view(request, page_id, "visit")


def _sent(request: HttpRequest, page_id: int, kind: str) -> HttpResponse:
    page = project_page_or_404(page_id)
    sent = request.session.get(SESSION_KEY) or {}
    if sent.get("page") != page.pk or sent.get("kind") != kind:
        return redirect(KINDS[kind]["form_url"], page_id=page.pk)
    return render(
        request,
        "community/requests/sent.html",
        {
            "page": page,
            "kind": kind,
            "to_editors": sent.get("to_editors", False),
            "failed": sent.get("failed", False),
            "recipient": sent.get("recipient", ""),
        },
    )


def contact_team_sent(request: HttpRequest, page_id: int) -> HttpResponse:
    return _sent(request, page_id, "contact")


def visit_request_sent(request: HttpRequest, page_id: int) -> HttpResponse:
    return _sent(request, page_id, "visit")
