"""When a project file made from a submission is published, its sender is told
(once, after the commit) and the submission counts as accepted."""

from django.db import transaction
from wagtail.signals import page_published


def _published(sender, instance, **kwargs) -> None:
    from .models import Submission

    if not Submission.objects.filter(
        page_id=instance.pk, published_notified_at__isnull=True
    ).exists():
        return
    page_id = instance.pk

    def notify():
        from .tasks import notify_published_task

        notify_published_task.enqueue(page_id)

    transaction.on_commit(notify)


def connect() -> None:
    page_published.connect(_published, dispatch_uid="submissions-page-published")
