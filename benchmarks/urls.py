"""The site's URLs plus the baseline search API (benchmarks/baseline/views.py)."""

from django.urls import path

from benchmarks.baseline import views
from cms.urls import urlpatterns as site_patterns

urlpatterns = [
    path("bench/baseline/<str:engine>/", views.search_api),
    *site_patterns,
]
