"""Delete what is personal in old messages (the retention rule of
docs/data-protection.md).

    manage.py purge_submissions            # SUBMISSIONS["RETENTION_DAYS"] (365)
    manage.py purge_submissions --days 90 --dry-run

Purged, for every message of a submission closed (accepted, rejected, spam,
duplicate) more than N days ago, and for every message set aside (ignored,
quarantined) received more than N days ago: the original file, the headers, the
text and HTML, the addresses; attachments that no page uses are deleted too. What
stays: the submission, its subject, status and history, and the fact that the
message was received (its key, so it is still never ingested twice). Rejected, spam
and duplicate submissions also lose their sender's name and address.
"""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from submissions.retention import purge


class Command(BaseCommand):
    help = "Purge the personal data of old, closed submissions."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None)
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, days=None, dry_run=False, **options):
        days = settings.SUBMISSIONS["RETENTION_DAYS"] if days is None else days
        if days < 0:
            self.stderr.write("--days cannot be negative.")
            return
        before = timezone.now() - timedelta(days=days)
        counts = purge(before, dry_run=dry_run)
        verb = "Would purge" if dry_run else "Purged"
        self.stdout.write(
            f"{verb} {counts['messages']} message(s) and "
            f"{counts['attachments']} attachment file(s) older than {days} days."
        )
