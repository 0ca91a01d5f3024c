"""The embedded default engine: the index lives in the site's own database.

Full text is the database's own: SQLite FTS5 or PostgreSQL full text
(search/engines/fulltext.py), fed the terms of the shared analysis, so it matches
what Elasticsearch matches. Filters and facets are rows of ``SearchFacetValue``
(OR within a facet through ``IN``, AND across facets through one subquery each;
the facets nobody filters on are counted together in one GROUP BY), and distances
are computed in SQL with the haversine formula (Django provides the math functions
on SQLite too).
"""

import math
from collections.abc import Iterable
from itertools import islice

from django.db import connections, transaction
from django.db.models import (
    Case,
    Count,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import ASin, Cos, Least, Power, Radians, Sin, Sqrt

from ..documents import FACETS, ProjectDocument
from ..facets import build_facets
from ..highlight import highlight
from ..models import SearchDocument, SearchFacetValue, SearchPoint
from ..query import SearchQuery
from .base import Hit, SearchResults
from .fulltext import text_index

EARTH_RADIUS_KM = 6371.0088
KM_PER_DEGREE = math.pi * EARTH_RADIUS_KM / 180
# Similar projects: what a shared value of each facet is worth (a shared area most).
SIMILAR_WEIGHTS = {"area": 3, "technology": 2, "tag": 2, "type": 1, "size": 1}
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
            with connections[SearchDocument.objects.db].cursor() as cursor:
                text_index().clear(cursor)
            for model in (SearchFacetValue, SearchPoint, SearchDocument):
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
        with connections[SearchDocument.objects.db].cursor() as cursor:
            text_index().delete(cursor, ids)
        for model in (SearchFacetValue, SearchPoint):
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
        with connections[SearchDocument.objects.db].cursor() as cursor:
            text_index().insert(cursor, docs)
        facets, points = [], []
        for doc in docs:
            facets += [
                SearchFacetValue(document_id=doc.id, facet=facet, value=value)
                for facet, values in doc.facet_values().items()
                for value in dict.fromkeys(values)
            ]
            points += [
                SearchPoint(document_id=doc.id, lat=lat, lon=lon)
                for lat, lon in dict.fromkeys(doc.points())
            ]
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
        if query.terms:
            documents = documents.filter(
                # The SQL is fulltext.py's constants; the words are parameters.
                page_id__in=RawSQL(*text_index().matching(query.terms))  # noqa: S611
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
        """Disjunctive counts: a facet with values ticked is counted over the
        documents matching every *other* filter (one query each); the facets
        without a filter all see the same documents and share one query."""
        counts: dict[str, dict[str, int]] = {facet: {} for facet in FACETS}
        filtered = set(query.filters_except(None))
        unfiltered = [facet for facet in FACETS if facet not in filtered]
        if unfiltered:
            rows = (
                SearchFacetValue.objects.filter(
                    facet__in=unfiltered,
                    document_id__in=self._matching(query).values("page_id"),
                )
                .values_list("facet", "value")
                .annotate(count=Count("document_id"))
                .order_by()
            )
            for facet, value, count in rows:
                counts[facet][value] = count
        for facet in FACETS:
            if facet not in filtered:
                continue
            matching = self._matching(query, except_facet=facet)
            rows = (
                SearchFacetValue.objects.filter(
                    facet=facet, document_id__in=matching.values("page_id")
                )
                .values_list("value")
                .annotate(count=Count("document_id"))
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
            table = connections[SearchDocument.objects.db].ops.quote_name(
                SearchDocument._meta.db_table
            )
            sql, params = text_index().score(query.terms, f"{table}.page_id")
            documents = documents.annotate(
                score=RawSQL(sql, params, output_field=FloatField())  # noqa: S611
            )
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

    # Similar projects ---------------------------------------------------------

    def similar(self, page_id: int, limit: int) -> list[Hit]:
        """Projects sharing the most weighted facet values (SIMILAR_WEIGHTS) with the
        page; among equals, those in the page's language, then the newest. Words
        are not compared (the approximation of more-like-this). Three queries: the
        page's values, the scores (index on facet, value, document), the winners'
        stored hit data."""
        rows = list(
            SearchFacetValue.objects.filter(
                document_id=page_id, facet__in=list(SIMILAR_WEIGHTS)
            ).values_list("facet", "value", "document__language")
        )
        if not rows or limit <= 0:
            return []
        language = rows[0][2]
        own: dict[str, set[str]] = {}
        for facet, value, _language in rows:
            own.setdefault(facet, set()).add(value)
        shared = Q()
        for facet, values in sorted(own.items()):
            shared |= Q(facet=facet, value__in=sorted(values))
        score = Sum(
            Case(
                *(When(facet=f, then=Value(w)) for f, w in SIMILAR_WEIGHTS.items()),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        ids = list(
            SearchFacetValue.objects.filter(shared)
            .exclude(document_id=page_id)
            .values("document_id")
            .annotate(score=score)
            .order_by(
                "-score",
                Case(
                    When(document__language=language, then=Value(0)),
                    default=Value(1),
                    output_field=IntegerField(),
                ),
                F("document__first_published_at").desc(nulls_last=True),
                "-document_id",
            )
            .values_list("document_id", flat=True)[:limit]
        )
        documents = SearchDocument.objects.in_bulk(ids)
        return [Hit(**documents[i].data) for i in ids if i in documents]
