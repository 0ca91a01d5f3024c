"""The JSON interchange of project files: a page becomes a record and back.

One format (``schema/project-file.schema.json``, vendored from ``../shared``) is read
by ``import_projects`` and written by ``export_projects`` (and, later, the JSON API).
Three promises shape this module:

* **Validate everything before writing anything.** Every record is checked against
  the schema and against what the schema cannot say (duplicate slugs, a contact's
  entity, dates in order, the limits of the model and of the blocks an editor would
  hit in the admin), and every problem is reported with its record and field.
* **Idempotent.** A page is found by slug within its language; a record that would
  not change what the page exports is left alone, so export → import → export is
  byte-identical and re-importing creates no revisions.
* **Personal data stays in.** Contacts are exported only when asked for.

Records are numbered from 0, like the field paths (``entities[0]``).
"""

from .export import dumps, export_queryset, export_records, page_to_record
from .importer import apply_record, import_records
from .validation import (
    READ_ONLY_FIELDS,
    SCHEMA_PATH,
    ImportSummary,
    InterchangeError,
    derive_slug,
    read_records,
    validate_records,
)

__all__ = [
    "READ_ONLY_FIELDS",
    "SCHEMA_PATH",
    "ImportSummary",
    "InterchangeError",
    "apply_record",
    "derive_slug",
    "dumps",
    "export_queryset",
    "export_records",
    "import_records",
    "page_to_record",
    "read_records",
    "validate_records",
]
