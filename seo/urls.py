"""Feeds (under the language prefix) and what crawlers read (at the site root).

- ``/<lang>/feeds/projects.rss`` and ``.atom``: new project files of that language;
  they accept the search API's filters (``?area=social_services&near=41.98,2.82
  &within=25``).
- ``/<lang>/feeds/articles.rss`` and ``.atom``: the latest articles.
- ``/<lang>/feeds/stops.rss`` and ``.atom``: the caravan's new stops.
- ``/sitemap.xml`` (index), ``/sitemap-<section>.xml?p=<n>``, ``/robots.txt``.

The feed paths are not translated: they are addresses for programs, and stay the
same whatever editors name the sections.
"""

from django.urls import path

from seo.feeds import FEEDS, feed_patterns
from seo.sitemaps import robots_txt, sitemap_index, sitemap_section

# Mounted in i18n_patterns with the namespace "feeds" (cms/urls.py).
feed_urlpatterns = [
    pattern for name, feed in FEEDS.items() for pattern in feed_patterns(name, feed)
]

# Mounted at the site root, without a namespace.
site_urlpatterns = [
    path("robots.txt", robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap_index, name="sitemap_index"),
    path("sitemap-<slug:section>.xml", sitemap_section, name="sitemap_section"),
]
