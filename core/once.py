"""Emails sent at most once per reason, even when a worker is killed mid-job and
the job runs again.

``send_once(key, send)`` records ``key`` and sends inside one transaction: if the
process dies before the commit, neither the record nor (almost always) the email
exist and the rerun sends it; once committed, a rerun finds the key and skips. The
only double is a death between the mail server's answer and the commit, a
window of microseconds.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

KEEP_FOR = timedelta(days=30)


def send_once(key: str, send: Callable[[], int]) -> int:
    """``send()`` unless an email for ``key`` was sent already; returns what
    ``send`` returned (0 when skipped)."""
    from core.models import SentEmail

    try:
        with transaction.atomic():
            SentEmail.objects.create(key=key[:200])
            return send()
    except IntegrityError:
        return 0


def forget_old(now=None) -> int:
    """Drop the records older than ``KEEP_FOR`` (no job is retried that late)."""
    from core.models import SentEmail

    limit = (now or timezone.now()) - KEEP_FOR
    return SentEmail.objects.filter(sent_at__lt=limit).delete()[0]


def once_per_task(context, send: Callable[[], int], part: str = "") -> int:
    """``send_once`` keyed on the running task (and ``part`` of it): the same
    task run again after its worker died sends nothing twice."""
    return send_once(f"task:{context.task_result.id}:{part}", send)
