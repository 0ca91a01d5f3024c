"""URLs of the map: the JSON outside the language prefix, like the search
API; the page under it (/ca/mapa/, /es/mapa/, /en/map/)."""

from django.urls import path
from django.utils.translation import pgettext_lazy

from . import views_map

app_name = "search_map"

api_urlpatterns = [
    path("api/v1/projects/map/", views_map.map_api, name="api"),
]

page_urlpatterns = [
    path(pgettext_lazy("URL path", "map/"), views_map.map_page, name="map_page"),
]
