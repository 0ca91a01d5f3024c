"""RSS 2.0 and Atom 1.0 feeds of the site's pages (Django's syndication framework).

Each feed lists the newest live, public pages *of the active language* (the feed
under /ca/ lists Catalan pages), ``FEED_LENGTH`` items, newest first by first
publication. An item's guid is the page's canonical URL (seo/metadata.py).

The project-file feed accepts the search API's filters (shared/formats/
search-api.md): they are validated by the same ``SearchForm`` (a bad one is an
HTTP 400 with the API's JSON body) and run through ``search.service.search`` sorted
by ``newest``, so "new social-services projects near Girona" is a feed:
``/ca/feeds/projects.rss?area=social_services&near=41.98,2.82&within=25``.

To add a feed: subclass ``PageFeed``, set ``model`` and the texts, override
``item_*`` as needed, and name it in ``FEEDS``: seo/urls.py mounts each with
``feed_patterns`` (the RSS and the Atom URL), and a page type that lists the name
in its ``feed_names`` announces it.
"""

from dataclasses import dataclass, replace
from html import escape

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import HttpRequest, JsonResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Page

from core.base_url import absolute_url, site_root_url
from project_pages.models import (
    ArticleIndexPage,
    ArticlePage,
    ProjectIndexPage,
    ProjectPage,
)
from project_pages.structured_data import page_description, site_name, truncate
from seo.metadata import active_language, clean_query, with_query
from visits.models import CaravanIndexPage, StopPage

FEED_LENGTH = 30
# The search is asked for this many hits at a time, newest first, and keeps those
# of the feed's language; it never reads more than SEARCH_BATCHES batches.
SEARCH_BATCH = 100
SEARCH_BATCHES = 10
# Parameters a feed ignores: it is always the first page of the newest items, in
# the language of its URL.
IGNORED_SEARCH_PARAMETERS = ("sort", "page", "page_size", "lang")
# The search API's own parameters, in the order of its contract (canonical links).
SEARCH_PARAMETERS = (
    "q",
    "area",
    "type",
    "phase",
    "size",
    "country",
    "technology",
    "tag",
    "near",
    "within",
    "scope",
)


@dataclass
class FeedRequest:
    """What one request asks of a feed (a Feed instance is shared by requests)."""

    request: HttpRequest
    language: str
    root_url: str
    query: object = None  # search.query.SearchQuery for the project feed
    filtered: bool = False  # the request carried search filters


class PageFeed(Feed):
    """Newest live, public pages of ``model`` in the active language."""

    feed_type = Rss201rev2Feed
    model: type[Page] = Page
    index_model: type[Page] | None = None
    limit = FEED_LENGTH
    feed_title = gettext_lazy("Latest pages")
    feed_description = ""
    item_guid_is_permalink = True

    def get_object(self, request, *args, **kwargs) -> FeedRequest:
        return FeedRequest(
            request=request,
            language=active_language(),
            root_url=site_root_url(request),
        )

    # Channel ---------------------------------------------------------------

    def title(self, obj: FeedRequest) -> str:
        return f"{self.feed_title} · {site_name()}"

    def description(self, obj: FeedRequest) -> str:
        return str(self.feed_description)

    def subtitle(self, obj: FeedRequest) -> str:
        return self.description(obj)

    def link(self, obj: FeedRequest) -> str:
        """The page that lists the same items (the section's index)."""
        if self.index_model is not None:
            index = (
                self.index_model.objects.live()
                .filter(locale__language_code=obj.language)
                .first()
            )
            url = index.get_full_url(obj.request) if index else None
            if url:
                return url
        return obj.root_url + "/"

    def feed_url(self, obj: FeedRequest) -> str:
        return absolute_url(obj.request.get_full_path(), root=obj.root_url)

    # Items -----------------------------------------------------------------

    def pages(self, obj: FeedRequest) -> QuerySet:
        """Every page the feed may list: live, public, in the feed's language."""
        return (
            self.model.objects.live()
            .public()
            .filter(locale__language_code=obj.language)
        )

    def select(self, obj: FeedRequest) -> list[Page]:
        return list(
            self.pages(obj).order_by("-first_published_at", "-pk")[: self.limit]
        )

    def items(self, obj: FeedRequest) -> list[Page]:
        items = []
        for page in self.select(obj):
            page.feed_url = page.get_full_url(obj.request)
            if page.feed_url:
                items.append(page)
        return items

    def item_title(self, item) -> str:
        return item.title

    def item_description(self, item) -> str:
        # RSS descriptions and Atom summaries are HTML: the text stays text.
        return escape(page_description(item), quote=False)

    def item_link(self, item) -> str:
        return item.feed_url

    def item_guid(self, item) -> str:
        return item.feed_url

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at or item.first_published_at


class AtomFeedMixin:
    """The same feed as Atom 1.0 (its subtitle is the RSS description)."""

    feed_type = Atom1Feed


def atom_feed(feed_class: type[PageFeed]) -> type[PageFeed]:
    return type(f"{feed_class.__name__}Atom", (AtomFeedMixin, feed_class), {})


def feed_patterns(name: str, feed_class: type[PageFeed]) -> list:
    """``feeds/<name>.rss`` and ``feeds/<name>.atom``, named ``<name>_rss`` and
    ``<name>_atom``. A dot cannot be in a page slug: these paths never hide a
    page of the tree."""
    return [
        path(f"feeds/{name}.rss", feed_class(), name=f"{name}_rss"),
        path(f"feeds/{name}.atom", atom_feed(feed_class)(), name=f"{name}_atom"),
    ]


