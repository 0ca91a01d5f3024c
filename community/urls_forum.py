"""The forum under /ca/comunitat/forum/ (community/urls.py): categories, topics,
replies (with a permalink each) and the forum search. Path segments are
translated like the other community pages."""

from django.urls import include, path
from django.utils.translation import pgettext_lazy

from . import views_forum as views


def _actions(kind: str) -> list:
    return [
        path(
            pgettext_lazy("URL path", "edit/"),
            views.edit_contribution,
            {"kind": kind},
            name=f"forum_{kind}_edit",
        ),
        path(
            pgettext_lazy("URL path", "delete/"),
            views.delete_contribution,
            {"kind": kind},
            name=f"forum_{kind}_delete",
        ),
        path(
            pgettext_lazy("URL path", "report/"),
            views.report_contribution,
            {"kind": kind},
            name=f"forum_{kind}_report",
        ),
    ]


urlpatterns = [
    path(
        pgettext_lazy("URL path", "forum/"),
        include(
            [
                path("", views.forum_home, name="forum"),
                path(
                    pgettext_lazy("URL path", "search/"),
                    views.forum_search,
                    name="forum_search",
                ),
                path(
                    pgettext_lazy("URL path", "topics/"),
                    include(
                        [
                            path(
                                "<int:pk>/",
                                include(
                                    [
                                        path("", views.topic_view, name="forum_topic"),
                                        path(
                                            pgettext_lazy("URL path", "reply/"),
                                            views.reply,
                                            name="forum_reply",
                                        ),
                                        path(
                                            pgettext_lazy("URL path", "manage/"),
                                            views.manage_topic,
                                            name="forum_topic_manage",
                                        ),
                                        *_actions("topic"),
                                    ]
                                ),
                            ),
                        ]
                    ),
                ),
                path(
                    pgettext_lazy("URL path", "replies/"),
                    include(
                        [
                            path(
                                "<int:pk>/",
                                views.post_permalink,
                                name="forum_post",
                            ),
                            path("<int:pk>/", include(_actions("post"))),
                        ]
                    ),
                ),
                path(
                    "<slug:slug>/",
                    include(
                        [
                            path("", views.category_view, name="forum_category"),
                            path(
                                pgettext_lazy("URL path", "new-topic/"),
                                views.new_topic,
                                name="forum_new_topic",
                            ),
                        ]
                    ),
                ),
            ]
        ),
    ),
]
