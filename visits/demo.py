"""The caravan's part of the demo (``load_demo_data``): the kit and a few stops,
past (with its write-up) and upcoming, in Catalan. Found again by slug.

The words are in ``demo_data/caravan.json`` (the calendar's introduction, the kit,
what every stop shares) and ``demo_data/stops.json`` (one entry per stop, its date
in days from today); this module builds the pages from them.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

from django.utils import timezone

from project_pages.demo import DemoContent
from project_pages.models import ArticlePage, Entity, ProjectPage

from .models import CaravanIndexPage, KitPage, StopPage

DATA = Path(__file__).resolve().parent / "demo_data"


def read(name: str) -> Any:
    """The parsed content of ``demo_data/<name>``."""
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def load(content: DemoContent) -> int:
    """The caravan's demo content, presenting the first Catalan project files and
    written up by the first Catalan article; returns the number of stops made."""
    locale = content.pages["projects"]["ca"].locale
    return ensure_caravan(
        content.pages["caravan"],
        content.library,
        list(ProjectPage.objects.live().filter(locale=locale)[:3]),
        list(ArticlePage.objects.live().filter(locale=locale)[:1]),
    )


def ensure_caravan(caravans: dict, library, projects, articles) -> int:
    """The kit and the demo stops under the Catalan caravan page."""
    caravan: CaravanIndexPage = caravans["ca"]
    texts = read("caravan.json")
    created = 0
    if not caravan.intro:
        caravan.intro = texts["intro"]
        caravan.save_revision().publish()
    kit_texts = texts["kit"]
    if not caravan.get_children().filter(slug=kit_texts["slug"]).exists():
        kit = KitPage(
            title=kit_texts["title"],
            slug=kit_texts["slug"],
            intro=kit_texts["intro"],
            items=[
                ("document", {"document": document, "title": ""})
                for document in library.documents[: kit_texts["documents"]]
            ],
        )
        caravan.add_child(instance=kit)
        kit.save_revision().publish()
    shared = texts["stop_defaults"]
    hour, minute = (int(part) for part in shared["starts_at"].split(":"))
    # The stops' hours are the site's wall-clock hours (the agendas say 09:30),
    # whatever the server's time zone: days are added to the local time.
    now = timezone.localtime().replace(
        hour=hour, minute=minute, second=0, microsecond=0
    )
    for number, entry in enumerate(read("stops.json")):
        if caravan.get_children().filter(slug=entry["slug"]).exists():
            continue
        place = entry["place"]
        days = entry["days_from_today"]
        start = now + datetime.timedelta(days=days)
        stop = StopPage(
            title=entry["title"],
            slug=entry["slug"],
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=shared["hours"]),
            place_name=place["name"],
            address=place["address"],
            latitude=place["latitude"],
            longitude=place["longitude"],
            summary=entry["summary"],
            agenda="\n".join(entry["agenda"]),
            capacity=shared["capacity"],
            reporters=shared["reporters"],
        )
        project = projects[number] if number < len(projects) else None
        town = place["address"].rsplit(", ", 1)[-1]
        stop.host = Entity.objects.filter(municipality=town).order_by("pk").first()
        if stop.host is None and project is not None:
            lead = project.project_entities.select_related("entity").first()
            stop.host = lead.entity if lead else None
        if days < 0 and articles:
            stop.write_up = articles[0]
        caravan.add_child(instance=stop)
        if project is not None:
            stop.projects.add(project)
        stop.save_revision().publish()
        created += 1
    return created
