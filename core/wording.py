"""Strings of Django and django-allauth that the public pages show, translated
again in our catalogues (locale/ wins over the packages' own).

Their Catalan catalogues speak "tu" ("Registra't", "La teva contrasenya") and
one has a typo ("no potser"); the site speaks "vós" and "usted" everywhere
(docs/decisions/0019-one-register-per-language-and-dates.md). Listed here so
that ``makemessages`` keeps the entries; nothing imports this module.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

THIRD_PARTY = (
    # django-allauth: the sign-up page's title, heading and button.
    gettext_noop("Signup"),
    gettext_noop("Sign Up"),
    # django-allauth: the page after signing up ("direcció", "la seva").
    gettext_noop("Verify Your Email Address"),
    gettext_noop(
        "We have sent an email to you for verification. Follow the link provided "
        "to finalize the signup process. If you do not see the verification email "
        "in your main inbox, check your spam folder. Please contact us if you do "
        "not receive the verification email within a few minutes."
    ),
    # Django's password validators, shown under the password field and as errors.
    gettext_noop(
        "Your password can’t be too similar to your other personal information."
    ),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("Your password can’t be entirely numeric."),
    ngettext_lazy(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        "min_length",
    ),
)
