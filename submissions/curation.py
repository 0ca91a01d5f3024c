"""What editors do with a submission. Every function changes the submission and
writes its ``Event`` in one transaction: the audit trail never misses a step
(and an email leaves only once the change is committed)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from .models import CLOSED, Event, EventKind, Status, Submission


def _event(submission: Submission, kind: str, user, text: str = "") -> Event:
    return Event.objects.create(
        submission=submission, kind=kind, user=user, text=text[:5000]
    )


def _set_status(submission: Submission, status: str) -> None:
    submission.status = status
    if status in CLOSED:
        submission.closed_at = submission.closed_at or timezone.now()
    else:
        submission.closed_at = None


@transaction.atomic
def set_status(submission: Submission, status: str, user, note: str = "") -> None:
    if status == submission.status:
        if note:
            add_note(submission, note, user)
        return
    before = submission.get_status_display()
    _set_status(submission, status)
    submission.save(update_fields=["status", "closed_at", "updated_at"])
    text = f"{before} → {submission.get_status_display()}"
    _event(submission, EventKind.STATUS, user, f"{text}. {note}" if note else text)


@transaction.atomic
def assign(submission: Submission, assignee, user) -> None:
    submission.assignee = assignee
    if submission.status == Status.NEW and assignee is not None:
        _set_status(submission, Status.IN_REVIEW)
    submission.save(update_fields=["assignee", "status", "closed_at", "updated_at"])
    name = assignee.get_full_name() or assignee.get_username() if assignee else "—"
    _event(submission, EventKind.ASSIGNED, user, str(name))


@transaction.atomic
def add_note(submission: Submission, text: str, user) -> None:
    Submission.objects.filter(pk=submission.pk).update(updated_at=timezone.now())
    _event(submission, EventKind.NOTE, user, text)


@transaction.atomic
def mark_duplicate(
    submission: Submission, user, *, of_submission=None, of_page=None, note=""
) -> None:
    if of_submission is None and of_page is None:
        raise ValueError("A duplicate of what?")
    if of_submission is not None and of_submission.pk == submission.pk:
        raise ValueError("A submission cannot duplicate itself.")
    submission.duplicate_of = of_submission
    submission.duplicate_of_page = of_page
    _set_status(submission, Status.DUPLICATE)
    submission.save()
    what = of_submission.reference if of_submission else f"page {of_page.pk}"
    if of_page is not None:
        what = f"{of_page.title} (page {of_page.pk})"
    _event(
        submission,
        EventKind.DUPLICATE,
        user,
        f"Duplicate of {what}" + (f". {note}" if note else ""),
    )


@transaction.atomic
def reject(submission: Submission, user, reply: str) -> None:
    """Not accepted; the sender is told why (the reply leaves after the commit)."""
    _set_status(submission, Status.REJECTED)
    submission.save(update_fields=["status", "closed_at", "updated_at"])
    _event(submission, EventKind.REJECTED, user, reply)
    if reply.strip() and submission.sender_email:
        from .tasks import send_reply_task

        user_id = getattr(user, "pk", None)
        transaction.on_commit(
            lambda: send_reply_task.enqueue(submission.pk, reply, user_id)
        )


@transaction.atomic
def mark_spam(submission: Submission, user) -> None:
    _set_status(submission, Status.SPAM)
    submission.save(update_fields=["status", "closed_at", "updated_at"])
    _event(submission, EventKind.SPAM, user)


def reply(submission: Submission, user, text: str) -> None:
    """An editor's question or answer to the sender, logged once it leaves (from
    the worker in production)."""
    from .tasks import send_reply_task

    send_reply_task.enqueue(submission.pk, text, getattr(user, "pk", None))
