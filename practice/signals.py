"""Every signal receiver of the communities of practice, connected when the app
is ready (``PracticeConfig.ready``): a member's data export lists their groups,
and a member leaving (account deletion) does not leave a group without a
coordinator."""

from community.accounts import member_deleting
from community.data_export import member_data_requested

from .models import Membership, Role, State


def _when(value):
    return value.isoformat() if value else None


def _member_data(sender, member, data, **kwargs) -> None:
    rows = data.setdefault("interest_groups", [])
    for membership in (
        Membership.objects.filter(member=member)
        .select_related("group__community")
        .order_by("pk")
    ):
        rows.append(
            {
                "community": membership.group.community.name,
                "group": membership.group.name,
                "state": membership.state,
                "role": membership.role,
                "since": _when(membership.created_at),
            }
        )


def _member_deleting(sender, member, **kwargs) -> None:
    """Where the member was the only coordinator, the longest-standing member
    takes over (a group with no member left keeps no coordinator; editors see
    it in the admin). Their memberships go with their profile."""
    for membership in Membership.objects.filter(
        member=member, state=State.MEMBER, role=Role.COORDINATOR
    ).select_related("group"):
        group = membership.group
        if group.coordinators().exclude(member=member).exists():
            continue
        successor = group.members().exclude(member=member).order_by("created_at", "pk")
        successor = successor.first()
        if successor is not None:
            successor.role = Role.COORDINATOR
            successor.save(update_fields=["role"])


def connect() -> None:
    member_deleting.connect(_member_deleting, dispatch_uid="practice-member-deleting")
    member_data_requested.connect(_member_data, dispatch_uid="practice-member-data")
