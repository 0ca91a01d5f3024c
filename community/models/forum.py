"""The forum: a category per area plus a general one, topics and replies."""

from django.conf import settings
from django.db import models
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .contributions import Contribution

GENERAL = pgettext_lazy("forum category", "General")


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
    # False for the discussions of an interest group (practice.InterestGroup's
    # ``forum_category``): left out of the forum's lists, search, feeds, sitemap
    # and digests for outsiders; who may read them is asked of the access check
    # that the owning app registers (docs/decisions/0023).
    listed = models.BooleanField(_("listed in the forum"), default=True)

    class Meta:
        verbose_name = _("forum category")
        verbose_name_plural = _("forum categories")
        ordering = ["order", "slug"]

    def __str__(self) -> str:
        return self.name

    @property
    def url_slug(self) -> str:
        """The slug of its address in the active language: an area's label
        slugified ("serveis-i-tramits", "services-and-procedures"), "general";
        an unlisted category keeps its stored slug. ``views_forum`` finds a
        category by the slug of any language and redirects to this one."""
        if self.listed:
            return slugify(self.name) or self.slug
        return self.slug

    def url_slugs(self) -> set[str]:
        """Every slug that names it: stored, and one per site language."""
        slugs = {self.slug}
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                slugs.add(self.url_slug)
        return slugs

    @property
    def name(self) -> str:
        """The area's label, "General", or for an unlisted category the name its
        owner gives it (an interest group's title, through ``forum_access``)."""
        if not self.listed:
            from ..forum_access import title

            owned = title(self)
            if owned:
                return owned
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
