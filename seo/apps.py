from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SeoConfig(AppConfig):
    """What crawlers and feed readers read: canonical URLs, Open Graph, JSON-LD,
    feeds, sitemaps and robots.txt."""

    name = "seo"
    verbose_name = _("Search engines and feeds")
