"""Thin views: the form validates, the service searches, JSON or a template renders.

The page and the API run the same ``parse_query`` → ``service.search``; the page only
adds what a visitor needs on top: a municipality name instead of ``LAT,LON``, an
"abroad" radius, chips, and friendly messages instead of HTTP 400s.
"""

from urllib.parse import urlencode, urlsplit

from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from project_pages.gazetteer import find_place, search_places
from project_pages.vocabularies import Phase

from . import service
from .cards import language_line
from .engines.base import FacetValue, SearchResults
from .facets import VOCABULARIES, country_label
from .query import (
    LANGUAGES,
    SearchError,
    SearchForm,
    SearchQuery,
    default_sort,
    parse_query,
)


@require_GET
def search_api(request):
    """``GET /api/v1/projects/search/`` (docs/search-api.md)."""
    try:
        query = parse_query(request.GET)
        results = service.search(query)
    except SearchError as error:
        return JsonResponse({"error": error.message, "field": error.field}, status=400)
    response = JsonResponse(results.as_json(query))
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def places_api(request):
    """``GET /api/v1/places/?q=man``: municipalities for the search page's
    autocomplete. Public, so it gives names only (the editors' endpoint in the
    admin gives coordinates and population too)."""
    places = search_places(request.GET.get("q", "")[:100], limit=10)
    response = JsonResponse(
        {
            "results": [
                {
                    "name": place.name,
                    "region": place.region,
                    "country": place.country,
                    "label": str(place),
                }
                for place in places
            ]
        }
    )
    response["Cache-Control"] = "public, max-age=3600"
    return response


# The radius choices of the page; "abroad" is not a distance but the ``scope``
# filter: projects with an entity outside the home region (Catalonia) or abroad.
RADII = ("10", "25", "50", "100")
DEFAULT_RADIUS = "25"
ABROAD = "abroad"
PAGE_ONLY = ("place", "within")

FACET_LEGENDS = {
    "area": gettext_lazy("Area"),
    "type": gettext_lazy("Type of transformation"),
    "phase": gettext_lazy("Phase"),
    "size": gettext_lazy("Population of the lead entity"),
    "country": gettext_lazy("Country"),
    "technology": gettext_lazy("Technology"),
    "tag": gettext_lazy("Tag"),
}


def _label(facet: str, value: str) -> str:
    """A filter value's label in the active language (for chips and kept input)."""
    if facet in VOCABULARIES:
        try:
            return str(VOCABULARIES[facet](value).label)
        except ValueError:
            return value
    if facet == "country":
        return country_label(value.upper())
    return value


def _query_string(pairs: list[tuple[str, str]]) -> str:
    return urlencode([(k, v) for k, v in pairs if v != ""])


def _without(pairs: list[tuple[str, str]], *drop: tuple[str, str | None]) -> str:
    """The query string without the given (name, value) pairs (value None: every
    value of that name) and without ``page``: a changed search starts at page 1."""

    def dropped(key: str, value: str) -> bool:
        return key == "page" or any(
            key == name and (v is None or v == value) for name, v in drop
        )

    return _query_string([(k, v) for k, v in pairs if not dropped(k, v)])


def _page_links(current: int, last: int, base: str) -> list[dict]:
    """First, last and two either side of the current page; None is a gap."""
    numbers = sorted({1, last, *range(max(1, current - 2), min(last, current + 2) + 1)})
    links, previous = [], 0
    for number in numbers:
        if number - previous > 1:
            links.append(None)
        links.append(
            {
                "number": number,
                "url": f"?{base}&page={number}" if base else f"?page={number}",
                "current": number == current,
            }
        )
        previous = number
    return links


def _hit_cards(results: SearchResults, language: str) -> list[dict]:
    cards = []
    for hit in results.hits:
        # The entity that made the project match the place or country, else the
        # lead entity.
        entity = hit.matched_entity or (hit.entities[0] if hit.entities else {})
        try:
            phase_label = str(Phase(hit.phase).label)
        except ValueError:
            phase_label = hit.phase
        cards.append(
            {
                "hit": hit,
                # Same site: a path works on every host name the site answers on.
                "path": urlsplit(hit.url).path or hit.url,
                "lead": entity,
                "matched": hit.matched_entity is not None,
                "more_entities": max(0, len(hit.entities) - 1),
                "phase_label": phase_label,
                "areas": [_label("area", code) for code in hit.areas],
                # Said on the card when the page is not in the interface's
                # language, with its machine translation (language_name,
                # machine_translation_url).
                **language_line(hit, language),
                # Each other page, named in its own language ("Español").
                "translations": [
                    {
                        **other,
                        "path": urlsplit(other["url"]).path or other["url"],
                        "language_name": translation.get_language_info(
                            other["language"]
                        )["name_local"],
                    }
                    for other in hit.translations
                ],
            }
        )
    return cards


SORT_LABELS = {
    "relevance": gettext_lazy("Best match"),
    "newest": gettext_lazy("Newest first"),
    "distance": gettext_lazy("Nearest first"),
}
# What the results' status line says of the order in effect.
SORT_STATUS = {
    "relevance": gettext_lazy("best match first"),
    "newest": gettext_lazy("newest first"),
    "distance": gettext_lazy("nearest first"),
}


