"""The community: members, comment threads, the forum, following,
contact and visit requests, and the moderation that keeps it safe.

Every contribution (comment, topic, reply) shares one life cycle (``Status``):
visible, held for moderation (a new member's first posts), hidden (by a moderator
or by reports) or deleted. Only visible contributions are ever shown to others,
counted or indexed; the queryset method ``visible()`` is the one way to ask.

Personal data lives in ``Member`` (profile), in ``User`` (email, name) and in the
contact and visit requests; ``docs/data-protection.md`` lists it. Deleting an
account keeps the member's contributions as "deleted member" (``author`` becomes
NULL) and erases the rest.
"""

from .comments import MAX_COMMENT_DEPTH, Comment
from .contributions import Contribution, ContributionQuerySet, Status
from .following import Follow, Notification
from .forum import GENERAL, ForumCategory, Post, Topic
from .members import (
    Frequency,
    Member,
    MemberProject,
    MemberQuerySet,
    MemberStatus,
    Visibility,
)
from .moderation import ModerationAction, Report
from .requests import ContactRequest, RequestStatus, VisitRequest

__all__ = [
    "GENERAL",
    "MAX_COMMENT_DEPTH",
    "Comment",
    "ContactRequest",
    "Contribution",
    "ContributionQuerySet",
    "Follow",
    "ForumCategory",
    "Frequency",
    "Member",
    "MemberProject",
    "MemberQuerySet",
    "MemberStatus",
    "ModerationAction",
    "Notification",
    "Post",
    "Report",
    "RequestStatus",
    "Status",
    "Topic",
    "VisitRequest",
    "Visibility",
]
