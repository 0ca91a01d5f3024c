"""The embedded default engine: the index lives in the site's own database.

Works the same on SQLite and PostgreSQL with portable SQL only: full text is an
inverted index of the shared analysis' terms (``SearchTerm``), filters and facets
are rows of ``SearchFacetValue`` (OR within a facet through ``IN``, AND across
facets through one subquery each), and distances are computed in SQL with the
haversine formula (Django provides the math functions on SQLite too).
"""

import math
from collections.abc import Iterable
from itertools import islice

from django.db import transaction
from django.db.models import (
    Count,
    F,
    FloatField,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import ASin, Cos, Least, Power, Radians, Sin, Sqrt

from ..documents import FACETS, ProjectDocument
from ..facets import build_facets
from ..highlight import highlight
from ..models import SearchDocument, SearchFacetValue, SearchPoint, SearchTerm
from ..query import SearchQuery
from .base import Hit, SearchResults

EARTH_RADIUS_KM = 6371.0088
KM_PER_DEGREE = math.pi * EARTH_RADIUS_KM / 180
FIELD_WEIGHTS = {"title": 4, "summary": 2, "body": 1}
CHUNK = 400


def _chunks(items: Iterable, size: int = CHUNK):
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def distance_expression(lat: float, lon: float):
    """Great-circle distance in km from (lat, lon) to a SearchPoint row (haversine)."""
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


class DatabaseEngine:
    name = "database"

    # Indexing -----------------------------------------------------------------

    def is_available(self) -> bool:
        return True

    def index_documents(self, docs: Iterable[ProjectDocument]) -> int:
        count = 0
        for chunk in _chunks(docs):
            with transaction.atomic():
                self._delete([doc.id for doc in chunk])
                self._insert(chunk)
            count += len(chunk)
        return count

    def delete_documents(self, ids: Iterable[int]) -> None:
        for chunk in _chunks(ids):
            with transaction.atomic():
                self._delete(chunk)

    def rebuild(self, docs: Iterable[ProjectDocument]) -> int:
        """One transaction: readers see the old index until the new one commits."""
        count = 0
        with transaction.atomic():
            for model in (SearchTerm, SearchFacetValue, SearchPoint, SearchDocument):
                model.objects.all()._raw_delete(model.objects.db)
            for chunk in _chunks(docs):
                self._insert(chunk)
                count += len(chunk)
        return count

    def indexed_ids_with_versions(self) -> dict[int, str]:
        return dict(SearchDocument.objects.values_list("page_id", "version"))

    def _delete(self, ids: list[int]) -> None:
        if not ids:
            return
        for model in (SearchTerm, SearchFacetValue, SearchPoint):
            model.objects.filter(document_id__in=ids)._raw_delete(model.objects.db)
        SearchDocument.objects.filter(page_id__in=ids)._raw_delete(
            SearchDocument.objects.db
        )

    def _insert(self, docs: list[ProjectDocument]) -> None:
        SearchDocument.objects.bulk_create(
            SearchDocument(
                page_id=doc.id,
                language=doc.language,
                title=doc.title,
                summary=doc.summary,
                body=doc.body,
                phase=doc.phase,
                size=doc.size or "",
                first_published_at=doc.first_published_at,
                version=doc.version,
                data=doc.hit_data(),
            )
            for doc in docs
        )
        terms, facets, points = [], [], []
        for doc in docs:
            weights: dict[str, int] = {}
            for field_name, weight in FIELD_WEIGHTS.items():
                for term in set(getattr(doc, f"{field_name}_terms")):
                    weights[term] = weights.get(term, 0) + weight
            terms += [
                SearchTerm(document_id=doc.id, term=term, weight=weight)
                for term, weight in weights.items()
            ]
            facets += [
                SearchFacetValue(document_id=doc.id, facet=facet, value=value)
                for facet, values in doc.facet_values().items()
                for value in dict.fromkeys(values)
            ]
            points += [
                SearchPoint(document_id=doc.id, lat=lat, lon=lon)
                for lat, lon in dict.fromkeys(doc.points())
            ]
        SearchTerm.objects.bulk_create(terms, batch_size=CHUNK)
        SearchFacetValue.objects.bulk_create(facets, batch_size=CHUNK)
        SearchPoint.objects.bulk_create(points, batch_size=CHUNK)

    # Searching ----------------------------------------------------------------

    def _near_points(self, query: SearchQuery) -> QuerySet:
        """Points within ``query.within`` km of ``query.near``: a bounding box the
        indexes can use, then the exact distance."""
        lat, lon = query.near
        km = query.within
        points = SearchPoint.objects.all()
        dlat = km / KM_PER_DEGREE
        points = points.filter(lat__gte=lat - dlat, lat__lte=lat + dlat)
        cos_lat = math.cos(math.radians(min(89.0, abs(lat) + dlat)))
        if abs(lat) + dlat < 89.0 and cos_lat > 0:
            dlon = dlat / cos_lat
            if lon - dlon >= -180 and lon + dlon <= 180:
                points = points.filter(lon__gte=lon - dlon, lon__lte=lon + dlon)
        return points.annotate(distance=distance_expression(lat, lon)).filter(
            distance__lte=km
        )

    def _matching(self, query: SearchQuery, except_facet: str | None = None):
        """Documents matching the text, the geography and every facet filter except
        ``except_facet`` (the disjunctive counts leave one facet out)."""
        documents = SearchDocument.objects.all()
        for alternatives in query.terms:
            documents = documents.filter(
                page_id__in=SearchTerm.objects.filter(
                    term__in=sorted(alternatives)
                ).values("document_id")
            )
        if query.near is not None and query.within is not None:
            documents = documents.filter(
                page_id__in=self._near_points(query).values("document_id")
            )
        for facet, values in query.filters_except(except_facet).items():
            documents = documents.filter(
                page_id__in=SearchFacetValue.objects.filter(
                    facet=facet, value__in=values
                ).values("document_id")
            )
        return documents

    def _facet_counts(self, query: SearchQuery) -> dict[str, dict[str, int]]:
        counts: dict[str, dict[str, int]] = {}
        for facet in FACETS:
            matching = self._matching(query, except_facet=facet)
            rows = (
                SearchFacetValue.objects.filter(
                    facet=facet, document_id__in=matching.values("page_id")
                )
                .values_list("value")
                .annotate(count=Count("document_id", distinct=True))
                .order_by()
            )
            counts[facet] = dict(rows)
        return counts

    def search(self, query: SearchQuery) -> SearchResults:
        documents = self._matching(query)
        count = documents.count()
        order = ["-first_published_at", "-page_id"]
        if query.near is not None:
            nearest = (
                SearchPoint.objects.filter(document_id=OuterRef("page_id"))
                .annotate(distance=distance_expression(*query.near))
                .order_by("distance")
                .values("distance")[:1]
            )
            documents = documents.annotate(
                distance=Subquery(nearest, output_field=FloatField())
            )
        if query.sort == "distance":
            order = [F("distance").asc(nulls_last=True), *order]
        elif query.sort == "relevance" and query.terms:
            score = (
                SearchTerm.objects.filter(
                    document_id=OuterRef("page_id"),
                    term__in=sorted(frozenset().union(*query.terms)),
                )
                .values("document_id")
                .annotate(score=Sum("weight"))
                .values("score")
            )
            documents = documents.annotate(score=Subquery(score))
            order = [F("score").desc(nulls_last=True), *order]
        page = documents.order_by(*order)[query.offset : query.offset + query.page_size]
        hits = [
            Hit(
                **document.data,
                distance_km=getattr(document, "distance", None),
                highlight=highlight(
                    [document.summary, document.body, document.title], query
                ),
            )
            for document in page
        ]
        return SearchResults(
            count=count,
            page=query.page,
            page_size=query.page_size,
            hits=hits,
            facets=build_facets(self._facet_counts(query), query),
            backend=self.name,
        )
