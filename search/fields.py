"""A list of short strings stored the way each database searches it best."""

import json

from django.db import models


class FacetsField(models.Field):
    """A document's ``facet:value`` strings: a ``text[]`` on PostgreSQL (a GIN
    index answers ``&&``, ``unnest`` reads it fast), a JSON array in a text
    column on SQLite (``json_each`` reads it). search/engines/database.py writes
    the SQL for each."""

    description = "A list of strings"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    def db_type(self, connection):
        return "text[]" if connection.vendor == "postgresql" else "text"

    def get_db_prep_value(self, value, connection, prepared=False):
        if value is None:
            return None
        values = [str(item) for item in value]
        if connection.vendor == "postgresql":
            return values
        return json.dumps(values, ensure_ascii=False)

    def from_db_value(self, value, expression, connection):
        if value is None or isinstance(value, list):
            return value
        return json.loads(value)

    def to_python(self, value):
        if isinstance(value, str):
            return json.loads(value)
        return value
