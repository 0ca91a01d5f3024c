"""Everything the community holds about a member, as one JSON document in a ZIP
("Download my data"; docs/data-protection.md, "Community").

Only the member's own data: their account, profile and contributions, what they
follow, the notifications queued for them, the requests and reports they sent and
the moderation decisions about them. Other people's data (who moderated, who else
reported) is left out.
"""

import io
import json
import zipfile
from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.dispatch import Signal
from django.utils import timezone

from .models import (
    Comment,
    ContactRequest,
    Member,
    ModerationAction,
    Post,
    Topic,
    VisitRequest,
)

FORMAT_VERSION = 1


def _when(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _target(content_type: ContentType | None, object_id: Any) -> dict:
    """A followed or reported object, named when it still exists."""
    label = None
    if content_type is not None:
        try:
            label = str(content_type.get_object_for_this_type(pk=object_id))
        except Exception:  # noqa: BLE001 - deleted or not addressable: no name
            label = None
    return {
        "type": content_type.model if content_type else None,
        "id": str(object_id),
        "name": label,
    }


def _contribution(item) -> dict:
    return {
        "id": item.pk,
        "text": item.body,
        "status": item.status,
        "posted": _when(item.created_at),
        "edited": _when(item.edited_at),
    }


# Sent (``member``, ``data``) while the export document of a member is written,
# so that other apps add what they keep about the member to their section of
# ``data`` (the caravan: ``caravan_registrations``).
member_data_requested = Signal()


def member_data(user) -> dict:
    """The export document for ``user`` (a dict ready for ``json.dumps``)."""
    from allauth.account.models import EmailAddress

    member = Member.objects.filter(user=user).select_related("entity").first()
    data: dict[str, Any] = {
        "format": "observatory-member-data",
        "version": FORMAT_VERSION,
        "generated": timezone.now().isoformat(),
        "account": {
            "email": user.email,
            "email_addresses": [
                {"email": a.email, "verified": a.verified, "primary": a.primary}
                for a in EmailAddress.objects.filter(user=user).order_by("pk")
            ],
            "date_joined": _when(user.date_joined),
            "last_login": _when(user.last_login),
        },
        "profile": None,
        "comments": [],
        "topics": [],
        "posts": [],
        "follows": [],
        "notifications": [],
        "contact_requests": [],
        "visit_requests": [],
        "reports": [],
        "moderation": [],
        "caravan_registrations": [],
    }
    sent_by_them = Q(email__iexact=user.email) if user.email else Q(pk__in=[])
    if member is not None:
        sent_by_them |= Q(member=member)
        data["profile"] = {
            "id": member.pk,
            "display_name": member.display_name,
            "administration": member.entity.name if member.entity_id else None,
            "role": member.role,
            "bio": member.bio,
            "language": member.language,
            "notification_frequency": member.frequency,
            "verified_public_employee": member.verified,
            "status": member.status,
            "suspended_until": _when(member.suspended_until),
            "joined": _when(member.created_at),
            "visibility": member.visibility,
            "areas_of_expertise": [
                area.code for area in member.expertise_areas.order_by("code")
            ],
            "expertise": member.expertise,
            "projects_worked_on": [
                {
                    "project_file": link.page.title,
                    "project_file_id": link.page_id,
                    "role": link.role,
                    "confirmed": link.confirmed,
                    "declared": _when(link.created_at),
                }
                for link in member.project_links.select_related("page")
            ],
        }
        for comment in (
            Comment.objects.filter(author=member)
            .select_related("page")
            .order_by("created_at", "pk")
        ):
            data["comments"].append(
                _contribution(comment)
                | {
                    "page": comment.page.title,
                    "page_url": comment.page.url,
                    "in_reply_to": comment.parent_id,
                }
            )
        for topic in (
            Topic.objects.filter(author=member)
            .select_related("category__area")
            .order_by("created_at", "pk")
        ):
            data["topics"].append(
                _contribution(topic)
                | {"title": topic.title, "category": topic.category.name}
            )
        for post in (
            Post.objects.filter(author=member)
            .select_related("topic")
            .order_by("created_at", "pk")
        ):
            data["posts"].append(
                _contribution(post)
                | {"topic": post.topic.title, "topic_id": post.topic_id}
            )
        for follow in member.follows.select_related("content_type").order_by("pk"):
            data["follows"].append(
                _target(follow.content_type, follow.object_id)
                | {"since": _when(follow.created_at)}
            )
        for notification in member.notifications.order_by("pk"):
            data["notifications"].append(
                {
                    "about": notification.key,
                    "created": _when(notification.created_at),
                    "sent": _when(notification.sent_at),
                }
            )
        for report in member.reports.select_related("content_type").order_by("pk"):
            data["reports"].append(
                {
                    "about": _target(report.content_type, report.object_id),
                    "reason": report.reason,
                    "made": _when(report.created_at),
                    "resolved": report.resolved,
                }
            )
        member_data_requested.send(sender=Member, member=member, data=data)
        for action in ModerationAction.objects.filter(member=member).order_by("pk"):
            data["moderation"].append(
                {
                    "action": action.kind,
                    "note": action.note,
                    "when": _when(action.created_at),
                }
            )
    for request in (
        ContactRequest.objects.filter(sent_by_them)
        .select_related("page")
        .order_by("pk")
    ):
        data["contact_requests"].append(
            {
                "project_file": request.page.title,
                "name": request.name,
                "email": request.email,
                "message": request.message,
                "status": request.status,
                "sent": _when(request.created_at),
                "relayed": _when(request.relayed_at),
            }
        )
    for request in (
        VisitRequest.objects.filter(sent_by_them).select_related("page").order_by("pk")
    ):
        data["visit_requests"].append(
            {
                "project_file": request.page.title,
                "name": request.name,
                "email": request.email,
                "administration": request.organisation,
                "proposed_dates": request.proposed_dates,
                "people": request.people,
                "purpose": request.purpose,
                "status": request.status,
                "answer": request.answer,
                "sent": _when(request.created_at),
            }
        )
    return data


def export_filename(day=None) -> str:
    day = day or timezone.localdate()
    return f"observatory-data-{day.isoformat()}.zip"


def export_zip(user) -> bytes:
    """The ZIP a member downloads: one JSON file, UTF-8, indented to be read."""
    document = json.dumps(member_data(user), ensure_ascii=False, indent=2)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("observatory-data.json", document)
    return buffer.getvalue()
