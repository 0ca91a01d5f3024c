"""Delete the failed sign-ins that no longer count (docs/data-protection.md).

    manage.py purge_login_attempts      # daily (the scheduler runs it)

Axes keeps one row per account and address that failed to sign in (the name
typed, the address, the browser's user agent). Once the cool-off has passed
since its last failure the row locks nothing any more: it is deleted, and with
it any log axes may keep of sign-ins older than the cool-off.
"""

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone


class Command(BaseCommand):
    help = "Delete failed sign-in records older than the cool-off (AXES_COOLOFF_TIME)."

    def handle(self, *args, **options):
        before = timezone.now() - settings.AXES_COOLOFF_TIME
        attempts, _ = AccessAttempt.objects.filter(attempt_time__lt=before).delete()
        failures, _ = AccessFailureLog.objects.filter(attempt_time__lt=before).delete()
        logs, _ = AccessLog.objects.filter(attempt_time__lt=before).delete()
        if options["verbosity"]:
            self.stdout.write(
                f"Deleted {attempts} failed sign-in record(s), "
                f"{failures + logs} log line(s) older than {before:%Y-%m-%d %H:%M}."
            )
