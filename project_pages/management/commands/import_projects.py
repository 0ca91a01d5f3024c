"""``manage.py import_projects FILE.json``: load project files, all or nothing."""

from django.core.management.base import BaseCommand, CommandError

from project_pages.interchange import InterchangeError, import_records, read_records


class Command(BaseCommand):
    help = (
        "Import project files from a JSON array in the shared interchange format "
        "(project_pages/schema/project-file.schema.json). Every record is validated "
        "first and every problem is listed with its record (numbered from 0) and "
        "field; if there is any, nothing is written. Otherwise all records are "
        "written in one transaction. Pages are matched by slug within their "
        "language (re-importing updates, never duplicates; a record that changes "
        "nothing leaves its page untouched) and go under that language's project "
        "index. Unknown entities are created; known ones (same name and country) "
        "are reused and only their blank fields are filled. A record with a "
        "'contacts' key replaces the page's contacts; without it they are kept. "
        "The read-only fields of an export (id, url, first_published, "
        "last_published) are ignored, so an exported file can be re-imported."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The JSON file to import.")
        parser.add_argument(
            "--draft",
            action="store_true",
            help="Save new or changed pages as drafts instead of publishing them "
            "(a live page keeps its published version).",
        )

    def handle(self, *args, **options):
        try:
            records = read_records(options["file"])
            summary = import_records(records, publish=not options["draft"])
        except InterchangeError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"{options['file']}: {summary}"))