def _sort_choices(query: SearchQuery | None, has_words: bool, has_place: bool):
    """The sort menu: first the default order for this search (value "": the form
    then sends no sort, and the default follows the words and the place), then the
    others. Returns (choices, selected value, what the order in effect is)."""
    default = default_sort(has_words, has_place)
    choices = [("", SORT_LABELS[default])]
    for value in ("relevance", "newest", "distance"):
        if value == default or (value == "relevance" and not has_words):
            continue
        if value == "distance" and not has_place:
            continue
        choices.append((value, SORT_LABELS[value]))
    chosen = query.sort if query and query.sort_chosen else ""
    if chosen == default:
        chosen = ""
    effective = query.sort if query else default
    return choices, chosen, SORT_STATUS.get(effective, SORT_STATUS[default])


def _kept_facets(form_data) -> dict[str, list[FacetValue]]:
    """Without results (bad input), the visitor's ticked values, so that their
    input stays in the form and can be removed."""
    return {
        name: [
            FacetValue(value=v, label=_label(name, v), count=0, selected=True)
            for v in form_data.getlist(name)
            if v.strip()
        ]
        for name in SearchForm.FILTERS
    }


@require_GET
def search_page(request):
    """The public search page: what the API returns, as HTML, in a GET form.

    Bad input never gives an error page: the message is shown above the form,
    which keeps what the visitor typed and ticked.
    """
    language = translation.get_language() or LANGUAGES[0]
    if language not in LANGUAGES:
        language = LANGUAGES[0]
    params = request.GET
    pairs = [(k, v) for k in params for v in params.getlist(k)]
    # Kept input is shown back, minus null characters (never echoed into HTML).
    q_text = params.get("q", "").replace("\x00", "").strip()
    place_text = " ".join(params.get("place", "").replace("\x00", "").split())[:100]
    within = params.get("within", "").strip()
    abroad = within == ABROAD

    data = params.copy()
    for name in (*PAGE_ONLY, "lang", "scope"):
        data.pop(name, None)
    data["lang"] = language
    if abroad:
        data["scope"] = ABROAD

    error: SearchError | None = None
    place = None
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
    has_near = bool(data.get("near"))
    if within and not abroad and has_near:
        data["within"] = within
    if error is None and data.get("sort") == "distance" and not has_near:
        error = SearchError(
            "sort", _("Type your municipality to sort the results by distance.")
        )

    query: SearchQuery | None = None
    results: SearchResults | None = None
    if error is None:
        try:
            query = parse_query(data)
            results = service.search(query)
        except SearchError as caught:
            error, query, results = caught, None, None

    facets = results.facets if results else _kept_facets(params)
    facet_groups = [
        {
            "name": name,
            "legend": FACET_LEGENDS[name],
            "values": facets.get(name, []),
        }
        for name in SearchForm.FILTERS
        if facets.get(name)
    ]

    chips = []
    if q_text:
        chips.append(
            {
                "label": f"“{q_text[:80]}”",
                "url": _without(pairs, ("q", None)),
                "words": True,
            }
        )
    for name in SearchForm.FILTERS:
        for value in params.getlist(name):
            if value.strip():
                chips.append(
                    {
                        "label": f"{FACET_LEGENDS[name]}: "
                        f"{_label(name, value.replace(chr(0), ''))}",
                        "url": _without(pairs, (name, value)),
                    }
                )
    if place_text:
        label = place.name if place else place_text
        if within in RADII and not abroad:
            label = _("Within %(km)s km of %(place)s") % {"km": within, "place": label}
        else:
            label = _("Near %(place)s") % {"place": label}
        chips.append(
            {
                "label": label,
                "url": _without(
                    pairs, ("place", None), ("within", None), ("sort", "distance")
                ),
            }
        )
    if abroad:
        chips.append(
            {
                "label": _("Outside Catalonia or abroad"),
                "url": _without(pairs, ("within", None)),
            }
        )

    sorts, sort, sort_status = _sort_choices(query, bool(q_text), has_near)

    pagination = None
    if results and results.num_pages > 1:
        pagination = {
            "links": _page_links(results.page, results.num_pages, _without(pairs)),
            "previous": results.page - 1 if results.page > 1 else None,
            "next": results.page + 1 if results.page < results.num_pages else None,
            "page": results.page,
            "num_pages": results.num_pages,
        }
        base = _without(pairs)
        for key in ("previous", "next"):
            number = pagination[key]
            if number:
                pagination[f"{key}_url"] = (
                    f"?{base}&page={number}" if base else f"?page={number}"
                )

    context = {
        "q": q_text,
        "place_text": place_text,
        "place": place,
        "within": within if (within in RADII or abroad) else DEFAULT_RADIUS,
        "radii": RADII,
        "abroad": abroad,
        "sort": sort,
        "sorts": sorts,
        "sort_status": sort_status,
        "error": error,
        "results": results,
        "cards": _hit_cards(results, language) if results else [],
        "with_distance": bool(query and query.near),
        "facet_groups": facet_groups,
        "chips": chips,
        # "Filters (n)": what narrows the results besides the words.
        "active_filters": sum(1 for chip in chips if not chip.get("words")),
        "pagination": pagination,
    }
    context["translation_urls"] = _translation_urls(pairs)
    return render(request, "search/search_page.html", context)


def _translation_urls(pairs: list[tuple[str, str]]) -> dict[str, str]:
    """The search page in every language, with the same search (page and filters
    kept; labels are translated there)."""
    query = _query_string([(k, v.replace("\x00", "")) for k, v in pairs if k != "lang"])
    urls = {}
    for code in LANGUAGES:
        with translation.override(code):
            url = reverse("search_page")
        urls[code] = f"{url}?{query}" if query else url
    return urls
