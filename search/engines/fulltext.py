"""The database engine's full-text index: SQLite FTS5 or PostgreSQL full text.

Both store the *terms* of search/analysis.py (folded, stemmed, decision 0010), never
raw text, so the database's own analysis has nothing left to change: FTS5 uses the
``unicode61`` tokenizer without diacritic removal, PostgreSQL the ``simple``
configuration (lower-case, no stemming, no stop words).

A query is a list of concepts (search/thesaurus.py), all required; a concept is a
list of alternative phrases; a phrase is a list of words, all required; a word is
a set of alternative terms: ``(("a" OR "b") AND "c") OR "d"`` in FTS5,
``(('a' | 'b') & 'c') | 'd'`` in PostgreSQL.

Relevance weighs what editors wrote (the original and the pages they translated)
above machine translations, and titles and keywords (tags, technologies, entities,
places) above summaries above bodies: FTS5's ``bm25()`` with a weight per column,
PostgreSQL's ``ts_rank()`` over its four weights (A: written titles and keywords;
B: written summaries, machine-translated titles and keywords; C: written bodies,
machine-translated summaries; D: machine-translated bodies).

The table is ``observatory_search_text`` (migration 0005), one row per project
keyed by the document's id: an FTS5 virtual table on SQLite, a table with a
GIN-indexed ``tsvector`` on PostgreSQL.
"""

from collections.abc import Iterable, Sequence

from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from ..documents import FIELDS, ProjectDocument
from ..thesaurus import Concept

# SQL below is built from these constants and placeholders only (ruff S608 is
# silenced for that reason): values always travel as parameters.
TABLE = "observatory_search_text"
VOCABULARY = "observatory_search_vocab"  # every term, for typo tolerance
# FTS5 columns in order, and their bm25 weights.
COLUMNS = (*FIELDS, *(f"{name}_tr" for name in FIELDS))
FTS_WEIGHTS = {
    "title": 4.0,
    "keywords": 3.0,
    "summary": 2.0,
    "body": 1.0,
    "title_tr": 2.0,
    "keywords_tr": 1.5,
    "summary_tr": 1.0,
    "body_tr": 0.5,
}
# PostgreSQL: the columns under each of ts_rank's weights.
PG_WEIGHTS = {
    "A": ("title", "keywords"),
    "B": ("summary", "title_tr", "keywords_tr"),
    "C": ("body", "summary_tr"),
    "D": ("body_tr",),
}


def document_texts(doc: ProjectDocument) -> dict[str, str]:
    """The terms of each text column (``COLUMNS``), as space-separated text."""
    texts = {name: " ".join(doc.terms(name)) for name in FIELDS}
    texts |= {f"{name}_tr": " ".join(doc.translated_terms(name)) for name in FIELDS}
    return texts


def as_concepts(words: Iterable[frozenset[str]]) -> tuple[Concept, ...]:
    """Plain query words as concepts (no thesaurus), e.g. for the forum."""
    return tuple(((word,),) for word in words)


def ranking_concepts(concepts: Iterable[Concept]) -> tuple[Concept, ...]:
    """What relevance is scored on: any word of each concept's first phrase (the
    words as typed, or as corrected for a typo), not the thesaurus' other terms.
    A document holding the words themselves (in any of its languages) ranks
    above one found through a synonym only, and a set of many long terms does
    not add up to outweigh them."""
    words = list(dict.fromkeys(word for concept in concepts for word in concept[0]))
    return (tuple((word,) for word in words),) if words else ()


def _boolean(concepts, quote, and_, or_) -> str:
    def word(terms):
        return "(" + f" {or_} ".join(quote(t) for t in sorted(terms)) + ")"

    def phrase(words):
        return "(" + f" {and_} ".join(word(w) for w in words) + ")"

    def concept(phrases):
        return "(" + f" {or_} ".join(phrase(p) for p in phrases) + ")"

    return f" {and_} ".join(concept(c) for c in concepts)


