"""The "Contact the team" and "Ask to visit" forms of a project file.

A member's email address is the one of their account: prefilled and not editable
(a disabled field ignores whatever is posted). Both forms carry core's honeypot
field, which people never see and bots fill in.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.honeypot import HoneypotFormMixin

from .models import ContactRequest, Member, VisitRequest


class RequestForm(HoneypotFormMixin, forms.ModelForm):
    """What both request forms share: the sender's name and address (a member's
    own, not editable) and core's honeypot."""

    def __init__(self, *args, member: Member | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.member = member
        if member is not None:
            self.fields["name"].initial = member.display_name
            self.fields["email"].initial = member.user.email
            self.fields["email"].disabled = True
            self.fields["email"].help_text = _(
                "The address of your account: the team will answer you there."
            )
        else:
            self.fields["email"].help_text = _(
                "The team will answer you at this address."
            )
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["name"].widget.attrs["autocomplete"] = "name"


class ContactForm(RequestForm):
    class Meta:
        model = ContactRequest
        fields = ["name", "email", "message"]
        labels = {
            "name": _("Your name"),
            "email": _("Your email address"),
            "message": _("Your message"),
        }
        help_texts = {
            "message": _(
                "What would you like to ask the team? Up to 5,000 characters."
            ),
        }
        widgets = {"message": forms.Textarea(attrs={"rows": 8})}


class VisitForm(RequestForm):
    people = forms.IntegerField(
        label=_("Number of people"),
        min_value=1,
        max_value=60,
        help_text=_("Between 1 and 60."),
    )

    class Meta:
        model = VisitRequest
        fields = [
            "name",
            "email",
            "organisation",
            "proposed_dates",
            "people",
            "purpose",
        ]
        labels = {
            "name": _("Your name"),
            "email": _("Your email address"),
            "organisation": _("Your administration"),
            "proposed_dates": _("Proposed dates"),
            "purpose": _("Purpose of the visit"),
        }
        help_texts = {
            "organisation": _("The administration or organisation that would visit."),
            "purpose": _("What would you like to see and learn?"),
        }
        widgets = {"purpose": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, member: Member | None = None, **kwargs):
        super().__init__(*args, member=member, **kwargs)
        if member is not None and member.entity_id:
            self.fields["organisation"].initial = member.entity.name
