"""Every signal receiver of the communities of practice, connected when the app
is ready (``PracticeConfig.ready``): a member's data export lists their groups,
the documents they shared and the meetings they scheduled; a member leaving
(account deletion) does not leave a group without a coordinator, and what they
shared stays with the group, without their name (``SET_NULL``); a deleted
document's file is deleted too; every group gets its discussions (a forum
category) when it is saved, and members follow their group from the day they
join until they leave."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save

from community.accounts import member_deleting
from community.data_export import member_data_requested

from . import discussions
from .models import InterestGroup, Membership, Role, State
from .models_documents import GroupDocument
from .models_meetings import Meeting


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
    # What they shared and scheduled in groups (decision 0026).
    documents = data.setdefault("group_documents", [])
    for document in (
        GroupDocument.objects.filter(uploaded_by=member)
        .select_related("group__community")
        .order_by("pk")
    ):
        documents.append(
            {
                "community": document.group.community.name,
                "group": document.group.name,
                "title": document.title,
                "file_name": document.file_name,
                "size": document.size,
                "shared": _when(document.created_at),
            }
        )
    meetings = data.setdefault("group_meetings_scheduled", [])
    for meeting in (
        Meeting.objects.filter(created_by=member)
        .select_related("group__community")
        .order_by("pk")
    ):
        meetings.append(
            {
                "community": meeting.group.community.name,
                "group": meeting.group.name,
                "title": meeting.title,
                "starts": _when(meeting.starts_at),
                "ends": _when(meeting.ends_at),
                "place": meeting.place,
                "video_url": meeting.video_url,
                "agenda": meeting.agenda,
                "cancelled": _when(meeting.cancelled_at),
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


def _group_saved(sender, instance, raw=False, **kwargs) -> None:
    if not raw and instance.forum_category_id is None:
        discussions.ensure_category(instance)


def _group_deleted(sender, instance, **kwargs) -> None:
    """A category without topics goes with its group; one with topics stays
    (they are members' contributions, in their data download), read by
    moderators only."""
    category = instance.forum_category
    if category is not None and not category.topics.exists():
        category.delete()


def _membership_saving(sender, instance, raw=False, **kwargs) -> None:
    """Remember whether the row was a member's already (joining is the change
    from requested or invited, or a new row, to member)."""
    instance._was_member = bool(
        instance.pk
        and not raw
        and Membership.objects.filter(pk=instance.pk, state=State.MEMBER).exists()
    )


def _membership_saved(sender, instance, created, raw=False, **kwargs) -> None:
    if raw or instance.state != State.MEMBER:
        return
    if created or not getattr(instance, "_was_member", True):
        discussions.follow_group(instance.member, instance.group)


def _membership_deleted(sender, instance, **kwargs) -> None:
    """Leaving, being removed: the member stops following the group. (What
    they followed inside a private group is no longer sent to them either:
    ``community.notifications`` asks whether they may still read it.)"""
    if instance.state == State.MEMBER:
        discussions.unfollow_group(instance.member_id, instance.group)


def _document_deleted(sender, instance, **kwargs) -> None:
    """The file goes with its row (deleted by a member, or with its group),
    once the deletion is committed."""
    file = instance.file
    if file and file.name:
        name, storage = file.name, file.storage
        transaction.on_commit(lambda: storage.delete(name))


def connect() -> None:
    post_save.connect(_group_saved, sender=InterestGroup, dispatch_uid="practice-gc")
    post_delete.connect(
        _group_deleted, sender=InterestGroup, dispatch_uid="practice-gd"
    )
    pre_save.connect(
        _membership_saving, sender=Membership, dispatch_uid="practice-ms-pre"
    )
    post_save.connect(_membership_saved, sender=Membership, dispatch_uid="practice-ms")
    post_delete.connect(
        _membership_deleted, sender=Membership, dispatch_uid="practice-md"
    )
    post_delete.connect(
        _document_deleted, sender=GroupDocument, dispatch_uid="practice-document-file"
    )
    member_deleting.connect(_member_deleting, dispatch_uid="practice-member-deleting")
    member_data_requested.connect(_member_data, dispatch_uid="practice-member-data")
