"""iCalendar (RFC 5545) answers, shared by the caravan's stops (visits/ical.py)
and the interest groups' meetings (practice/ical.py): one calendar per answer,
built with the `icalendar` library so every client can read it, stable event
UIDs, and the HTTP response calendar clients expect.

Each app builds its own events (what a stop or a meeting says); this module
only holds what every calendar of the site shares.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from django.http import HttpResponse
from icalendar import Calendar, Event

PRODID_PREFIX = "-//Observatori de la transformacio digital local"


def new_calendar(name: str, product: str) -> Calendar:
    """An empty calendar named ``name`` (``X-WR-CALNAME``, what a client shows
    in its list), made by the site's ``product`` ("Caravana", "Grups")."""
    calendar = Calendar()
    calendar.add("prodid", f"{PRODID_PREFIX}//{product}//CA")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    return calendar


def event_uid(kind: str, pk: int, root: str) -> str:
    """``kind-pk@host``. ``root`` is the site's address (``https://host``), never
    the request's: the UID must not change with the name a client used, or a
    subscribed calendar would show each event twice."""
    host = urlsplit(root).hostname or "observatori"
    return f"{kind}-{pk}@{host}"


def calendar_response(
    name: str, product: str, events: Iterable[Event], filename: str
) -> HttpResponse:
    """The calendar ``name`` holding ``events``, as ``text/calendar`` (inline:
    a calendar client subscribes to it, a browser offers to open it)."""
    calendar = new_calendar(name, product)
    for event in events:
        calendar.add_component(event)
    response = HttpResponse(
        calendar.to_ical(), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
