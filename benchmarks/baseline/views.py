"""The baseline search as a Django view: same input validation and the same JSON
shape as ``/api/v1/projects/search/``, but hits, count and facets come from Wagtail's
stock search: one ``.search()`` for the page of hits, its ``.count()``, and one
``.facet(field)`` per facet, each with the filters of the other facets applied (the
contract's disjunctive counts).
"""

from functools import cache

from django.db.models import Min
from django.http import JsonResponse
from django.views.decorators.http import require_GET
from modelsearch.query import MATCH_ALL, And, Or, PlainText

from search.documents import FACETS
from search.engines.base import Hit, SearchResults
from search.engines.database import KM_PER_DEGREE, distance_expression
from search.facets import build_facets
from search.query import SearchError, SearchQuery, parse_query

from .models import (
    FACET_FIELDS,
    MULTI_VALUED,
    BaselinePoint,
    BaselineProject,
    BaselineValue,
)

BACKENDS = {"database": "baseline_database", "elasticsearch": "baseline_elasticsearch"}


@cache
def backend(engine: str):
    """One backend instance per process (kinder to the baseline than Wagtail's
    ``get_search_backend()`` per call, which builds a new client each time)."""
    from wagtail.search.backends import get_search_backend

    return get_search_backend(BACKENDS[engine])


def value_names(ids) -> dict[int, str]:
    return dict(BaselineValue.objects.filter(pk__in=ids).values_list("pk", "value"))


def within(query: SearchQuery) -> dict[int, tuple]:
    """{project id: (km to its nearest entity, first published)} within the radius
    (plain SQL: the stock search has no geo query)."""
    lat, lon = query.near
    dlat = query.within / KM_PER_DEGREE
    rows = (
        BaselinePoint.objects.filter(lat__gte=lat - dlat, lat__lte=lat + dlat)
        .annotate(distance=distance_expression(lat, lon))
        .filter(distance__lte=query.within)
        .values("project_id", "project__first_published_at")
        .annotate(nearest=Min("distance"))
        .values_list("project_id", "nearest", "project__first_published_at")
    )
    return {pk: (km, published) for pk, km, published in rows}


def text_query(query: SearchQuery):
    """Every word must match; a word matches through any of its forms."""
    if not query.terms:
        return MATCH_ALL
    parts = [
        Or([PlainText(term) for term in sorted(forms)])
        if len(forms) > 1
        else PlainText(next(iter(forms)))
        for forms in query.terms
    ]
    return parts[0] if len(parts) == 1 else And(parts)


def filtered(query: SearchQuery, except_facet: str | None, ids=None):
    queryset = BaselineProject.objects.all()
    if ids is not None:
        queryset = queryset.filter(id__in=ids)
    for facet, values in query.filters_except(except_facet).items():
        field = FACET_FIELDS[facet]
        if facet in MULTI_VALUED:
            # One value per facet in the benchmark's queries: no duplicate rows.
            queryset = queryset.filter(**{f"{field}__value__in": list(values)})
        else:
            queryset = queryset.filter(**{f"{field}__in": list(values)})
    return queryset


def baseline_search(query: SearchQuery, engine: str) -> SearchResults:
    search_backend = backend(engine)
    text = text_query(query)
    relevance = bool(query.terms) and query.sort == "relevance"
    distances = within(query) if query.near and query.within else None
    ids = list(distances) if distances is not None else None

    def run(queryset):
        if not relevance:
            queryset = queryset.order_by("-first_published_at", "-id")
        return search_backend.search(text, queryset, order_by_relevance=relevance)

    results = run(filtered(query, None, ids))
    count = results.count()
    if distances is not None and query.sort == "distance":
        # The stock search cannot sort by distance: the page's ids are picked by
        # distance here (scenario c has no other filter, so they all match).
        # Same order as ours: distance, then newest first.
        ranked = sorted(
            distances,
            key=lambda pk: (
                round(distances[pk][0], 6),
                -(distances[pk][1].timestamp() if distances[pk][1] else 0),
                -pk,
            ),
        )
        page_ids = ranked[query.offset : query.offset + query.page_size]
        rows = {row.pk: row for row in run(filtered(query, None, page_ids))}
        page = [rows[pk] for pk in page_ids if pk in rows]
    else:
        page = list(results[query.offset : query.offset + query.page_size])
    counts: dict[str, dict[str, int]] = {}
    for facet in FACETS:
        field = FACET_FIELDS[facet]
        raw = run(filtered(query, facet, ids)).facet(field)
        if facet in MULTI_VALUED:
            names = value_names([pk for pk in raw if pk is not None])
            counts[facet] = {names[pk]: n for pk, n in raw.items() if pk in names}
        else:
            counts[facet] = {value: n for value, n in raw.items() if value}
    hits = [
        Hit(
            **row.data,
            distance_km=distances[row.pk][0] if distances is not None else None,
        )
        for row in page
    ]
    return SearchResults(
        count=count,
        page=query.page,
        page_size=query.page_size,
        hits=hits,
        facets=build_facets(counts, query),
        backend=f"baseline-{engine}",
    )


@require_GET
def search_api(request, engine: str):
    try:
        query = parse_query(request.GET)
    except SearchError as error:
        return JsonResponse({"error": error.message, "field": error.field}, status=400)
    return JsonResponse(baseline_search(query, engine).as_json(query))
