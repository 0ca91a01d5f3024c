"""The innovation caravan: administrations visit each other.

A **stop** is a visit: a host administration presents one or more project files to
visitors on a date, at a place; reporters write it up afterwards (an article linked
from the stop and from the project files). Members register; when the stop is full
they go on a waiting list and move up when someone cancels. Stops live under the
caravan page (the calendar) of each language, with the **kit** for hosts and
reporters. Administrations **request a stop** with a form that editors process in
the admin.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from project_pages.blocks.media import DocumentBlock, LinkBlock
from project_pages.structured_data import (
    DESCRIPTION_LENGTH,
    PageMetadataMixin,
    compact,
    iso,
    publisher,
    truncate,
)


class CaravanIndexPage(PageMetadataMixin, Page):
    """The calendar of stops (upcoming and past, by month and area), the request
    form and the kit."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["project_pages.HomePage"]
    subpage_types = ["visits.StopPage", "visits.KitPage"]
    template = "visits/caravan_index_page.html"
    # In the site's main menu (a new one too; editors may untick it).
    show_in_menus_default = True
    feed_names = ("stops",)

    class Meta:
        verbose_name = _("caravan (calendar of stops)")
        verbose_name_plural = _("caravans (calendars of stops)")

    def get_context(self, request, *args, **kwargs):
        from .calendar import calendar_context

        context = super().get_context(request, *args, **kwargs)
        context.update(calendar_context(self, request))
        return context


