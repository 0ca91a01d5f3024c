"""The caravan's actions and forms under the language prefix (cms/urls.py)."""

from django.urls import path
from django.utils.translation import pgettext_lazy

from . import views

app_name = "visits"

urlpatterns = [
    path(
        pgettext_lazy("URL path", "caravan/stops/<int:pk>/register/"),
        views.register,
        name="register",
    ),
    path(
        pgettext_lazy("URL path", "caravan/stops/<int:pk>/cancel/"),
        views.cancel,
        name="cancel",
    ),
    path(
        pgettext_lazy("URL path", "caravan/request-a-stop/"),
        views.request_stop,
        name="request",
    ),
    path(
        pgettext_lazy("URL path", "caravan/request-a-stop/sent/"),
        views.request_sent,
        name="request_sent",
    ),
]

# Outside the language prefix: calendar clients subscribe to one address.
ical_urlpatterns = [
    path("calendar/stops.ics", views.stops_ics, name="stops_ics"),
    path("calendar/stops/<int:pk>.ics", views.stop_ics, name="stop_ics"),
]
