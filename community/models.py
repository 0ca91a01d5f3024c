"""The community (issue 4): members, comment threads, the forum, following,
contact and visit requests, and the moderation that keeps it safe.

Every contribution (comment, topic, reply) shares one life cycle (``Status``):
visible, held for moderation (a new member's first posts), hidden (by a moderator
or by reports) or deleted. Only visible contributions are ever shown to others,
counted or indexed; the queryset method ``visible()`` is the one way to ask.

Personal data lives in ``Member`` (profile), in ``User`` (email, name) and in the
contact and visit requests; ``docs/data-protection.md`` lists it. Deleting an
account keeps the member's contributions as "deleted member" (``author`` becomes
NULL) and erases the rest.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

GENERAL = pgettext_lazy("forum category", "General")

# Deepest reply in a comment thread (a top-level comment is depth 0).
MAX_COMMENT_DEPTH = 3


class Frequency(models.TextChoices):
    IMMEDIATELY = "immediately", _("Immediately")
    DAILY = "daily", _("Daily digest")
    WEEKLY = "weekly", _("Weekly digest")
    NEVER = "never", _("Never")


class MemberStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    BANNED = "banned", _("Banned")


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

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["display_name"]

    def __str__(self) -> str:
        return self.display_name

    def can_post(self) -> bool:
        """Banned members never post; suspended ones wait until the date."""
        if self.status == MemberStatus.BANNED:
            return False
        if self.status == MemberStatus.SUSPENDED:
            return bool(self.suspended_until and self.suspended_until <= timezone.now())
        return True


class Status(models.TextChoices):
    VISIBLE = "visible", _("Visible")
    HELD = "held", _("Held for moderation")
    HIDDEN = "hidden", _("Hidden")
    DELETED = "deleted", _("Deleted")


class ContributionQuerySet(models.QuerySet):
    def visible(self):
        """What anyone but moderators may see, count or search."""
        return self.filter(status=Status.VISIBLE)


class Contribution(models.Model):
    """What comments, topics and replies share: author, text, life cycle."""

    author = models.ForeignKey(
        Member,
        verbose_name=_("author"),
        null=True,  # NULL: a deleted member; the text stays in the thread
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = models.TextField(_("text"), max_length=10_000)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.VISIBLE
    )
    created_at = models.DateTimeField(_("posted"), default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    # A keyed hash of the poster's IP address (rate limits), never the address.
    ip_hash = models.CharField(max_length=64, blank=True, editable=False)
    report_count = models.PositiveSmallIntegerField(default=0, editable=False)

    objects = ContributionQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]

    @property
    def is_visible(self) -> bool:
        return self.status == Status.VISIBLE


class Comment(Contribution):
    """A comment on a project file or an article, or a reply to one."""

    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("in reply to"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
    )
    depth = models.PositiveSmallIntegerField(
        default=0, validators=[MaxValueValidator(MAX_COMMENT_DEPTH)]
    )

    class Meta(Contribution.Meta):
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [models.Index(fields=["page", "status", "created_at"])]

    def __str__(self) -> str:
        return self.body[:60]


class ForumCategory(models.Model):
    """One per area (``area`` set) plus a general one (``area`` empty)."""

    slug = models.SlugField(unique=True)
    area = models.OneToOneField(
        "project_pages.Area",
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="forum_category",
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("forum category")
        verbose_name_plural = _("forum categories")
        ordering = ["order", "slug"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.area.label if self.area_id else str(GENERAL)


class Topic(Contribution):
    """A forum topic: a title and an opening text, then replies (``Post``)."""

    category = models.ForeignKey(
        ForumCategory,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="topics",
    )
    title = models.CharField(_("title"), max_length=200)
    pinned = models.BooleanField(_("pinned"), default=False)
    locked = models.BooleanField(
        _("locked"), default=False, help_text=_("No new replies.")
    )
    projects = models.ManyToManyField(
        "project_pages.ProjectPage",
        verbose_name=_("project files mentioned"),
        blank=True,
        related_name="forum_topics",
    )
    last_activity_at = models.DateTimeField(default=timezone.now, db_index=True)
    reply_count = models.PositiveIntegerField(default=0, editable=False)

    class Meta(Contribution.Meta):
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["-pinned", "-last_activity_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class Post(Contribution):
    """A reply in a forum topic."""

    topic = models.ForeignKey(
        Topic, verbose_name=_("topic"), on_delete=models.CASCADE, related_name="posts"
    )

    class Meta(Contribution.Meta):
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        indexes = [models.Index(fields=["topic", "status", "created_at"])]

    def __str__(self) -> str:
        return self.body[:60]


class Report(models.Model):
    """A member reporting a contribution; enough reports hide it until a
    moderator decides (settings.COMMUNITY_REPORTS_TO_HIDE)."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    reporter = models.ForeignKey(
        Member, null=True, on_delete=models.SET_NULL, related_name="reports"
    )
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    resolved = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "reporter"],
                name="one_report_per_member",
            )
        ]

    def __str__(self) -> str:
        return f"{self.content_type.model} {self.object_id}"


class Follow(models.Model):
    """A member following a project file, a topic, an area or a category."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="follows")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=60)  # areas are keyed by code
    target = GenericForeignKey("content_type", "object_id")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "content_type", "object_id"], name="follow_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} → {self.content_type.model} {self.object_id}"


class Notification(models.Model):
    """Something a member should hear about (a new comment, reply, topic or project
    file in what they follow); ``sent_at`` is set once, so nothing is sent twice."""

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="notifications"
    )
    key = models.CharField(max_length=120, help_text="e.g. comment:42")
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(fields=["member", "key"], name="notify_once")
        ]

    def __str__(self) -> str:
        return f"{self.member}: {self.key}"


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


class ModerationAction(models.Model):
    """The audit log: every moderation decision, who took it and when."""

    class Kind(models.TextChoices):
        APPROVE = "approve", _("Approved")
        HIDE = "hide", _("Hidden")
        DELETE = "delete", _("Deleted")
        RESTORE = "restore", _("Restored")
        SUSPEND = "suspend", _("Member suspended")
        BAN = "ban", _("Member banned")
        REINSTATE = "reinstate", _("Member reinstated")
        VERIFY = "verify", _("Member verified")
        NOTE = "note", _("Note")
        AUTO_HIDE = "auto_hide", _("Hidden by reports")
        REQUEST = "request", _("Request updated")

    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,  # NULL: the system (e.g. hidden by reports)
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    kind = models.CharField(_("action"), max_length=12, choices=Kind.choices)
    content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL
    )
    object_id = models.CharField(max_length=40, blank=True)
    target = GenericForeignKey("content_type", "object_id")
    member = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("moderation action")
        verbose_name_plural = _("moderation log")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.object_id}"
