"""Members' pages under /ca/comunitat/ (community/urls.py): public profiles at
/ca/comunitat/membres/<id>/, the directory at /ca/comunitat/directori/, "I worked
on this project" at /ca/comunitat/hi-he-treballat/<page id>/, the signed-in
member's own pages under /ca/comunitat/perfil/. Path segments are translated
like the search page's."""

from django.urls import include, path
from django.utils.translation import pgettext_lazy

from . import views_members as views

urlpatterns = [
    path(
        pgettext_lazy("URL path", "directory/"),
        views.directory,
        name="member_directory",
    ),
    path(
        pgettext_lazy("URL path", "worked-on/"),
        include([path("<int:page_id>/", views.project_claim, name="project_claim")]),
    ),
    path(
        pgettext_lazy("URL path", "members/"),
        include([path("<int:pk>/", views.member_profile, name="member_profile")]),
    ),
    path(
        pgettext_lazy("URL path", "profile/"),
        include(
            [
                path("", views.profile_edit, name="profile_edit"),
                path(
                    pgettext_lazy("URL path", "my-data/"),
                    views.data_download,
                    name="data_download",
                ),
                path(
                    pgettext_lazy("URL path", "delete-account/"),
                    views.account_delete,
                    name="account_delete",
                ),
            ]
        ),
    ),
]
