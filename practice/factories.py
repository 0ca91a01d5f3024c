"""Factories of communities, interest groups and memberships, for tests."""

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from community.factories import MemberFactory

from .models import (
    Announcement,
    Community,
    InterestGroup,
    Membership,
    Role,
    State,
    Visibility,
)


class CommunityFactory(DjangoModelFactory):
    class Meta:
        model = Community

    name = factory.Sequence(lambda n: f"Comunitat {n}")
    slug = factory.Sequence(lambda n: f"comunitat-{n}")
    description = "Professionals que aprenen plegats."


class InterestGroupFactory(DjangoModelFactory):
    """An open group of a new community."""

    class Meta:
        model = InterestGroup

    community = factory.SubFactory(CommunityFactory)
    name = factory.Sequence(lambda n: f"Grup {n}")
    slug = factory.Sequence(lambda n: f"grup-{n}")
    visibility = Visibility.OPEN


class MembershipFactory(DjangoModelFactory):
    """A member of an open group; ``role=Role.COORDINATOR`` for a coordinator."""

    class Meta:
        model = Membership

    group = factory.SubFactory(InterestGroupFactory)
    member = factory.SubFactory(MemberFactory)
    state = State.MEMBER
    role = Role.MEMBER


class AnnouncementFactory(DjangoModelFactory):
    """An announcement already sent to its group (nothing is emailed)."""

    class Meta:
        model = Announcement

    group = factory.SubFactory(InterestGroupFactory)
    author = factory.SubFactory(MemberFactory)
    subject = factory.Sequence(lambda n: f"Avís {n}")
    body = "Dijous ens trobem a les 10 per parlar dels plecs."
    sent_at = factory.LazyFunction(timezone.now)
