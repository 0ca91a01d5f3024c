"""Following pages under /ca/comunitat/ (community/urls.py): the member's
"Following" page, the follow and unfollow buttons' target, and the one-click
unsubscribe link of the notification emails (no login needed)."""

from django.urls import include, path
from django.utils.translation import pgettext_lazy

from . import views_following as views

urlpatterns = [
    path(
        pgettext_lazy("URL path", "following/"),
        include(
            [
                path("", views.following_list, name="following"),
                path("<str:kind>/<str:pk>/", views.follow_toggle, name="follow"),
            ]
        ),
    ),
    path(
        pgettext_lazy("URL path", "unsubscribe/"),
        include([path("<str:token>/", views.unsubscribe_view, name="unsubscribe")]),
    ),
]
