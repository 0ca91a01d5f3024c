"""The map of project files: a page and the JSON of its markers.

The page takes the search page's parameters (so "See on the map" keeps the search:
``place``/``within`` as the search page reads them, or the API's ``near``), shows a
friendly message for bad input like the search page does, and renders a plain list
of the first results for visitors without JavaScript. static/js/map.js then draws
every matching project from ``/api/v1/projects/map/`` (same parameters as the
search API, all hits, not paginated; search/map_data.py).
"""

import dataclasses
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.http import HttpResponse, JsonResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.request_limit import limits_itself, refused
from core.sendfile_nginx import AccelRedirectResponse
from project_pages.gazetteer import find_place
from project_pages.vocabularies import AreaCode, Phase

from . import map_build, map_layers, service
from .map_data import map_items
from .query import LANGUAGES, SearchError, SearchQuery, parse_query
from .views import ABROAD, FACET_LEGENDS, PAGE_ONLY, RADII, _label

# Projects listed on the page itself (without JavaScript); the rest are one link
# away on the search page.
LIST_LIMIT = 50
# One colour per area (Okabe-Ito palette: told apart with the common colour-vision
# deficiencies); a project in several areas takes its first area's colour.
AREA_COLOURS = {
    AreaCode.CITIZEN_ATTENTION: "#0072b2",
    AreaCode.SERVICES_PROCEDURES: "#d55e00",
    AreaCode.SOCIAL_SERVICES: "#009e73",
    AreaCode.PARTICIPATION_OPEN_GOVERNMENT: "#cc79a7",
    AreaCode.PLANNING_MANAGEMENT: "#e69f00",
    AreaCode.INTEGRAL_TRANSFORMATION: "#56b4e9",
}
NO_AREA_COLOUR = "#6b7280"
# Parameters of the list only: every match is on the map.
LIST_ONLY = ("page", "page_size")


@limits_itself
@require_GET
def map_api(request):
    """``GET /api/v1/projects/map/``: every project matching the search API's
    parameters, with a point (or null) each; HTTP 400 like the search API."""
    try:
        query = parse_query(request.GET)
        if map_build.is_unfiltered(query):
            return _built_response(request, map_build.current(query.lang))
        if (too_many := refused(request)) is not None:
            return too_many
        results = map_items(query)
    except SearchError as error:
        return JsonResponse({"error": error.message, "field": error.field}, status=400)
    # The other layers (the caravan's coming stops), not in ``count``.
    results.items.extend(map_layers.layer_items())
    response = HttpResponse(results.content(), content_type="application/json")
    response["Cache-Control"] = "no-cache"
    return response


def _built_response(request, built: map_build.BuiltMap) -> HttpResponse:
    """The whole map as built (search/map_build.py): its gzip bytes when the client
    accepts them, ``304`` when the client has this version already."""
    accel_url = getattr(settings, "OBSERVATORY_MAP_DATA_ACCEL_URL", "")
    if built.etag in request.headers.get("If-None-Match", ""):
        response = HttpResponse(status=304)
    elif accel_url:
        # nginx sends the file (and its .gz to a client that takes gzip) from
        # its internal location: no worker copies megabytes.
        response = AccelRedirectResponse(content_type="application/json")
        response["X-Accel-Redirect"] = accel_url + map_build.file_name(built)
    elif "gzip" in request.headers.get("Accept-Encoding", "").lower():
        response = HttpResponse(built.gzipped, content_type="application/json")
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(built.body, content_type="application/json")
    response["ETag"] = built.etag
    response["Last-Modified"] = built.last_modified
    response["Cache-Control"] = "no-cache"
    patch_vary_headers(response, ("Accept-Encoding",))
    # Served from its files already: the anonymous page cache keeps no copy.
    response.page_cache_exempt = True
    return response


def _api_data(params) -> tuple[QueryDict, SearchError | None]:
    """The search page's parameters as the API's (the same translation as
    search.views.search_page: a municipality name becomes ``near``, "abroad"
    becomes ``scope``); the error a visitor should read, if any."""
    data = params.copy()
    for name in (*PAGE_ONLY, *LIST_ONLY, "lang", "scope"):
        data.pop(name, None)
    data["lang"] = _language()
    within = params.get("within", "").strip()
    if within == ABROAD:
        data["scope"] = ABROAD
    place_text = " ".join(params.get("place", "").replace("\x00", "").split())[:100]
    error = None
    if place_text:
        place = find_place(place_text)
        if place is None:
            error = SearchError(
                "place",
                _(
                    "We do not know the municipality “%(name)s”. Type its name and "
                    "pick it from the suggestions."
                )
                % {"name": place_text},
            )
        else:
            data["near"] = f"{place.latitude},{place.longitude}"
    if data.get("near") and within and within != ABROAD:
        data["within"] = within
    if error is None and data.get("sort") == "distance" and not data.get("near"):
        error = SearchError(
            "sort", _("Type your municipality to sort the results by distance.")
        )
    return data, error


