"""The database engine's vocabulary, for typo tolerance (search/typos.py): every
term of its full-text index. On SQLite FTS5 keeps it (an ``fts5vocab`` table over
the index); on PostgreSQL a table the engine fills as it indexes. Run
``search_index rebuild`` after migrating on PostgreSQL to fill it."""

from django.db import migrations

VOCAB = "observatory_search_vocab"


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE {VOCAB} USING "
            "fts5vocab(observatory_search_text, 'row')"
        )
    elif vendor == "postgresql":
        schema_editor.execute(f"CREATE TABLE {VOCAB} (term text PRIMARY KEY)")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor in ("sqlite", "postgresql"):
        schema_editor.execute(f"DROP TABLE IF EXISTS {VOCAB}")


class Migration(migrations.Migration):
    dependencies = [("observatory_search", "0007_thesaurus_permissions")]

    operations = [migrations.RunPython(create, drop)]
