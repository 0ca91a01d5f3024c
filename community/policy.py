"""Who may post, when, and with what status: the anti-abuse rules in one place.

Comment threads use this now and the forum will too, so that a member's limits
hold across every kind of contribution. Everything is counted in the database
(comments, topics and forum replies together), so the limits hold across worker
processes and restarts. The numbers come from ``settings.COMMUNITY``.

- ``may_post(member, ip_hash)``: banned or suspended members cannot post; then the
  rate limits (seconds between posts, a daily cap, tighter for new members, a
  daily cap per IP address); then the status a new contribution gets (a member's
  first contributions wait for a moderator).
- The posting forms' honeypot is core's (core/honeypot.py): a filled one saves
  nothing and the form answers with a generic error (a person whose browser
  autofilled it can still read the message and try again).
- ``report(member, target, reason)``: one report per member and contribution;
  enough distinct reporters hide the contribution until a moderator decides.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.ratelimit import DAY, RateLimit

from .models import Comment, Member, ModerationAction, Post, Report, Status, Topic

logger = logging.getLogger(__name__)

# Every kind of contribution the limits count.
CONTRIBUTION_MODELS: tuple[type[models.Model], ...] = (Comment, Topic, Post)


def rule(name: str) -> int:
    return int(settings.COMMUNITY[name])


@dataclass(frozen=True)
class Verdict:
    """The answer to "may this member post now?"."""

    allowed: bool
    status: str = Status.VISIBLE
    message: str = ""
    retry_after: int = 0  # seconds; 0 when waiting would not help or is not needed

    @property
    def held(self) -> bool:
        return self.allowed and self.status == Status.HELD


def duration(seconds: int) -> str:
    """ "45 seconds", "3 minutes", "2 hours": rounded up, in the active language."""
    seconds = max(1, int(math.ceil(seconds)))
    if seconds < 120:
        return ngettext("%(n)d second", "%(n)d seconds", seconds) % {"n": seconds}
    minutes = math.ceil(seconds / 60)
    if minutes < 120:
        return ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}
    hours = math.ceil(minutes / 60)
    return ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours}


def _times(now: datetime, limit: RateLimit, **filters) -> list[datetime]:
    """When the contributions matching ``filters`` were posted in the last 24
    hours, newest first, at most ``limit.limit`` of them: one query over every
    kind."""
    return limit.times(
        [model.objects.filter(**filters) for model in CONTRIBUTION_MODELS], now
    )


def _daily(limit: int) -> RateLimit:
    # A post exactly 24 hours old has left the window.
    return RateLimit(limit, period=DAY, strict=True)


def is_new_member(member: Member, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return member.created_at > now - timedelta(days=rule("NEW_MEMBER_DAYS"))


def first_status(member: Member) -> str:
    """Held while the member has fewer than HOLD_FIRST_CONTRIBUTIONS visible
    (approved) contributions; verified public employees are trusted at once.

    Counting visible ones (not all) means a spammer cannot post N held messages
    and then publish freely: a moderator must have let N of them through.
    """
    needed = rule("HOLD_FIRST_CONTRIBUTIONS")
    if needed <= 0 or member.verified:
        return Status.VISIBLE
    querysets = [
        model.objects.filter(author=member, status=Status.VISIBLE)
        .order_by()
        .values_list("pk", flat=True)
        for model in CONTRIBUTION_MODELS
    ]
    approved = len(querysets[0].union(*querysets[1:], all=True)[:needed])
    return Status.VISIBLE if approved >= needed else Status.HELD


def may_post(
    member: Member | None, ip_hash: str = "", now: datetime | None = None
) -> Verdict:
    """Whether ``member`` may post now (from the address hashed as ``ip_hash``),
    and the status the new contribution gets."""
    now = now or timezone.now()
    if member is None:
        return Verdict(False, message=_("Sign in to take part."))
    if not member.can_post():
        if member.suspended_until and member.suspended_until > now:
            return Verdict(
                False,
                message=_("Your account is suspended until %(date)s.")
                % {
                    "date": date_format(
                        timezone.localtime(member.suspended_until), "DATETIME_FORMAT"
                    )
                },
                retry_after=int((member.suspended_until - now).total_seconds()),
            )
        return Verdict(False, message=_("Your account cannot post any more."))

    new = is_new_member(member, now)
    interval = rule(
        "SECONDS_BETWEEN_POSTS_NEW_MEMBER" if new else "SECONDS_BETWEEN_POSTS"
    )
    daily = rule("POSTS_PER_DAY_NEW_MEMBER" if new else "POSTS_PER_DAY")

    per_member = _daily(daily)
    times = _times(now, per_member, author=member)
    if times:
        wait = interval - (now - times[0]).total_seconds()
        if wait > 0:
            return Verdict(
                False,
                message=_("You are posting too fast. Please wait %(wait)s.")
                % {"wait": duration(wait)},
                retry_after=math.ceil(wait),
            )
    if per_member.full(times):
        # The oldest post of the window leaves it first.
        wait = per_member.seconds_left(times, now)
        return Verdict(
            False,
            message=ngettext(
                "You have reached the limit of %(count)d post a day. "
                "You can post again in %(wait)s.",
                "You have reached the limit of %(count)d posts a day. "
                "You can post again in %(wait)s.",
                daily,
            )
            % {"count": daily, "wait": duration(wait)},
            retry_after=math.ceil(wait),
        )

    per_ip = _daily(rule("POSTS_PER_DAY_PER_IP"))
    if ip_hash:
        ip_times = _times(now, per_ip, ip_hash=ip_hash)
        if per_ip.full(ip_times):
            wait = per_ip.seconds_left(ip_times, now)
            return Verdict(
                False,
                message=_(
                    "Too many posts have come from your network today. "
                    "You can post again in %(wait)s."
                )
                % {"wait": duration(wait)},
                retry_after=math.ceil(wait),
            )
    return Verdict(True, status=first_status(member))


# Editing and deleting -----------------------------------------------------------


def is_author(member: Member | None, contribution) -> bool:
    return bool(
        member is not None
        and contribution.author_id is not None
        and contribution.author_id == member.pk
    )


def edit_deadline(contribution) -> datetime:
    return contribution.created_at + timedelta(minutes=rule("EDIT_MINUTES"))


def can_edit(member: Member | None, contribution, now: datetime | None = None) -> bool:
    """Authors edit their own text for EDIT_MINUTES after posting (not once it is
    hidden or deleted, and not while they may not post)."""
    now = now or timezone.now()
    return (
        is_author(member, contribution)
        and contribution.status in (Status.VISIBLE, Status.HELD)
        and now <= edit_deadline(contribution)
        and member.can_post()
    )


def can_delete(member: Member | None, contribution) -> bool:
    """Authors delete their own contributions at any time."""
    return is_author(member, contribution) and contribution.status != Status.DELETED


# Reports ------------------------------------------------------------------------


class ReportRefused(Exception):
    """A report that cannot be made; ``str(error)`` is the message to show."""


@dataclass(frozen=True)
class ReportOutcome:
    created: bool  # False: this member had already reported it
    hidden: bool  # True: this report hid the contribution


def report(member: Member, target, reason: str = "") -> ReportOutcome:
    """Record ``member``'s report of ``target`` (a comment, topic or reply).

    One report per member and contribution (a second one changes nothing). When
    REPORTS_TO_HIDE distinct members have reported it, the contribution is hidden
    until a moderator decides, and the decision is logged as taken by the system.
    """
    if is_author(member, target):
        raise ReportRefused(_("You cannot report your own contribution."))
    if target.status != Status.VISIBLE:
        raise ReportRefused(_("This contribution is no longer shown."))
    model = type(target)
    content_type = ContentType.objects.get_for_model(model)
    with transaction.atomic():
        try:
            with transaction.atomic():
                Report.objects.create(
                    content_type=content_type,
                    object_id=target.pk,
                    reporter=member,
                    reason=(reason or "").strip()[:500],
                )
        except IntegrityError:
            return ReportOutcome(created=False, hidden=False)
        model.objects.filter(pk=target.pk).update(
            report_count=models.F("report_count") + 1
        )
        locked = model.objects.select_for_update().get(pk=target.pk)
        target.report_count = locked.report_count
        if (
            locked.report_count < rule("REPORTS_TO_HIDE")
            or locked.status != Status.VISIBLE
        ):
            return ReportOutcome(created=True, hidden=False)
        locked.status = Status.HIDDEN
        locked.save(update_fields=["status"])  # post_save: caches forget it
        target.status = Status.HIDDEN
        action = ModerationAction.objects.create(
            kind=ModerationAction.Kind.AUTO_HIDE,
            moderator=None,
            content_type=content_type,
            object_id=str(target.pk),
            member=locked.author,
            note=_("Hidden after %(count)d reports.") % {"count": locked.report_count},
        )
        _announce(model, locked, Status.VISIBLE, action)
    return ReportOutcome(created=True, hidden=True)


def _announce(model, instance, old_status: str, action: ModerationAction) -> None:
    """Tell the rest of the community (the moderation module's signal: forum
    counts, notifications) once the change is committed."""
    try:
        from .moderation import content_moderated
    except ImportError:  # pragma: no cover - the moderation module is optional
        return
    transaction.on_commit(
        lambda: content_moderated.send(
            sender=model, instance=instance, old_status=old_status, action=action
        )
    )
