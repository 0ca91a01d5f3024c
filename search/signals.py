"""Signal receivers that keep the index in step with publishing (after commit),
and every process' thesaurus in step with the editors' changes."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from project_pages.models import Entity, ProjectPage

from . import thesaurus
from .models import SynonymSet
from .service import schedule_reindex


def _projects_under(page: Page) -> list[str]:
    return [
        str(key)
        for key in ProjectPage.objects.descendant_of(page, inclusive=True).values_list(
            "translation_key", flat=True
        )
    ]


@receiver(page_published)
@receiver(page_unpublished)
def _page_published_or_unpublished(sender, instance, **kwargs):
    if isinstance(instance, ProjectPage):
        schedule_reindex([instance.translation_key])


@receiver(post_delete, sender=ProjectPage)
def _project_deleted(sender, instance, **kwargs):
    schedule_reindex([instance.translation_key])


@receiver(post_page_move)
def _page_moved(sender, instance, **kwargs):
    schedule_reindex(_projects_under(instance))


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def _privacy_changed(sender, instance, **kwargs):
    """Making a section private (or public again) changes what may be searched."""
    try:
        page = instance.page
    except Page.DoesNotExist:  # the page itself is being deleted
        return
    schedule_reindex(_projects_under(page))


@receiver(post_save, sender=Entity)
def _entity_saved(sender, instance, created, **kwargs):
    if not created:
        schedule_reindex(
            ProjectPage.objects.filter(project_entities__entity=instance)
            .values_list("translation_key", flat=True)
            .distinct()
        )


@receiver(post_save, sender=SynonymSet)
@receiver(post_delete, sender=SynonymSet)
def _thesaurus_changed(sender, **kwargs):
    thesaurus.changed()
