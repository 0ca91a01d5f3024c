"""Wagtail's front-end URLs, served through our lighter router (routing.py)."""

from django.urls import re_path
from wagtail import urls as wagtail_urls

from project_pages.routing import serve

urlpatterns = [
    *(p for p in wagtail_urls.urlpatterns if p.name != "wagtail_serve"),
    re_path(wagtail_urls.serve_pattern, serve, name="wagtail_serve"),
]
