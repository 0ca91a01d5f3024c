"""The communities of practice in the demo (``load_demo_data``): two
communities with open, moderated and private interest groups, their
coordinators, members, a pending request and an invitation, so that every
state of a group can be seen. The people are the community's demo members
(``community.demo``, loaded first), found by their key; the words are in
``demo_data/communities.json`` in Catalan, Spanish and English. Found again by
slug on a second run, so nothing is doubled.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.db import transaction

from community.demo import USERNAME_PREFIX
from community.models import Member

from . import demo_announcements, demo_meetings
from .models import Community, InterestGroup, Membership, Role, State

DATA = Path(__file__).resolve().parent / "demo_data"
# Who is listed under which key of a group, and in which state and role.
PEOPLE = (
    ("coordinators", State.MEMBER, Role.COORDINATOR),
    ("members", State.MEMBER, Role.MEMBER),
    ("requests", State.REQUESTED, Role.MEMBER),
    ("invitations", State.INVITED, Role.MEMBER),
)


def read(name: str) -> Any:
    """The parsed content of ``demo_data/<name>``."""
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def _texts(entry: dict) -> dict:
    return {
        "name": entry["name"]["ca"],
        "name_es": entry["name"].get("es", ""),
        "name_en": entry["name"].get("en", ""),
        "description": entry["description"]["ca"],
        "description_es": entry["description"].get("es", ""),
        "description_en": entry["description"].get("en", ""),
    }


@transaction.atomic
def load(content=None) -> int:
    """The demo communities and groups; returns the number of groups."""
    members = {
        member.user.username.removeprefix(USERNAME_PREFIX): member
        for member in Member.objects.filter(
            user__username__startswith=USERNAME_PREFIX
        ).select_related("user")
    }
    groups = 0
    for entry in read("communities.json"):
        community, _created = Community.objects.update_or_create(
            slug=entry["slug"], defaults=_texts(entry)
        )
        for item in entry["groups"]:
            group, _created = InterestGroup.objects.update_or_create(
                community=community,
                slug=item["slug"],
                defaults={**_texts(item), "visibility": item["visibility"]},
            )
            groups += 1
            people = [
                (key, state, role)
                for field, state, role in PEOPLE
                for key in item.get(field, [])
            ]
            coordinator = members.get(item["coordinators"][0])
            for key, state, role in people:
                if key not in members:
                    continue
                Membership.objects.get_or_create(
                    group=group,
                    member=members[key],
                    defaults={
                        "state": state,
                        "role": role,
                        "invited_by": coordinator if state == State.INVITED else None,
                    },
                )
    demo_announcements.load()
    from .demo_discussions import load as load_discussions

    load_discussions()
    # Their meetings and the project files they follow (decision 0026).
    demo_meetings.load(read("meetings.json"))
    return groups