def _language() -> str:
    language = translation.get_language() or LANGUAGES[0]
    return language if language in LANGUAGES else LANGUAGES[0]


def _query_string(data) -> str:
    return urlencode([(k, v) for k in data for v in data.getlist(k) if v != ""])


def _filters(params) -> list[str]:
    """The filters in force, as text ("Area: Social services")."""
    labels = []
    q = params.get("q", "").replace("\x00", "").strip()
    if q:
        labels.append(f"“{q[:80]}”")
    for name, legend in FACET_LEGENDS.items():
        for value in params.getlist(name):
            if value.strip():
                labels.append(f"{legend}: {_label(name, value.replace(chr(0), ''))}")
    place = " ".join(params.get("place", "").replace("\x00", "").split())[:100]
    within = params.get("within", "").strip()
    if place:
        if within in RADII:
            labels.append(
                _("Within %(km)s km of %(place)s") % {"km": within, "place": place}
            )
        else:
            labels.append(_("Near %(place)s") % {"place": place})
    if within == ABROAD:
        labels.append(_("Outside Catalonia or abroad"))
    return labels


def _legend() -> list[dict]:
    return [
        {"code": code, "label": str(label), "colour": AREA_COLOURS[code]}
        for code, label in AreaCode.choices
    ]


@require_GET
def map_page(request):
    """``/ca/mapa/``: the map of the current search; never an error page."""
    params = request.GET
    data, error = _api_data(params)
    query: SearchQuery | None = None
    results = None
    if error is None:
        try:
            query = parse_query(data)
            results = service.search(
                dataclasses.replace(query, page=1, page_size=LIST_LIMIT)
            )
        except SearchError as caught:
            error, query, results = caught, None, None

    search_query = _without(params, "page")
    search_url = reverse("search_page")
    items = []
    if results:
        for hit in results.hits:
            lead = hit.entities[0] if hit.entities else {}
            items.append(
                {
                    "title": hit.title,
                    "path": urlsplit(hit.url).path or hit.url,
                    "entity": lead.get("name", ""),
                    "municipality": lead.get("municipality", ""),
                }
            )
    config = None
    if results is not None:
        config = {
            "apiUrl": f"{reverse('search_map:api')}?{_query_string(data)}",
            "tilesUrl": settings.OBSERVATORY_MAP_TILES_URL,
            "attribution": settings.OBSERVATORY_MAP_ATTRIBUTION,
            "colours": {str(code): colour for code, colour in AREA_COLOURS.items()},
            "noAreaColour": NO_AREA_COLOUR,
            "areas": {code: str(label) for code, label in AreaCode.choices},
            "phases": {code: str(label) for code, label in Phase.choices},
            "messages": {
                "tilesFailed": _(
                    "The background map could not be loaded: the project files are "
                    "shown on a blank background."
                ),
                "loadFailed": _(
                    "The map could not be loaded. The list below shows the project "
                    "files."
                ),
                "withoutLocation": _(
                    "Project files without a location (not on the map): %(n)s."
                ),
                "phase": _("Phase"),
                "cluster": _("%(n)s project files: zoom in"),
                "stopCluster": _("%(n)s caravan stops: zoom in"),
                "projects": _("Project files"),
                "stops": _("Caravan stops"),
            },
        }
    context = {
        "error": error,
        "results": results,
        "items": items,
        "more": results.count - len(items) if results else 0,
        "filters": _filters(params),
        "legend": _legend(),
        "no_area_colour": NO_AREA_COLOUR,
        "search_url": f"{search_url}?{search_query}" if search_query else search_url,
        "map_config": config,
        # The legend names the caravan's layer only when it has stops to show.
        "has_other_layers": bool(config) and bool(map_layers.layer_items()),
        "translation_urls": _translation_urls(params),
    }
    return render(request, "search/map.html", context)


def _without(params, *names: str) -> str:
    return urlencode(
        [
            (k, v.replace("\x00", ""))
            for k in params
            if k not in names
            for v in params.getlist(k)
            if v != ""
        ]
    )


def _translation_urls(params) -> dict[str, str]:
    """The map in every language, with the same search."""
    query = _without(params, "lang", "page")
    urls = {}
    for code in LANGUAGES:
        with translation.override(code):
            url = reverse("map_page")
        urls[code] = f"{url}?{query}" if query else url
    return urls
