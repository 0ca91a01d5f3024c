"""The whole demo site: every app's demo loader, in the order of the layers.

Each app builds its own demo content from its own ``demo_data/`` files in its
``demo.py``; this module runs them content model first (the pages, entities and
media the others point to), then the features: the search index of those pages,
the community (members, forum topics, comment threads on project files), then
the caravan, whose stops present the project files and link an article, and
the communities of practice with their interest groups (the demo members in them).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import community.demo
import practice.demo
import project_pages.demo
import search.demo
import visits.demo


@dataclass
class DemoSummary:
    """What a run made, as ``load_demo_data`` reports it."""

    projects: int = 0
    skipped: int = 0
    translations: int = 0
    articles: int = 0
    standard_pages: int = 0
    entities: int = 0
    stops: int = 0
    members: int = 0
    topics: int = 0
    replies: int = 0
    comments: int = 0
    groups: int = 0
    bulk: bool = False

    def __str__(self) -> str:
        mode = " (bulk)" if self.bulk else ""
        return (
            f"{self.projects} project files created{mode}, {self.skipped} already "
            f"there; {self.translations} translations, {self.articles} articles, "
            f"{self.standard_pages} standard pages, {self.stops} caravan stops; "
            f"{self.entities} entities; {self.members} members, {self.topics} forum "
            f"topics with {self.replies} replies, {self.comments} comments; "
            f"{self.groups} interest groups."
        )


def load_demo(
    count: int = 60,
    *,
    seed: int = 1,
    bulk: bool = False,
    batch_size: int = 2000,
    progress: Callable[[int], None] | None = None,
) -> DemoSummary:
    """Build the demo site; safe to run again (what exists is found by slug).

    ``progress`` is called with the number of project files handled since the
    last call (the command hands it a tqdm bar).
    """
    content = project_pages.demo.load(
        count, seed=seed, bulk=bulk, batch_size=batch_size, progress=progress
    )
    search.demo.load(content)
    people = community.demo.load(content)
    stops = visits.demo.load(content)
    groups = practice.demo.load(content)
    return DemoSummary(
        projects=content.projects,
        skipped=content.skipped,
        translations=content.translations,
        articles=content.articles,
        standard_pages=content.standard_pages,
        entities=content.entities,
        stops=stops,
        members=people.members,
        topics=people.topics,
        replies=people.replies,
        comments=people.comments,
        groups=groups,
        bulk=bulk,
    )