class StopPage(PageMetadataMixin, Page):
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    host = models.ForeignKey(
        "project_pages.Entity",
        verbose_name=_("host administration"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="hosted_stops",
    )
    projects = ParentalManyToManyField(
        "project_pages.ProjectPage",
        verbose_name=_("project files presented"),
        related_name="stops",
        blank=True,
    )
    reporters = models.CharField(
        _("reporters"),
        max_length=500,
        blank=True,
        help_text=_("Who writes the visit up: names, separated by commas."),
    )
    summary = models.TextField(
        _("summary"), blank=True, help_text=_("One paragraph, shown in the calendar.")
    )
    place_name = models.CharField(_("place"), max_length=255, blank=True)
    address = models.CharField(_("address"), max_length=500, blank=True)
    latitude = models.FloatField(
        _("latitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.FloatField(
        _("longitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    agenda = models.TextField(
        _("agenda"),
        blank=True,
        help_text=_(
            "One line per item, e.g. '10:00 Welcome'. A blank line separates parts."
        ),
    )
    capacity = models.PositiveIntegerField(
        _("places"), default=20, validators=[MinValueValidator(1)]
    )
    write_up = models.ForeignKey(
        "project_pages.ArticlePage",
        verbose_name=_("write-up"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stops_written_up",
        help_text=_("The reporters' article, after the visit."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")])],
            heading=_("When"),
        ),
        FieldPanel("host"),
        FieldPanel("projects"),
        FieldPanel("reporters"),
        MultiFieldPanel(
            [
                FieldPanel("place_name"),
                FieldPanel("address"),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            ],
            heading=_("Where"),
        ),
        FieldPanel("agenda"),
        FieldPanel("capacity"),
        FieldPanel("write_up"),
    ]
    parent_page_types = ["visits.CaravanIndexPage"]
    subpage_types: list[str] = []
    template = "visits/stop_page.html"

    class Meta:
        verbose_name = _("caravan stop")
        verbose_name_plural = _("caravan stops")

    @property
    def is_past(self) -> bool:
        return (self.ends_at or self.starts_at) < timezone.now()

    def agenda_items(self) -> list[str]:
        return [line.strip() for line in self.agenda.splitlines() if line.strip()]

    def clean(self):
        """The agenda's times fit the stop's: "09:30 Coffee" cannot come before a
        stop that starts at 10:30, nor an item at or after its end."""
        super().clean()
        errors = agenda_problems(self.agenda, self.starts_at, self.ends_at)
        if errors:
            raise ValidationError({"agenda": errors})

    def get_context(self, request, *args, **kwargs):
        from .registrations import state_for

        context = super().get_context(request, *args, **kwargs)
        context.update(state_for(self, request.user))
        return context

    def structured_data(self, url: str | None, request=None, image=None) -> dict:
        """A schema.org Event, attended in person."""
        place = {
            "@type": "Place",
            "name": self.place_name or None,
            "address": self.address or None,
        }
        if self.latitude is not None and self.longitude is not None:
            place["geo"] = {
                "@type": "GeoCoordinates",
                "latitude": self.latitude,
                "longitude": self.longitude,
            }
        organizer = (
            {"@type": "GovernmentOrganization", "name": self.host.name}
            if self.host_id and self.host
            else publisher(request)
        )
        return compact(
            {
                "@context": "https://schema.org",
                "@type": "Event",
                "name": self.title,
                "description": truncate(self.summary, DESCRIPTION_LENGTH),
                "url": url,
                "startDate": iso(self.starts_at),
                "endDate": iso(self.ends_at),
                "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
                "eventStatus": "https://schema.org/EventScheduled",
                "inLanguage": self.locale.language_code,
                "location": compact(place),
                "organizer": organizer,
                "maximumAttendeeCapacity": self.capacity,
            }
        )


# An agenda line's time: "10:00 Welcome", "9.30 Cafè", "10h30 Visita".
AGENDA_TIME = re.compile(r"^(\d{1,2})[:.h](\d{2})\b")


def agenda_problems(agenda: str, starts_at, ends_at) -> list[str]:
    """One message per agenda line whose time is outside the stop (in the site's
    time zone). A stop over several days is not checked against its end."""
    if not agenda or starts_at is None:
        return []
    start = timezone.localtime(starts_at)
    end = timezone.localtime(ends_at) if ends_at else None
    if end is not None and end.date() != start.date():
        end = None
    problems = []
    for line in agenda.splitlines():
        line = line.strip()
        match = AGENDA_TIME.match(line)
        if not match:
            continue
        hour, minute = int(match.group(1)), int(match.group(2))
        if hour > 23 or minute > 59:
            problems.append(
                _("“%(line)s”: %(time)s is not a time of day.")
                % {"line": line, "time": match.group(0)}
            )
            continue
        at = datetime.time(hour, minute)
        if at < start.time().replace(second=0, microsecond=0):
            problems.append(
                _("“%(line)s” is before the stop starts (%(start)s).")
                % {"line": line, "start": start.strftime("%H:%M")}
            )
        elif end is not None and at >= end.time().replace(second=0, microsecond=0):
            problems.append(
                _("“%(line)s” is not before the stop ends (%(end)s).")
                % {"line": line, "end": end.strftime("%H:%M")}
            )
    return problems


class KitPage(PageMetadataMixin, Page):
    """Documents and guides for hosts and reporters, edited by editors."""

    intro = models.TextField(_("introduction"), blank=True)
    items = StreamField(
        [("document", DocumentBlock()), ("link", LinkBlock())],
        blank=True,
        verbose_name=_("documents and guides"),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("items")]
    parent_page_types = ["visits.CaravanIndexPage"]
    subpage_types: list[str] = []
    template = "visits/kit_page.html"

    class Meta:
        verbose_name = _("kit for hosts and reporters")
        verbose_name_plural = _("kits for hosts and reporters")


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class Registration(models.Model):
    stop = models.ForeignKey(
        StopPage, on_delete=models.CASCADE, related_name="registrations"
    )
    member = models.ForeignKey(
        "community.Member", on_delete=models.CASCADE, related_name="registrations"
    )
    status = models.CharField(max_length=12, choices=RegistrationStatus.choices)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["stop", "member"], name="one_registration_per_member"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} → {self.stop} ({self.status})"


class RequestStatus(models.TextChoices):
    NEW = "new", _("New")
    IN_REVIEW = "in_review", _("In review")
    ACCEPTED = "accepted", _("Accepted: stop scheduled")
    DECLINED = "declined", _("Declined")


class StopRequest(models.Model):
    """An administration offers to host a stop."""

    organisation = models.CharField(_("administration"), max_length=255)
    project = models.CharField(
        _("project to present"),
        max_length=500,
        help_text=_("Its title, or the address of its project file."),
    )
    proposed_dates = models.CharField(_("proposed dates"), max_length=500)
    name = models.CharField(_("contact person"), max_length=200)
    email = models.EmailField(_("email"))
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    message = models.TextField(_("message"), blank=True, max_length=5000)
    language = models.CharField(max_length=5, default="ca")
    ip_hash = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=12, choices=RequestStatus.choices, default="new"
    )
    notes = models.TextField(
        _("notes"), blank=True, help_text=_("For the editors only.")
    )
    answer = models.TextField(
        _("reply"),
        blank=True,
        help_text=_(
            "Emailed to the contact person when you save a new or changed reply."
        ),
    )
    answered_at = models.DateTimeField(_("replied"), null=True, blank=True)
    stop = models.ForeignKey(
        StopPage,
        verbose_name=_("stop"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("stop request")
        verbose_name_plural = _("stop requests")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.project[:60]}"
