"""Background work of the submissions: the emails to senders leave from the worker."""

from django_tasks import task

from core.once import once_per_task


@task(takes_context=True)
def send_reply_task(context, submission_id: int, text: str, user_id: int | None) -> int:
    """An editor's answer to a sender (sent and logged together, once)."""
    from django.contrib.auth import get_user_model

    from .mail import send_reply
    from .models import Submission

    submission = Submission.objects.filter(pk=submission_id).first()
    if submission is None:
        return 0
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None

    def send() -> int:
        send_reply(submission, text, user)
        return 1

    return once_per_task(context, send)


@task()
def notify_published_task(page_id: int) -> int:
    """Tell the senders whose submission became this page that it is online
    (each submission is claimed before its email, so never twice)."""
    from project_pages.models import ProjectPage

    from .mail import notify_published

    page = ProjectPage.objects.filter(pk=page_id).first()
    if page is None or not page.live:
        return 0
    return notify_published(page)


@task()
def send_acknowledgment_task(submission_id: int) -> bool:
    """Acknowledge a new submission (claimed first, so never twice)."""
    from .mail import send_acknowledgment

    return send_acknowledgment(submission_id)
