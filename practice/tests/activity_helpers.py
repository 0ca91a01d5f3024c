"""People and groups shared by the tests of a group's documents, meetings and
project files: one group of each visibility, coordinated by Marta, with Pau as
a plain member, Iris invited to the private one, and a stranger."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from community.factories import make_member
from practice.models import Community, InterestGroup, Membership, Role, State


@pytest.fixture(autouse=True)
def catalan():
    with translation.override("ca"):
        yield


@pytest.fixture
def people():
    return {
        "marta": make_member("Marta Coordinadora"),
        "pau": make_member("Pau Membre"),
        "iris": make_member("Iris Convidada"),
        "stranger": make_member("Estrany Curiós"),
    }


@pytest.fixture
def groups(people):
    clerks = Community.objects.create(
        name="Secretaris de municipis petits", slug="secretaris"
    )
    found = {}
    for visibility in ("open", "moderated", "private"):
        group = InterestGroup.objects.create(
            community=clerks,
            name=f"Grup {visibility}",
            slug=f"grup-{visibility}",
            visibility=visibility,
        )
        Membership.objects.create(
            group=group, member=people["marta"], role=Role.COORDINATOR
        )
        Membership.objects.create(group=group, member=people["pau"])
        found[visibility] = group
    Membership.objects.create(
        group=found["private"],
        member=people["iris"],
        state=State.INVITED,
        invited_by=people["marta"],
    )
    return found


def client_for(member=None) -> Client:
    client = Client()
    if member is not None:
        client.force_login(member.user)
    return client


def url(name: str, group, *args) -> str:
    return reverse(f"practice:{name}", args=[group.community.slug, group.slug, *args])


def outsiders(people):
    """Who must get a 404 from a private group's content: a stranger without
    an account, a signed-in non-member, and a member merely invited."""
    return {
        "anonymous": client_for(None),
        "non-member": client_for(people["stranger"]),
        "invited": client_for(people["iris"]),
    }
