"""Comment threads under /ca/comunitat/comentaris/ (community/urls.py): posting on
a page, and each comment's permalink, edit, delete and report pages. Path
segments are translated like the members' pages."""

from django.urls import include, path
from django.utils.translation import pgettext_lazy

from . import views_comments as views

comment_urlpatterns = [
    path("", views.permalink, name="comment_permalink"),
    path(pgettext_lazy("URL path", "edit/"), views.edit_comment, name="comment_edit"),
    path(
        pgettext_lazy("URL path", "delete/"),
        views.delete_comment,
        name="comment_delete",
    ),
    path(
        pgettext_lazy("URL path", "report/"),
        views.report_comment,
        name="comment_report",
    ),
]

urlpatterns = [
    path(
        pgettext_lazy("URL path", "comments/"),
        include(
            [
                path(
                    pgettext_lazy("URL path", "page/"),
                    include(
                        [
                            path(
                                "<int:page_id>/",
                                views.post_comment,
                                name="comment_post",
                            )
                        ]
                    ),
                ),
                path("<int:pk>/", include(comment_urlpatterns)),
            ]
        ),
    ),
]
