from django import forms
from django.utils.translation import gettext_lazy as _

from core.honeypot import HoneypotFormMixin

from .models import StopRequest


class StopRequestForm(HoneypotFormMixin, forms.ModelForm):
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
