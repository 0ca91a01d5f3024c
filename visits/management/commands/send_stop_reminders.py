"""Remind the registered members of tomorrow's stops (cron, once a day).

    manage.py send_stop_reminders

"Tomorrow" is the next calendar day in the site's time zone (TIME_ZONE). A
registration is reminded once (``reminded_at``), so running the command twice, or
again after a crash, sends nothing twice.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from visits.mail import send_reminder
from visits.models import Registration, RegistrationStatus, StopPage


class Command(BaseCommand):
    help = "Email a reminder to the members registered for tomorrow's stops."

    def handle(self, *args, **options):
        tomorrow = timezone.localdate() + timedelta(days=1)
        stops = StopPage.objects.live().filter(starts_at__date=tomorrow)
        sent = 0
        for registration in Registration.objects.filter(
            stop__in=stops,
            status=RegistrationStatus.REGISTERED,
            reminded_at__isnull=True,
        ).select_related("member__user", "stop"):
            with transaction.atomic():
                claimed = Registration.objects.filter(
                    pk=registration.pk, reminded_at__isnull=True
                ).update(reminded_at=timezone.now())
                if claimed:
                    sent += send_reminder(registration)
        self.stdout.write(
            f"{sent} reminder(s) sent for {stops.count()} stop(s) tomorrow."
        )
