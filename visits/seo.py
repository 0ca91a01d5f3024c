"""schema.org data of a caravan stop: an Event, attended in person."""

from __future__ import annotations

from project_pages.seo import DESCRIPTION_LENGTH, _compact, _iso, _publisher, truncate


def stop_data(page, url: str | None, request=None) -> dict:
    place = {
        "@type": "Place",
        "name": page.place_name or None,
        "address": page.address or None,
    }
    if page.latitude is not None and page.longitude is not None:
        place["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": page.latitude,
            "longitude": page.longitude,
        }
    organizer = (
        {"@type": "GovernmentOrganization", "name": page.host.name}
        if page.host_id and page.host
        else _publisher(request)
    )
    return _compact(
        {
            "@context": "https://schema.org",
            "@type": "Event",
            "name": page.title,
            "description": truncate(page.summary, DESCRIPTION_LENGTH),
            "url": url,
            "startDate": _iso(page.starts_at),
            "endDate": _iso(page.ends_at),
            "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
            "eventStatus": "https://schema.org/EventScheduled",
            "inLanguage": page.locale.language_code,
            "location": _compact(place),
            "organizer": organizer,
            "maximumAttendeeCapacity": page.capacity,
        }
    )
