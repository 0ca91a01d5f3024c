"""The honeypot: a field people never see (off screen, skipped by the keyboard,
hidden from screen readers, not autofilled) and bots fill in. A filled one is
spam: nothing is stored or sent.

Django forms mix in ``HoneypotFormMixin`` (the field ``website``, the property
``is_bot``) and render it with ``templates/includes/honeypot_partial.html``
(``honeypot_field=form.website``); forms written by hand (comments, the forum) include
the same template with ``name=POST_FIELD`` and call ``honeypot_filled`` on the
posted data. Each view decides what a bot gets (a thank-you page, or a generic
error a person whose browser filled it anyway can act on).
"""

from __future__ import annotations

import logging

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

logger = logging.getLogger(__name__)

# The field's name in the Django forms (contact, visit and stop requests, the
# submissions web form, and allauth's sign-up form through
# ACCOUNT_SIGNUP_FORM_HONEYPOT_FIELD).
FORM_FIELD = "website"
# The field's name in the comment and forum forms: an innocuous name that bots
# fill in and browsers do not autofill (autocomplete="off").
POST_FIELD = "homepage"


def honeypot_filled(data, name: str = POST_FIELD) -> bool:
    """True when the hidden field that people leave empty has a value (a bot)."""
    filled = bool((data.get(name) or "").strip())
    if filled:
        logger.info("honeypot field filled, post discarded")
    return filled


def honeypot_message() -> str:
    """The generic answer to a filled honeypot: it tells a bot nothing, and a
    person (whose browser filled the hidden field) can simply try again."""
    return _("Your message could not be posted. Please try again.")


class HoneypotField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", gettext_lazy("Leave this field empty"))
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"})
        )
        super().__init__(**kwargs)


class HoneypotFormMixin(forms.Form):
    """Adds the honeypot field to a form (or a ModelForm: put it first in the
    bases) and says whether a bot filled it."""

    website = HoneypotField()

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get(self.add_prefix(FORM_FIELD)))
