"""The Elasticsearch engine: the same documents, terms and facets as the database
engine, answered by one request per search.

Text is analysed in Python (search/analysis.py, decision 0010): the index holds the
shared analysis' terms in ``whitespace``-analysed fields, so both engines match the
same words. Facet counts are disjunctive in one request: every filter is in the
query, so facets nobody filters on are counted over the hits; a facet with values
ticked is counted in a ``global`` aggregation wrapping a ``filter`` with the words,
the place and every facet filter but its own. (A first version put the facet
filters in ``post_filter`` and wrapped all seven aggregations in filters over the
unfiltered matches: at 100,000 project files that cost twice as much.)

The index is ``<prefix>-<timestamp>`` behind the alias ``<prefix>``: ``rebuild``
fills a new index, swaps the alias in one atomic call (searches keep answering from
the old one meanwhile) and then drops the old index.

Every failure (connection refused, timeout, an error answer) is raised as
``EngineUnavailable``, so the service falls back to the database engine. A node
that cannot be reached (refused, timed out, overloaded) opens the process' circuit
breaker (search/engines/breaker.py): it is then left alone for a few seconds and
probed now and then, instead of being tried, and logged, on every request.
"""

import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import lru_cache

from elastic_transport import SerializationError, TransportError
from elasticsearch import ApiError, Elasticsearch, helpers
from elasticsearch.helpers import BulkIndexError, ScanError

from .. import typos
from ..documents import FACETS, FILTER_ONLY, ProjectDocument
from ..facets import OPEN_FACET_LIMIT, VOCABULARIES
from ..query import MAX_PAGE, SearchQuery, country_codes
from ..thesaurus import Concept
from .base import EngineUnavailable, Hit, SearchResults, hit_from
from .breaker import CircuitBreaker, breaker_for
from .fulltext import FTS_WEIGHTS, document_texts

# The original text above its translations; titles and keywords (tags,
# technologies, entities) above summaries above bodies: the database engine's
# weights (search/engines/fulltext.py).
FIELD_BOOSTS = FTS_WEIGHTS
# Bump when the mapping changes: an index of another schema must be rebuilt.
SCHEMA = 3
SCHEMA_CHECK_SECONDS = 60
_SCHEMA_CHECKED: dict[tuple[str, str], float] = {}
ALL_TERMS = "all_terms"
CHUNK = 500
# Deepest page the form allows (MAX_PAGE pages of at most 100 hits).
MAX_RESULT_WINDOW = MAX_PAGE * 100

MAPPING = {
    "dynamic": "strict",
    "_meta": {"schema": SCHEMA},
    "properties": {
        "id": {"type": "long"},
        "key": {"type": "keyword"},
        "language": {"type": "keyword"},
        **{
            f"{name}_terms": {
                "type": "text",
                "analyzer": "whitespace",
                "copy_to": ALL_TERMS,
            }
            for name in FIELD_BOOSTS
        },
        # Every term of every field, to *match* on without scoring (filters and
        # the facets' global aggregation): one field, no norms, no frequencies.
        ALL_TERMS: {
            "type": "text",
            "analyzer": "whitespace",
            "norms": False,
            "index_options": "docs",
        },
        # The pages' texts, for highlighting with search/highlight.py: not indexed.
        "display": {"type": "object", "enabled": False},
        # The map marker in each language (search/map_data.py): not indexed.
        "markers": {"type": "object", "enabled": False},
        **{
            facet: {"type": "keyword", "eager_global_ordinals": True}
            for facet in FACETS
        },
        **{name: {"type": "keyword"} for name in FILTER_ONLY},
        "locations": {"type": "geo_point"},
        "first_published_at": {"type": "date"},
        "version": {"type": "keyword"},
        "data": {"type": "object", "enabled": False},
    },
}


@lru_cache(maxsize=8)
def _client(url: str, timeout: float) -> Elasticsearch:
    """One client (and connection pool) per URL and timeout, shared by the engines
    the registry creates for every request. No retries: a slow or dead node must
    fall back to the database at once, not after several timeouts."""
    return Elasticsearch(
        url, request_timeout=timeout, max_retries=0, retry_on_timeout=False
    )


# Answers that mean "the node cannot serve now", like no answer at all.
OUTAGE_STATUSES = frozenset({429, 502, 503, 504})


