"""A group's meetings, under the group's address (practice/urls.py)."""

from django.urls import path
from django.utils.translation import pgettext_lazy

from . import views_meetings as views

urlpatterns = [
    path(pgettext_lazy("URL path", "new/"), views.schedule, name="meeting_new"),
    path("<int:pk>/", views.edit, name="meeting_edit"),
    path(
        pgettext_lazy("URL path", "<int:pk>/cancel/"),
        views.cancel,
        name="meeting_cancel",
    ),
    path("<int:pk>.ics", views.meeting_ics, name="meeting_ics"),
    path("calendar.ics", views.group_calendar, name="group_calendar"),
    path("calendar/<str:token>.ics", views.member_calendar, name="member_calendar"),
    path(
        pgettext_lazy("URL path", "calendar/new-address/"),
        views.new_calendar_address,
        name="calendar_new_address",
    ),
]
