"""The search app's part of the demo (``load_demo_data``): the public search index
of the demo's project files, with their machine translations."""

from project_pages.demo import DemoContent
from project_pages.models import ProjectPage

from .service import reindex_projects


def load(content: DemoContent) -> None:
    """Index every live project file, translations included.

    The factories create live pages without Wagtail's publish signal, so the index
    is written here. Not in bulk mode: that is ``search_index rebuild``'s job.
    """
    if content.bulk:
        return
    reindex_projects(
        ProjectPage.objects.live().values_list("translation_key", flat=True),
        translate=True,
    )
