from django.urls import path

from . import views

app_name = "search"

# Mounted outside the language prefix: the API is the same in every language.
api_urlpatterns = [
    path("api/v1/projects/search/", views.search_api, name="api"),
]