def feed_url(name: str, kind: str = "rss", query: str = "") -> str | None:
    """The path of a feed in the active language, e.g. ``/ca/feeds/projects.rss``."""
    try:
        return with_query(reverse(f"feeds:{name}_{kind}"), query)
    except NoReverseMatch:
        return None


# Project files ------------------------------------------------------------------


class ProjectFeed(PageFeed):
    """New project files, optionally filtered like the search API."""

    model = ProjectPage
    index_model = ProjectIndexPage
    feed_title = gettext_lazy("New project files")
    feed_description = gettext_lazy(
        "The latest project files published on the observatory: what local "
        "administrations did, what it saved and what held them back."
    )

    def __call__(self, request, *args, **kwargs):
        from search.query import SearchError

        try:
            return super().__call__(request, *args, **kwargs)
        except SearchError as error:
            # The search API's answer to the same parameters.
            return JsonResponse(
                {"error": error.message, "field": error.field}, status=400
            )

    def get_object(self, request, *args, **kwargs) -> FeedRequest:
        from search.query import parse_query

        obj = super().get_object(request, *args, **kwargs)
        data = request.GET.copy()
        for name in IGNORED_SEARCH_PARAMETERS:
            data.pop(name, None)
        query = parse_query(data)  # SearchError: HTTP 400 (see __call__)
        obj.query = replace(
            query, sort="newest", page=1, page_size=SEARCH_BATCH, lang=obj.language
        )
        obj.filtered = bool(clean_query(request.GET, SEARCH_PARAMETERS))
        return obj

    def title(self, obj: FeedRequest) -> str:
        filters = describe_filters(obj.query) if obj.filtered else ""
        title = f"{self.feed_title}: {filters}" if filters else str(self.feed_title)
        return f"{title} · {site_name()}"

    def link(self, obj: FeedRequest) -> str:
        """Filtered: the search page showing the same search."""
        params = obj.request.GET.copy()
        if params.get("scope") == "abroad":  # the page's spelling of the filter
            params.setlist("within", ["abroad"])
        query = clean_query(params, SEARCH_PARAMETERS[:-1])
        if query:
            try:
                return absolute_url(
                    with_query(reverse("search_page"), query), root=obj.root_url
                )
            except NoReverseMatch:
                pass
        return super().link(obj)

    def select(self, obj: FeedRequest) -> list[ProjectPage]:
        """The newest hits of the search that are pages of the feed's language.

        The search service has no language filter: it is asked for batches of
        hits, newest first, and each batch is narrowed in one query to the live,
        public pages of the language (a stale index never shows a draft).
        """
        from search.service import search

        found: list[ProjectPage] = []
        for number in range(1, SEARCH_BATCHES + 1):
            results = search(replace(obj.query, page=number))
            ids = [hit.id for hit in results.hits]
            pages = {
                page.pk: page
                for page in ProjectPage.for_cards(self.pages(obj).filter(pk__in=ids))
            }
            found.extend(pages[pk] for pk in ids if pk in pages)
            if len(found) >= self.limit or number >= results.num_pages:
                break
        return found[: self.limit]

    def item_author_name(self, item: ProjectPage) -> str | None:
        lead = item.lead_entity
        return lead.name if lead else None

    def item_categories(self, item: ProjectPage) -> list[str]:
        return [area.label for area in sorted(item.areas.all(), key=lambda a: a.code)]


def describe_filters(query) -> str:
    """The filters of a search in words, for a filtered feed's title."""
    from search.facets import VOCABULARIES, country_label

    parts: list[str] = []
    if query.q:
        parts.append(f"“{truncate(query.q, 60)}”")
    for name, values in query.filters.items():
        for value in values:
            if name in VOCABULARIES:
                try:
                    parts.append(str(VOCABULARIES[name](value).label))
                except ValueError:
                    parts.append(value)
            elif name == "country":
                parts.append(country_label(value))
            elif name == "scope":
                parts.append(_("Outside Catalonia or abroad"))
            else:
                parts.append(value)
    if query.near is not None:
        lat, lon = query.near
        where = f"{lat:.2f}, {lon:.2f}"
        if query.within is not None:
            parts.append(
                _("Within %(km)s km of %(place)s")
                % {"km": f"{query.within:g}", "place": where}
            )
        else:
            parts.append(_("Near %(place)s") % {"place": where})
    return ", ".join(parts)


# Articles ------------------------------------------------------------------------


class ArticleFeed(PageFeed):
    model = ArticlePage
    index_model = ArticleIndexPage
    feed_title = gettext_lazy("Latest articles")
    feed_description = gettext_lazy(
        "News and opinion on local digital transformation from the observatory."
    )

    def item_author_name(self, item: ArticlePage) -> str | None:
        return item.author or None


# The caravan's stops ------------------------------------------------------------


class StopFeed(PageFeed):
    model = StopPage
    index_model = CaravanIndexPage
    feed_title = gettext_lazy("Caravan stops")
    feed_description = gettext_lazy(
        "Visits between administrations: the new stops of the innovation caravan."
    )

    def item_author_name(self, item: StopPage) -> str | None:
        return item.host.name if item.host_id and item.host else None


# Every feed by the name in its URL (feeds/<name>.rss) and in the pages'
# ``feed_names`` (PageMetadataMixin).
FEEDS: dict[str, type[PageFeed]] = {
    "projects": ProjectFeed,
    "articles": ArticleFeed,
    "stops": StopFeed,
}
