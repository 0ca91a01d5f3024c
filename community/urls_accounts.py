"""Our versions of django-allauth's account views, under the same paths and
names (cms/urls.py includes this before ``allauth.urls``)."""

from django.urls import re_path

from .views_accounts import ConfirmEmailView

urlpatterns = [
    # allauth's own pattern (allauth/account/urls.py).
    re_path(
        r"^confirm-email/(?P<key>[-:\w]+)/$",
        ConfirmEmailView.as_view(),
        name="account_confirm_email",
    ),
]
