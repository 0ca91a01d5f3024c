"""Under /ca/comunitats/ (cms/urls.py): the communities, a community's groups,
a group's page, the membership buttons and the coordinators' page."""

from django.urls import include, path
from django.utils.translation import pgettext_lazy

from . import views

app_name = "practice"

urlpatterns = [
    path("", views.communities, name="index"),
    path("<slug:community>/", views.community, name="community"),
    path(
        "<slug:community>/<slug:group>/",
        include(
            [
                path("", views.group, name="group"),
                path(
                    pgettext_lazy("URL path", "membership/"),
                    views.membership,
                    name="membership",
                ),
                path(
                    pgettext_lazy("URL path", "manage/"),
                    views.manage,
                    name="manage",
                ),
                path(
                    pgettext_lazy("URL path", "announcements/"),
                    include("practice.urls_announcements"),
                ),
                # Shared documents, meetings, followed project files (0026).
                path(
                    pgettext_lazy("URL path", "documents/"),
                    include("practice.urls_documents"),
                ),
                path(
                    pgettext_lazy("URL path", "meetings/"),
                    include("practice.urls_meetings"),
                ),
                path(
                    pgettext_lazy("URL path", "project-files/"),
                    include("practice.urls_projects"),
                ),
            ]
        ),
    ),
]
