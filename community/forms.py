"""Community forms."""

from django import forms
from django.utils.translation import gettext_lazy as _

from project_pages.models import Entity

from .models import Member


class SignupProfileForm(forms.Form):
    """Extra fields of allauth's signup form: the name shown to others."""

    # allauth builds its signup form on this class and honours this order.
    field_order = ["email", "display_name", "password1", "password2"]

    display_name = forms.CharField(
        label=_("Display name"),
        max_length=80,
        help_text=_("The name shown next to your contributions."),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )

    def clean_display_name(self) -> str:
        name = " ".join(self.cleaned_data["display_name"].split())
        if not name:
            raise forms.ValidationError(_("Enter the name others will see."))
        return name

    def signup(self, request, user):
        """Called by allauth after the user is saved (the adapter creates the
        member profile with this name)."""


class EntityChoiceField(forms.ModelChoiceField):
    """Administrations by name, with the town when it is not in the name: two
    councils called "Consell Comarcal" are told apart by where they sit."""

    def label_from_instance(self, obj: Entity) -> str:
        if obj.municipality and obj.municipality not in obj.name:
            return f"{obj.name} ({obj.municipality})"
        return obj.name


class ProfileForm(forms.ModelForm):
    """What a member edits about themselves. Status, verification and the account's
    email are not here: editors set the first two, allauth manages the email."""

    entity = EntityChoiceField(
        label=_("Administration"),
        queryset=Entity.objects.only("pk", "name", "municipality").order_by("name"),
        required=False,
        empty_label=_("(none or not listed)"),
        help_text=_("The administration or organisation you work for."),
    )

    class Meta:
        model = Member
        fields = ["display_name", "entity", "role", "bio", "language", "frequency"]
        labels = {
            "display_name": _("Display name"),
            "role": _("Role"),
            "bio": _("Short bio"),
            "language": _("Preferred language"),
            "frequency": _("Email notifications"),
        }
        help_texts = {
            "display_name": _("The name shown next to your contributions."),
            "role": _("e.g. 'Head of IT', 'Citizen services officer'."),
            "bio": _(
                "A few lines about your work (plain text; web addresses become links)."
            ),
            "language": _("The language of the emails we send you."),
            "frequency": _("How often we email you about what you follow."),
        }
        widgets = {
            "bio": forms.Textarea(attrs={"rows": 5, "maxlength": 1000}),
        }

    def clean_display_name(self) -> str:
        name = " ".join(self.cleaned_data["display_name"].split())
        if not name:
            raise forms.ValidationError(_("Enter the name others will see."))
        return name


class DeleteAccountForm(forms.Form):
    """Deleting an account cannot be undone, so the member types their email
    address or their password: a click alone (or a stolen session left open on a
    shared computer with a forged request) is not enough."""

    confirmation = forms.CharField(
        label=_("Your email address or your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_confirmation(self) -> str:
        value = self.cleaned_data["confirmation"]
        email_matches = bool(self.user.email) and (
            value.strip().casefold() == self.user.email.casefold()
        )
        if not (email_matches or self.user.check_password(value)):
            raise forms.ValidationError(
                _("That is neither your email address nor your password.")
            )
        return value
