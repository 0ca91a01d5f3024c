"""Sending what ``following`` decided: immediate emails and digests.

- "immediately": once the transaction that created the notifications commits,
  a task (``tasks.send_immediately_task``, django-tasks) emails the member what
  is pending, usually one item;
- "daily" / "weekly": ``manage.py send_digests daily|weekly`` (cron, see
  docs/operations.md) emails each member one digest of what is pending;
- "never": nothing (their notifications are created already handled).

Every email is plain text in the member's language (``Member.language``), with a
one-click unsubscribe link (a signed token, no login: ``unsubscribe_url``) and
the ``List-Unsubscribe`` / ``List-Unsubscribe-Post`` headers pointing to it.

Nothing is sent twice: each member's pending rows are marked ``sent_at`` in the
same transaction that sends their email; if sending fails the marks roll back
and the next run tries again, and what a crashed run already sent stays marked.
Items no longer visible (hidden, deleted, unpublished), and forum items the member
may no longer read (a private group's, after leaving it: ``forum_access``), are
dropped at send time. Other apps add kinds of their own with ``register_resolver``
(the communities of practice: a group's meetings and shared documents, decided
per member).
Banned members and inactive or deleted accounts get nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from . import forum_access
from .mail import EMAIL_TEMPLATES, subject_prefix
from .models import (
    Comment,
    Frequency,
    Member,
    MemberStatus,
    Notification,
    Post,
    Status,
    Topic,
)

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "community.unsubscribe"
EXCERPT_WORDS = 40


# Unsubscribing -------------------------------------------------------------------


def unsubscribe_token(member: Member) -> str:
    """A token naming ``member`` that only this site can have made."""
    return signing.dumps(member.pk, salt=UNSUBSCRIBE_SALT)


def member_from_token(token: str) -> Member | None:
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(pk, int):
        return None
    return Member.objects.filter(pk=pk).first()


def site_base() -> str:
    """``https://host`` of the default site (links in emails must be absolute)."""
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first()
    if site is not None:
        return site.root_url.rstrip("/")
    return getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/")


def absolute(path: str, base: str | None = None) -> str:
    if not path or path.startswith(("http://", "https://")):
        return path
    return (base if base is not None else site_base()) + path


def unsubscribe_url(member: Member, base: str | None = None) -> str:
    with translation.override(member.language):
        path = reverse("community:unsubscribe", args=[unsubscribe_token(member)])
    return absolute(path, base)


def unsubscribe(member: Member) -> None:
    """Frequency "never"; what was pending is marked handled."""
    with transaction.atomic():
        Member.objects.filter(pk=member.pk).update(frequency=Frequency.NEVER)
        member.frequency = Frequency.NEVER
        Notification.objects.filter(member=member, sent_at__isnull=True).update(
            sent_at=timezone.now()
        )


# What a notification says ---------------------------------------------------------


@dataclass
class Item:
    key: str
    headline: str
    excerpt: str
    url: str


def _author(contribution) -> str:
    return (
        contribution.author.display_name if contribution.author else _("deleted member")
    )


def _excerpt(body: str) -> str:
    text = " ".join(strip_tags(body).split())
    return Truncator(text).words(EXCERPT_WORDS)


def _url_of(contribution, fallback: str = "") -> str:
    get_url = getattr(contribution, "get_absolute_url", None)
    if get_url is not None:
        try:
            return get_url()
        except (NoReverseMatch, AttributeError):
            pass
    return fallback


def _topic_url(topic: Topic) -> str:
    url = _url_of(topic)
    if url:
        return url
    try:
        return reverse("community:forum_topic", args=[topic.pk])
    except NoReverseMatch:  # the forum's routes are not there
        return ""


def _post_url(post: Post) -> str:
    try:
        return reverse("community:forum_post", args=[post.pk])
    except NoReverseMatch:
        return _topic_url(post.topic)


# Kinds of notification other apps add (``register_resolver``): the communities
# of practice register ``meeting`` and ``document`` without this app importing
# them. A resolver gets the key, the member, their language and the site's base
# address, and returns the ``Item`` the member may read now, or None.
Resolver = Callable[[str, Member | None, str, str], "Item | None"]
RESOLVERS: dict[str, Resolver] = {}


def register_resolver(kind: str, resolver: Resolver) -> None:
    """Let ``resolver`` say what notifications ``<kind>:<id>`` hold, at send
    time (so it decides again whether the member may still see the thing)."""
    RESOLVERS[kind] = resolver


