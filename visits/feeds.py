"""RSS and Atom feeds of the caravan's stops (the same machinery as the project
and article feeds: project_pages/feeds.py)."""

from django.utils.translation import gettext_lazy

from project_pages.feeds import PageFeed

from .models import CaravanIndexPage, StopPage


class StopFeed(PageFeed):
    model = StopPage
    index_model = CaravanIndexPage
    feed_title = gettext_lazy("Caravan stops")
    feed_description = gettext_lazy(
        "Visits between administrations: the new stops of the innovation caravan."
    )

    def item_author_name(self, item: StopPage) -> str | None:
        return item.host.name if item.host_id and item.host else None
