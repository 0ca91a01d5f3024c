"""The embedded default engine: the index lives in the site's own database.

Full text is the database's own: SQLite FTS5 or PostgreSQL full text
(search/engines/fulltext.py), fed the terms of the shared analysis, so it matches
what Elasticsearch matches. Each project is one row of ``SearchDocument`` whose
``facets`` column lists its filterable values as ``facet:value`` strings (a JSON
array; on PostgreSQL a GIN-indexed ``jsonb``), and one ``SearchPoint`` per placed
entity.

A search is **one SQL statement** (plus one to read the shown hits): a common
table expression collects the candidates (matching the words and the place, and
failing at most one facet filter, with a flag per filter), and from it come the
total, the page of hits, and every facet's disjunctive counts, in one pass each
(``COUNT(*) FILTER (WHERE ...)`` over the candidates' values: a value of a facet
with values ticked is counted over the candidates passing every *other* filter).
The statement is the same on SQLite and PostgreSQL but for a few fragments
(``_Dialect``).
"""

import math
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass, replace
from itertools import islice

from django.db import connections, transaction

from .. import typos
from ..documents import FACETS, ProjectDocument
from ..facets import build_facets
from ..models import SearchDocument, SearchDocumentData, SearchPoint
from ..query import SearchQuery
from .base import EARTH_RADIUS_KM, Hit, SearchResults, hit_from
from .fulltext import TABLE as TEXT_TABLE
from .fulltext import text_index

KM_PER_DEGREE = math.pi * EARTH_RADIUS_KM / 180
# Similar projects: what a shared value of each facet is worth (a shared area most).
SIMILAR_WEIGHTS = {"area": 3, "technology": 2, "tag": 2, "type": 1, "size": 1}
CHUNK = 400
DOCUMENTS = SearchDocument._meta.db_table
POINTS = SearchPoint._meta.db_table

# SQL below is built from constants, facet names and placeholders only (ruff
# S608 is silenced for that reason): values always travel as parameters.


def _chunks(items: Iterable, size: int = CHUNK):
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def facet_values(doc: ProjectDocument) -> list[str]:
    """The document's ``facet:value`` strings (the ``facets`` column)."""
    return [
        f"{facet}:{value}"
        for facet, values in doc.facet_values().items()
        for value in dict.fromkeys(values)
    ]


class _Dialect:
    """The fragments that differ between SQLite and PostgreSQL."""

    def __init__(self, vendor: str):
        self.postgres = vendor == "postgresql"

    def any_of(self, values: list[str]) -> tuple[str, list]:
        """The document has one of these ``facet:value`` strings."""
        if self.postgres:
            return "d.facets && %s::text[]", [values]
        marks = ", ".join(["%s"] * len(values))
        return (
            f"EXISTS (SELECT 1 FROM json_each(d.facets) WHERE value IN ({marks}))",
            values,
        )

    def values_of(self, alias: str) -> str:
        """A table of the values of ``alias.facets``, as ``f.value``."""
        if self.postgres:
            return f"unnest({alias}.facets) AS f(value)"
        return f"json_each({alias}.facets) AS f"

    def as_int(self, condition: str) -> str:
        return f"({condition})::int" if self.postgres else f"({condition})"

    def text_matches(self, sql: str) -> str:
        # LIMIT -1 keeps SQLite from flattening the subquery into the outer query,
        # where FTS5's bm25() cannot run.
        return sql if self.postgres else f"{sql} LIMIT -1"


def _haversine(lat: float, lon: float) -> tuple[str, list]:
    """SQL of the distance in km from (lat, lon) to the point ``p``."""
    rlat, rlon = math.radians(lat), math.radians(lon)
    a = (
        "(POWER(SIN((RADIANS(p.lat) - %s) / 2.0), 2) + "
        "%s * COS(RADIANS(p.lat)) * POWER(SIN((RADIANS(p.lon) - %s) / 2.0), 2))"
    )
    params = [rlat, math.cos(rlat), rlon]
    return (
        f"{2 * EARTH_RADIUS_KM} * "
        f"ASIN(SQRT(CASE WHEN {a} > 1.0 THEN 1.0 ELSE {a} END))",
        params * 2,
    )


