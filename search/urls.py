from django.urls import path
from django.utils.translation import pgettext_lazy

from . import views

app_name = "search"

# Mounted outside the language prefix: the API is the same in every language.
api_urlpatterns = [
    path("api/v1/projects/search/", views.search_api, name="api"),
    path("api/v1/places/", views.places_api, name="places"),
]

# Mounted under the language prefix (cms/urls.py): /ca/cerca/, /es/buscar/,
# /en/search/. The path is translated so that each language reads naturally.
page_urlpatterns = [
    path(pgettext_lazy("URL path", "search/"), views.search_page, name="search_page"),
]
