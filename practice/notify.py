"""Group activity in the members' notifications and digests.

A member follows a group by following its forum category (``group.
forum_category``). When a coordinator schedules a meeting or a member shares a
document, the category's followers get a notification (``meeting:<id>``,
``document:<id>``) through ``community.following``; at send time the resolvers
below (registered in ``PracticeConfig.ready``) decide again, per member, whether
they may still see it: a meeting to whoever may see the group's content (anyone
for open and moderated groups, members for private ones), a document to the
group's members only. A cancelled meeting or a deleted document is not sent.
"""

from __future__ import annotations

from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from community.following import create_notifications
from community.notifications import Item, absolute, register_resolver

from .models import InterestGroup, State
from .models_documents import GroupDocument
from .models_meetings import Meeting


def announce(group: InterestGroup, key: str, author) -> list[int]:
    """Tell the followers of ``group`` (but ``author``) about ``key``."""
    if group.forum_category_id is None:
        return []
    return create_notifications(
        key, [group.forum_category], exclude_member_id=getattr(author, "pk", None)
    )


def _membership(group: InterestGroup, member):
    return group.memberships.filter(member=member).first()


def _still_sees(group: InterestGroup, member) -> bool:
    if member is None:
        return False
    return group.content_visible_to(_membership(group, member))


def _meeting(key: str, member, language: str, base: str) -> Item | None:
    ident = key.partition(":")[2]
    meeting = (
        Meeting.objects.filter(pk=ident if ident.isdigit() else 0)
        .filter(cancelled_at__isnull=True)
        .select_related("group__community")
        .first()
    )
    if meeting is None or not _still_sees(meeting.group, member):
        return None
    when = date_format(localtime(meeting.starts_at), "DATETIME_FORMAT")
    return Item(
        key,
        _("Meeting of %(group)s: “%(title)s”, %(when)s")
        % {"group": meeting.group.title, "title": meeting.title, "when": when},
        Truncator(" ".join((meeting.agenda or meeting.place).split())).words(40),
        absolute(meeting.get_absolute_url(), base),
    )


def _document(key: str, member, language: str, base: str) -> Item | None:
    ident = key.partition(":")[2]
    document = (
        GroupDocument.objects.filter(pk=ident if ident.isdigit() else 0)
        .select_related("group__community", "uploaded_by")
        .first()
    )
    if document is None or member is None:
        return None
    group = document.group
    if not group.memberships.filter(member=member, state=State.MEMBER).exists():
        return None
    author = document.uploaded_by.display_name if document.uploaded_by else ""
    return Item(
        key,
        _("%(author)s shared “%(title)s” in %(group)s")
        % {
            "author": author or _("deleted member"),
            "title": document.title,
            "group": group.title,
        },
        "",
        absolute(f"{group.get_absolute_url()}#documents", base),
    )


def connect() -> None:
    register_resolver("meeting", _meeting)
    register_resolver("document", _document)
