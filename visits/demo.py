"""The caravan's part of the demo (``load_demo_data``): the kit and a few stops,
past (with its write-up) and upcoming, in Catalan with linked Spanish and English
translations (so every calendar lists the same stops and the language switcher
finds each one's translation). Found again by slug.

The words are in ``demo_data/caravan.json`` (the calendar's introduction, the kit,
what every stop shares, by language) and ``demo_data/stops.json`` (one entry per
stop, its date in days from today, and its words in the other languages); this
module builds the pages from them.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

from django.utils import timezone
from wagtail.models import Locale, Page

from project_pages.demo import DemoContent, translate_page
from project_pages.demo_texts import texts_in
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


def _in(page: Page | None, locale) -> Page | None:
    """The live translation of ``page`` in ``locale`` (None if it has none)."""
    if page is None:
        return None
    found = page.get_translation_or_none(locale)
    return found if found is not None and found.live else None


def _kit_items(library, count: int, language: str) -> list:
    titles = texts_in(language).document_titles
    return [
        ("document", {"document": document, "title": "" if language == "ca" else title})
        for document, title in zip(library.documents[:count], titles, strict=False)
    ]


def ensure_caravan(caravans: dict, library, projects, articles) -> int:
    """The kit and the demo stops under the Catalan caravan page, each with its
    linked Spanish and English translations; every caravan page gets its
    introduction. Returns the number of stops made (translations not counted)."""
    caravan: CaravanIndexPage = caravans["ca"]
    texts = read("caravan.json")
    created = 0
    for language, index in caravans.items():
        if not index.intro and language in texts["intro"]:
            index.intro = texts["intro"][language]
            index.save_revision().publish()
    kit_texts = texts["kit"]
    kit = caravan.get_children().filter(slug=kit_texts["slug"]["ca"]).first()
    if kit is None:
        kit = KitPage(
            title=kit_texts["title"]["ca"],
            slug=kit_texts["slug"]["ca"],
            intro=kit_texts["intro"]["ca"],
            items=_kit_items(library, kit_texts["documents"], "ca"),
        )
        caravan.add_child(instance=kit)
        kit.save_revision().publish()
    for language in caravans:
        if language != "ca":
            translate_page(
                kit.specific,
                language,
                title=kit_texts["title"][language],
                slug=kit_texts["slug"][language],
                intro=kit_texts["intro"][language],
                items=_kit_items(library, kit_texts["documents"], language),
            )
    shared = texts["stop_defaults"]
    hour, minute = (int(part) for part in shared["starts_at"].split(":"))
    # The stops' hours are the site's wall-clock hours (the agendas say 09:30),
    # whatever the server's time zone: days are added to the local time.
    now = timezone.localtime().replace(
        hour=hour, minute=minute, second=0, microsecond=0
    )
    for number, entry in enumerate(read("stops.json")):
        stop = caravan.get_children().filter(slug=entry["slug"]).first()
        if stop is None:
            stop = _create_stop(caravan, entry, number, shared, now, projects, articles)
            created += 1
        else:
            _keep_in_step(stop.specific, entry, shared, now)
        _translate_stop(stop.specific, entry, shared)
    return created


def _presented(entry: dict, projects: list, number: int):
    """The project file a stop presents: the first Catalan one whose title has
    the stop's ``presents`` words (the padró visit presents a padró project;
    `make demo` has one of each). A small demo without such a file (the tests')
    falls back on the stop's place in ``projects``."""
    words = entry.get("presents")
    if words and projects:
        found = (
            ProjectPage.objects.live()
            .filter(locale=projects[0].locale, title__icontains=words)
            .order_by("pk")
            .first()
        )
        if found is not None:
            return found
    return projects[number] if number < len(projects) else None


def _create_stop(caravan, entry, number, shared, now, projects, articles) -> StopPage:
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
        reporters=shared["reporters"]["ca"],
    )
    project = _presented(entry, projects, number)
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
    return stop


def _keep_in_step(stop: StopPage, entry: dict, shared: dict, now) -> None:
    """A stop made by an older demo (another start time, another agenda) takes
    today's times and agenda, so that its translations, made from today's words,
    fit its hours (a programme must fit the stop's times)."""
    start = timezone.localtime(stop.starts_at)
    if (start.hour, start.minute) == (now.hour, now.minute):
        return
    start = start.replace(hour=now.hour, minute=now.minute)
    stop.starts_at = start
    stop.ends_at = start + datetime.timedelta(hours=shared["hours"])
    stop.agenda = "\n".join(entry["agenda"])
    stop.save_revision().publish()


def _translate_stop(stop: StopPage, entry: dict, shared: dict) -> None:
    """The stop's linked translations: its words in each language, and the
    project files and write-up it points to in that language where they exist."""
    for language, words in entry.get("translations", {}).items():
        locale = Locale.objects.get(language_code=language)
        copy = translate_page(
            stop,
            language,
            title=words["title"],
            slug=words["slug"],
            summary=words["summary"],
            agenda="\n".join(words["agenda"]),
            reporters=shared["reporters"][language],
            write_up=_in(stop.write_up, locale),
            publish=False,
        )
        if copy is None:
            continue
        copy.projects.set(
            [
                found
                for project in stop.projects.all()
                if (found := _in(project, locale)) is not None
            ]
        )
        copy.save_revision().publish()
