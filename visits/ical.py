"""iCalendar (RFC 5545) for the stops: one feed of all of them and one file per
stop, built with the `icalendar` library so every client can read them."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.http import HttpResponse
from icalendar import Calendar, Event, vGeo

PRODID = "-//Observatori de la transformacio digital local//Caravana//CA"


def _event(stop, request) -> Event:
    event = Event()
    host = request.get_host().split(":")[0] or "observatori"
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
    url = request.build_absolute_uri(stop.url) if stop.url else ""
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
    for stop in stops:
        calendar.add_component(_event(stop, request))
    response = HttpResponse(
        calendar.to_ical(), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
