"""The sign-up form allauth shows, without the inline style of its honeypot.

allauth draws the honeypot field (``ACCOUNT_SIGNUP_FORM_HONEYPOT_FIELD``) off
screen with a ``style`` attribute, which the Content-Security-Policy
(``style-src 'self'``) refuses; the site's stylesheet places it off screen
instead (``.honeypot`` in static/css/site.css), and the field is drawn like core's
honeypot: labelled, hidden from assistive technology, never autofilled. Kept apart
from community/forms.py, which allauth's own forms import
(``ACCOUNT_SIGNUP_FORM_CLASS``).
"""

from allauth.account import app_settings
from allauth.account.forms import SignupForm
from django.utils.translation import gettext_lazy


class ObservatorySignupForm(SignupForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get(app_settings.SIGNUP_FORM_HONEYPOT_FIELD or "")
        if field is not None:
            # Like core's honeypot: a label (allauth gives none), out of the tab
            # order, never autofilled ("off": allauth's "nope" is no valid
            # value), drawn inside the aria-hidden wrapper of
            # includes/honeypot_partial.html (allauth/elements/fields.html).
            field.widget.attrs.pop("style", None)
            field.widget.attrs.update(
                {"class": "honeypot", "autocomplete": "off", "tabindex": "-1"}
            )
            field.label = gettext_lazy("Leave this field empty")
            field.is_honeypot = True
