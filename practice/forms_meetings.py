"""The coordinators' meeting form: when, where (a place, a video link or
both), what about. Times are the site's time zone (Europe/Madrid), as the
browser's date and time fields give them."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models_meetings import Meeting

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
AGENDA_MAX = 5000


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format=DATETIME_FORMAT, **kwargs)


class MeetingForm(forms.ModelForm):
    starts_at = forms.DateTimeField(
        label=_("Starts"),
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M"],
        widget=DateTimeLocalInput(),
    )
    ends_at = forms.DateTimeField(
        label=_("Ends"),
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M"],
        widget=DateTimeLocalInput(),
    )
    video_url = forms.URLField(
        label=_("Video link"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("The https:// address of the video call."),
    )
    agenda = forms.CharField(
        label=_("Agenda"),
        required=False,
        max_length=AGENDA_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    class Meta:
        model = Meeting
        fields = ["title", "starts_at", "ends_at", "place", "video_url", "agenda"]
        labels = {
            "title": _("Title"),
            "place": _("Place"),
        }
        help_texts = {
            "place": _("The address, or the room and building."),
        }

    def clean_video_url(self) -> str:
        url = self.cleaned_data.get("video_url", "")
        if url and not url.lower().startswith("https://"):
            raise forms.ValidationError(_("The video link must start with https://."))
        return url

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The meeting must end after it starts."))
        if starts and self.instance.pk is None and starts < timezone.now():
            self.add_error("starts_at", _("This time has already passed."))
        if (
            not cleaned.get("place")
            and not cleaned.get("video_url")
            and not (self.errors.get("video_url"))
        ):
            raise forms.ValidationError(
                _("Say where the meeting is: a place, a video link or both.")
            )
        return cleaned
