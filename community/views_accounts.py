"""Our versions of django-allauth's account views (community/urls_accounts.py)."""

from urllib.parse import urlencode

from allauth.account.views import ConfirmEmailView as AllauthConfirmEmailView
from django.urls import reverse

from .accounts import local_path


class ConfirmEmailView(AllauthConfirmEmailView):
    """allauth's confirmation page (``/ca/comptes/confirm-email/<key>/``).

    Confirmed in the browser that signed up, within ``ACCOUNT_LOGIN_TIMEOUT``
    (15 minutes), allauth signs the person in and sends them where they were
    going (``ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION``; the sign-up's session holds
    who and where). Confirmed anywhere else (the mail app's browser, another
    device, a link whose host is not the one they signed up on, or later)
    nobody is signed in: allauth would show the plain sign-in page and then the
    home page. Here the sign-in page gets a ``next``: the path the link carries
    (``AccountAdapter.get_email_confirmation_url``), else the profile a new
    member fills in, as after a same-browser sign-up.
    """

    def get_redirect_url(self) -> str:
        if self.request.user.is_authenticated:
            return super().get_redirect_url()
        next_url = local_path(self.get_next_url()) or reverse("community:profile_edit")
        return f"{reverse('account_login')}?{urlencode({'next': next_url})}"
