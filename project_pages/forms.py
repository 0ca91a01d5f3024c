"""Admin forms: the entity form picks its place from the gazetteer."""

import re

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from project_pages.gazetteer import find_place
from project_pages.models import Place

_PLACE_ID = re.compile(r"#(\d+)\)?\s*$")

PLACE_FIELDS = (
    "municipality",
    "region",
    "country",
    "population",
    "latitude",
    "longitude",
)


class GazetteerWidget(forms.TextInput):
    """A text box that suggests gazetteer places as the editor types (with JS).

    Without JavaScript the editor types a municipality's name and the form looks
    it up on save.
    """

    template_name = "project_pages/widgets/gazetteer.html"

    def __init__(self, attrs=None):
        attrs = {
            "autocomplete": "off",
            "data-gazetteer-url": reverse_lazy("project_pages_gazetteer"),
            "placeholder": _("Start typing a municipality, e.g. Manlleu"),
            **(attrs or {}),
        }
        super().__init__(attrs)

    class Media:
        js = ["js/gazetteer.js"]


class EntityForm(WagtailAdminModelForm):
    gazetteer_place = forms.CharField(
        label=_("Find the municipality in the gazetteer"),
        required=False,
        widget=GazetteerWidget,
        help_text=_(
            "Pick a place to fill the municipality, county (or province or region), "
            "country, population and coordinates. Values you type in those fields "
            "yourself take precedence."
        ),
    )

    def clean_gazetteer_place(self) -> Place | None:
        text = (self.cleaned_data.get("gazetteer_place") or "").strip()
        if not text:
            return None
        match = _PLACE_ID.search(text)
        place = None
        if match:
            place = Place.objects.filter(geonameid=int(match.group(1))).first()
        if place is None:
            place = find_place(text)
        if place is None:
            raise forms.ValidationError(
                _(
                    "No municipality called “%(name)s” in the gazetteer. Check the "
                    "spelling, or leave this empty and fill the fields by hand."
                ),
                params={"name": text},
            )
        return place

    def clean(self):
        cleaned = super().clean()
        place = cleaned.get("gazetteer_place")
        if place is not None:
            values = {
                "municipality": place.name,
                "region": place.county_or_region,
                "country": place.country,
                "population": place.population or None,
                "latitude": place.latitude,
                "longitude": place.longitude,
            }
            for field, value in values.items():
                typed = field in self.changed_data and cleaned.get(field) not in (
                    None,
                    "",
                )
                if not typed and value not in (None, ""):
                    cleaned[field] = value
                    self.errors.pop(field, None)
        return cleaned
