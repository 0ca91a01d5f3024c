"""iCalendar for a group's meetings: one file per meeting and a feed per group,
with what every calendar of the site shares from core/ical.py (as the caravan's
stops do)."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from icalendar import Event

from core import ical
from core.base_url import site_root_url

from .models import InterestGroup
from .models_meetings import Meeting

PRODUCT = "Grups"


def _event(meeting: Meeting, root: str, video: bool) -> Event:
    event = Event()
    event.add("uid", ical.event_uid("meeting", meeting.pk, root))
    event.add("dtstamp", meeting.updated_at)
    event.add("last-modified", meeting.updated_at)
    event.add("sequence", meeting.sequence)
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at)
    event.add("summary", meeting.title)
    url = root + meeting.get_absolute_url()
    event.add("url", url)
    parts = [meeting.agenda.strip()]
    if meeting.video_url and video:
        parts.append(_("Video link: %(url)s") % {"url": meeting.video_url})
    elif meeting.video_url:
        parts.append(_("By video: the link is for the group's members."))
    parts.append(url)
    event.add("description", "\n\n".join(p for p in parts if p))
    location = meeting.place or (meeting.video_url if video else "")
    if location:
        event.add("location", location)
    if meeting.is_cancelled:
        event.add("status", "CANCELLED")
    else:
        event.add("status", "CONFIRMED")
    event.add(
        "organizer",
        f"mailto:{settings.DEFAULT_FROM_EMAIL}",
        parameters={"CN": meeting.group.title},
    )
    return event


def meetings_response(
    group: InterestGroup,
    meetings: Iterable[Meeting],
    request: HttpRequest,
    filename: str,
    name: str,
    *,
    video: bool,
) -> HttpResponse:
    """``video``: whether the events carry the video links (for members only)."""
    root = site_root_url(request)
    events = []
    for meeting in meetings:
        meeting.group = group  # no query per meeting
        events.append(_event(meeting, root, video))
    response = ical.calendar_response(name, PRODUCT, events, filename)
    # A member's calendar is for the member whose address this is.
    if group.is_private or video:
        response["Cache-Control"] = "private, no-store"
        response.page_cache_exempt = True
    response["X-Robots-Tag"] = "noindex"
    return response
