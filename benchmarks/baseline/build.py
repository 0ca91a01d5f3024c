"""Fill the baseline tables from our ``ProjectDocument``s and index them with the
stock backends (the same data our engines index)."""

from collections.abc import Iterable
from itertools import islice

from django.db import transaction

from search.documents import ProjectDocument, documents_for, indexable_pages

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


def fill(docs: Iterable[ProjectDocument] | None = None) -> int:
    """Replace the baseline rows with one per document; returns how many."""
    docs = all_documents() if docs is None else docs
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
                    title_terms=" ".join(doc.title_terms),
                    summary_terms=" ".join(doc.summary_terms),
                    body_terms=" ".join(doc.body_terms),
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
