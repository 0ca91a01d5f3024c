"""One row per indexed project file, built from our ``ProjectDocument`` so that the
baseline searches exactly the data our engines search.

Text fields hold the shared analysis' terms (search/analysis.py), so the stock
backends match the same words as ours and the comparison is about how the facets
are computed, not about stemming. Multi-valued facets are many-to-many relations
with a ``FilterField`` on the relation: the stock way (Wagtail's own tests facet
``tags`` like this), counted per related row; filters go through ``RelatedFields``
(``areas__value__in``), which modelsearch can translate on every backend.
"""

from django.db import models
from modelsearch import index

# Facet name of the contract -> the relation or column holding it here.
FACET_FIELDS = {
    "area": "areas",
    "type": "types",
    "phase": "phase",
    "size": "size",
    "country": "countries",
    "technology": "technologies",
    "tag": "tags",
}
MULTI_VALUED = ("area", "type", "country", "technology", "tag")


class BaselineValue(models.Model):
    """A value of a multi-valued facet (facet, value): what the relations point to."""

    facet = models.CharField(max_length=20)
    value = models.CharField(max_length=255)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["facet", "value"], name="baseline_value")
        ]

    def __str__(self) -> str:
        return f"{self.facet}={self.value}"


class BaselineProject(index.Indexed, models.Model):
    id = models.IntegerField(primary_key=True)  # the page id
    title_terms = models.TextField(blank=True)
    summary_terms = models.TextField(blank=True)
    body_terms = models.TextField(blank=True)
    phase = models.CharField(max_length=20, blank=True)
    size = models.CharField(max_length=20, blank=True)
    first_published_at = models.DateTimeField(null=True)
    data = models.JSONField(default=dict)
    areas = models.ManyToManyField(BaselineValue, related_name="+")
    types = models.ManyToManyField(BaselineValue, related_name="+")
    countries = models.ManyToManyField(BaselineValue, related_name="+")
    technologies = models.ManyToManyField(BaselineValue, related_name="+")
    tags = models.ManyToManyField(BaselineValue, related_name="+")

    search_fields = [
        index.SearchField("title_terms", boost=4),
        index.SearchField("summary_terms", boost=2),
        index.SearchField("body_terms"),
        index.FilterField("id"),
        index.FilterField("phase"),
        index.FilterField("size"),
        index.FilterField("first_published_at"),
        # Faceted on the relation (counts per related row), filtered through it.
        *(index.FilterField(FACET_FIELDS[facet]) for facet in MULTI_VALUED),
        *(
            index.RelatedFields(FACET_FIELDS[facet], [index.FilterField("value")])
            for facet in MULTI_VALUED
        ),
    ]

    def __str__(self) -> str:
        return f"project {self.pk}"


class BaselinePoint(models.Model):
    """An entity's location: the stock search has no geo query, so distances are
    computed in SQL here and handed to the search as an id filter."""

    project = models.ForeignKey(
        BaselineProject, on_delete=models.CASCADE, related_name="points"
    )
    lat = models.FloatField()
    lon = models.FloatField()

    class Meta:
        indexes = [models.Index(fields=["lat", "lon"])]

    def __str__(self) -> str:
        return f"{self.lat},{self.lon}"
