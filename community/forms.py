"""Community forms."""

from django import forms
from django.utils.translation import gettext_lazy as _


class SignupProfileForm(forms.Form):
    """Extra fields of allauth's signup form: the name shown to others."""

    display_name = forms.CharField(
        label=_("Display name"),
        max_length=80,
        help_text=_("The name shown next to your contributions."),
    )

    def signup(self, request, user):
        """Called by allauth after the user is saved (the adapter creates the
        member profile with this name)."""
