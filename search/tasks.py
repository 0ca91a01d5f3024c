"""Background work that keeps the search index in step with publishing."""

from django_tasks import task

from .service import reindex_pages


@task()
def reindex_pages_task(page_ids: list[int]) -> int:
    """Reindex (or drop) the given pages in every configured engine; runs after the
    publishing transaction commits, through Wagtail's task machinery."""
    return reindex_pages(page_ids)
