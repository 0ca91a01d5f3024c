from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from django.utils.translation import pgettext_lazy
from django.views.i18n import set_language
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from core import legal
from opendata.urls import page_urlpatterns as opendata_page_urlpatterns
from search.urls import api_urlpatterns as search_api_urlpatterns
from search.urls import page_urlpatterns as search_page_urlpatterns
from search.urls_map import api_urlpatterns as map_api_urlpatterns
from search.urls_map import page_urlpatterns as map_page_urlpatterns
from seo.urls import feed_urlpatterns, site_urlpatterns
from visits.urls import ical_urlpatterns as visits_ical_urlpatterns

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/setlang/", set_language, name="set_language"),
    path("favicon.ico", legal.favicon, name="favicon"),
    path("", include((search_api_urlpatterns, "search"))),
    path("", include((map_api_urlpatterns, "search_map"))),
    path("", include((visits_ical_urlpatterns, "visits_ical"))),
    path("", include(site_urlpatterns)),  # robots.txt, sitemap.xml
    path("", include("opendata.urls")),  # /opendata/..., /api/v2/
]


def media_urlpatterns() -> list:
    """Development only: image files and renditions from MEDIA_ROOT. Documents
    are never served from there: only through Wagtail's document view."""
    from django.conf.urls.static import static

    patterns = []
    for folder in ("images/", "original_images/"):
        patterns += static(
            settings.MEDIA_URL + folder, document_root=settings.MEDIA_ROOT / folder
        )
    return patterns


if settings.DEBUG:
    urlpatterns += media_urlpatterns()

# Public pages live under a language prefix: /ca/, /es/, /en/.
urlpatterns += i18n_patterns(
    # Before Wagtail's catch-all, so that the search page wins over any page slug.
    path("", include(search_page_urlpatterns)),
    path("", include(map_page_urlpatterns)),
    # Members' sign-up, login, password reset (django-allauth), then the community.
    # Our confirmation view first (it keeps where the person was going).
    path(pgettext_lazy("URL path", "accounts/"), include("community.urls_accounts")),
    path(pgettext_lazy("URL path", "accounts/"), include("allauth.urls")),
    path(pgettext_lazy("URL path", "community/"), include("community.urls")),
    # Communities of practice and their interest groups (practice/).
    path(pgettext_lazy("URL path", "communities/"), include("practice.urls")),
    path("", include("submissions.urls")),
    path("", include("visits.urls")),
    path("", include((feed_urlpatterns, "feeds"))),  # /ca/feeds/projects.rss
    path("", include(opendata_page_urlpatterns)),  # /ca/dades-obertes/
    path("", include("figures.urls")),  # /ca/xifres/ (figures)
    # The privacy notice and the terms of use (core/legal.py).
    path(pgettext_lazy("URL path", "privacy/"), legal.privacy, name="privacy"),
    path(pgettext_lazy("URL path", "terms/"), legal.terms, name="terms"),
    # /en/machine-translation/<id>/: a project file in the reader's language.
    path("", include("machine_translation.urls")),
    path("", include("project_pages.urls")),
    prefix_default_language=True,
)

# --- Health endpoint -----------------------------------------------------------
# For monitoring and load balancers, outside the language prefix: 200 when every
# check passes, 500 naming the ones that failed. JSON with Accept:
# application/json or ?format=json; text with ?format=text.
from health_check.views import HealthCheckView  # noqa: E402

HEALTH_CHECKS = (
    "health_check.checks.Database",
    "health_check.checks.Cache",
    # Writes, reads and deletes a small file: the media folder is writable.
    "health_check.checks.Storage",
    "search.health.Elasticsearch",
    "core.heartbeat.WorkerHeartbeat",
)
urlpatterns.insert(
    0, path("health/", HealthCheckView.as_view(checks=HEALTH_CHECKS), name="health")
)
