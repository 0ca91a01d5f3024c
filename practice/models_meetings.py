"""A group's meetings, and the secret addresses of private groups' calendars.

Coordinators schedule, edit and cancel meetings from the group's Manage page; a
cancelled meeting stays (``cancelled_at``) so that calendars that hold it learn
it is off (``STATUS:CANCELLED``), and every edit raises ``sequence`` so they
take the new time. See docs/decisions/0026.
"""

from __future__ import annotations

import secrets

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import InterestGroup


class MeetingQuerySet(models.QuerySet):
    def upcoming(self, now=None) -> MeetingQuerySet:
        """Not over yet (a meeting under way is still coming), soonest first."""
        return self.filter(ends_at__gte=now or timezone.now()).order_by(
            "starts_at", "pk"
        )

    def past(self, now=None) -> MeetingQuerySet:
        return self.filter(ends_at__lt=now or timezone.now()).order_by(
            "-starts_at", "-pk"
        )


class Meeting(models.Model):
    """A meeting of an interest group: in a place, by video, or both."""

    group = models.ForeignKey(
        InterestGroup,
        verbose_name=_("interest group"),
        on_delete=models.CASCADE,
        related_name="meetings",
    )
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    video_url = models.URLField(_("video link"), max_length=500, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    created_by = models.ForeignKey(
        "community.Member",
        verbose_name=_("scheduled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="scheduled_meetings",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    # iCalendar SEQUENCE: raised by every edit and by the cancellation.
    sequence = models.PositiveIntegerField(default=0, editable=False)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"{self.group.get_absolute_url()}#meeting-{self.pk}"

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    def ics_url(self) -> str:
        group = self.group
        return reverse(
            "practice:meeting_ics", args=[group.community.slug, group.slug, self.pk]
        )


def new_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarKey(models.Model):
    """The secret address of a private group's calendar for one member: a
    calendar client cannot sign in, so the address is the key. Valid while the
    member belongs to the group; a new one replaces it (the old stops working)."""

    group = models.ForeignKey(
        InterestGroup, on_delete=models.CASCADE, related_name="calendar_keys"
    )
    member = models.ForeignKey(
        "community.Member", on_delete=models.CASCADE, related_name="calendar_keys"
    )
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("calendar address")
        verbose_name_plural = _("calendar addresses")
        constraints = [
            models.UniqueConstraint(
                fields=["group", "member"], name="practice_calendar_key_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.group.name}"
