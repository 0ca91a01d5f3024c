"""The calendar page: upcoming and past stops, by month and by area."""

from __future__ import annotations

import re
from datetime import datetime
from itertools import groupby

from django.utils import timezone

from .models import StopPage

MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def _month(value: str) -> tuple[int, int] | None:
    match = MONTH.match(value or "")
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    return (year, month) if 1 <= month <= 12 and 2000 <= year <= 2100 else None


def stops_of(index, *, area: str = "", month: tuple[int, int] | None = None):
    stops = (
        StopPage.objects.live()
        .public()
        .child_of(index)
        .select_related("host")
        .prefetch_related("projects__areas")
    )
    if area:
        stops = stops.filter(projects__areas__code=area).distinct()
    if month:
        stops = stops.filter(starts_at__year=month[0], starts_at__month=month[1])
    return stops


def calendar_context(index, request) -> dict:
    from project_pages.models import Area

    area = request.GET.get("area", "")
    areas = list(Area.objects.all())
    if area and area not in {a.code for a in areas}:
        area = ""
    month = _month(request.GET.get("month", ""))
    now = timezone.now()
    stops = list(stops_of(index, area=area, month=month).order_by("starts_at"))
    upcoming = [s for s in stops if (s.ends_at or s.starts_at) >= now]
    past = [s for s in reversed(stops) if (s.ends_at or s.starts_at) < now]

    def by_month(items):
        return [
            (datetime(year, month_, 1), list(group))
            for (year, month_), group in groupby(
                items,
                key=lambda s: (
                    timezone.localtime(s.starts_at).year,
                    timezone.localtime(s.starts_at).month,
                ),
            )
        ]

    from .models import KitPage

    kit = index.get_children().live().public().type(KitPage)
    return {
        "upcoming_by_month": by_month(upcoming),
        "past_by_month": by_month(past),
        "areas": areas,
        "area": area,
        "month": request.GET.get("month", "") if month else "",
        "kit": kit.first(),
    }
