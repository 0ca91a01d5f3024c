"""The forum's full-text index and its search, through the project search's
public interface (``search.analysis``, ``search.engines.fulltext``,
``search.highlight``).

Topics and replies are indexed as the *terms* of search/analysis.py (folded,
stemmed in ca/es/en), in the database's own full text exactly like the project
files (search/engines/fulltext.py): ``observatory_search_forum`` (the search
app's migration 0004) is an FTS5 table on SQLite and a GIN-indexed ``tsvector``
on PostgreSQL. So ``tràmit``, ``Tramit`` and ``tramits`` find each other, on both
databases.

Only what everyone may see is in the index: a visible topic of a listed category
and the visible replies of such a topic. The discussions of interest groups
(unlisted categories, docs/decisions/0025) are never indexed, whatever the
group's visibility, so a group turning private leaks nothing from here.
Signals keep it in step with every save, delete and moderation decision
(connected in community/signals.py); ``forum_rebuild()`` writes it again from
scratch (``search_index rebuild`` calls it: the community registers it with
``search.rebuilds`` when the app is ready).

A topic matches when its title or text, or any of its visible replies, matches
every word of the query. Results are topics, best first, with a highlighted
snippet of the text that matched (search/highlight.py).

Keys: a topic's row is ``2 * id``, a reply's ``2 * id + 1`` (one table, one
integer key: FTS5's rowid).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db import connection
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from search.analysis import analyze, analyze_query
from search.engines.fulltext import PostgresText, SQLiteText, as_concepts
from search.highlight import highlight
from search.query import SearchQuery

from .models import Post, Status, Topic

TABLE = "observatory_search_forum"
PAGE_SIZE = 20
MAX_QUERY_LENGTH = 200  # characters: more is not a question, it is a paste
MAX_QUERY_WORDS = 12
TITLE_WEIGHT, BODY_WEIGHT = 4.0, 1.0

# SQL below is built from the constants above and placeholders only (ruff S608 is
# silenced for that reason): values always travel as parameters. A literal ``%`` is
# written ``%%`` on both databases: Django formats the SQL with the parameters
# (always when DEBUG logs the query, and the SQLite backend turns ``%%`` back into
# ``%`` when it runs it).


def _topic_key(pk: int) -> int:
    return 2 * pk


def _post_key(pk: int) -> int:
    return 2 * pk + 1


def _terms(text: str) -> str:
    return " ".join(analyze(text or ""))


def _sqlite() -> bool:
    return connection.vendor == "sqlite"


# Writing ------------------------------------------------------------------------


def _insert(cursor, rows: list[tuple[int, int, str, str]]) -> None:
    """rows: (key, topic id, title text, body text)."""
    if not rows:
        return
    data = [
        (key, _terms(title), _terms(body), topic) for key, topic, title, body in rows
    ]
    if _sqlite():
        cursor.executemany(
            f"INSERT INTO {TABLE} (rowid, title, body, topic_id) "  # noqa: S608
            "VALUES (%s, %s, %s, %s)",
            data,
        )
    else:
        cursor.executemany(
            f"INSERT INTO {TABLE} (key, vector, topic_id) VALUES (%s, "  # noqa: S608
            "setweight(to_tsvector('simple', %s), 'A') || "
            "setweight(to_tsvector('simple', %s), 'D'), %s)",
            data,
        )


def _key_column() -> str:
    return "rowid" if _sqlite() else "key"


def _delete_keys(cursor, keys: list[int]) -> None:
    if keys:
        marks = ", ".join(["%s"] * len(keys))
        cursor.execute(
            f"DELETE FROM {TABLE} WHERE {_key_column()} IN ({marks})",  # noqa: S608
            keys,
        )


def _delete_topic_rows(cursor, topic_id: int) -> None:
    column = "CAST(topic_id AS INTEGER)" if _sqlite() else "topic_id"
    cursor.execute(f"DELETE FROM {TABLE} WHERE {column} = %s", [topic_id])  # noqa: S608


def index_topic(topic_id: int) -> None:
    """Write a topic's rows again: the topic and its visible replies when the
    topic is visible, nothing otherwise."""
    topic = (
        Topic.objects.filter(pk=topic_id)
        .only("pk", "title", "body", "status", "category__listed")
        .select_related("category")
        .first()
    )
    with connection.cursor() as cursor:
        _delete_topic_rows(cursor, topic_id)
        if topic is None or topic.status != Status.VISIBLE:
            return
        if not topic.category.listed:
            return
        rows = [(_topic_key(topic.pk), topic.pk, topic.title, topic.body)]
        rows += [
            (_post_key(pk), topic.pk, "", body)
            for pk, body in Post.objects.visible()
            .filter(topic_id=topic.pk)
            .values_list("pk", "body")
        ]
        _insert(cursor, rows)


def index_post(post) -> None:
    """One reply's row: present while the reply and its topic are visible."""
    with connection.cursor() as cursor:
        _delete_keys(cursor, [_post_key(post.pk)])
        if post.status != Status.VISIBLE:
            return
        if (
            not Topic.objects.visible()
            .filter(pk=post.topic_id, category__listed=True)
            .exists()
        ):
            return
        _insert(cursor, [(_post_key(post.pk), post.topic_id, "", post.body)])


