"""Communities of practice: a Community (e.g. "Open data officers") holds
interest groups; a Membership says who belongs to a group, in which state
(member, requested, invited) and with which role (member, coordinator).

Names and descriptions are plain per-language fields: the Catalan one is
required, the Spanish and English ones optional (the Catalan text is shown when
a translation is missing). See docs/decisions/0023-communities-of-practice.md.

Who may see a group is decided here only: ``InterestGroup.objects.visible_to``
(which groups a viewer may find and open) and ``InterestGroup.content_visible_to``
(whether the viewer may see its members). Every view starts from them.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Translated(models.Model):
    """Name and description in Catalan (required name), Spanish and English;
    ``title`` and ``text`` give them in the active language, Catalan if empty."""

    name = models.CharField(_("name (Catalan)"), max_length=120)
    name_es = models.CharField(_("name (Spanish)"), max_length=120, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    description = models.TextField(_("description (Catalan)"), blank=True)
    description_es = models.TextField(_("description (Spanish)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)

    class Meta:
        abstract = True

    def localized(self, field: str) -> str:
        language = (get_language() or "ca")[:2]
        if language != "ca":
            value = getattr(self, f"{field}_{language}", "")
            if value:
                return value
        return getattr(self, field)

    @property
    def title(self) -> str:
        return self.localized("name")

    @property
    def text(self) -> str:
        return self.localized("description")


class Community(Translated):
    """A profession or field (e.g. "Secretaries and clerks of small
    municipalities") whose interest groups gather people who do that work."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("community")
        verbose_name_plural = _("communities")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("practice:community", args=[self.slug])


class Visibility(models.TextChoices):
    OPEN = "open", _("Open: anyone joins")
    MODERATED = "moderated", _("Moderated: coordinators accept requests")
    PRIVATE = "private", _("Private: by invitation, invisible outside")


class State(models.TextChoices):
    MEMBER = "member", _("Member")
    REQUESTED = "requested", _("Asked to join")
    INVITED = "invited", _("Invited")


class Role(models.TextChoices):
    MEMBER = "member", _("Member")
    COORDINATOR = "coordinator", _("Coordinator")


class GroupQuerySet(models.QuerySet):
    def visible_to(self, user) -> GroupQuerySet:
        """The groups ``user`` may find in lists and open: open and moderated
        groups for everyone; private ones only for their members and for the
        people invited to them (who must see the group to accept)."""
        public = Q(visibility__in=[Visibility.OPEN, Visibility.MODERATED])
        if user is None or not user.is_authenticated:
            return self.filter(public)
        # The viewer's own rows (a few, by the index on member), not a join over
        # every membership: the same cost with 30 groups or 3,000.
        inside = Q(
            visibility=Visibility.PRIVATE,
            pk__in=Membership.objects.filter(
                member__user=user, state__in=[State.MEMBER, State.INVITED]
            ).values("group_id"),
        )
        return self.filter(public | inside)


class InterestGroup(Translated):
    """An interest group of a community, run by its coordinators."""

    community = models.ForeignKey(
        Community,
        verbose_name=_("community"),
        on_delete=models.CASCADE,
        related_name="groups",
    )
    slug = models.SlugField(
        _("slug"), max_length=80, help_text=_("Unique within its community.")
    )
    visibility = models.CharField(
        _("visibility"),
        max_length=12,
        choices=Visibility.choices,
        default=Visibility.OPEN,
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    # The group's discussions: a forum category of its own, not listed in the
    # forum (decision 0023). Created with the group.
    forum_category = models.OneToOneField(
        "community.ForumCategory",
        verbose_name=_("discussions"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="interest_group",
    )

    objects = GroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("interest group")
        verbose_name_plural = _("interest groups")
        ordering = ["community__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "slug"], name="practice_group_slug_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.community.name} · {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("practice:group", args=[self.community.slug, self.slug])

    @property
    def is_private(self) -> bool:
        return self.visibility == Visibility.PRIVATE

    def membership_of(self, member) -> Membership | None:
        if member is None:
            return None
        return self.memberships.filter(member=member).first()

    def content_visible_to(self, membership: Membership | None) -> bool:
        """Whether the viewer may see who belongs (and, later, the discussions):
        everyone for open and moderated groups, members only for private ones
        (not the people merely invited)."""
        if not self.is_private:
            return True
        return membership is not None and membership.state == State.MEMBER

    def members(self):
        return self.memberships.filter(state=State.MEMBER)

    def coordinators(self):
        return self.members().filter(role=Role.COORDINATOR)


class Membership(models.Model):
    """A member's place in a group: member, asked to join, or invited."""

    group = models.ForeignKey(
        InterestGroup,
        verbose_name=_("interest group"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    member = models.ForeignKey(
        "community.Member",
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="group_memberships",
    )
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.MEMBER
    )
    role = models.CharField(
        _("role"), max_length=12, choices=Role.choices, default=Role.MEMBER
    )
    invited_by = models.ForeignKey(
        "community.Member",
        verbose_name=_("invited by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("group membership")
        verbose_name_plural = _("group memberships")
        ordering = ["role", "member__display_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "member"], name="practice_membership_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.group.name}"

    @property
    def is_coordinator(self) -> bool:
        return self.state == State.MEMBER and self.role == Role.COORDINATOR


# Announcements of a group (issue 16, point 4): a module of their own.
from .models_announcements import Announcement, AnnouncementOptOut  # noqa: E402, F401

# A group's shared documents, meetings and followed project files (decision 0026).
from .models_documents import GroupDocument  # noqa: E402, F401
from .models_meetings import CalendarKey, Meeting  # noqa: E402, F401
from .models_projects import GroupProject  # noqa: E402, F401