def _is_outage(error: Exception) -> bool:
    if isinstance(error, ApiError):
        return error.meta.status in OUTAGE_STATUSES
    return not isinstance(error, SerializationError)


@contextmanager
def _unavailable(action: str, breaker: CircuitBreaker | None = None) -> Iterator[None]:
    """Errors become ``EngineUnavailable``; with a breaker, an open circuit fails
    at once (the node is not asked), an outage opens it and any answer closes it."""
    if breaker is not None and not breaker.allow():
        raise EngineUnavailable(
            f"Elasticsearch: {action} skipped, the node is unreachable", reported=True
        )
    try:
        yield
    except (ApiError, TransportError) as error:
        reported = False
        if breaker is not None:
            if _is_outage(error):
                breaker.failed(error)
                reported = True
            else:
                breaker.succeeded()
        raise EngineUnavailable(
            f"Elasticsearch: {action} failed: {error}", reported=reported
        ) from error
    except (BulkIndexError, ScanError, EngineUnavailable) as error:
        # The node answered (some documents failed; an index of another schema).
        if breaker is not None:
            breaker.succeeded()
        if isinstance(error, EngineUnavailable):
            raise
        raise EngineUnavailable(f"Elasticsearch: {action} failed: {error}") from error
    except BaseException:
        if breaker is not None:
            breaker.released()
        raise
    else:
        if breaker is not None:
            breaker.succeeded()


def _source(doc: ProjectDocument) -> dict:
    texts = document_texts(doc)
    return {
        "id": doc.id,
        "key": doc.key,
        "language": doc.language,
        **{f"{name}_terms": texts[name] for name in FIELD_BOOSTS},
        "display": doc.display(),
        "markers": doc.markers(),
        **{
            facet: list(dict.fromkeys(values))
            for facet, values in doc.facet_values().items()
        },
        "locations": [
            {"lat": lat, "lon": lon} for lat, lon in dict.fromkeys(doc.points())
        ],
        "first_published_at": (
            doc.first_published_at.isoformat() if doc.first_published_at else None
        ),
        "version": doc.version,
        "data": doc.hit_data(),
    }


def _word_clause(alternatives: frozenset[str], fuzzy: bool = False) -> dict:
    """A word matches when any of its alternatives is in any text field; the
    fields weigh as FIELD_BOOSTS (BM25 within each field)."""
    text = " ".join(sorted(alternatives))
    should = []
    for name, boost in FIELD_BOOSTS.items():
        match = {"query": text, "boost": boost}
        if fuzzy:
            match["fuzziness"] = typos.ES_FUZZINESS
        should.append({"match": {f"{name}_terms": match}})
    return {"bool": {"should": should, "minimum_should_match": 1}}


# A match through the thesaurus counts for this much of one on the words as typed.
SYNONYM_BOOST = 0.5


def _concept_clause(concept: Concept, fuzzy: bool = False) -> dict:
    """Any of the concept's phrases, each with all its words. The best phrase
    scores (``dis_max``), not their sum: a set of many terms must not outweigh
    the words typed, which come first and count in full (as the database engine
    ranks on them, search/engines/fulltext.ranking_concepts)."""
    phrases = []
    for number, phrase in enumerate(concept):
        clauses = [_word_clause(word, fuzzy) for word in phrase]
        if number == 0:
            phrases.append(
                clauses[0] if len(clauses) == 1 else {"bool": {"must": clauses}}
            )
        else:
            phrases.append({"bool": {"must": clauses, "boost": SYNONYM_BOOST}})
    if len(phrases) == 1:
        return phrases[0]
    return {"dis_max": {"queries": phrases}}


def _concept_filter(concept: Concept, fuzzy: bool = False) -> dict:
    """The concept as a filter (no score): term lookups on ``all_terms``, which
    Elasticsearch caches; a fuzzy word is a ``match`` with fuzziness."""

    def word(terms: frozenset[str]) -> dict:
        if fuzzy:
            return {
                "match": {
                    ALL_TERMS: {
                        "query": " ".join(sorted(terms)),
                        "fuzziness": typos.ES_FUZZINESS,
                    }
                }
            }
        return {"terms": {ALL_TERMS: sorted(terms)}}

    phrases = [
        word(p[0]) if len(p) == 1 else {"bool": {"filter": [word(w) for w in p]}}
        for p in concept
    ]
    if len(phrases) == 1:
        return phrases[0]
    return {"bool": {"should": phrases, "minimum_should_match": 1}}


