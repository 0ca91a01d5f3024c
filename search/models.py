"""The database engine's index: a denormalised copy of each searchable project file.

Rows are written only by ``search.engines.database`` from ``ProjectDocument``s, so
drafts and private pages never get here. Full text lives beside these tables in
``observatory_search_text`` (SQLite FTS5 or PostgreSQL tsvector, created by
migration 0003, written by search/engines/fulltext.py) and holds the terms computed
by ``search.analysis`` (see docs/decisions/0010).
"""

from django.db import models


class SearchDocument(models.Model):
    page = models.OneToOneField(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
    )
    language = models.CharField(max_length=8)
    title = models.TextField()
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    phase = models.CharField(max_length=20, blank=True)
    size = models.CharField(max_length=20, blank=True)
    first_published_at = models.DateTimeField(null=True, db_index=True)
    version = models.CharField(max_length=40)
    data = models.JSONField(default=dict)

    class Meta:
        ordering = ["-first_published_at", "-page_id"]

    def __str__(self) -> str:
        return self.title


class SearchFacetValue(models.Model):
    """One filterable value of a document (all facets, single- or multi-valued)."""

    document = models.ForeignKey(
        SearchDocument, on_delete=models.CASCADE, related_name="facet_values"
    )
    facet = models.CharField(max_length=20)
    value = models.CharField(max_length=120)

    class Meta:
        indexes = [models.Index(fields=["facet", "value", "document"])]

    def __str__(self) -> str:
        return f"{self.facet}={self.value}"


class SearchPoint(models.Model):
    """Where one of the document's entities is (for near/within and distance)."""

    document = models.ForeignKey(
        SearchDocument, on_delete=models.CASCADE, related_name="points"
    )
    lat = models.FloatField()
    lon = models.FloatField()

    class Meta:
        indexes = [models.Index(fields=["lat", "lon"])]

    def __str__(self) -> str:
        return f"{self.lat},{self.lon}"


class MissedWrite(models.Model):
    """A page an engine could not (re)index because it was down: the catch-up
    (after the next successful write, or ``search_index catch-up``) redoes it."""

    engine = models.CharField(max_length=40)
    page_id = models.PositiveIntegerField()
    missed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["engine", "page_id"], name="unique_missed_write"
            )
        ]

    def __str__(self) -> str:
        return f"{self.engine}: page {self.page_id}"
