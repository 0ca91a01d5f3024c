"""A coordinator's announcement to the group: who may post one and how often,
who receives it, and a member's choice not to receive a group's announcements.

- Only the group's coordinators post (``post``), at most ``PER_GROUP_PER_WEEK``
  announcements per group in seven days (whoever the coordinator) and
  ``PER_AUTHOR_PER_DAY`` per coordinator in a day (whatever the group), counted
  by ``core.ratelimit`` from the announcements themselves. A refusal is an
  ``AnnouncementError`` whose sentence says when the next one can go.
- Once the announcement is stored and the transaction commits, the worker emails
  it (``practice.mail.send_announcement_task``) to ``recipients(group)``: the
  group's members (not those who asked to join or were invited), with an active
  account and an address, neither banned nor suspended, who have not
  unsubscribed from the group's announcements. The author is a member: they get
  their copy too.
- The group's page lists its past announcements to whoever may see the group's
  content (``InterestGroup.content_visible_to``: everyone for open and moderated
  groups, members only for private ones).

See docs/decisions/0027-group-announcements.md.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from community.data_export import member_data_requested
from community.models import Member, MemberStatus
from core.ratelimit import DAY, RateLimit

from .models import InterestGroup, Membership, State
from .models_announcements import Announcement, AnnouncementOptOut

PER_GROUP_PER_WEEK = 3
PER_AUTHOR_PER_DAY = 5
GROUP_LIMIT = RateLimit(PER_GROUP_PER_WEEK, period=timedelta(days=7))
AUTHOR_LIMIT = RateLimit(PER_AUTHOR_PER_DAY, period=DAY)
# How many past announcements the group's page shows (the rest: "All the
# announcements").
ON_GROUP_PAGE = 5


class AnnouncementError(Exception):
    """An announcement that cannot be posted; ``str()`` says why, to the person."""


def _when(moment: datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def _next_free(limit: RateLimit, rows: QuerySet, now: datetime) -> datetime | None:
    """When ``rows`` leave room for one more under ``limit`` (None: there is room)."""
    times = limit.times(rows, now)
    if not limit.full(times):
        return None
    return now + timedelta(seconds=limit.seconds_left(times, now))


def check_limits(group: InterestGroup, author: Member, now: datetime | None = None):
    """Raise ``AnnouncementError`` when the group or the coordinator has used up
    their announcements for now."""
    now = now or timezone.now()
    free = _next_free(GROUP_LIMIT, Announcement.objects.filter(group=group), now)
    if free is not None:
        raise AnnouncementError(
            _(
                "This group has already had %(count)d announcements in the last "
                "seven days. The next one can be sent from %(when)s."
            )
            % {"count": PER_GROUP_PER_WEEK, "when": _when(free)}
        )
    free = _next_free(AUTHOR_LIMIT, Announcement.objects.filter(author=author), now)
    if free is not None:
        raise AnnouncementError(
            _(
                "You have sent %(count)d announcements today, in this group or "
                "others. You can send the next one from %(when)s."
            )
            % {"count": PER_AUTHOR_PER_DAY, "when": _when(free)}
        )


def remaining_this_week(group: InterestGroup, now: datetime | None = None) -> int:
    return max(
        0, PER_GROUP_PER_WEEK - GROUP_LIMIT.count(group.announcements.all(), now)
    )


@transaction.atomic
def post(group: InterestGroup, author: Member, subject: str, body: str) -> Announcement:
    """Store the announcement; the worker emails it once the transaction commits."""
    # The group row is locked so that two coordinators posting at once are
    # counted one after the other.
    InterestGroup.objects.select_for_update().filter(pk=group.pk).first()
    if not group.coordinators().filter(member=author).exists():
        raise AnnouncementError(_("Only the group's coordinators can do this."))
    if not author.can_post():
        raise AnnouncementError(_("Your account cannot take part at the moment."))
    check_limits(group, author)
    announcement = Announcement.objects.create(
        group=group, author=author, subject=subject.strip(), body=body.strip()
    )
    from .mail import send_announcement_soon

    send_announcement_soon(announcement)
    return announcement


def recipients(group: InterestGroup, now: datetime | None = None) -> QuerySet[Member]:
    """Who an announcement of ``group`` is emailed to, in a stable order."""
    now = now or timezone.now()
    suspended = Q(status=MemberStatus.SUSPENDED) & (
        Q(suspended_until__isnull=True) | Q(suspended_until__gt=now)
    )
    members = Membership.objects.filter(group=group, state=State.MEMBER).values(
        "member"
    )
    unsubscribed = AnnouncementOptOut.objects.filter(group=group).values("member")
    return (
        Member.objects.filter(pk__in=members, user__is_active=True)
        .exclude(user__email="")
        .exclude(status=MemberStatus.BANNED)
        .exclude(suspended)
        .exclude(pk__in=unsubscribed)
        .select_related("user")
        .order_by("pk")
    )


def shown(group: InterestGroup) -> QuerySet[Announcement]:
    """The group's past announcements, newest first, with their authors."""
    return group.announcements.select_related("author").order_by("-created_at", "-pk")


def wants_email(group: InterestGroup, member: Member) -> bool:
    return not AnnouncementOptOut.objects.filter(group=group, member=member).exists()


def unsubscribe(group: InterestGroup, member: Member) -> None:
    """No more of this group's announcements by email (doing it twice is fine)."""
    AnnouncementOptOut.objects.get_or_create(group=group, member=member)


def resubscribe(group: InterestGroup, member: Member) -> None:
    AnnouncementOptOut.objects.filter(group=group, member=member).delete()


# The member's data download ------------------------------------------------------


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _member_data(sender, member, data, **kwargs) -> None:
    """The announcements the member wrote and the groups whose announcements they
    do not want (docs/data-protection.md, "Communities of practice")."""
    data["group_announcements"] = [
        {
            "community": item.group.community.name,
            "group": item.group.name,
            "subject": item.subject,
            "text": item.body,
            "posted": _iso(item.created_at),
            "sent": _iso(item.sent_at),
            "emailed_to": item.recipient_count,
        }
        for item in Announcement.objects.filter(author=member)
        .select_related("group__community")
        .order_by("created_at", "pk")
    ]
    data["group_announcements_unsubscribed"] = [
        {
            "community": item.group.community.name,
            "group": item.group.name,
            "since": _iso(item.created_at),
        }
        for item in AnnouncementOptOut.objects.filter(member=member)
        .select_related("group__community")
        .order_by("pk")
    ]


def connect() -> None:
    """Called by ``PracticeConfig.ready``. Deleting an account needs nothing
    here: the announcements keep their text with ``author`` emptied (SET_NULL),
    and the member's unsubscribes go with the profile (CASCADE)."""
    member_data_requested.connect(
        _member_data, dispatch_uid="practice-announcements-member-data"
    )
