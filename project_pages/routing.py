"""Serving pages in fewer queries than Wagtail's generic router.

Wagtail resolves ``/ca/projectes/xatbot/`` as: the site, the active locale, the
root page and its specific row, then for every path segment the child page and its
specific row, then the ancestors (for aliases) and the view restrictions: 9 queries
before a page renders. Here:

- the root page of the active language is looked up once per tree version and then
  fetched with its specific model directly (1 query instead of 3);
- intermediate pages are routed through ``specific_deferred`` (their own fields are
  not needed to pick a child: 1 query per level instead of 2);
- a parent with a single child type fetches the child with that model directly;
- view restrictions of the page and its ancestors come in one query, with the
  ancestors' paths computed from the page's own path;
- a request whose route was already resolved under the same tree version (same
  host, port, language and path) skips all of that: the site, the page's id and
  model and its view restrictions come from one cache read, then the page itself
  from one query. Signed-in members, who never get the anonymous page cache, pay
  1 query for routing instead of 5.

The behaviour is Wagtail's: drafts are 404, aliases share their source's
restrictions, a missing translation falls back to the default language's page.
"""

import hashlib

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.http import Http404
from django.http.request import split_domain_port
from django.utils.translation import get_language
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.url_routing import RouteResult

from core.caching import tree_cache_get, tree_cache_set, tree_cached


def serve(request, path):
    """Wagtail's ``serve`` view, with the route resolved by ``route_for_request``."""
    from wagtail import views as wagtail_views  # imports models: not at load time

    if not hasattr(request, "_wagtail_route_for_request"):
        request._wagtail_route_for_request = route_for_request(request, path)
    return wagtail_views.serve(request, path)


def route_for_request(request, path: str):
    if not FastRoutingMixin.enabled:
        return Page.route_for_request(request, path)
    key = _route_key(request, path)
    cached = tree_cache_get(key)
    if cached is not None:
        result = _cached_route(request, cached)
        if result is not None:
            return result
    site = Site.find_for_request(request)
    if site is None:
        return None
    root = localized_root(site)
    components = [component for component in path.split("/") if component]
    try:
        result = root.route(request, components)
    except Http404:
        return None
    page = result.page if isinstance(result, RouteResult) else result[0]
    if (
        isinstance(page, FastRoutingMixin)
        and not result[1]
        and not result[2]
        and page.live
    ):
        restrictions = list(page.get_view_restrictions())
        page._observatory_view_restrictions = restrictions
        tree_cache_set(
            key, (site, page.content_type_id, page.pk, restrictions, page.path)
        )
    return result


def _route_key(request, path: str) -> str:
    host = split_domain_port(request._get_raw_host())[0]
    where = f"{host}:{request.get_port()}:{get_language()}:{path}"
    return "route:" + hashlib.sha256(where.encode()).hexdigest()


def _cached_route(request, cached) -> RouteResult | None:
    """The page of a route resolved before, or None to route again."""
    site, content_type_id, page_id, restrictions, page_path = cached
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    page = model.objects.filter(pk=page_id, path=page_path, live=True).first()
    if page is None:
        return None
    request._wagtail_site = site
    page._observatory_view_restrictions = restrictions
    return RouteResult(page)


def localized_root(site: Site) -> Page:
    """The site's root page in the active language, as its specific model."""

    def compute() -> tuple[int, int]:
        root = site.root_page.localized
        return root.pk, root.content_type_id

    page_id, content_type_id = tree_cached(
        f"root:{site.pk}:{site.root_page_id}:{get_language()}", compute
    )
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    return model.objects.get(pk=page_id)


class FastRoutingMixin:
    """Route and check privacy with fewer queries (see the module docstring).

    ``enabled`` exists for the page-render benchmark, which turns it off to measure
    Wagtail's stock behaviour as its baseline in the same run.
    """

    enabled = True

    def route(self, request, path_components):
        if not path_components or not FastRoutingMixin.enabled:
            return super().route(request, path_components)
        child_slug, remaining = path_components[0], path_components[1:]
        child_models = type(self).allowed_subpage_models()
        try:
            if not remaining and len(child_models) == 1:
                subpage = child_models[0].objects.child_of(self).get(slug=child_slug)
            else:
                subpage = self.get_children().get(slug=child_slug)
        except Page.DoesNotExist as error:
            raise Http404 from error
        subpage._cached_parent_obj = self
        if not remaining and len(child_models) == 1:
            return subpage.route(request, remaining)
        target = subpage.specific_deferred if remaining else subpage.specific
        return target.route(request, remaining)

    def get_view_restrictions(self):
        """The restrictions of this page and its ancestors, in one query.

        Like Wagtail's: an alias on the path contributes its source page's
        restrictions (aliases cannot have their own).
        """
        if not FastRoutingMixin.enabled:
            return super().get_view_restrictions()
        step = self.steplen
        paths = [self.path[:end] for end in range(step, len(self.path) + 1, step)]
        restrictions = PageViewRestriction.objects.filter(
            Q(page__path__in=paths) | Q(page__aliases__path__in=paths)
        ).distinct()
        known = getattr(self, "_observatory_view_restrictions", None)
        if known is not None:
            # Read with the route under the same tree version (restrictions
            # replace it when they change): iterating costs no query, while
            # anything that refines the queryset (``order_by`` in the admin)
            # queries as usual.
            restrictions._result_cache = list(known)
            restrictions._prefetch_done = True
        return restrictions
