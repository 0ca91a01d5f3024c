"""Open data URLs.

``urlpatterns`` are machine endpoints, the same in every language, mounted outside
the language prefix (cms/urls.py): /opendata/projects.json, .csv, .zip, the DCAT-AP
catalogue /opendata/catalog.jsonld, the schema, and Wagtail's API v2 at /api/v2/.
Their addresses are stable: portals harvest them.

``page_urlpatterns`` is the page for people, mounted under the language prefix
with a translated path: /ca/dades-obertes/, /es/datos-abiertos/, /en/open-data/.
"""

from django.urls import path
from django.utils.translation import pgettext_lazy

from . import views
from .api import api_router

urlpatterns = [
    path("opendata/", views.opendata_root, name="opendata_root"),
    path("opendata/projects.json", views.projects_json, name="opendata_json"),
    path("opendata/projects.csv", views.projects_csv, name="opendata_csv"),
    path("opendata/projects.zip", views.projects_zip, name="opendata_zip"),
    path("opendata/catalog.jsonld", views.catalogue, name="opendata_catalogue"),
    path("opendata/project-file.schema.json", views.schema, name="opendata_schema"),
    path("api/v2/", api_router.urls),
]

page_urlpatterns = [
    path(
        pgettext_lazy("URL path", "open-data/"),
        views.opendata_page,
        name="opendata_page",
    ),
]
