"""Background work of the community: notification emails after a commit."""

from django_tasks import task

from .notifications import send_immediately


@task()
def send_notifications_task(member_ids: list[int]) -> int:
    """Email the "immediately" members their pending notifications; enqueued once
    the transaction that created them commits (``notifications.send_soon``)."""
    return send_immediately(member_ids)
