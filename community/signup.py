"""The sign-up form allauth shows, without the inline style of its honeypot.

allauth draws the honeypot field (``ACCOUNT_SIGNUP_FORM_HONEYPOT_FIELD``) off
screen with a ``style`` attribute, which the Content-Security-Policy
(``style-src 'self'``) refuses; the site's stylesheet places it off screen
instead (``.honeypot`` in static/css/site.css). Kept apart from community/forms.py,
which allauth's own forms import (``ACCOUNT_SIGNUP_FORM_CLASS``).
"""

from allauth.account import app_settings
from allauth.account.forms import SignupForm


class ObservatorySignupForm(SignupForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get(app_settings.SIGNUP_FORM_HONEYPOT_FIELD or "")
        if field is not None:
            field.widget.attrs.pop("style", None)
            field.widget.attrs["class"] = "honeypot"
