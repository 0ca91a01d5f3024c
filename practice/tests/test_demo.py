"""The demo communities: every kind of group, people in every state, texts in
the three languages, and a second run doubles nothing."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from community.demo import CommunitySummary, ensure_members
from practice import demo
from practice.models import Community, InterestGroup, Membership, State

pytestmark = pytest.mark.django_db


def test_the_demo_has_every_kind_of_group_and_loads_once():
    ensure_members(CommunitySummary())
    assert demo.load() == 5
    demo.load()
    assert Community.objects.count() == 2
    assert InterestGroup.objects.count() == 5
    assert set(InterestGroup.objects.values_list("visibility", flat=True)) == {
        "open",
        "moderated",
        "private",
    }
    states = set(Membership.objects.values_list("state", flat=True))
    assert states == {State.MEMBER, State.REQUESTED, State.INVITED}
    for group in InterestGroup.objects.all():
        assert group.coordinators().exists(), group

    with translation.override("es"):
        html = Client().get(reverse("practice:index")).content.decode()
    assert "Responsables de datos abiertos" in html
    assert "Portales de datos" in html
    assert "Secretarías agrupadas del Pirineo" not in html  # private
    with translation.override("en"):
        html = Client().get(reverse("practice:index")).content.decode()
    assert "Secretaries and clerks of small municipalities" in html
