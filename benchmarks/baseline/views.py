"""The baseline search as a Django view: same input validation and the same JSON
shape as ``/api/v1/projects/search/``, but hits, count and facets come from Wagtail's
stock search: one ``.search()`` for the page of hits, its ``.count()``, and one
``.facet(field)`` per facet, each with the filters of the other facets applied (the
contract's disjunctive counts). One row per project, its text in every
language, and the query's concepts (words and thesaurus alternatives, parsed by
our ``parse_query``) as nested ``And``/``Or`` of terms: it matches what ours
matches. A hit is built from the stored data by our ``hit_from`` (no highlight).
"""

import math
from functools import cache

from django.db.models import F, FloatField, Min, Value
from django.db.models.functions import ASin, Cos, Least, Power, Radians, Sin, Sqrt
from django.http import JsonResponse
from django.views.decorators.http import require_GET
from modelsearch.query import MATCH_ALL, And, Or, PlainText

from search.documents import FACETS
from search.engines.base import EARTH_RADIUS_KM, SearchResults, hit_from
from search.engines.database import KM_PER_DEGREE
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


def distance_expression(lat: float, lon: float):
    """Great-circle distance in km from (lat, lon) to a BaselinePoint row
    (haversine: the formula our engines filter and sort by; the database engine
    no longer uses it, so it lives here now)."""
    rlat, rlon = math.radians(lat), math.radians(lon)
    half_dlat = (Radians(F("lat")) - Value(rlat)) / Value(2.0)
    half_dlon = (Radians(F("lon")) - Value(rlon)) / Value(2.0)
    a = Power(Sin(half_dlat), 2) + Value(math.cos(rlat)) * Cos(
        Radians(F("lat"))
    ) * Power(Sin(half_dlon), 2)
    return Value(2 * EARTH_RADIUS_KM) * ASin(
        Sqrt(Least(a, Value(1.0), output_field=FloatField())),
        output_field=FloatField(),
    )


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


def _all(parts: list):
    return parts[0] if len(parts) == 1 else And(parts)


def _any(parts: list):
    return parts[0] if len(parts) == 1 else Or(parts)


def text_query(query: SearchQuery):
    """Every concept must match; a concept through any of its phrases, a phrase
    when all its words are there, a word through any of its forms (the same
    boolean query ours sends to the full-text index, search/engines/fulltext.py)."""
    if not query.concepts:
        return MATCH_ALL
    return _all(
        [
            _any(
                [
                    _all(
                        [
                            _any([PlainText(term) for term in sorted(word)])
                            for word in phrase
                        ]
                    )
                    for phrase in concept
                ]
            )
            for concept in query.concepts
        ]
    )


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
    relevance = bool(query.concepts) and query.sort == "relevance"
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
    hits = [hit_from(row.data, {}, query) for row in page]
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
