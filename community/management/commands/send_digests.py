"""``manage.py send_digests daily|weekly``: the digests of what members follow.

Run from cron (docs/operations.md, "Community emails"): daily every morning,
weekly once a week. Each member gets one email with what is pending; running it
twice sends nothing the second time (``Notification.sent_at``).
"""

from django.core.management.base import BaseCommand

from community.models import Frequency
from community.notifications import send_digests


class Command(BaseCommand):
    help = "Email the daily or weekly digest of what members follow."

    def add_arguments(self, parser):
        parser.add_argument(
            "frequency", choices=[Frequency.DAILY.value, Frequency.WEEKLY.value]
        )

    def handle(self, *args, frequency: str, **options):
        sent = send_digests(frequency)
        self.stdout.write(f"{sent} {frequency} digest(s) sent.")