def forum_rebuild() -> int:
    """The whole forum index again, from the visible content; returns the rows
    written. For ``manage.py search_index rebuild``."""
    topics = list(
        Topic.objects.visible()
        .filter(category__listed=True)
        .values_list("pk", "title", "body")
    )
    visible_ids = {pk for pk, _t, _b in topics}
    rows = [(_topic_key(pk), pk, title, body) for pk, title, body in topics]
    rows += [
        (_post_key(pk), topic_id, "", body)
        for pk, topic_id, body in Post.objects.visible().values_list(
            "pk", "topic_id", "body"
        )
        if topic_id in visible_ids
    ]
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE}")  # noqa: S608
        for start in range(0, len(rows), 500):
            _insert(cursor, rows[start : start + 500])
    return len(rows)


def _topic_saved(sender, instance, **kwargs) -> None:
    index_topic(instance.pk)


def _topic_deleted(sender, instance, **kwargs) -> None:
    with connection.cursor() as cursor:
        _delete_topic_rows(cursor, instance.pk)


def _post_saved(sender, instance, **kwargs) -> None:
    index_post(instance)


def _post_deleted(sender, instance, **kwargs) -> None:
    with connection.cursor() as cursor:
        _delete_keys(cursor, [_post_key(instance.pk)])


def _moderated(sender, instance, **kwargs) -> None:
    if isinstance(instance, Topic):
        index_topic(instance.pk)
    elif isinstance(instance, Post):
        index_post(instance)


# Reading ------------------------------------------------------------------------


@dataclass
class ForumHit:
    topic: object
    title: SafeString
    snippet: SafeString


@dataclass
class ForumResults:
    q: str
    hits: list[ForumHit] = field(default_factory=list)
    page: Page | None = None
    count: int = 0
    message: str = ""  # shown instead of results (a query without words)


