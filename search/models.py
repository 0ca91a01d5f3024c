"""The database engine's index (a denormalised copy of each searchable project),
the bookkeeping that keeps every engine in step, and the editors' thesaurus.

Index rows are written only by ``search.engines.database`` from
``ProjectDocument``s, so drafts and private pages never get here. Full text lives
beside these tables in ``observatory_search_text`` (SQLite FTS5 or PostgreSQL
tsvector, written by search/engines/fulltext.py) and holds the terms computed by
``search.analysis`` (see docs/decisions/0010).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from project_pages.vocabularies import AreaCode

from .fields import FacetsField


class SearchDocument(models.Model):
    """One project (a page and its translations), keyed by its original page: what
    a search filters and sorts on, in a narrow row (a search may read many)."""

    doc_id = models.IntegerField(primary_key=True, help_text="The original page.")
    key = models.CharField(max_length=36, unique=True, help_text="translation_key")
    language = models.CharField(max_length=8)
    first_published_at = models.DateTimeField(null=True, db_index=True)
    # "facet:value" strings: every filterable value (search/engines/database.py).
    facets = FacetsField()
    version = models.CharField(max_length=40)

    class Meta:
        ordering = ["-first_published_at", "-doc_id"]

    def __str__(self) -> str:
        return self.key


class SearchDocumentData(models.Model):
    """What a shown hit needs, apart from the narrow row: read for a page of hits
    (or the map's markers) only."""

    document = models.OneToOneField(
        SearchDocument, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    data = models.JSONField(default=dict)  # what a hit shows
    display = models.JSONField(default=dict)  # the versions' texts, to highlight
    markers = models.JSONField(default=dict)  # the map marker in each language

    def __str__(self) -> str:
        versions = self.data.get("versions", {})
        version = versions.get(self.data.get("language")) or next(
            iter(versions.values()), {}
        )
        return version.get("title", str(self.pk))


class SearchPoint(models.Model):
    """Where one of the project's entities is (near/within and distance)."""

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
    """A project an engine could not (re)index because it was down: the catch-up
    (after the next successful write, or ``search_index catch-up``) redoes it."""

    engine = models.CharField(max_length=40)
    key = models.CharField(max_length=36)
    missed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["engine", "key"], name="unique_missed")
        ]

    def __str__(self) -> str:
        return f"{self.engine}: {self.key}"


class PendingTranslation(models.Model):
    """A project indexed without (all of) its machine translations: Apertium was
    absent, busy or failing. Translated and indexed again by the translation task,
    ``search_index catch-up`` or ``search_index check --repair``."""

    key = models.CharField(max_length=36, unique=True)
    since = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.key


class ThesaurusTopic(models.TextChoices):
    """What a set is about: one of the six areas, or a kind of term."""

    CITIZEN_ATTENTION = AreaCode.CITIZEN_ATTENTION, AreaCode.CITIZEN_ATTENTION.label
    SERVICES_PROCEDURES = (
        AreaCode.SERVICES_PROCEDURES,
        AreaCode.SERVICES_PROCEDURES.label,
    )
    SOCIAL_SERVICES = AreaCode.SOCIAL_SERVICES, AreaCode.SOCIAL_SERVICES.label
    PARTICIPATION = (
        AreaCode.PARTICIPATION_OPEN_GOVERNMENT,
        AreaCode.PARTICIPATION_OPEN_GOVERNMENT.label,
    )
    PLANNING = AreaCode.PLANNING_MANAGEMENT, AreaCode.PLANNING_MANAGEMENT.label
    TRANSFORMATION = (
        AreaCode.INTEGRAL_TRANSFORMATION,
        AreaCode.INTEGRAL_TRANSFORMATION.label,
    )
    TECHNOLOGY = "technology", _("Technology")
    ORGANISATION = "organisation", _("Local government")
    ACRONYM = "acronym", _("Acronym")
    GENERAL = "general", _("General")


class SynonymSet(models.Model):
    """Terms that mean the same in this domain, in any of the three languages: a
    search for one finds the others."""

    terms = models.TextField(
        _("terms"),
        help_text=_(
            "One term per line, in Catalan, Spanish or English: words or an acronym "
            "and its expansion (e.g. OAC, oficina d'atenció ciutadana). A search for "
            "any of them finds all of them: put only terms that mean the same, "
            "never a broader one."
        ),
    )
    topic = models.CharField(
        _("topic"), max_length=40, choices=ThesaurusTopic.choices, blank=True
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("synonym set")
        verbose_name_plural = _("thesaurus")
        ordering = ["terms"]

    def __str__(self) -> str:
        return " · ".join(self.term_list())

    def term_list(self) -> list[str]:
        return list(
            dict.fromkeys(
                " ".join(line.split())
                for line in self.terms.splitlines()
                if line.strip()
            )
        )

    def clean(self):
        from .analysis import fold
        from .thesaurus import phrase

        super().clean()
        terms = self.term_list()
        self.terms = "\n".join(terms)
        empty = [term for term in terms if not phrase(term)]
        if empty:
            raise ValidationError(
                {
                    "terms": _(
                        "These terms have no word that search can look for (very "
                        "common words are not searched): %(terms)s"
                    )
                    % {"terms": ", ".join(empty)}
                }
            )
        if len(terms) < 2:
            raise ValidationError(
                {"terms": _("Give at least two terms, one per line.")}
            )
        mine = {fold(term) for term in terms}
        for other in SynonymSet.objects.exclude(pk=self.pk):
            shared = mine & {fold(term) for term in other.term_list()}
            if shared:
                raise ValidationError(
                    {
                        "terms": _(
                            "“%(term)s” is already in the set “%(other)s”: add the "
                            "other terms there, or remove it from one of them."
                        )
                        % {"term": sorted(shared)[0], "other": other}
                    }
                )
