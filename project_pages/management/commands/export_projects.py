"""``manage.py export_projects``: project files in the shared interchange format."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from project_pages.interchange import dumps, export_records


class Command(BaseCommand):
    help = (
        "Export project files as a JSON array in the shared interchange format, "
        "plus the read-only fields id, url, first_published and last_published. "
        "Output is deterministic (sorted by language, then slug) so two exports "
        "of the same content are byte-identical, and `import_projects` accepts it "
        "back. Only published pages unless --include-drafts. Contacts are personal "
        "data and are NOT exported unless --include-contacts is given (for an "
        "editor's backup: keep such a file private; see docs/data-protection.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            "-o",
            metavar="FILE",
            help="Write to FILE (UTF-8) instead of standard output.",
        )
        parser.add_argument(
            "--include-contacts",
            action="store_true",
            help="Also export contacts (names, emails, phones: personal data). "
            "Without it the file can be published as open data.",
        )
        parser.add_argument(
            "--include-drafts",
            action="store_true",
            help="Also export unpublished pages (their latest draft).",
        )

    def handle(self, *args, **options):
        text = dumps(
            export_records(
                include_contacts=options["include_contacts"],
                include_drafts=options["include_drafts"],
            )
        )
        output = options["output"]
        if not output:
            self.stdout.write(text, ending="")
            return
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"Cannot write {output}: {exc.strerror}.") from exc
        self.stderr.write(f"Wrote {output}.")
