"""Contact and visit requests sent about a project file."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .members import Member


class RequestStatus(models.TextChoices):
    NEW = "new", _("New")
    ANSWERED = "answered", _("Answered")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    CLOSED = "closed", _("Closed")


class ContactRequest(models.Model):
    """A message to the team behind a project file, relayed by email to its
    contacts (whose addresses the sender never sees)."""

    page = models.ForeignKey(
        "project_pages.ProjectPage",
        verbose_name=_("project file"),
        on_delete=models.CASCADE,
        related_name="contact_requests",
    )
    member = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A member who declared the project ("Write to X" under "People who worked
    # on this"): the message is relayed to them instead of the contacts.
    recipient = models.ForeignKey(
        Member,
        verbose_name=_("to member"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("email"))
    message = models.TextField(_("message"), max_length=5000)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RequestStatus.choices,
        default=RequestStatus.NEW,
    )
    relayed_at = models.DateTimeField(_("relayed"), null=True, blank=True)
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    ip_hash = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("contact request")
        verbose_name_plural = _("contact requests")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} → {self.page}"


class VisitRequest(models.Model):
    """A request to visit the administration behind a project file."""

    page = models.ForeignKey(
        "project_pages.ProjectPage",
        verbose_name=_("project file"),
        on_delete=models.CASCADE,
        related_name="visit_requests",
    )
    member = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("email"))
    organisation = models.CharField(_("administration"), max_length=200)
    proposed_dates = models.CharField(
        _("proposed dates"),
        max_length=300,
        help_text=_("One or more dates or periods, e.g. '12 or 19 March, mornings'."),
    )
    people = models.PositiveSmallIntegerField(
        _("number of people"), validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    purpose = models.TextField(_("purpose of the visit"), max_length=3000)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RequestStatus.choices,
        default=RequestStatus.NEW,
    )
    answer = models.TextField(_("answer"), blank=True)
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    ip_hash = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("visit request")
        verbose_name_plural = _("visit requests")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.organisation} → {self.page}"
