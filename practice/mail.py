"""The emails of the interest groups, sent by the worker after the commit:

- a coordinator's **announcement** to every member (``announcements.recipients``);
- to the coordinators, when someone **asks to join** their moderated group (with
  the link to the group's Manage page);
- to a member **invited** to a group (with the link to accept), and to a member
  whose request was **accepted**.

Each email is plain text from a pair of templates under
``templates/practice/email/`` (``<name>_subject.txt``, ``<name>.txt``), in the
recipient's language (``Member.language``) for everything but what the
coordinator wrote, with absolute links to the site and a one-click unsubscribe:
a signed link in the body and the RFC 8058 headers (``List-Unsubscribe``,
``List-Unsubscribe-Post: List-Unsubscribe=One-Click``). The token is the
community's (``community.notifications.unsubscribe_token``, the member's id
signed by the site): for an announcement it unsubscribes the member from that
group's announcements; for a membership email it is the community's own link,
which sets the member's notifications to "never".

Membership emails follow the member's notification setting: "never" means none
(decision 0027); any other setting sends them at once, not in a digest (someone
is waiting for an answer). Banned members, inactive accounts and accounts
without an address get nothing.

Nothing is sent twice: each email is recorded under a key of its own (the
announcement or membership, and the recipient) by ``core.once.send_once`` in
the transaction that sends it, so a job run again after its worker died (or
enqueued twice) skips whoever got theirs. A step undone before the worker ran
(a request withdrawn, an invitation declined) sends nothing.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from community.mail import subject_prefix
from community.models import Frequency, Member
from community.notifications import (
    absolute,
    eligible,
    site_base,
    unsubscribe_token,
    unsubscribe_url,
)
from core.once import send_once

from .models import InterestGroup, Membership, State
from .models_announcements import Announcement

logger = logging.getLogger(__name__)

TEMPLATES = "practice/email/"

# Membership emails: who gets which, and in which state the membership must
# still be when the worker sends it.
JOIN_REQUEST = "join_request"
INVITATION = "invitation"
ACCEPTED = "accepted"
STILL = {
    JOIN_REQUEST: State.REQUESTED,
    INVITATION: State.INVITED,
    ACCEPTED: State.MEMBER,
}


def _group_url(group: InterestGroup, name: str = "practice:group") -> str:
    return reverse(name, args=[group.community.slug, group.slug])


def _send(
    member: Member, name: str, context: dict, unsubscribe: str, headers: dict
) -> int:
    """Render ``name`` in the member's language and send it to them."""
    with translation.override(member.language):
        context = {
            **context,
            "member": member,
            "unsubscribe_url": unsubscribe,
            "site_name": str(getattr(settings, "WAGTAIL_SITE_NAME", "")),
        }
        subject = render_to_string(f"{TEMPLATES}{name}_subject.txt", context)
        body = render_to_string(f"{TEMPLATES}{name}.txt", context)
    message = EmailMessage(
        subject=subject_prefix() + " ".join(subject.split()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[member.user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
            **headers,
        },
    )
    return message.send()


# Announcements ---------------------------------------------------------------------


def announcement_unsubscribe_url(
    group: InterestGroup, member: Member, base: str | None = None
) -> str:
    """The one-click link that stops ``group``'s announcements for ``member``."""
    with translation.override(member.language):
        path = reverse(
            "practice:announcements_unsubscribe",
            args=[group.community.slug, group.slug, unsubscribe_token(member)],
        )
    return absolute(path, base)


def list_id(group: InterestGroup, base: str) -> str:
    """RFC 2919 ``List-Id``: mail clients group and filter a group's announcements."""
    host = urlsplit(base).hostname or "localhost"
    return f"<{group.slug}.{group.community.slug}.{host}>"


def announcement_email(announcement: Announcement, member: Member, base: str) -> int:
    group = announcement.group
    with translation.override(member.language):
        archive = absolute(_group_url(group), base)
        context = {
            "announcement": announcement,
            "group_title": group.title,
            "community_title": group.community.title,
            "author_name": announcement.author.display_name
            if announcement.author
            else "",
            "announcement_url": absolute(
                reverse(
                    "practice:announcements",
                    args=[group.community.slug, group.slug],
                )
                + f"#announcement-{announcement.pk}",
                base,
            ),
        }
    return _send(
        member,
        "announcement",
        context,
        announcement_unsubscribe_url(group, member, base),
        {
            "List-Id": list_id(group, base),
            "List-Archive": f"<{archive}>",
        },
    )


def send_announcement(announcement_id: int) -> int:
    """Email the announcement to every recipient who has not had it yet; returns
    how many were emailed by this run."""
    from core.models import SentEmail

    from .announcements import recipients

    announcement = (
        Announcement.objects.select_related("group__community", "author")
        .filter(pk=announcement_id)
        .first()
    )
    if announcement is None:
        return 0
    base = site_base()
    prefix = f"practice:announcement:{announcement.pk}:"
    sent = 0
    for member in recipients(announcement.group):
        try:
            sent += send_once(
                f"{prefix}{member.pk}",
                lambda member=member: announcement_email(announcement, member, base),
            )
        except Exception:  # one failing address must not stop the others
            logger.exception(
                "Announcement %s to member %s failed", announcement.pk, member.pk
            )
    Announcement.objects.filter(pk=announcement.pk).update(
        sent_at=timezone.now(),
        recipient_count=SentEmail.objects.filter(key__startswith=prefix).count(),
    )
    return sent


@task(takes_context=True)
def send_announcement_task(context, announcement_id: int) -> int:
    """A coordinator's announcement to the group's members (each once)."""
    return send_announcement(announcement_id)


def send_announcement_soon(announcement: Announcement) -> None:
    """Once the current transaction commits, the worker sends it."""
    pk = announcement.pk
    transaction.on_commit(lambda: send_announcement_task.enqueue(pk))


# Membership ------------------------------------------------------------------------


def wants_membership_emails(member: Member) -> bool:
    return eligible(member) and member.frequency != Frequency.NEVER


def membership_email(kind: str, membership: Membership, to: Member, base: str) -> int:
    group = membership.group
    with translation.override(to.language):
        context = {
            "kind": kind,
            "membership": membership,
            "person": membership.member,
            "inviter": membership.invited_by,
            "group_title": group.title,
            "community_title": group.community.title,
            "group_url": absolute(_group_url(group), base),
            "manage_url": absolute(_group_url(group, "practice:manage"), base),
            "profile_url": absolute(reverse("community:profile_edit"), base),
            "frequency_label": Frequency(to.frequency).label,
        }
    return _send(to, kind, context, unsubscribe_url(to, base), {})


def send_membership_email(kind: str, membership_id: int) -> int:
    """The email of ``kind`` about this membership, if it is still in the state
    that called for it; returns how many were sent by this run."""
    membership = (
        Membership.objects.select_related(
            "group__community", "member__user", "member__entity", "invited_by"
        )
        .filter(pk=membership_id)
        .first()
    )
    if membership is None or membership.state != STILL[kind]:
        return 0
    if kind == JOIN_REQUEST:
        to = [
            row.member
            for row in membership.group.coordinators()
            .select_related("member__user")
            .order_by("pk")
        ]
    else:
        to = [membership.member]
    base = site_base()
    sent = 0
    for member in to:
        if not wants_membership_emails(member):
            continue
        key = f"practice:{kind}:{membership.pk}:{member.pk}"
        try:
            sent += send_once(
                key,
                lambda member=member: membership_email(kind, membership, member, base),
            )
        except Exception:
            logger.exception("Membership email %s to member %s failed", key, member.pk)
    return sent


@task(takes_context=True)
def send_membership_email_task(context, kind: str, membership_id: int) -> int:
    """A request to join (to the coordinators), an invitation, an acceptance."""
    return send_membership_email(kind, membership_id)


def membership_email_soon(kind: str, membership: Membership) -> None:
    """Once the current transaction commits, the worker sends the email."""
    pk = membership.pk
    transaction.on_commit(lambda: send_membership_email_task.enqueue(kind, pk))
