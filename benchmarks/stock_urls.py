"""The site's URLs with Wagtail's stock page router: the benchmark's baseline.

Same pages, same templates, same admin and document URLs; the public pages go
through ``wagtail.urls`` instead of ``project_pages.urls``, and the benchmark turns
``FastRoutingMixin`` off while it uses these URLs, so the ratio between the two
shows what project_pages/routing.py saves.
"""

from django.conf.urls.i18n import i18n_patterns
from django.urls import LocalePrefixPattern, include, path
from wagtail import urls as wagtail_urls

from cms.urls import urlpatterns as site_patterns

urlpatterns = [
    pattern
    for pattern in site_patterns
    if not isinstance(getattr(pattern, "pattern", None), LocalePrefixPattern)
] + i18n_patterns(path("", include(wagtail_urls)), prefix_default_language=True)