def _distances(query: SearchQuery) -> tuple[str, list]:
    """SQL of (doc_id, distance) of the documents with a point near
    ``query.near``: the distance of the nearest; with ``query.within``, only
    those that close, read through a bounding box the (lat, lon) index can use."""
    lat, lon = query.near
    distance, distance_params = _haversine(lat, lon)
    where: list[str] = []
    params: list = []
    having, having_params = "", []
    if query.within is not None:
        km = query.within
        dlat = km / KM_PER_DEGREE
        where.append("p.lat BETWEEN %s AND %s")
        params += [lat - dlat, lat + dlat]
        cos_lat = math.cos(math.radians(min(89.0, abs(lat) + dlat)))
        if abs(lat) + dlat < 89.0 and cos_lat > 0:
            dlon = dlat / cos_lat
            if lon - dlon >= -180 and lon + dlon <= 180:
                where.append("p.lon BETWEEN %s AND %s")
                params += [lon - dlon, lon + dlon]
        having, having_params = (
            f"HAVING MIN({distance}) <= %s",
            [
                *distance_params,
                km,
            ],
        )
    return (
        f"SELECT p.document_id AS doc_id, MIN({distance}) AS distance "
        f"FROM {POINTS} p WHERE {' AND '.join(where) or '1 = 1'} "
        f"GROUP BY p.document_id {having}",
        [*distance_params, *params, *having_params],
    )


@dataclass(frozen=True)
class _Candidates:
    sql: str
    params: list
    counted: list[str]  # the facets with values ticked, flagged as m.f_<facet>

    def passing(self, except_facet: str | None = None) -> str:
        """SQL: the candidate passes every counted filter but ``except_facet``'s."""
        names = [f"m.f_{facet}" for facet in self.counted if facet != except_facet]
        return " AND ".join(names) or "1 = 1"