def _facet_filters(query: SearchQuery, except_facet: str | None) -> list[dict]:
    return [
        {"terms": {facet: list(values)}}
        for facet, values in query.filters_except(except_facet).items()
    ]


FILTERED = "_filtered_facets"  # the global aggregation of the ticked facets


def _lists_every_value(facet: str) -> bool:
    """Whether the facet's terms aggregation returns every value it may have."""
    return facet in VOCABULARIES or facet == "country"


def _facet_size(facet: str) -> int:
    if facet in VOCABULARIES:
        return len(VOCABULARIES[facet].values)
    if facet == "country":
        return len(country_codes())
    return OPEN_FACET_LIMIT


class ElasticsearchEngine:
    name = "elasticsearch"

    def __init__(
        self,
        url: str,
        index: str = "observatory-projects",
        timeout: float = 2.0,
        bulk_timeout: float = 60.0,
        write_timeout: float = 10.0,
        retry_after: float = 5.0,
        retry_max: float = 10.0,
    ):
        self.url = url
        self.alias = index
        self.timeout = timeout
        self.bulk_timeout = bulk_timeout
        self.write_timeout = write_timeout
        self.retry_after = retry_after
        self.retry_max = retry_max

    @property
    def client(self) -> Elasticsearch:
        return _client(self.url, self.timeout)

    @property
    def breaker(self) -> CircuitBreaker:
        """The process' breaker for this node (outlives the engine object)."""
        return breaker_for(
            self.name, self.url, self.retry_after, self.retry_max, "Elasticsearch"
        )

    @property
    def _bulk_client(self) -> Elasticsearch:
        """Rebuilds and full scans: long requests on purpose."""
        return self.client.options(request_timeout=self.bulk_timeout)

    @property
    def _write_client(self) -> Elasticsearch:
        """A publish's few documents: a hung node must not hold the editor (or
        the worker) for a rebuild's timeout."""
        return self.client.options(request_timeout=self.write_timeout)

    # Index management ------------------------------------------------------------

    def _create_index(self) -> str:
        name = f"{self.alias}-{datetime.now(UTC):%Y%m%d%H%M%S%f}"
        self._bulk_client.indices.create(
            index=name,
            settings={
                "number_of_shards": 1,
                "number_of_replicas": 0,
                "max_result_window": MAX_RESULT_WINDOW,
            },
            mappings=MAPPING,
        )
        return name

    def _current_indices(self) -> list[str]:
        """The concrete indices behind the alias (normally one)."""
        try:
            return sorted(self.client.indices.get_alias(name=self.alias))
        except ApiError as error:
            if error.meta.status == 404:
                return []
            raise

    def _check_schema(self) -> None:
        """An index made by an earlier version (another mapping) cannot answer
        right: searches and writes fail over to the database engine until
        ``search_index rebuild`` makes a new one. Asked of the node once a minute
        per process, not per search."""
        checked = _SCHEMA_CHECKED.get((self.url, self.alias))
        if checked and time.monotonic() - checked < SCHEMA_CHECK_SECONDS:
            return
        mappings = self.client.indices.get_mapping(index=self.alias).body
        found = {
            mapping["mappings"].get("_meta", {}).get("schema")
            for mapping in mappings.values()
        }
        if found != {SCHEMA}:
            raise EngineUnavailable(
                f"Elasticsearch: the index {self.alias} has schema {found}, this "
                f"version needs {SCHEMA}: run manage.py search_index rebuild"
            )
        _SCHEMA_CHECKED[(self.url, self.alias)] = time.monotonic()

    def _ensure_index(self) -> None:
        """Incremental writes before any rebuild create the index, so the alias is
        never auto-created as a concrete index with a guessed mapping."""
        if self._current_indices():
            self._check_schema()
            return
        name = self._create_index()
        self.client.indices.update_aliases(
            actions=[{"add": {"index": name, "alias": self.alias}}]
        )

    def _bulk(self, actions: Iterable[dict], index: str, refresh, client=None) -> int:
        ok, errors = helpers.bulk(
            client or self._bulk_client,
            actions,
            index=index,
            chunk_size=CHUNK,
            refresh=refresh,
            raise_on_error=False,
            stats_only=False,
        )
        errors = [e for e in errors if next(iter(e.values())).get("status") != 404]
        if errors:
            raise BulkIndexError(f"{len(errors)} document(s) failed", errors)
        return ok

    # Interface -------------------------------------------------------------------

    def is_available(self) -> bool:
        try:
            with _unavailable("health", self.breaker):
                health = self.client.cluster.health()
        except EngineUnavailable:
            return False
        return health.get("status") in ("green", "yellow")

    def index_documents(self, docs: Iterable[ProjectDocument]) -> int:
        docs = list(docs)
        if not docs:
            return 0
        with _unavailable("indexing", self.breaker):
            self._ensure_index()
            actions = ({"_id": doc.key, "_source": _source(doc)} for doc in docs)
            # refresh=True: the change is searchable when this returns (editors'
            # writes are rare; a search right after must see them).
            self._bulk(actions, self.alias, refresh=True, client=self._write_client)
        return len(docs)

    def delete_documents(self, keys: Iterable[str]) -> None:
        keys = list(keys)
        if not keys:
            return
        with _unavailable("deleting", self.breaker):
            if not self._current_indices():
                return
            actions = ({"_op_type": "delete", "_id": key} for key in keys)
            self._bulk(actions, self.alias, refresh=True, client=self._write_client)

    def rebuild(self, docs: Iterable[ProjectDocument]) -> int:
        with _unavailable("rebuilding", self.breaker):
            old = self._current_indices()
            new = self._create_index()
            try:
                count = 0

                def actions():
                    nonlocal count
                    for doc in docs:
                        count += 1
                        yield {"_id": doc.key, "_source": _source(doc)}

                # No refresh while filling (the index is not searched yet): one
                # refresh at the end instead of one per bulk chunk.
                self._bulk_client.indices.put_settings(
                    index=new, settings={"index": {"refresh_interval": "-1"}}
                )
                self._bulk(actions(), new, refresh=False)
                self._bulk_client.indices.put_settings(
                    index=new, settings={"index": {"refresh_interval": None}}
                )
                self._bulk_client.indices.refresh(index=new)
                swap = [
                    {"remove": {"index": name, "alias": self.alias}} for name in old
                ]
                if not old and self.client.indices.exists(index=self.alias):
                    # A concrete index squatting the alias' name (auto-created).
                    swap.append({"remove_index": {"index": self.alias}})
                swap.append({"add": {"index": new, "alias": self.alias}})
                self.client.indices.update_aliases(actions=swap)
            except BaseException:
                self.client.indices.delete(index=new, ignore_unavailable=True)
                raise
            if old:
                self._bulk_client.indices.delete(
                    index=",".join(old), ignore_unavailable=True
                )
        return count

    def indexed_keys_with_versions(self) -> dict[str, str]:
        with _unavailable("listing documents", self.breaker):
            if not self._current_indices():
                return {}
            return {
                hit["_id"]: hit["_source"].get("version", "")
                for hit in helpers.scan(
                    self._bulk_client,
                    index=self.alias,
                    query={"query": {"match_all": {}}, "_source": ["version"]},
                    size=1000,
                )
            }

    # Searching -------------------------------------------------------------------

    def _body(self, query: SearchQuery, fuzzy_words: frozenset[int]) -> dict:
        # Matching is a filter on all_terms (cheap, cached); the fields' scores
        # are computed only when the hits are ordered by relevance.
        matching = [
            _concept_filter(concept, fuzzy=index in fuzzy_words)
            for index, concept in enumerate(query.concepts)
        ]
        must = []
        if query.sort == "relevance":
            must = [
                _concept_clause(concept, fuzzy=index in fuzzy_words)
                for index, concept in enumerate(query.concepts)
            ]
        geo = []
        if query.near is not None and query.within is not None:
            lat, lon = query.near
            geo.append(
                {
                    "geo_distance": {
                        "distance": f"{query.within}km",
                        "distance_type": "arc",
                        "locations": {"lat": lat, "lon": lon},
                    }
                }
            )
        newest = [
            {"first_published_at": {"order": "desc", "missing": "_last"}},
            {"id": {"order": "desc"}},
        ]
        distance = None
        if query.near is not None and query.sort == "distance":
            lat, lon = query.near
            distance = {
                "_geo_distance": {
                    "locations": {"lat": lat, "lon": lon},
                    "order": "asc",
                    "unit": "km",
                    "mode": "min",
                    "distance_type": "arc",
                    "ignore_unmapped": True,
                }
            }
        if query.sort == "distance" and distance:
            sort = [distance, *newest]
        elif must:
            sort = ["_score", *newest]
        else:
            sort = list(newest)
        # Disjunctive counts in the same request. The hits' query holds every
        # filter, so a facet nobody filters on is counted over the hits alone (a
        # plain terms aggregation over few documents). The facets with values
        # ticked are counted without their own filter: one global aggregation
        # applies the words and the place once, and under it each such facet
        # re-applies only the *other* facets' filters (cached term filters).
        aggs: dict = {}
        filtered: dict = {}
        active = query.filters_except(None)
        for facet in FACETS:
            inner = {"values": {"terms": {"field": facet, "size": _facet_size(facet)}}}
            selected = list(getattr(query, facet))
            if selected and not _lists_every_value(facet):
                # An open facet lists its largest values only: ticked ones are
                # counted apart so that they always show.
                inner["selected"] = {
                    "terms": {
                        "field": facet,
                        "size": len(selected),
                        "include": selected,
                    }
                }
            if facet not in active:
                aggs[facet] = {"filter": {"match_all": {}}, "aggs": inner}
                continue
            others = _facet_filters(query, except_facet=facet)
            filtered[facet] = {
                "filter": {"bool": {"filter": others}} if others else {"match_all": {}},
                "aggs": inner,
            }
        if filtered:
            aggs[FILTERED] = {
                "global": {},
                "aggs": {
                    "matching": {
                        "filter": {"bool": {"filter": matching + geo}},
                        "aggs": filtered,
                    }
                },
            }
        body = {
            "query": {
                "bool": {
                    "must": must,
                    "filter": matching + geo + _facet_filters(query, except_facet=None),
                }
            },
            "sort": sort,
            "from": query.offset,
            "size": query.page_size,
            "track_total_hits": True,
            "_source": ["data", "display"],
            "aggs": aggs,
        }
        return body

    def _request(self, query: SearchQuery, fuzzy_words: frozenset[int]) -> dict:
        with _unavailable("search", self.breaker):
            self._check_schema()
            return self.client.search(
                index=self.alias, **self._body(query, fuzzy_words)
            ).body

    def typo_candidates(self, query: SearchQuery) -> frozenset[int]:
        """The concepts to match with typo tolerance (search/typos.py), once a
        search found nothing: one request tells which single words match no
        document at all (a count per word, stopping at the first found)."""
        single = typos.single_words(query)
        if not single:
            return frozenset()
        searches = []
        for index in single:
            searches += [
                {"index": self.alias},
                {
                    "size": 0,
                    "terminate_after": 1,
                    "track_total_hits": 1,
                    "query": {
                        "bool": {"filter": [_concept_filter(query.concepts[index])]}
                    },
                },
            ]
        with _unavailable("search", self.breaker):
            responses = self.client.msearch(searches=searches).body["responses"]
        if any("error" in response for response in responses):
            raise EngineUnavailable(f"Elasticsearch: word check failed: {responses}")
        found = {
            index: bool(response["hits"]["total"]["value"])
            for index, response in zip(single, responses, strict=True)
        }
        return frozenset(typos.suspects(single, found.__getitem__))

    def search(self, query: SearchQuery) -> SearchResults:
        """One request answers a page; only when it finds nothing, one request
        tells which words may be typos and one more searches again with typo
        tolerance on those words only."""
        response = self._request(query, frozenset())
        total = response["hits"]["total"]["value"]
        if total == 0 and query.concepts:
            fuzzy = self.typo_candidates(query)
            if fuzzy:
                response = self._request(query, fuzzy)
                total = response["hits"]["total"]["value"]
        return self._results(query, response, total)

    def _results(self, query: SearchQuery, response: dict, total: int):
        from ..facets import build_facets

        hits = [
            hit_from(hit["_source"]["data"], hit["_source"]["display"], query)
            for hit in response["hits"]["hits"]
        ]
        counts: dict[str, dict[str, int]] = {}
        aggregations = response["aggregations"]
        filtered = aggregations.get(FILTERED, {}).get("matching", {})
        for facet in FACETS:
            facet_counts: dict[str, int] = {}
            result = aggregations.get(facet) or filtered[facet]
            for name in ("values", "selected"):
                for bucket in result.get(name, {}).get("buckets", []):
                    facet_counts[bucket["key"]] = bucket["doc_count"]
            counts[facet] = facet_counts
        return SearchResults(
            count=total,
            page=query.page,
            page_size=query.page_size,
            hits=hits,
            facets=build_facets(counts, query),
            backend=self.name,
        )

    # Similar projects ------------------------------------------------------------

    def similar(self, page_id: int, limit: int, language: str = "") -> list[Hit]:
        """One request: more-like-this on the page's project's indexed document
        (its terms and its facet values, read by the server), never that project;
        a project that is not indexed likes nothing, so it gets []."""
        from wagtail.models import Page

        if limit <= 0:
            return []
        page = (
            Page.objects.filter(pk=page_id)
            .values_list("translation_key", "locale__language_code")
            .first()
        )
        if page is None:
            return []
        key, page_language = page
        with _unavailable("similar projects", self.breaker):
            response = self.client.search(
                index=self.alias, **_similar_body(self.alias, str(key), limit)
            ).body
        shown = SearchQuery(lang=language or page_language)
        return [
            hit_from(hit["_source"]["data"], {}, shown)
            for hit in response["hits"]["hits"]
        ]


