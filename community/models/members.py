"""Members: the public profile of an account, its status and how often it
hears about what it follows."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Frequency(models.TextChoices):
    IMMEDIATELY = "immediately", _("Immediately")
    DAILY = "daily", _("Daily digest")
    WEEKLY = "weekly", _("Weekly digest")
    NEVER = "never", _("Never")


class MemberStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    BANNED = "banned", _("Banned")


class Visibility(models.TextChoices):
    """Who sees a member's professional profile (directory, "people who worked on
    this", the areas and projects on their page)."""

    MEMBERS = "members", _("Signed-in members only")
    PUBLIC = "public", _("Everyone")
    HIDDEN = "hidden", _("Nobody (hidden)")


class MemberQuerySet(models.QuerySet):
    def visible_to(self, user) -> "MemberQuerySet":
        """Professional profiles ``user`` may see: anonymous visitors the public
        ones, signed-in members the members-only ones too, everyone their own.
        Banned members are left out of the directory and project lists."""
        shown = [Visibility.PUBLIC]
        if user is not None and user.is_authenticated:
            shown.append(Visibility.MEMBERS)
        rule = models.Q(visibility__in=shown) & ~models.Q(status=MemberStatus.BANNED)
        if user is not None and user.is_authenticated:
            rule |= models.Q(user_id=user.pk)
        return self.filter(rule)


class Member(models.Model):
    """A registered person's public profile (one per user account)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="member"
    )
    display_name = models.CharField(
        _("display name"),
        max_length=80,
        help_text=_("The name shown next to your contributions."),
    )
    entity = models.ForeignKey(
        "project_pages.Entity",
        verbose_name=_("administration"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
        help_text=_("The administration or organisation you work for."),
    )
    role = models.CharField(
        _("role"),
        max_length=120,
        blank=True,
        help_text=_("e.g. 'Head of IT', 'Citizen services officer'."),
    )
    bio = models.TextField(
        _("short bio"),
        max_length=1000,
        blank=True,
        help_text=_("A few lines about your work (plain text, links allowed)."),
    )
    language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="ca",
        help_text=_("The language of the emails we send you."),
    )
    frequency = models.CharField(
        _("notifications"),
        max_length=12,
        choices=Frequency.choices,
        default=Frequency.DAILY,
        help_text=_("How often we email you about what you follow."),
    )
    verified = models.BooleanField(
        _("verified public employee"),
        default=False,
        help_text=_(
            "Set by editors after checking the member works for a public body."
        ),
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=MemberStatus.choices,
        default=MemberStatus.ACTIVE,
    )
    suspended_until = models.DateTimeField(_("suspended until"), null=True, blank=True)
    created_at = models.DateTimeField(_("joined"), default=timezone.now)
    # Professional profile ("find the peer who did it").
    visibility = models.CharField(
        _("who can find my professional profile"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.MEMBERS,
        help_text=_(
            "Who sees you in the members' directory and on the project files "
            "you worked on."
        ),
    )
    expertise_areas = models.ManyToManyField(
        "project_pages.Area",
        verbose_name=_("areas of expertise"),
        blank=True,
        related_name="experts",
    )
    expertise = models.CharField(
        _("expertise and technologies"),
        max_length=300,
        blank=True,
        help_text=_("e.g. 'electronic records, open data, Decidim, GIS'."),
    )
    projects = models.ManyToManyField(
        "project_pages.ProjectPage",
        through="community.MemberProject",
        verbose_name=_("project files worked on"),
        blank=True,
        related_name="member_people",
    )

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["display_name"]
        indexes = [
            # The directory's order: a page of it is read from the index instead
            # of sorting every member (docs/performance.md).
            models.Index(fields=["display_name", "id"], name="member_directory_order")
        ]

    def __str__(self) -> str:
        return self.display_name

    def can_post(self) -> bool:
        """Banned members never post; suspended ones wait until the date."""
        if self.status == MemberStatus.BANNED:
            return False
        if self.status == MemberStatus.SUSPENDED:
            return bool(self.suspended_until and self.suspended_until <= timezone.now())
        return True


class MemberProject(models.Model):
    """A project file a member says they worked on, and their role in it.

    Declared by the member; moderators set ``confirmed`` (or delete a false
    claim) in the admin, Community → Projects worked on."""

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="project_links"
    )
    page = models.ForeignKey(
        "project_pages.ProjectPage",
        verbose_name=_("project file"),
        on_delete=models.CASCADE,
        related_name="member_links",
    )
    role = models.CharField(
        _("role in the project"),
        max_length=120,
        blank=True,
        help_text=_("e.g. 'project lead', 'technical lead', 'trainer'."),
    )
    confirmed = models.BooleanField(_("confirmed"), default=False)
    created_at = models.DateTimeField(_("declared"), default=timezone.now)

    class Meta:
        verbose_name = _("project worked on")
        verbose_name_plural = _("projects worked on")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "page"], name="unique_member_project"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} → {self.page}"
