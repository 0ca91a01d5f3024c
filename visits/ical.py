"""iCalendar (RFC 5545) for the stops: one feed of all of them and one file per
stop; what every calendar of the site shares is in core/ical.py."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.http import HttpResponse
from icalendar import Event, vGeo

from core import ical
from core.base_url import site_root_url

PRODUCT = "Caravana"


def _event(stop, request, root: str) -> Event:
    """``root``: the site's address (``https://host``), never the request's: the
    UID must not change with the name a client used, nor the link point to it."""
    event = Event()
    event.add("uid", ical.event_uid("stop", stop.pk, root))
    event.add(
        "dtstamp", stop.last_published_at or stop.first_published_at or stop.starts_at
    )
    event.add("dtstart", stop.starts_at)
    event.add("dtend", stop.ends_at or stop.starts_at + timedelta(hours=3))
    event.add("summary", stop.title)
    description = stop.summary
    if stop.agenda:
        description = f"{description}\n\n{stop.agenda}".strip()
    url = stop.get_full_url(request) or ""
    if url:
        event.add("url", url)
        description = f"{description}\n\n{url}".strip()
    if description:
        event.add("description", description)
    location = ", ".join(p for p in (stop.place_name, stop.address) if p)
    if location:
        event.add("location", location)
    if stop.latitude is not None and stop.longitude is not None:
        event.add("geo", vGeo((stop.latitude, stop.longitude)))
    if stop.host_id and stop.host:
        event.add(
            "organizer",
            f"mailto:{settings.DEFAULT_FROM_EMAIL}",
            parameters={"CN": stop.host.name},
        )
    return event


def calendar_response(stops, request, filename: str, name: str) -> HttpResponse:
    root = site_root_url(request)
    events = (_event(stop, request, root) for stop in stops)
    return ical.calendar_response(name, PRODUCT, events, filename)
