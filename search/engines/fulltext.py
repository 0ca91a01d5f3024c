"""The database engine's full-text index: SQLite FTS5 or PostgreSQL full text.

Both store the *terms* of search/analysis.py (folded, stemmed, decision 0010), never
raw text, so the database's own analysis has nothing left to change: FTS5 uses the
``unicode61`` tokenizer without diacritic removal, PostgreSQL the ``simple``
configuration (lower-case, no stemming, no stop words). A query is an AND of
words, each an OR of its alternatives: ``("a" OR "b") AND "c"`` in FTS5,
``('a' | 'b') & 'c'`` in PostgreSQL. Relevance weighs title above summary above
body: FTS5's ``bm25()`` with column weights 4/2/1, PostgreSQL's ``ts_rank()`` over
weights A (title), B (summary) and D (body).

The table is ``observatory_search_text`` (migration 0003), one row per document,
keyed by the page id: an FTS5 virtual table on SQLite, a table with a GIN-indexed
``tsvector`` on PostgreSQL.
"""

from collections.abc import Iterable, Sequence

from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from ..documents import ProjectDocument

# SQL below is built from these constants and placeholders only (ruff S608 is
# silenced for that reason): values always travel as parameters.
TABLE = "observatory_search_text"
FTS_WEIGHTS = (4.0, 2.0, 1.0)  # title, summary, body (FTS5 bm25 column weights)


def _text(terms: Sequence[str]) -> str:
    return " ".join(terms)


class SQLiteText:
    """FTS5: ``rowid`` is the page id."""

    def insert(self, cursor, docs: Sequence[ProjectDocument]) -> None:
        cursor.executemany(
            f"INSERT INTO {TABLE} (rowid, title, summary, body) "
            "VALUES (%s, %s, %s, %s)",
            [
                (
                    doc.id,
                    _text(doc.title_terms),
                    _text(doc.summary_terms),
                    _text(doc.body_terms),
                )
                for doc in docs
            ],
        )

    def delete(self, cursor, ids: Sequence[int]) -> None:
        marks = ", ".join(["%s"] * len(ids))
        cursor.execute(f"DELETE FROM {TABLE} WHERE rowid IN ({marks})", list(ids))

    def clear(self, cursor) -> None:
        cursor.execute(f"DELETE FROM {TABLE}")

    @staticmethod
    def expression(terms: Iterable[frozenset[str]]) -> str:
        return " AND ".join(
            "("
            + " OR ".join(
                '"' + term.replace('"', '""') + '"' for term in sorted(alternatives)
            )
            + ")"
            for alternatives in terms
        )

    def matching(self, terms) -> tuple[str, list]:
        """SQL of the page ids whose text matches every word."""
        return (
            f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s",
            [self.expression(terms)],
        )

    def score(self, terms, page_column: str) -> tuple[str, list]:
        """SQL of a document's relevance (higher is better), correlated on the
        outer query's page id column."""
        weights = ", ".join(str(w) for w in FTS_WEIGHTS)
        return (
            f"(SELECT -bm25({TABLE}, {weights}) FROM {TABLE} "
            f"WHERE {TABLE} MATCH %s AND rowid = {page_column})",
            [self.expression(terms)],
        )


class PostgresText:
    """A ``tsvector`` per page, weighted A/B/D, with a GIN index."""

    VECTOR = (
        "setweight(to_tsvector('simple', %s), 'A') || "
        "setweight(to_tsvector('simple', %s), 'B') || "
        "setweight(to_tsvector('simple', %s), 'D')"
    )

    def insert(self, cursor, docs: Sequence[ProjectDocument]) -> None:
        cursor.executemany(
            f"INSERT INTO {TABLE} (page_id, vector) VALUES (%s, {self.VECTOR})",
            [
                (
                    doc.id,
                    _text(doc.title_terms),
                    _text(doc.summary_terms),
                    _text(doc.body_terms),
                )
                for doc in docs
            ],
        )

    def delete(self, cursor, ids: Sequence[int]) -> None:
        cursor.execute(f"DELETE FROM {TABLE} WHERE page_id = ANY(%s)", [list(ids)])

    def clear(self, cursor) -> None:
        # DELETE, not TRUNCATE: readers keep seeing the old rows until the rebuild
        # commits instead of waiting for a lock.
        cursor.execute(f"DELETE FROM {TABLE}")

    @staticmethod
    def expression(terms: Iterable[frozenset[str]]) -> str:
        return " & ".join(
            "("
            + " | ".join(
                "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"
                for term in sorted(alternatives)
            )
            + ")"
            for alternatives in terms
        )

    def matching(self, terms) -> tuple[str, list]:
        return (
            f"SELECT page_id FROM {TABLE} WHERE vector @@ to_tsquery('simple', %s)",
            [self.expression(terms)],
        )

    def score(self, terms, page_column: str) -> tuple[str, list]:
        return (
            f"(SELECT ts_rank(vector, to_tsquery('simple', %s)) FROM {TABLE} "
            f"WHERE page_id = {page_column})",
            [self.expression(terms)],
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
