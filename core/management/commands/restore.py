"""``manage.py restore DIR``: put a backup of ``manage.py backup`` back."""

import json
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from core.backups import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by 'manage.py backup' into the configured database "
        "(pg_restore --clean --if-exists: what the backup holds replaces what is "
        "there) and MEDIA_ROOT. Stop the web, worker and scheduler services first. "
        "The search indexes are rebuilt with --rebuild-index, or afterwards with "
        "'manage.py search_index rebuild'."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", metavar="DIR", type=Path)
        parser.add_argument(
            "--rebuild-index",
            action="store_true",
            help="Rebuild the public search's indexes after restoring.",
        )

    def handle(self, *args, folder: Path, rebuild_index: bool, **options):
        try:
            manifest = restore(folder)
        except BackupError as error:
            raise CommandError(str(error)) from error
        expected, restored = manifest["counts"], manifest["restored_counts"]
        self.stdout.write(
            f"Restored the backup of {manifest['created']}: " + json.dumps(restored)
        )
        if restored != expected:
            raise CommandError(
                "The restored counts differ from the backup's manifest: "
                f"{json.dumps(expected)}"
            )
        if rebuild_index:
            call_command("search_index", "rebuild", stdout=self.stdout)
        else:
            self.stdout.write(
                "Now rebuild the search indexes: manage.py search_index rebuild"
            )
