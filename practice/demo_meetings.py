"""The demo groups' meetings and followed project files (``load_demo_data``,
called from ``demo.load``): a coming meeting and sometimes a past one per group,
written by their coordinators in Catalan, Spanish or English (a meeting is in
the language it was written in), and a project file of the group's area that
the group follows. The words are in ``demo_data/meetings.json``. Found again by
title on a second run, so nothing is doubled; dates count from the first run.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from project_pages.models import ProjectPage

from .models import InterestGroup
from .models_meetings import Meeting
from .models_projects import GroupProject


def _project_of_area(area: str) -> ProjectPage | None:
    pages = ProjectPage.objects.live().public().filter(locale__language_code="ca")
    return (
        pages.filter(areas__code=area).order_by("pk").first()
        or pages.order_by("pk").first()
    )


def load(entries: list[dict]) -> int:
    """The meetings and followed files of the demo groups; returns the number
    of meetings."""
    now = timezone.localtime().replace(minute=0, second=0, microsecond=0)
    meetings = 0
    for entry in entries:
        community, slug = entry["group"]
        group = InterestGroup.objects.filter(
            community__slug=community, slug=slug
        ).first()
        if group is None:
            continue
        coordinator = group.coordinators().select_related("member").first()
        author = coordinator.member if coordinator else None
        for item in entry["meetings"]:
            starts = (now + timedelta(days=item["days"])).replace(hour=item["hour"])
            Meeting.objects.get_or_create(
                group=group,
                title=item["title"],
                defaults={
                    "starts_at": starts,
                    "ends_at": starts + timedelta(hours=item["hours"]),
                    "place": item["place"],
                    "video_url": item["video_url"],
                    "agenda": item["agenda"],
                    "created_by": author,
                },
            )
            meetings += 1
        page = _project_of_area(entry["projects_area"])
        if page is not None:
            GroupProject.objects.get_or_create(
                group=group, page=page, defaults={"added_by": author}
            )
    return meetings