# Similar projects. Additive (bool ``should``): the words of title, summary and
# body, and each shared facet value weighted by the facet's boost and its rarity
# (idf). Multiplicative (``function_score``): the same size band and a shared area,
# so that they reorder projects of one theme whatever the scale of the text scores
# (long texts score in the hundreds, short ones in units).
SIMILAR_FACET_BOOSTS = {"area": 3.0, "technology": 2.0, "tag": 2.0, "type": 1.0}
SIMILAR_FACTORS = {"size": 1.5, "area": 1.25}


def _similar_body(alias: str, key: str, limit: int) -> dict:
    """``more_like_this`` clauses that ``like`` the indexed document
    (``_index``/``_id``: the server reads it, no round trip of ours).

    Text: our analysed terms, with thresholds for short documents: a term counts
    once it occurs once (``min_term_freq`` 1) and if at least one other document
    has it (``min_doc_freq`` 2: a word of this page only cannot find anything and
    would push shared words out of the 25 query terms). Facets: one clause each, so
    every shared area (technology, tag, type) adds its own weight. Only documents
    sharing something match; the factors (terms lookups on the same document)
    multiply; ties go to the newest.
    """
    me = key
    like = [{"_index": alias, "_id": me}]

    def more_like_this(fields: list[str], boost: float, **options) -> dict:
        return {
            "more_like_this": {
                "fields": fields,
                "like": like,
                "min_term_freq": 1,
                "min_doc_freq": 2,
                "max_query_terms": 25,
                "boost": boost,
                **options,
            }
        }

    should = [
        # What editors wrote about the project; not its keywords (entity and
        # place names make "another project of the same council" look alike;
        # tags and technologies are the facet clauses below).
        more_like_this(
            ["title_terms", "summary_terms", "body_terms"],
            1.0,
            minimum_should_match="30%",
        ),
        *(
            more_like_this([facet], boost, minimum_should_match=1)
            for facet, boost in SIMILAR_FACET_BOOSTS.items()
        ),
    ]
    factors = [
        {
            "filter": {"terms": {field: {"index": alias, "id": me, "path": field}}},
            "weight": weight,
        }
        for field, weight in SIMILAR_FACTORS.items()
    ]
    return {
        "query": {
            "function_score": {
                "query": {
                    "bool": {
                        "should": should,
                        "minimum_should_match": 1,
                        "must_not": [{"ids": {"values": [me]}}],
                    }
                },
                "functions": factors,
                "score_mode": "multiply",
                "boost_mode": "multiply",
            }
        },
        "sort": [
            "_score",
            {"first_published_at": {"order": "desc", "missing": "_last"}},
            {"id": {"order": "desc"}},
        ],
        "size": limit,
        "_source": ["data"],
    }
