"""The community's pages, under the language prefix (cms/urls.py): /ca/comunitat/,
/es/comunidad/, /en/community/. Each part has its own module."""

from django.urls import include, path

app_name = "community"

urlpatterns = [
    path("", include("community.urls_members")),
    path("", include("community.urls_comments")),
    path("", include("community.urls_requests")),
    path("", include("community.urls_following")),
    path("", include("community.urls_forum")),
]
