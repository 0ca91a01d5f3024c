from django import forms
from django.utils.translation import gettext_lazy as _

from .models import StopRequest


class StopRequestForm(forms.ModelForm):
    # Hidden from people (CSS and aria-hidden) and from autofill; bots fill it.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = StopRequest
        fields = [
            "organisation",
            "project",
            "proposed_dates",
            "name",
            "email",
            "phone",
            "message",
        ]
        widgets = {"message": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "proposed_dates": _(
                "Two or three options, e.g. 'Tuesday 12 or Thursday 14 May, mornings'."
            ),
            "message": _(
                "Optional: what visitors will see, how many you can host, access."
            ),
        }

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get(self.add_prefix("website")))
