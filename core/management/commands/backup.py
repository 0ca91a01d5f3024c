"""``manage.py backup DIR``: the database and the media folder (core/backups.py)."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backups import BackupError, backup


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump's custom format; a copy of the file on "
        "SQLite) and MEDIA_ROOT (media.tar.gz) into DIR, with manifest.json "
        "(time, counts of pages, project files, comments, documents, images)."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", metavar="DIR", type=Path)

    def handle(self, *args, folder: Path, **options):
        try:
            manifest = backup(folder)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Backup written to {folder} "
            f"({manifest['database']['file']}, {manifest['media']['file']} with "
            f"{manifest['media']['files']} files): " + json.dumps(manifest["counts"])
        )
