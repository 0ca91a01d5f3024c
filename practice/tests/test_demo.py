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


def test_the_demo_groups_have_announcements_in_three_languages_once():
    from practice.models import Announcement

    ensure_members(CommunitySummary())
    demo.load()
    demo.load()
    assert Announcement.objects.count() == 4
    assert Announcement.objects.filter(author__isnull=True).count() == 0
    assert Announcement.objects.filter(sent_at__isnull=True).count() == 0
    subjects = set(Announcement.objects.values_list("subject", flat=True))
    assert "Sessió de treball: l’arxiu electrònic únic" in subjects
    assert "Nuevo catálogo DCAT-AP: revisión conjunta" in subjects
    assert "Guest session: open data in Tallinn" in subjects
    group = InterestGroup.objects.get(slug="portals-de-dades")
    url = reverse("practice:group", args=[group.community.slug, group.slug])
    html = Client().get(url).content.decode()
    assert "Guest session: open data in Tallinn" in html
