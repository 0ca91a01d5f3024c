"""The forum's full-text index (search/forum.py): one row per visible topic or
reply, holding the terms of search/analysis.py, like the project files' index
(0003). An FTS5 virtual table on SQLite, a GIN-indexed tsvector on PostgreSQL.
Run ``forum_rebuild()`` (search/forum.py) after migrating an existing forum."""

from django.db import migrations

TABLE = "observatory_search_forum"


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        # rowid: 2 * id for a topic, 2 * id + 1 for a reply (search/forum.py).
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE {TABLE} USING fts5("
            "title, body, topic_id UNINDEXED, "
            "tokenize = 'unicode61 remove_diacritics 0')"
        )
    elif vendor == "postgresql":
        schema_editor.execute(
            f"CREATE TABLE {TABLE} ("
            "key bigint PRIMARY KEY, topic_id integer NOT NULL, "
            "vector tsvector NOT NULL)"
        )
        schema_editor.execute(
            f"CREATE INDEX {TABLE}_vector ON {TABLE} USING GIN (vector)"
        )
        schema_editor.execute(f"CREATE INDEX {TABLE}_topic ON {TABLE} (topic_id)")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor in ("sqlite", "postgresql"):
        schema_editor.execute(f"DROP TABLE IF EXISTS {TABLE}")


class Migration(migrations.Migration):
    dependencies = [("observatory_search", "0003_full_text")]

    operations = [migrations.RunPython(create, drop)]
