"""Registering for a stop: places, the waiting list, cancelling.

A stop and its translations (the same visit, presented in Catalan, Spanish and
English) share one list of places: registrations are kept on the original stop
(``event_of``), whichever language a member registers in.

Every change runs in a transaction that locks the stop's row (PostgreSQL; SQLite
serialises writers anyway), so two members taking the last place at once cannot
both get it. When a registered member cancels, the first on the waiting list moves
up and is told by email.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from .models import Registration, RegistrationStatus, StopPage


def event_of(stop: StopPage) -> StopPage:
    """The stop whose places and registrations count for all its translations:
    the original (the first page made of its translation group)."""
    if stop.pk is None:
        return stop
    first = (
        StopPage.objects.filter(translation_key=stop.translation_key)
        .order_by("pk")
        .first()
    )
    return first if first is not None else stop


def places_taken(stop: StopPage) -> int:
    return stop.registrations.filter(status=RegistrationStatus.REGISTERED).count()


def state_for(stop: StopPage, user) -> dict:
    """What the stop page shows: places left, and this member's registration."""
    stop = event_of(stop)
    taken = places_taken(stop)
    mine = None
    if user is not None and user.is_authenticated:
        mine = (
            Registration.objects.filter(stop=stop, member__user=user)
            .exclude(status=RegistrationStatus.CANCELLED)
            .first()
        )
    waiting_position = None
    if mine is not None and mine.status == RegistrationStatus.WAITING:
        waiting_position = stop.registrations.filter(
            status=RegistrationStatus.WAITING, created_at__lte=mine.created_at
        ).count()
    return {
        "places_left": max(stop.capacity - taken, 0),
        "registration": mine,
        "waiting_position": waiting_position,
    }


def _lock(stop: StopPage) -> StopPage:
    return StopPage.objects.select_for_update().get(pk=event_of(stop).pk)


@transaction.atomic
def register(stop: StopPage, member) -> Registration:
    """A place if one is left, else the end of the waiting list. Registering again
    after cancelling starts again from the end of the list."""
    stop = _lock(stop)
    existing = Registration.objects.filter(stop=stop, member=member).first()
    if existing is not None and existing.status != RegistrationStatus.CANCELLED:
        return existing
    status = (
        RegistrationStatus.REGISTERED
        if places_taken(stop) < stop.capacity
        else RegistrationStatus.WAITING
    )
    if existing is None:
        registration = Registration.objects.create(
            stop=stop, member=member, status=status
        )
    else:
        existing.status = status
        existing.created_at = timezone.now()
        existing.reminded_at = None
        existing.save()
        registration = existing
    from .tasks import send_registration_task

    transaction.on_commit(lambda: send_registration_task.enqueue(registration.pk))
    return registration


@transaction.atomic
def cancel(stop: StopPage, member) -> Registration | None:
    stop = _lock(stop)
    registration = (
        Registration.objects.filter(stop=stop, member=member)
        .exclude(status=RegistrationStatus.CANCELLED)
        .first()
    )
    if registration is None:
        return None
    freed = registration.status == RegistrationStatus.REGISTERED
    registration.status = RegistrationStatus.CANCELLED
    registration.save(update_fields=["status", "updated_at"])
    if freed:
        promote(stop)
    return registration


def promote(stop: StopPage) -> list[Registration]:
    """Move members up from the waiting list while places are free (inside the
    caller's transaction, the stop locked)."""
    from .tasks import send_promoted_task

    moved = []
    free = stop.capacity - places_taken(stop)
    waiting = stop.registrations.filter(status=RegistrationStatus.WAITING).order_by(
        "created_at", "pk"
    )
    for registration in waiting[: max(free, 0)]:
        registration.status = RegistrationStatus.REGISTERED
        registration.save(update_fields=["status", "updated_at"])
        moved.append(registration)
        transaction.on_commit(lambda pk=registration.pk: send_promoted_task.enqueue(pk))
    return moved