class SQLiteText:
    """FTS5: ``rowid`` is the document's id."""

    def insert(self, cursor, docs: Sequence[ProjectDocument]) -> None:
        names = ", ".join(COLUMNS)
        marks = ", ".join(["%s"] * (len(COLUMNS) + 1))
        rows = []
        for doc in docs:
            texts = document_texts(doc)
            rows.append((doc.id, *(texts[name] for name in COLUMNS)))
        cursor.executemany(
            f"INSERT INTO {TABLE} (rowid, {names}) VALUES ({marks})", rows
        )

    def delete(self, cursor, ids: Sequence[int]) -> None:
        marks = ", ".join(["%s"] * len(ids))
        cursor.execute(f"DELETE FROM {TABLE} WHERE rowid IN ({marks})", list(ids))

    def clear(self, cursor) -> None:
        cursor.execute(f"DELETE FROM {TABLE}")

    def vocabulary(self, cursor, shortest: int, longest: int) -> list[str]:
        """The index's terms of that many letters (FTS5 keeps them: fts5vocab)."""
        cursor.execute(
            f"SELECT term FROM {VOCABULARY} WHERE length(term) BETWEEN %s AND %s",
            [shortest, longest],
        )
        return [row[0] for row in cursor.fetchall()]

    @staticmethod
    def expression(concepts: Iterable[Concept]) -> str:
        return _boolean(
            concepts, lambda t: '"' + t.replace('"', '""') + '"', "AND", "OR"
        )

    def score_of(
        self, concepts, doc_column: str, ranking: bool = True
    ) -> tuple[str, list] | None:
        """FTS5 scores only inside its MATCH: ``scores`` and ``matches`` give
        them."""
        return None

    def scores(self, concepts) -> tuple[str, list]:
        """SQL of (doc_id, score) of the documents holding a word to rank on
        (``ranking_concepts``); the higher the score, the better."""
        weights = ", ".join(str(FTS_WEIGHTS[name]) for name in COLUMNS)
        return (
            f"SELECT rowid AS doc_id, -bm25({TABLE}, {weights}) AS score "
            f"FROM {TABLE} WHERE {TABLE} MATCH %s",
            [self.expression(ranking_concepts(concepts))],
        )

    def matches(self, concepts, with_score: bool = False) -> tuple[str, list]:
        """SQL of the doc_id (and score: the second ranking key, on every term
        of every concept) of the documents matching every concept."""
        weights = ", ".join(str(FTS_WEIGHTS[name]) for name in COLUMNS)
        score = f", -bm25({TABLE}, {weights}) AS score" if with_score else ""
        return (
            f"SELECT rowid AS doc_id{score} FROM {TABLE} WHERE {TABLE} MATCH %s",
            [self.expression(concepts)],
        )


class PostgresText:
    """A weighted ``tsvector`` per document, with a GIN index."""

    VECTOR = " || ".join(
        f"setweight(to_tsvector('simple', %s), '{weight}')" for weight in PG_WEIGHTS
    )

    def insert(self, cursor, docs: Sequence[ProjectDocument]) -> None:
        rows = []
        for doc in docs:
            texts = document_texts(doc)
            rows.append(
                (
                    doc.id,
                    *(
                        " ".join(texts[name] for name in names)
                        for names in PG_WEIGHTS.values()
                    ),
                )
            )
        cursor.executemany(
            f"INSERT INTO {TABLE} (doc_id, vector) VALUES (%s, {self.VECTOR})", rows
        )
        terms = sorted(
            {term for row in rows for text in row[1:] for term in text.split()}
        )
        if terms:
            # Terms of documents deleted later stay: a typo can only match them
            # to nothing, and a rebuild starts the vocabulary afresh.
            cursor.execute(
                f"INSERT INTO {VOCABULARY} (term) SELECT unnest(%s::text[]) "
                "ON CONFLICT DO NOTHING",
                [terms],
            )

    def delete(self, cursor, ids: Sequence[int]) -> None:
        cursor.execute(f"DELETE FROM {TABLE} WHERE doc_id = ANY(%s)", [list(ids)])

    def clear(self, cursor) -> None:
        # DELETE, not TRUNCATE: readers keep seeing the old rows until the rebuild
        # commits instead of waiting for a lock.
        cursor.execute(f"DELETE FROM {TABLE}")
        cursor.execute(f"DELETE FROM {VOCABULARY}")

    def vocabulary(self, cursor, shortest: int, longest: int) -> list[str]:
        cursor.execute(
            f"SELECT term FROM {VOCABULARY} WHERE length(term) BETWEEN %s AND %s",
            [shortest, longest],
        )
        return [row[0] for row in cursor.fetchall()]

    @staticmethod
    def expression(concepts: Iterable[Concept]) -> str:
        return _boolean(
            concepts,
            lambda t: "'" + t.replace("\\", "\\\\").replace("'", "''") + "'",
            "&",
            "|",
        )

    def score_of(
        self, concepts, doc_column: str, ranking: bool = True
    ) -> tuple[str, list] | None:
        """SQL of one document's score, correlated on ``doc_column``: computed
        for the documents that pass every filter only (ranking reads the whole
        vector; matching does not, through the GIN index). ``ranking``: on the
        words to rank on (``ranking_concepts``), else on every term."""
        expression = ranking_concepts(concepts) if ranking else concepts
        return (
            f"(SELECT ts_rank(s.vector, to_tsquery('simple', %s)) FROM {TABLE} s "
            f"WHERE s.doc_id = {doc_column})",
            [self.expression(expression)],
        )

    def matches(self, concepts, with_score: bool = False) -> tuple[str, list]:
        """The scores come later (``score_of``): ``with_score`` is ignored."""
        return (
            f"SELECT t.doc_id FROM {TABLE} t "
            "WHERE t.vector @@ to_tsquery('simple', %s)",
            [self.expression(concepts)],
        )


def text_index() -> SQLiteText | PostgresText:
    """The full-text index of the site's database."""
    if connection.vendor == "sqlite":
        return SQLiteText()
    if connection.vendor == "postgresql":
        return PostgresText()
    raise ImproperlyConfigured(
        f"The database search engine needs SQLite (FTS5) or PostgreSQL, not "
        f"{connection.vendor}."
    )