def _resolve(
    key: str, language: str, base: str, member: Member | None = None
) -> Item | None:
    """The item behind ``key`` as the member may read it now, or None when it is
    not (or no longer) visible, or when the member may no longer read its forum
    category (a private group they left or were removed from: ``forum_access``).
    Runs under ``translation.override(language)``."""
    reader = member.user if member is not None else None
    kind, _sep, ident = key.partition(":")
    if kind in RESOLVERS:
        return RESOLVERS[kind](key, member, language, base)
    if kind == "comment":
        comment = (
            Comment.objects.visible()
            .filter(pk=ident, page__live=True)
            .select_related("author", "page")
            .first()
        )
        if comment is None:
            return None
        return Item(
            key,
            _("%(author)s commented on “%(title)s”")
            % {"author": _author(comment), "title": comment.page.title},
            _excerpt(comment.body),
            absolute(reverse("community:comment_permalink", args=[comment.pk]), base),
        )
    if kind == "post":
        post = (
            Post.objects.visible()
            .filter(pk=ident, topic__status=Status.VISIBLE)
            .select_related("author", "topic__category")
            .first()
        )
        if post is None or not forum_access.may_read(post.topic.category, reader):
            return None
        return Item(
            key,
            _("%(author)s replied in “%(title)s”")
            % {"author": _author(post), "title": post.topic.title},
            _excerpt(post.body),
            absolute(_url_of(post) or _post_url(post), base),
        )
    if kind == "topic":
        topic = (
            Topic.objects.visible()
            .filter(pk=ident)
            .select_related("author", "category__area")
            .first()
        )
        if topic is None or not forum_access.may_read(topic.category, reader):
            return None
        return Item(
            key,
            _("%(author)s started “%(title)s” in %(category)s")
            % {
                "author": _author(topic),
                "title": topic.title,
                "category": topic.category.name,
            },
            _excerpt(topic.body),
            absolute(_topic_url(topic), base),
        )
    if kind == "project":
        from project_pages.models import ProjectPage

        copies = ProjectPage.objects.live().public().filter(translation_key=ident)
        page = copies.filter(locale__language_code=language).first() or copies.first()
        if page is None:
            return None
        return Item(
            key,
            _("New project file in an area you follow: “%(title)s”")
            % {"title": page.title},
            _excerpt(getattr(page, "summary", "") or ""),
            page.full_url or "",
        )
    return None


# Sending -------------------------------------------------------------------------


def eligible(member: Member) -> bool:
    user = member.user
    return bool(user.is_active and user.email and member.status != MemberStatus.BANNED)


def _send(member: Member, items: list[Item], template: str, base: str) -> int:
    link = unsubscribe_url(member, base)
    with translation.override(member.language):
        profile = absolute(reverse("community:following"), base)
        context = {
            "member": member,
            "items": items,
            "count": len(items),
            "frequency": member.frequency,
            "frequency_label": Frequency(member.frequency).label,
            "unsubscribe_url": link,
            "following_url": profile,
            "site_name": str(getattr(settings, "WAGTAIL_SITE_NAME", "")),
        }
        subject = render_to_string(f"{EMAIL_TEMPLATES}{template}_subject.txt", context)
        body = render_to_string(f"{EMAIL_TEMPLATES}{template}.txt", context)
    message = EmailMultiAlternatives(
        subject=subject_prefix() + " ".join(subject.split()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[member.user.email],
        headers={
            "List-Unsubscribe": f"<{link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    return message.send()


def deliver(member_id: int, frequency: str, base: str | None = None) -> int:
    """Email ``member_id`` what is pending for them, if they still want it with
    this ``frequency``; returns the number of emails sent (0 or 1)."""
    base = site_base() if base is None else base
    template = "notification" if frequency == Frequency.IMMEDIATELY else "digest"
    with transaction.atomic():
        member = Member.objects.select_related("user").filter(pk=member_id).first()
        if member is None or member.frequency != frequency or not eligible(member):
            return 0
        pending = list(
            Notification.objects.select_for_update()
            .filter(member=member, sent_at__isnull=True)
            .order_by("created_at", "pk")
        )
        if not pending:
            return 0
        items: list[Item] = []
        gone: list[int] = []
        with translation.override(member.language):
            for notification in pending:
                item = _resolve(notification.key, member.language, base, member)
                if item is None:
                    gone.append(notification.pk)
                else:
                    items.append(item)
        if gone:
            Notification.objects.filter(pk__in=gone).delete()
        if not items:
            return 0
        Notification.objects.filter(
            pk__in=[n.pk for n in pending if n.pk not in gone]
        ).update(sent_at=timezone.now())
        # Sent inside the transaction: if it raises, the marks roll back.
        return _send(member, items, template, base)


def send_immediately(member_ids: Iterable[int]) -> int:
    """The "immediately" members' pending notifications, one email each."""
    sent = 0
    base = site_base()
    for member_id in dict.fromkeys(member_ids):
        try:
            sent += deliver(member_id, Frequency.IMMEDIATELY, base)
        except Exception:  # one failing address must not stop the others
            logger.exception("Notification email to member %s failed", member_id)
    return sent


def send_soon(member_ids: list[int]) -> None:
    """Once the current transaction commits, email these "immediately" members
    (through django-tasks, like the search index updates)."""
    ids = list(member_ids)

    def enqueue() -> None:
        from .tasks import send_notifications_task

        send_notifications_task.enqueue(ids)

    transaction.on_commit(enqueue)


def retire_unwanted() -> int:
    """Pending notifications of members who get no email ("never", banned,
    inactive accounts) are marked handled, so they never pile up."""
    return (
        Notification.objects.filter(sent_at__isnull=True)
        .filter(
            Q(member__frequency=Frequency.NEVER)
            | Q(member__status=MemberStatus.BANNED)
            | Q(member__user__is_active=False)
        )
        .update(sent_at=timezone.now())
    )


def send_digests(frequency: str) -> int:
    """One digest per "daily" (or "weekly") member with something pending."""
    if frequency not in (Frequency.DAILY, Frequency.WEEKLY):
        raise ValueError(f"Not a digest frequency: {frequency!r}")
    retire_unwanted()
    member_ids = (
        Notification.objects.filter(sent_at__isnull=True, member__frequency=frequency)
        .order_by("member_id")
        .values_list("member_id", flat=True)
        .distinct()
    )
    base = site_base()
    sent = 0
    for member_id in list(member_ids):
        try:
            sent += deliver(member_id, frequency, base)
        except Exception:
            logger.exception("Digest to member %s failed", member_id)
    return sent
