"""The database engine's text index moves to the database's own full text: an FTS5
virtual table on SQLite, a GIN-indexed tsvector on PostgreSQL (search/engines/
fulltext.py). Run ``manage.py search_index rebuild`` after migrating."""

from django.db import migrations

TABLE = "observatory_search_text"


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE {TABLE} USING fts5("
            "title, summary, body, tokenize = 'unicode61 remove_diacritics 0')"
        )
    elif vendor == "postgresql":
        schema_editor.execute(
            # No foreign key: the engine deletes these rows with the documents,
            # and a reference would stop Django's TRUNCATE-based flush (tests).
            f"CREATE TABLE {TABLE} ("
            "page_id integer PRIMARY KEY, "
            "vector tsvector NOT NULL)"
        )
        schema_editor.execute(
            f"CREATE INDEX {TABLE}_vector ON {TABLE} USING GIN (vector)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor in ("sqlite", "postgresql"):
        schema_editor.execute(f"DROP TABLE IF EXISTS {TABLE}")


class Migration(migrations.Migration):
    dependencies = [("observatory_search", "0002_missed_writes")]

    operations = [
        migrations.RunPython(create, drop),
        migrations.DeleteModel(name="SearchTerm"),
    ]
