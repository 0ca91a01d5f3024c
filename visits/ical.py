"""iCalendar (RFC 5545) for the stops: one feed of all of them and one file per
stop, built with the `icalendar` library so every client can read them."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponse
from icalendar import Calendar, Event, vGeo

from core.base_url import site_root_url

PRODID = "-//Observatori de la transformacio digital local//Caravana//CA"


def _event(stop, request, root: str) -> Event:
    """``root``: the site's address (``https://host``), never the request's: the
    UID must not change with the name a client used, nor the link point to it."""
    event = Event()
    host = urlsplit(root).hostname or "observatori"
    event.add("uid", f"stop-{stop.pk}@{host}")
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
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    root = site_root_url(request)
    for stop in stops:
        calendar.add_component(_event(stop, request, root))
    response = HttpResponse(
        calendar.to_ical(), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
