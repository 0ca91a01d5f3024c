"""Under a group's address (practice/urls.py): its announcements, the
coordinators' form, a member's email switch and the emails' unsubscribe link."""

from django.urls import path
from django.utils.text import format_lazy
from django.utils.translation import pgettext_lazy

from . import views_announcements as views

urlpatterns = [
    path("", views.announcements, name="announcements"),
    path(pgettext_lazy("URL path", "new/"), views.announce, name="announce"),
    path(
        pgettext_lazy("URL path", "email/"),
        views.email_choice,
        name="announcements_email",
    ),
    path(
        format_lazy("{}<str:token>/", pgettext_lazy("URL path", "unsubscribe/")),
        views.unsubscribe,
        name="announcements_unsubscribe",
    ),
]
