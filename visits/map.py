"""The caravan's coming stops as a layer of the map (search.map_layers)."""

from __future__ import annotations

import json

from django.utils import timezone
from django.utils.formats import date_format


def stop_items() -> list[str]:
    """Upcoming stops with a place, as map items of kind "stop"."""
    from visits.models import StopPage

    items = []
    stops = (
        StopPage.objects.live()
        .public()
        .filter(starts_at__gte=timezone.now(), latitude__isnull=False)
        .exclude(longitude__isnull=True)
        .order_by("starts_at")[:400]
    )
    seen = set()  # one marker per stop, whatever its translations
    for stop in stops:
        if stop.translation_key in seen:
            continue
        seen.add(stop.translation_key)
        items.append(
            json.dumps(
                {
                    "kind": "stop",
                    "id": stop.pk,
                    "title": stop.title,
                    "url": stop.url,
                    "date": date_format(
                        timezone.localtime(stop.starts_at), "DATETIME_FORMAT"
                    ),
                    "place": stop.place_name,
                    "lat": stop.latitude,
                    "lon": stop.longitude,
                },
                separators=(",", ":"),
            )
        )
    return items
