"""The site's other page types and the rules of the tree they form."""

from django.core.paginator import Paginator
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from core.caching import TreeCachedPaginator, tree_cached
from project_pages.blocks import BodyBlock
from project_pages.routing import FastRoutingMixin
from project_pages.structured_data import (
    PageMetadataMixin,
    article_data,
    home_data,
    image_info,
)
from project_pages.vocabularies import AREA_DESCRIPTIONS, AreaCode

from .project import ProjectPage


class HomePage(PageMetadataMixin, FastRoutingMixin, Page):
    """The root of each language's tree: latest project files and the ways in."""

    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("One or two sentences saying what the observatory is for."),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "project_pages.ProjectIndexPage",
        "project_pages.ArticleIndexPage",
        "project_pages.StandardPage",
        "visits.CaravanIndexPage",
    ]
    template = "project_pages/home_page.html"
    feed_names = ("projects", "articles")

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def structured_data(self, url: str | None, request=None, image=None) -> dict:
        """The site itself, with its search box."""
        return home_data(self, url, request)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        projects = ProjectPage.objects.live().public().filter(locale_id=self.locale_id)
        context["latest_projects"] = ProjectPage.for_cards(
            projects.order_by("-first_published_at", "-pk")
        )[:6]
        context["project_index"] = (
            ProjectIndexPage.objects.live().child_of(self).first()
        )
        context["article_index"] = (
            ArticleIndexPage.objects.live().child_of(self).first()
        )
        context["areas"] = [
            {
                "code": code.value,
                "label": code.label,
                "description": AREA_DESCRIPTIONS[code],
            }
            for code in AreaCode
        ]
        return context


class ProjectIndexPage(PageMetadataMixin, FastRoutingMixin, Page):
    """Lists the project files of one language, newest first, paginated."""

    intro = models.TextField(
        _("introduction"), blank=True, help_text=_("Shown above the list.")
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["project_pages.HomePage"]
    subpage_types = ["project_pages.ProjectPage"]
    max_count_per_parent = 1
    template = "project_pages/project_index_page.html"
    page_size = 20
    # In the site's main menu (a new one too; editors may untick it).
    show_in_menus_default = True
    is_listing = True
    feed_names = ("projects",)

    class Meta:
        verbose_name = _("project index")
        verbose_name_plural = _("project indexes")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        projects = ProjectPage.for_cards(
            ProjectPage.objects.child_of(self)
            .live()
            .public()
            .order_by("-first_published_at", "-pk")
        )
        paginator = TreeCachedPaginator(
            projects, self.page_size, count_key=f"projects-of-{self.pk}"
        )
        context["projects"] = paginator.get_page(request.GET.get("page"))
        # "in English", "en català", "en español": a language's name in a sentence.
        name = str(
            translation.get_language_info(self.locale.language_code)["name_translated"]
        )
        if translation.get_language() in ("ca", "es"):
            name = name[:1].lower() + name[1:]
        context["language_name"] = name
        # The search finds project files in every language (a translation counts
        # once, as there): the list links to it with their number.
        context["all_languages_count"] = tree_cached(
            "count:projects-all-languages",
            lambda: (
                ProjectPage.objects.live()
                .public()
                .values("translation_key")
                .distinct()
                .count()
            ),
        )
        return context


class ArticleIndexPage(PageMetadataMixin, FastRoutingMixin, Page):
    """News and opinion pieces, the observatory's blog."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["project_pages.HomePage"]
    subpage_types = ["project_pages.ArticlePage"]
    max_count_per_parent = 1
    template = "project_pages/article_index_page.html"
    # In the site's main menu (a new one too; editors may untick it).
    show_in_menus_default = True
    is_listing = True
    feed_names = ("articles",)

    class Meta:
        verbose_name = _("article index")
        verbose_name_plural = _("article indexes")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles = (
            ArticlePage.objects.child_of(self).live().public().order_by("-date", "-pk")
        )
        context["articles"] = Paginator(articles, 20).get_page(request.GET.get("page"))
        return context


class ArticlePage(PageMetadataMixin, FastRoutingMixin, Page):
    """A news item or an opinion piece."""

    date = models.DateField(_("date"), help_text=_("Publication date shown."))
    author = models.CharField(
        _("author"),
        max_length=255,
        blank=True,
        help_text=_("Who signs the article."),
    )
    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("A short lead shown in lists and at the top."),
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("author"),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
    ]
    parent_page_types = ["project_pages.ArticleIndexPage"]
    subpage_types: list[str] = []
    template = "project_pages/article_page.html"
    og_type = "article"

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    def structured_data(self, url: str | None, request=None, image=None) -> dict:
        if image is None:
            image = image_info(self.share_image(), request)
        return article_data(self, url, image, request)


class StandardPage(PageMetadataMixin, FastRoutingMixin, Page):
    """About, how to submit, acceptance criteria: plain editorial pages."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("body")]
    parent_page_types = ["project_pages.HomePage", "project_pages.StandardPage"]
    subpage_types = ["project_pages.StandardPage"]
    template = "project_pages/standard_page.html"

    class Meta:
        verbose_name = _("standard page")
        verbose_name_plural = _("standard pages")
