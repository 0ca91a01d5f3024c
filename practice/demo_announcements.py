"""The demo's group announcements (``load_demo_data``, after the groups): a few
announcements written by the groups' coordinators, each in its author's
language (Catalan, Spanish, English), in open and private groups, shown as sent
to the group's members. Nothing is emailed. Found again by group and subject on
a second run, so nothing is doubled."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from community.demo import USERNAME_PREFIX
from community.models import Member

from .models import Announcement, InterestGroup


@transaction.atomic
def load() -> int:
    """The demo announcements; returns how many there are."""
    from .demo import read

    members = {
        member.user.username.removeprefix(USERNAME_PREFIX): member
        for member in Member.objects.filter(
            user__username__startswith=USERNAME_PREFIX
        ).select_related("user")
    }
    count = 0
    for entry in read("announcements.json"):
        group = InterestGroup.objects.filter(
            community__slug=entry["community"], slug=entry["group"]
        ).first()
        if group is None:
            continue
        when = timezone.now() - timedelta(days=entry["days_ago"])
        Announcement.objects.get_or_create(
            group=group,
            subject=entry["subject"],
            defaults={
                "author": members.get(entry["author"]),
                "body": entry["body"],
                "created_at": when,
                "sent_at": when,
                "recipient_count": group.members().count(),
            },
        )
        count += 1
    return count