class _Matches:
    """The matching topic ids, best first, as a sequence a Paginator can slice:
    a COUNT, then one page of ids."""

    def __init__(self, terms: list[frozenset[str]], category_id: int | None):
        self.terms = terms
        self.category_id = category_id

    def _sql(self) -> tuple[str, list]:
        # Listed categories only (the index holds nothing else; checked again).
        where_topic = (
            "status = 'visible' AND category_id IN "
            "(SELECT id FROM community_forumcategory WHERE listed)"
        )
        params_topic: list = []
        if self.category_id is not None:
            where_topic += " AND category_id = %s"
            params_topic.append(self.category_id)
        topics = f"SELECT id FROM community_topic WHERE {where_topic}"  # noqa: S608
        if _sqlite():
            expression = SQLiteText.expression(as_concepts(self.terms))
            # LIMIT -1 keeps SQLite from flattening the subquery into the GROUP
            # BY, where FTS5's bm25() cannot run.
            sql = (
                "SELECT topic_id, MIN(score) AS best FROM ("  # noqa: S608
                f"SELECT CAST(topic_id AS INTEGER) AS topic_id, "
                f"bm25({TABLE}, {TITLE_WEIGHT}, {BODY_WEIGHT}) AS score "
                f"FROM {TABLE} WHERE {TABLE} MATCH %s LIMIT -1) "
                f"WHERE topic_id IN ({topics}) "
                "GROUP BY topic_id ORDER BY best, topic_id DESC"
            )
            return sql, [expression, *params_topic]
        expression = PostgresText.expression(as_concepts(self.terms))
        sql = (
            "SELECT topic_id, MAX(ts_rank(vector, to_tsquery('simple', %s))) "  # noqa: S608
            f"AS best FROM {TABLE} WHERE vector @@ to_tsquery('simple', %s) "
            f"AND topic_id IN ({topics}) "
            "GROUP BY topic_id ORDER BY best DESC, topic_id DESC"
        )
        return sql, [expression, expression, *params_topic]

    def count(self) -> int:
        sql, params = self._sql()
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM ({sql}) AS matches", params)  # noqa: S608
            return cursor.fetchone()[0]

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start = index.start or 0
        stop = index.stop if index.stop is not None else start + PAGE_SIZE
        sql, params = self._sql()
        with connection.cursor() as cursor:
            cursor.execute(
                f"{sql} LIMIT %s OFFSET %s", [*params, max(0, stop - start), start]
            )
            return [row[0] for row in cursor.fetchall()]

    def matching_replies(self, topic_ids: Iterable[int]) -> list[int]:
        """Ids of the replies of these topics whose text matches."""
        ids = list(topic_ids)
        if not ids:
            return []
        marks = ", ".join(["%s"] * len(ids))
        if _sqlite():
            sql = (
                f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s "  # noqa: S608
                f"AND rowid %% 2 = 1 AND CAST(topic_id AS INTEGER) IN ({marks})"
            )
            params = [SQLiteText.expression(as_concepts(self.terms)), *ids]
        else:
            sql = (
                f"SELECT key FROM {TABLE} WHERE "  # noqa: S608
                "vector @@ to_tsquery('simple', %s) "
                f"AND key %% 2 = 1 AND topic_id IN ({marks})"
            )
            params = [PostgresText.expression(as_concepts(self.terms)), *ids]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [(row[0] - 1) // 2 for row in cursor.fetchall()]


def clean_query(q: str | None) -> str:
    """The query as we read it: no NUL or control characters, bounded length."""
    q = "".join(ch for ch in (q or "") if ch.isprintable() or ch == " ")
    return " ".join(q.split())[:MAX_QUERY_LENGTH]


def search_forum(q: str | None, category=None, page: int | str = 1) -> ForumResults:
    """Visible topics matching every word of ``q`` (in their title, text or a
    visible reply), best first, ``PAGE_SIZE`` a page, with highlighted snippets.
    ``category``: a ForumCategory (or its id) to search in only."""
    q = clean_query(q)
    results = ForumResults(q=q)
    terms = analyze_query(q)[:MAX_QUERY_WORDS]
    if not terms:
        results.message = (
            _("Type one or more words to search the forum.")
            if not q
            else _("Your search has no words we can look for. Try other words.")
        )
        return results
    category_id = getattr(category, "pk", category)
    matches = _Matches(terms, category_id)
    paginator = Paginator(matches, PAGE_SIZE)
    results.page = paginator.get_page(page)
    results.count = paginator.count
    ids = list(results.page.object_list)
    if not ids:
        return results
    topics = (
        Topic.objects.visible()
        .filter(category__listed=True)
        .select_related("category__area")
        .in_bulk(ids)
    )
    replies: dict[int, list[str]] = {}
    reply_ids = matches.matching_replies(ids)
    for topic_id, body in (
        Post.objects.visible()
        .filter(pk__in=reply_ids)
        .order_by("created_at", "pk")
        .values_list("topic_id", "body")
    ):
        replies.setdefault(topic_id, []).append(body)
    query = SearchQuery(q=q, terms=tuple(terms))
    for topic_id in ids:
        topic = topics.get(topic_id)
        if topic is None:
            continue
        title = highlight([topic.title], query) or escape(topic.title)
        snippet = highlight([topic.body, *replies.get(topic_id, [])], query)
        if not snippet:
            snippet = escape(topic.body[:200]) + (" …" if len(topic.body) > 200 else "")
        results.hits.append(
            ForumHit(topic=topic, title=mark_safe(title), snippet=mark_safe(snippet))  # noqa: S308 - escaped by highlight
        )
    return results
