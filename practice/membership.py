"""What members and coordinators do to a group, and the rules they meet.

Every function raises ``MembershipError`` with a sentence for the person when
the step is not allowed (a plain member accepting a request, the last
coordinator leaving...); nothing is changed then. The views only translate
forms into these calls. Requests to join, invitations and acceptances are
emailed once the step commits (``practice.mail``).
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from . import mail
from .models import InterestGroup, Membership, Role, State, Visibility

# Joins and requests a member may make in a day, invitations a coordinator may
# send in a day (core.ratelimit counts the memberships they leave).
JOINS_PER_DAY = 20
INVITATIONS_PER_DAY = 50


class MembershipError(Exception):
    """A step that is not allowed; ``str()`` says why, to the person."""


def _locked(group: InterestGroup, member) -> Membership | None:
    return (
        Membership.objects.select_for_update()
        .filter(group=group, member=member)
        .first()
    )


def _require_coordinator(group: InterestGroup, coordinator) -> None:
    if not group.coordinators().filter(member=coordinator).exists():
        raise MembershipError(_("Only the group's coordinators can do this."))


def _coordinator_count(group: InterestGroup) -> int:
    return group.coordinators().select_for_update().count()


@transaction.atomic
def join(group: InterestGroup, member) -> Membership:
    """Join an open group, ask to join a moderated one; accept an invitation to
    any group. A private group without an invitation cannot be joined."""
    membership = _locked(group, member)
    if membership is not None:
        if membership.state == State.INVITED:
            membership.state = State.MEMBER
            membership.save(update_fields=["state"])
            return membership
        if membership.state == State.MEMBER:
            raise MembershipError(_("You are already a member of this group."))
        raise MembershipError(_("You have already asked to join this group."))
    if group.visibility == Visibility.PRIVATE:
        raise MembershipError(_("This group is by invitation only."))
    state = State.MEMBER if group.visibility == Visibility.OPEN else State.REQUESTED
    membership = Membership.objects.create(group=group, member=member, state=state)
    if state == State.REQUESTED:
        mail.membership_email_soon(mail.JOIN_REQUEST, membership)
    return membership


@transaction.atomic
def leave(group: InterestGroup, member) -> None:
    """Leave the group, withdraw a request or decline an invitation."""
    membership = _locked(group, member)
    if membership is None:
        raise MembershipError(_("You are not a member of this group."))
    if membership.is_coordinator and _coordinator_count(group) <= 1:
        raise MembershipError(
            _(
                "You are the group's only coordinator: make another member "
                "coordinator before leaving."
            )
        )
    membership.delete()


@transaction.atomic
def invite(group: InterestGroup, coordinator, member) -> Membership:
    """A coordinator invites a member (who accepts with ``join``)."""
    _require_coordinator(group, coordinator)
    membership = _locked(group, member)
    if membership is not None:
        if membership.state == State.MEMBER:
            raise MembershipError(_("%(name)s is already a member.") % {"name": member})
        if membership.state == State.INVITED:
            raise MembershipError(
                _("%(name)s has been invited already.") % {"name": member}
            )
        # Asked to join and now invited: accepted.
        membership.state = State.MEMBER
        membership.save(update_fields=["state"])
        mail.membership_email_soon(mail.ACCEPTED, membership)
        return membership
    membership = Membership.objects.create(
        group=group, member=member, state=State.INVITED, invited_by=coordinator
    )
    mail.membership_email_soon(mail.INVITATION, membership)
    return membership


def _membership(group: InterestGroup, pk: int) -> Membership:
    membership = (
        Membership.objects.select_for_update()
        .select_related("member")
        .filter(group=group, pk=pk)
        .first()
    )
    if membership is None:
        raise MembershipError(_("That person is no longer in the list."))
    return membership


@transaction.atomic
def accept(group: InterestGroup, coordinator, pk: int) -> Membership:
    _require_coordinator(group, coordinator)
    membership = _membership(group, pk)
    if membership.state != State.REQUESTED:
        raise MembershipError(_("There is no request to accept."))
    membership.state = State.MEMBER
    membership.save(update_fields=["state"])
    mail.membership_email_soon(mail.ACCEPTED, membership)
    return membership


@transaction.atomic
def decline(group: InterestGroup, coordinator, pk: int) -> Membership:
    """Decline a request or withdraw an invitation."""
    _require_coordinator(group, coordinator)
    membership = _membership(group, pk)
    if membership.state == State.MEMBER:
        raise MembershipError(_("There is no request to decline."))
    membership.delete()
    return membership


@transaction.atomic
def remove(group: InterestGroup, coordinator, pk: int) -> Membership:
    _require_coordinator(group, coordinator)
    membership = _membership(group, pk)
    if membership.state != State.MEMBER:
        raise MembershipError(_("That person is not a member."))
    if membership.is_coordinator and _coordinator_count(group) <= 1:
        raise MembershipError(_("A group keeps at least one coordinator."))
    membership.delete()
    return membership


@transaction.atomic
def set_role(group: InterestGroup, coordinator, pk: int, role: str) -> Membership:
    """Promote a member to coordinator, or make a coordinator a plain member
    again (never the last one)."""
    _require_coordinator(group, coordinator)
    membership = _membership(group, pk)
    if membership.state != State.MEMBER:
        raise MembershipError(_("That person is not a member."))
    last = membership.is_coordinator and _coordinator_count(group) <= 1
    if role == Role.MEMBER and last:
        raise MembershipError(_("A group keeps at least one coordinator."))
    membership.role = role
    membership.save(update_fields=["role"])
    return membership