class DatabaseEngine:
    name = "database"

    # Indexing -----------------------------------------------------------------

    def is_available(self) -> bool:
        return True

    @property
    def _connection(self):
        return connections[SearchDocument.objects.db]

    def index_documents(self, docs: Iterable[ProjectDocument]) -> int:
        count = 0
        for chunk in _chunks(docs):
            with transaction.atomic():
                self._delete(
                    [doc.key for doc in chunk], also_ids=[doc.id for doc in chunk]
                )
                self._insert(chunk)
            count += len(chunk)
        return count

    def delete_documents(self, keys: Iterable[str]) -> None:
        for chunk in _chunks(keys):
            with transaction.atomic():
                self._delete(chunk)

    def rebuild(self, docs: Iterable[ProjectDocument]) -> int:
        """One transaction: readers see the old index until the new one commits."""
        count = 0
        with transaction.atomic():
            with self._connection.cursor() as cursor:
                text_index().clear(cursor)
            for model in (SearchPoint, SearchDocumentData, SearchDocument):
                model.objects.all()._raw_delete(model.objects.db)
            for chunk in _chunks(docs):
                self._insert(chunk)
                count += len(chunk)
            # Fresh statistics, so that the planner knows how selective words
            # and facet values are (and uses the GIN indexes for the rare ones).
            with self._connection.cursor() as cursor:
                for table in (DOCUMENTS, POINTS, TEXT_TABLE):
                    cursor.execute(f"ANALYZE {table}")
        return count

    def indexed_keys_with_versions(self) -> dict[str, str]:
        return dict(SearchDocument.objects.values_list("key", "version"))

    def _delete(self, keys: list[str], also_ids: Iterable[int] = ()) -> None:
        ids = set(
            SearchDocument.objects.filter(key__in=keys).values_list("doc_id", flat=True)
        )
        ids.update(also_ids)
        if not ids:
            return
        ids = sorted(ids)
        with self._connection.cursor() as cursor:
            text_index().delete(cursor, ids)
        SearchPoint.objects.filter(document_id__in=ids)._raw_delete(
            SearchPoint.objects.db
        )
        SearchDocumentData.objects.filter(document_id__in=ids)._raw_delete(
            SearchDocumentData.objects.db
        )
        SearchDocument.objects.filter(doc_id__in=ids)._raw_delete(
            SearchDocument.objects.db
        )

    def _insert(self, docs: list[ProjectDocument]) -> None:
        SearchDocument.objects.bulk_create(
            SearchDocument(
                doc_id=doc.id,
                key=doc.key,
                language=doc.language,
                first_published_at=doc.first_published_at,
                facets=facet_values(doc),
                version=doc.version,
            )
            for doc in docs
        )
        SearchDocumentData.objects.bulk_create(
            SearchDocumentData(
                document_id=doc.id,
                data=doc.hit_data(),
                display=doc.display(),
                markers=doc.markers(),
            )
            for doc in docs
        )
        with self._connection.cursor() as cursor:
            text_index().insert(cursor, docs)
        SearchPoint.objects.bulk_create(
            (
                SearchPoint(document_id=doc.id, lat=lat, lon=lon)
                for doc in docs
                for lat, lon in dict.fromkeys(doc.points())
            ),
            batch_size=CHUNK,
        )

    # Searching ----------------------------------------------------------------

    def _candidates(self, query: SearchQuery) -> "_Candidates":
        """The common table expression ``m``: the documents matching the words
        and the place, each with a flag per facet filter (``f_<facet>``); those of
        counted facets may fail one of them, the others (``scope``) must pass."""
        dialect = _Dialect(self._connection.vendor)
        columns = ["d.doc_id", "d.facets", "d.first_published_at AS published"]
        column_params: list = []
        where: list[str] = []
        where_params: list = []
        joins, join_params = "", []
        # Relevance: on the words as typed first (``score``), then on every
        # term of the concepts (``score2``: orders the projects found through
        # the thesaurus only). With the candidates on FTS5 (it scores only inside
        # its MATCH); on PostgreSQL later, for those passing every filter only.
        score = score2 = "0.0"
        if query.concepts:
            early = query.sort == "relevance" and (
                text_index().score_of(query.concepts, "m.doc_id") is None
            )
            sql, join_params = text_index().matches(query.concepts, with_score=early)
            joins = f"JOIN ({dialect.text_matches(sql)}) t ON t.doc_id = d.doc_id"
            if early:
                sql, params = text_index().scores(query.concepts)
                joins += f" LEFT JOIN ({dialect.text_matches(sql)}) s "
                joins += "ON s.doc_id = d.doc_id"
                join_params = [*join_params, *params]
                score, score2 = "COALESCE(s.score, 0.0)", "t.score"
        columns += [f"{score} AS score", f"{score2} AS score2"]
        # The place: a join on the nearest point of each document (within the
        # distance, if given: then it filters too).
        if query.near is not None and (
            query.within is not None or query.sort == "distance"
        ):
            sql, params = _distances(query)
            kind = "JOIN" if query.within is not None else "LEFT JOIN"
            joins += f" {kind} ({sql}) g ON g.doc_id = d.doc_id"
            join_params = [*join_params, *params]
            columns.append("g.distance AS distance")
        counted: list[tuple[str, str, list]] = []
        for facet, values in query.filters_except(None).items():
            sql, params = dialect.any_of([f"{facet}:{value}" for value in values])
            if facet in FACETS:
                counted.append((facet, sql, params))
                columns.append(f"{sql} AS f_{facet}")
                column_params += params
            else:
                where.append(sql)
                where_params += params
        if len(counted) >= 2:
            # At most one counted filter fails: written as an OR of ANDs so that
            # PostgreSQL can combine the GIN index's bitmaps.
            alternatives = []
            for skipped in range(len(counted)):
                kept = [c for i, c in enumerate(counted) if i != skipped]
                alternatives.append(" AND ".join(sql for _f, sql, _p in kept))
                where_params += [p for _f, _sql, params in kept for p in params]
            where.append("(" + " OR ".join(f"({a})" for a in alternatives) + ")")
        return _Candidates(
            sql=(
                f"m AS MATERIALIZED (SELECT {', '.join(columns)} "
                f"FROM {DOCUMENTS} d {joins} "
                f"WHERE {' AND '.join(where) or '1 = 1'})"
            ),
            params=[*column_params, *join_params, *where_params],
            counted=[facet for facet, _sql, _params in counted],
        )

    def _statement(self, query: SearchQuery) -> tuple[str, list]:
        """The one statement of a search: rows (kind, value, number) where kind 0
        is the total, 1 a hit (value: its id, number: its rank on the page) and 2
        a facet value's count (value: ``facet:value``)."""
        dialect = _Dialect(self._connection.vendor)
        m = self._candidates(query)
        if query.sort == "distance" and query.near is not None:
            order = ["distance ASC NULLS LAST"]
        elif query.sort == "relevance" and query.concepts:
            order = ["score DESC", "score2 DESC"]
        else:
            order = []
        order = ", ".join([*order, "published DESC NULLS LAST", "doc_id DESC"])
        keys = ["doc_id", "score", "score2", "published"]
        if "distance" in order:
            keys.append("distance")
        score_params: list = []
        late = (
            text_index().score_of(query.concepts, "m.doc_id")
            if query.sort == "relevance" and query.concepts
            else None
        )
        if late is not None:
            late2 = text_index().score_of(query.concepts, "m.doc_id", ranking=False)
            keys[1:3] = [f"{late[0]} AS score", f"{late2[0]} AS score2"]
            score_params = [*late[1], *late2[1]]
        keys = ", ".join(keys)
        if m.counted:
            cases = " ".join(
                f"WHEN substr(f.value, 1, {len(facet) + 1}) = '{facet}:' "
                f"THEN ({m.passing(facet)})"
                for facet in m.counted
            )
            facet_count = (
                f"COUNT(*) FILTER (WHERE CASE {cases} ELSE ({m.passing()}) END)"
            )
        else:
            facet_count = "COUNT(*)"
        sql = (
            f"WITH {m.sql} "
            f"SELECT 0, NULL, COUNT(*) FROM m WHERE {m.passing()} "
            "UNION ALL "
            f"SELECT 1, CAST(h.doc_id AS TEXT), ROW_NUMBER() OVER (ORDER BY {order}) "
            f"FROM (SELECT {keys} FROM m WHERE {m.passing()} "
            f"ORDER BY {order} LIMIT %s OFFSET %s) h "
            "UNION ALL "
            f"SELECT 2, f.value, {facet_count} FROM m, {dialect.values_of('m')} "
            "GROUP BY f.value"
        )
        return sql, [*m.params, *score_params, query.page_size, query.offset]

    def matching_ids(self, query: SearchQuery) -> tuple[str, list]:
        """SQL of the ids of every document matching ``query``, newest first (the
        map: search/map_data.py)."""
        m = self._candidates(query)
        return (
            f"WITH {m.sql} SELECT doc_id FROM m WHERE {m.passing()} "
            "ORDER BY published DESC NULLS LAST, doc_id DESC",
            m.params,
        )

    def search(self, query: SearchQuery) -> SearchResults:
        results = self._search(query)
        if results.count == 0 and query.concepts:
            tolerant = self._with_typos(query)
            if tolerant is not None:
                results = self._search(tolerant)
        return results

    def _matches_anything(self, concept) -> bool:
        sql, params = text_index().matches([concept])
        with self._connection.cursor() as cursor:
            cursor.execute(f"SELECT 1 FROM ({sql}) found LIMIT 1", params)
            return cursor.fetchone() is not None

    def _with_typos(self, query: SearchQuery) -> SearchQuery | None:
        """The query with the terms close to each single word that matches
        nothing added as its alternatives (search/typos.py), or None."""
        words = typos.single_words(query)
        suspects = typos.suspects(
            words, lambda index: self._matches_anything(query.concepts[index])
        )
        forms = {index: query.concepts[index][0][0] for index in suspects}
        lengths = [len(term) for word in forms.values() for term in word]
        if not lengths:
            return None
        with self._connection.cursor() as cursor:
            vocabulary = text_index().vocabulary(
                cursor, min(lengths) - 2, max(lengths) + 2
            )
        concepts = list(query.concepts)
        changed = False
        for index, word in forms.items():
            close = set(word).union(
                *(typos.close_terms(term, vocabulary) for term in word)
            )
            if close != set(word):
                concepts[index] = ((frozenset(close),),)
                changed = True
        return replace(query, concepts=tuple(concepts)) if changed else None

    @contextmanager
    def _words_through_the_index(self, query: SearchQuery):
        """On PostgreSQL, match words through the GIN index, never by reading
        every document's vector: the planner does not count the cost of reading
        a vector (each several kilobytes, stored apart and compressed), so for a
        common word it chose a scan of all of them (0.4 s at 100,000 projects,
        against 8 ms through the index; docs/performance.md). ``SET LOCAL``
        lasts until the end of the transaction, so it is set back at once."""
        if not query.concepts or self._connection.vendor != "postgresql":
            yield
            return
        with transaction.atomic(using=SearchDocument.objects.db):
            with self._connection.cursor() as cursor:
                cursor.execute("SET LOCAL enable_seqscan = off")
            yield  # on an error, the transaction's rollback undoes the setting
            with self._connection.cursor() as cursor:
                cursor.execute("SET LOCAL enable_seqscan = on")

    def _search(self, query: SearchQuery) -> SearchResults:
        sql, params = self._statement(query)
        count = 0
        ranked: list[tuple[int, int]] = []
        counts: dict[str, dict[str, int]] = {facet: {} for facet in FACETS}
        with self._words_through_the_index(query), self._connection.cursor() as cursor:
            cursor.execute(sql, params)
            for kind, value, number in cursor.fetchall():
                if kind == 0:
                    count = number
                elif kind == 1:
                    ranked.append((number, int(value)))
                else:
                    facet, _, facet_value = value.partition(":")
                    if facet in counts and number:
                        counts[facet][facet_value] = number
        ids = [doc_id for _rank, doc_id in sorted(ranked)]
        rows = SearchDocumentData.objects.only("data", "display").in_bulk(ids)
        hits = [
            hit_from(rows[doc_id].data, rows[doc_id].display, query)
            for doc_id in ids
            if doc_id in rows
        ]
        return SearchResults(
            count=count,
            page=query.page,
            page_size=query.page_size,
            hits=hits,
            facets=build_facets(counts, query),
            backend=self.name,
        )

    # Similar projects ---------------------------------------------------------

    def similar(self, page_id: int, limit: int, language: str = "") -> list[Hit]:
        """Projects sharing the most weighted facet values (SIMILAR_WEIGHTS) with
        the page's project; among equals, those written in the page's language,
        then the newest. Words are not compared (the approximation of
        more-like-this). Three queries: the project, the scores, the winners."""
        from wagtail.models import Page

        if limit <= 0:
            return []
        key = Page.objects.filter(pk=page_id).values_list("translation_key", flat=True)
        me = (
            SearchDocument.objects.filter(key__in=[str(k) for k in key])
            .only("doc_id", "language", "facets")
            .first()
        )
        if me is None:
            return []
        language = language or me.language
        own = [
            value for value in me.facets if value.partition(":")[0] in SIMILAR_WEIGHTS
        ]
        if not own:
            return []
        dialect = _Dialect(self._connection.vendor)
        weight = " ".join(
            f"WHEN substr(f.value, 1, {len(facet) + 1}) = '{facet}:' THEN {points}"
            for facet, points in SIMILAR_WEIGHTS.items()
        )
        shares, share_params = dialect.any_of(own)
        marks = ", ".join(["%s"] * len(own))
        sql = (
            f"SELECT d.doc_id FROM {DOCUMENTS} d, {dialect.values_of('d')} "
            f"WHERE {shares} AND f.value IN ({marks}) AND d.doc_id <> %s "
            "GROUP BY d.doc_id, d.language, d.first_published_at "
            f"ORDER BY SUM(CASE {weight} ELSE 0 END) DESC, "
            "CASE WHEN d.language = %s THEN 0 ELSE 1 END, "
            "d.first_published_at DESC NULLS LAST, d.doc_id DESC LIMIT %s"
        )
        with self._connection.cursor() as cursor:
            cursor.execute(sql, [*share_params, *own, me.doc_id, language, limit])
            ids = [row[0] for row in cursor.fetchall()]
        rows = SearchDocumentData.objects.only("data").in_bulk(ids)
        shown = SearchQuery(lang=language)
        return [hit_from(rows[i].data, {}, shown) for i in ids if i in rows]
