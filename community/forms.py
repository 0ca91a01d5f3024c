"""Community forms."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from project_pages.models import Area, Entity, ProjectPage

from .models import Member, MemberProject


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

    expertise_areas = forms.ModelMultipleChoiceField(
        label=_("Areas of expertise"),
        queryset=Area.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    add_project = forms.ModelChoiceField(
        label=_("Add a project file you worked on"),
        queryset=ProjectPage.objects.none(),
        required=False,
        empty_label=_("(choose a project file)"),
        help_text=_("The project files of your administration."),
    )
    add_project_role = forms.CharField(
        label=_("Your role in that project"),
        max_length=120,
        required=False,
        help_text=_("e.g. 'project lead', 'technical lead', 'trainer'."),
    )
    remove_projects = forms.ModelMultipleChoiceField(
        label=_("Remove from my projects"),
        queryset=MemberProject.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Member
        fields = [
            "display_name",
            "entity",
            "role",
            "bio",
            "visibility",
            "expertise_areas",
            "expertise",
            "language",
            "frequency",
        ]
        labels = {
            "display_name": _("Display name"),
            "role": _("Role"),
            "bio": _("Short bio"),
            "language": _("Preferred language"),
            "frequency": _("Email notifications"),
            "visibility": _("Who can find my professional profile"),
            "expertise": _("Expertise and technologies"),
        }
        help_texts = {
            "display_name": _("The name shown next to your contributions."),
            "role": _("e.g. 'Head of IT', 'Citizen services officer'."),
            "bio": _(
                "A few lines about your work (plain text; web addresses become links)."
            ),
            "language": _("The language of the emails we send you."),
            "frequency": _("How often we email you about what you follow."),
            "visibility": _(
                "Who sees your areas, your expertise and your projects in the "
                "members' directory and on the project files you worked on. "
                "Your email address is never shown: people write to you "
                "through the site."
            ),
            "expertise": _("e.g. 'electronic records, open data, Decidim, GIS'."),
        }
        widgets = {
            "bio": forms.Textarea(attrs={"rows": 5, "maxlength": 1000}),
            "visibility": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        member = self.instance
        # A form posted without the choice (an older page left open) keeps it.
        self.fields["visibility"].required = False
        claimed = (
            member.project_links.values("page__translation_key") if member.pk else []
        )
        # The projects of the member's administration, not yet claimed: a short
        # list that works without JavaScript (the site holds thousands of files).
        self.fields["add_project"].queryset = (
            ProjectPage.objects.live()
            .public()
            .filter(
                # In the language being read: a translation is the same project.
                project_entities__entity_id=member.entity_id,
                locale=Locale.get_active(),
            )
            .exclude(translation_key__in=claimed)
            .distinct()
            .order_by("title")
            if member.entity_id
            else ProjectPage.objects.none()
        )
        if not member.entity_id:
            self.fields["add_project"].help_text = _(
                "Choose your administration and save first: its project files "
                "are then listed here. You can also use “I worked on this "
                "project” on any project file."
            )
        links = (
            member.project_links.select_related("page")
            if member.pk
            else MemberProject.objects.none()
        )
        self.fields["remove_projects"].queryset = links
        self.fields["remove_projects"].label_from_instance = lambda link: (
            f"{link.page.title} ({link.role})" if link.role else link.page.title
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("add_project_role") and not cleaned.get("add_project"):
            self.add_error(
                "add_project", _("Choose the project file this role is for.")
            )
        return cleaned

    def clean_visibility(self) -> str:
        return self.cleaned_data.get("visibility") or self.instance.visibility

    def save(self, commit: bool = True) -> Member:
        member = super().save(commit=commit)
        if commit:
            removed = self.cleaned_data.get("remove_projects")
            if removed:
                for link in removed:
                    link.delete()
            page = self.cleaned_data.get("add_project")
            if page is not None:
                MemberProject.objects.get_or_create(
                    member=member,
                    page=page,
                    defaults={"role": self.cleaned_data.get("add_project_role", "")},
                )
        return member

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
