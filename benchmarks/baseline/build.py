"""Fill the baseline tables from our ``ProjectDocument``s and index them with the
stock backends (the same data our engines index): one row per project, whose text
fields hold the terms of every language version (the original's and the
translations', human or machine), so the stock search matches across languages
exactly as ours does."""

from collections.abc import Iterable
from itertools import islice

from django.db import transaction

from search.documents import FIELDS, ProjectDocument, all_documents

from .models import (
    FACET_FIELDS,
    MULTI_VALUED,
    BaselinePoint,
    BaselineProject,
    BaselineValue,
)

CHUNK = 1000


def _chunks(items: Iterable, size: int = CHUNK):
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _text_fields(doc: ProjectDocument) -> dict[str, str]:
    """The three stock fields from our eight (decision 0013): the original's title
    and keywords weigh most, then its summary; its body and every other version's
    text go in the body. Which projects match does not depend on the split (a word
    may match in any field); only the ranking does, and it is not compared."""
    return {
        "title_terms": " ".join([*doc.terms("title"), *doc.terms("keywords")]),
        "summary_terms": " ".join(doc.terms("summary")),
        "body_terms": " ".join(
            [
                *doc.terms("body"),
                *(term for name in FIELDS for term in doc.translated_terms(name)),
            ]
        ),
    }


def fill(docs: Iterable[ProjectDocument] | None = None) -> int:
    """Replace the baseline rows with one per document (project); returns how
    many. Only kept translations are used (run after ``search_index rebuild``)."""
    docs = all_documents(translate=False) if docs is None else docs
    BaselineProject.objects.all().delete()
    values: dict[tuple[str, str], int] = {
        (facet, value): pk
        for pk, facet, value in BaselineValue.objects.values_list(
            "pk", "facet", "value"
        )
    }
    count = 0
    for chunk in _chunks(docs):
        with transaction.atomic():
            wanted = {
                (facet, value)
                for doc in chunk
                for facet, vals in doc.facet_values().items()
                if facet in MULTI_VALUED
                for value in vals
            } - set(values)
            for row in BaselineValue.objects.bulk_create(
                [BaselineValue(facet=f, value=v) for f, v in sorted(wanted)]
            ):
                values[(row.facet, row.value)] = row.pk
            BaselineProject.objects.bulk_create(
                BaselineProject(
                    id=doc.id,
                    **_text_fields(doc),
                    phase=doc.phase,
                    size=doc.size or "",
                    first_published_at=doc.first_published_at,
                    data=doc.hit_data(),
                )
                for doc in chunk
            )
            for facet in MULTI_VALUED:
                field = getattr(BaselineProject, FACET_FIELDS[facet])
                through = field.through
                through.objects.bulk_create(
                    through(
                        baselineproject_id=doc.id, baselinevalue_id=values[(facet, v)]
                    )
                    for doc in chunk
                    for v in dict.fromkeys(doc.facet_values()[facet])
                )
            BaselinePoint.objects.bulk_create(
                BaselinePoint(project_id=doc.id, lat=lat, lon=lon)
                for doc in chunk
                for lat, lon in dict.fromkeys(doc.points())
            )
        count += len(chunk)
    return count


def index(backend_name: str) -> int:
    """Index every baseline row in one stock backend (a fresh index)."""
    from wagtail.search.backends import get_search_backend

    backend = get_search_backend(backend_name)
    index = backend.get_index_for_model(BaselineProject)
    rebuilder = backend.rebuilder_class(index)
    index = rebuilder.start()
    index.add_model(BaselineProject)
    count = 0
    queryset = BaselineProject.objects.prefetch_related(
        *(FACET_FIELDS[facet] for facet in MULTI_VALUED)
    ).order_by("pk")
    for chunk in _chunks(queryset.iterator(chunk_size=CHUNK)):
        index.add_items(BaselineProject, chunk)
        count += len(chunk)
    rebuilder.finish()
    return count
