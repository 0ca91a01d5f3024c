"""Moderation decisions, one function each, used by the admin and the forum.

Every function changes the state *and* writes its ``ModerationAction`` (the audit
log: who, when, what, why) in one transaction, so that no decision can happen
without its trace, nor a trace without its decision. Callers pass the moderator
(``None`` for the system, e.g. content hidden by reports) and an optional note.

Who may moderate is decided by the ``core.moderate_community`` permission
(``core.permissions.is_moderator``).
"""

from __future__ import annotations

from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.dispatch import Signal
from django.utils import timezone

from .models import (
    Comment,
    ContactRequest,
    Member,
    MemberStatus,
    ModerationAction,
    Post,
    Report,
    RequestStatus,
    Status,
    Topic,
    VisitRequest,
)

Kind = ModerationAction.Kind

# The kinds of contribution a moderator decides on.
MODERATED_MODELS: tuple[type[models.Model], ...] = (Comment, Topic, Post)

# Sent after a contribution's status changed (``instance``, ``old_status``,
# ``action``), so that the forum and the comment threads can refresh their counts
# and caches without this module knowing about them.
content_moderated = Signal()


def _log(
    kind: str,
    moderator,
    *,
    target: models.Model | None = None,
    member: Member | None = None,
    note: str = "",
) -> ModerationAction:
    action = ModerationAction(
        kind=kind,
        moderator=moderator if moderator and moderator.is_authenticated else None,
        member=member,
        note=note or "",
    )
    if target is not None:
        action.content_type = ContentType.objects.get_for_model(target)
        action.object_id = str(target.pk)
    action.save()
    return action


# Contributions ------------------------------------------------------------------


def _set_status(target, status: str, kind: str, moderator, note: str):
    """Change a contribution's status, close its reports, log the decision."""
    if not isinstance(target, MODERATED_MODELS):
        raise TypeError(f"{type(target).__name__} is not moderated content")
    with transaction.atomic():
        model = type(target)
        locked = model.objects.select_for_update().get(pk=target.pk)
        old_status = locked.status
        locked.status = status
        fields = ["status"]
        if status == Status.VISIBLE:
            # An approved contribution starts counting reports afresh: the same
            # members cannot report it twice, new reporters count from zero.
            locked.report_count = 0
            fields.append("report_count")
        locked.save(update_fields=fields)
        Report.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id=locked.pk,
            resolved=False,
        ).update(resolved=True)
        action = _log(kind, moderator, target=locked, member=locked.author, note=note)
        target.status = locked.status
        target.report_count = locked.report_count
        transaction.on_commit(
            lambda: content_moderated.send(
                sender=model, instance=locked, old_status=old_status, action=action
            )
        )
    return action


def approve(target, moderator, note: str = "") -> ModerationAction:
    """Make held, reported or hidden content visible; its reports are closed."""
    kind = (
        Kind.RESTORE
        if target.status in (Status.HIDDEN, Status.DELETED)
        else Kind.APPROVE
    )
    return _set_status(target, Status.VISIBLE, kind, moderator, note)


def hide(target, moderator, note: str = "") -> ModerationAction:
    """Hide content from everyone but moderators (it can be approved later)."""
    return _set_status(target, Status.HIDDEN, Kind.HIDE, moderator, note)


def delete(target, moderator, note: str = "") -> ModerationAction:
    """Remove content from the site. The row stays (replies keep their thread and
    the log its target) but nobody but moderators sees its text again."""
    return _set_status(target, Status.DELETED, Kind.DELETE, moderator, note)


# Members ------------------------------------------------------------------------


def _update_member(member: Member, kind: str, moderator, note: str, **changes):
    with transaction.atomic():
        Member.objects.filter(pk=member.pk).update(**changes)
        for field, value in changes.items():
            setattr(member, field, value)
        return _log(kind, moderator, target=member, member=member, note=note)


def suspend(
    member: Member, until: datetime, moderator, note: str = ""
) -> ModerationAction:
    """The member may read but not post until ``until``."""
    if until <= timezone.now():
        raise ValueError("A suspension ends in the future.")
    return _update_member(
        member,
        Kind.SUSPEND,
        moderator,
        note,
        status=MemberStatus.SUSPENDED,
        suspended_until=until,
    )


def ban(member: Member, moderator, note: str = "") -> ModerationAction:
    """The member never posts again (until reinstated)."""
    return _update_member(
        member,
        Kind.BAN,
        moderator,
        note,
        status=MemberStatus.BANNED,
        suspended_until=None,
    )


def reinstate(member: Member, moderator, note: str = "") -> ModerationAction:
    """Lift a suspension or a ban."""
    return _update_member(
        member,
        Kind.REINSTATE,
        moderator,
        note,
        status=MemberStatus.ACTIVE,
        suspended_until=None,
    )


def verify(
    member: Member, moderator, note: str = "", verified: bool = True
) -> ModerationAction:
    """Mark (or unmark, ``verified=False``) a member as a verified public employee.

    Withdrawing it is logged as a note, so the log never reads "verified" for it.
    """
    if verified:
        return _update_member(member, Kind.VERIFY, moderator, note, verified=True)
    note = f"verified=False. {note}".strip()
    return _update_member(member, Kind.NOTE, moderator, note, verified=False)


# Contact and visit requests -----------------------------------------------------


def update_request(
    request_obj: ContactRequest | VisitRequest,
    moderator,
    *,
    status: str,
    answer: str | None = None,
    note: str = "",
) -> ModerationAction | None:
    """Change a request's status (and a visit request's answer), logged. A new
    answer to a visit request is emailed to the requester once committed.
    Saving without any change or note logs nothing (returns None)."""
    if status not in RequestStatus.values:
        raise ValueError(f"Unknown status {status!r}")
    with transaction.atomic():
        model = type(request_obj)
        locked = model.objects.select_for_update().get(pk=request_obj.pk)
        changes = {"status": status}
        send_answer = False
        if answer is not None and isinstance(locked, VisitRequest):
            answer = answer.strip()
            send_answer = bool(answer) and answer != locked.answer.strip()
            changes["answer"] = answer
        changed = status != locked.status or (
            "answer" in changes and changes["answer"] != locked.answer
        )
        if not changed and not note:
            return None
        model.objects.filter(pk=locked.pk).update(**changes)
        for field, value in changes.items():
            setattr(locked, field, value)
            setattr(request_obj, field, value)
        summary = f"status={status}" + ("; answer sent" if send_answer else "")
        action = _log(
            Kind.REQUEST,
            moderator,
            target=locked,
            member=locked.member,
            note=f"{summary}. {note}".strip() if note else summary,
        )
        if send_answer:
            from .mail import send_visit_answer

            transaction.on_commit(lambda: send_visit_answer(locked))
    return action
