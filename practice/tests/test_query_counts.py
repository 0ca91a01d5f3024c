"""The pages of the communities cost the same number of SQL queries whatever
their size: each page is requested with 3 communities, groups, members and
memberships, then again once everything has grown to 30 (and to more than a
page), and must not make one query more. The bounds are today's counts; the
timings at the reference size are in docs/performance.md ("Communities at the
reference size", benchmarks/communities_bench.py)."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from community.models import Member
from community.models import Visibility as ProfileVisibility
from community.tests.comment_helpers import make_member
from practice import views
from practice.models import Community, InterestGroup, Membership, Role, State
from project_pages.factories import EntityFactory
from project_pages.models import Area
from project_pages.vocabularies import SizeBand

pytestmark = pytest.mark.django_db

SMALL, LARGE = 3, 30


@pytest.fixture(autouse=True)
def catalan():
    with translation.override("ca"):
        yield


@pytest.fixture(autouse=True)
def small_pages(monkeypatch):
    """Pages smaller than the site's, so that 30 of anything spans several."""
    monkeypatch.setattr(views, "COMMUNITIES_PER_PAGE", 10)
    monkeypatch.setattr(views, "GROUPS_PER_PAGE", 10)
    monkeypatch.setattr(views, "MEMBERS_PER_PAGE", 10)


class World:
    """Communities, groups and people that grow from SMALL to LARGE; the
    pages measured are always the same URLs."""

    def __init__(self):
        self.coordinator = make_member("Coordinadora Principal")
        self.viewer = make_member("Visitant Habitual")
        self.area = Area.objects.order_by("code").first()
        self.entities = EntityFactory.create_batch(4)
        self.people = 0

    @property
    def community(self) -> Community:
        return Community.objects.order_by("pk").first()

    @property
    def group(self) -> InterestGroup:
        return self.community.groups.order_by("pk").first()

    def grow(self, size: int) -> None:
        for n in range(Community.objects.count(), size):
            community = Community.objects.create(
                name=f"Comunitat {n:02d}", slug=f"c{n}"
            )
            # Each other community has a private group the viewer is invited to.
            if n:
                invited = self.add_group(community, "private", f"p{n}")
                Membership.objects.create(
                    group=invited,
                    member=self.viewer,
                    state=State.INVITED,
                    invited_by=self.coordinator,
                )
        visibilities = ["open", "moderated", "private"]
        for n in range(self.community.groups.count(), size):
            found = self.add_group(self.community, visibilities[n % 3], f"g{n}")
            Membership.objects.create(group=found, member=self.viewer)
        for n in range(self.people, size):
            person = make_member(f"Persona {n:02d}")
            Member.objects.filter(pk=person.pk).update(
                entity=self.entities[n % len(self.entities)],
                visibility=ProfileVisibility.PUBLIC,
                role="Tècnica de dades obertes",
                expertise="dades obertes, Decidim",
            )
            person.expertise_areas.add(self.area)
            Membership.objects.create(group=self.group, member=person)
            Membership.objects.create(
                group=self.group.community.groups.get(slug="g1"),
                member=person,
                state=State.REQUESTED,
            )
        self.people = size

    def add_group(self, community, visibility, slug) -> InterestGroup:
        found = InterestGroup.objects.create(
            community=community, name=f"Grup {slug}", slug=slug, visibility=visibility
        )
        Membership.objects.create(
            group=found, member=self.coordinator, role=Role.COORDINATOR
        )
        return found

    def pages(self) -> list[tuple[str, str, Member | None]]:
        index = reverse("practice:index")
        community = reverse("practice:community", args=[self.community.slug])
        group = reverse("practice:group", args=[self.community.slug, "g0"])
        moderated = reverse("practice:group", args=[self.community.slug, "g1"])
        directory = reverse("community:member_directory")
        region = self.entities[0].region
        return [
            ("member's home", index, self.viewer),
            ("communities, visitor", index, None),
            ("communities, page 2", index + "?page=2", self.viewer),
            ("community, visitor", community, None),
            ("community, member", community, self.viewer),
            ("group, visitor", group, None),
            ("group, member", group, self.viewer),
            ("group, coordinator", moderated, self.coordinator),
            ("group, members page 2", group + "?members=2", self.viewer),
            ("directory", directory, self.viewer),
            ("directory, visitor", directory, None),
            ("directory, area", f"{directory}?area={self.area.pk}", self.viewer),
            ("directory, size", f"{directory}?size={SizeBand.K5_20}", self.viewer),
            ("directory, region", f"{directory}?region={region}", self.viewer),
            ("directory, expertise", f"{directory}?expertise=Decidim", self.viewer),
            ("directory, text", f"{directory}?q=Persona", self.viewer),
        ]


def count_queries(url: str, member: Member | None, at_most) -> int:
    """Queries of one request to ``url``, which must stay within ``at_most``
    (pytest-django's django_assert_max_num_queries with the page's bound)."""
    client = Client()
    if member is not None:
        client.force_login(member.user)
    client.get(url)  # warm the site's caches (navigation, language links)
    with at_most() as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries.captured_queries)


# Today's counts (session, user and member profile included for the signed in).
BOUNDS = {
    "member's home": 9,
    "communities, visitor": 5,
    "communities, page 2": 9,
    "community, visitor": 4,
    "community, member": 6,
    # The group page: members, discussions, announcements, meetings (coming and
    # past), documents and followed project files, each one query; a member's
    # own calendar address one more.
    "group, visitor": 11,
    "group, member": 19,
    "group, coordinator": 20,
    "group, members page 2": 19,
    "directory": 8,
    "directory, visitor": 6,
    "directory, area": 9,
    "directory, size": 8,
    "directory, region": 8,
    "directory, expertise": 8,
    "directory, text": 8,
}


def test_every_page_costs_the_same_queries_with_3_or_30_of_everything(
    django_assert_max_num_queries,
):
    def bound(name):
        return lambda: django_assert_max_num_queries(BOUNDS[name])

    world = World()
    world.grow(SMALL)
    small = {
        name: count_queries(url, who, bound(name)) for name, url, who in world.pages()
    }
    world.grow(LARGE)
    assert Community.objects.count() == LARGE
    assert world.community.groups.count() == LARGE
    # (and the coordinator and the viewer)
    assert world.group.members().count() == LARGE + 2
    for name, url, who in world.pages():
        large = count_queries(url, who, bound(name))
        assert large == small[name], f"{name}: {small[name]} → {large} queries"


def test_long_lists_are_paginated(client):
    world = World()
    world.grow(LARGE)
    viewer = Client()
    viewer.force_login(world.viewer.user)

    # The communities page: ten communities a page, three groups each.
    def heading(slug):
        return f'<h2><a href="{reverse("practice:community", args=[slug])}">'

    first = viewer.get(reverse("practice:index")).content.decode()
    assert heading("c0") in first and heading("c9") in first
    assert heading("c10") not in first
    second = viewer.get(reverse("practice:index") + "?page=2").content.decode()
    assert heading("c10") in second and heading("c0") not in second
    assert "Tots els 30 grups de Comunitat 00" in first
    # ...while the viewer's own groups and invitations are all listed.
    assert "Grup g29" in first and "Grup p29" in first
    # A community: ten groups a page.
    url = reverse("practice:community", args=[world.community.slug])
    page = viewer.get(url).content.decode()
    assert page.count('class="card practice-group"') == 10
    last = viewer.get(url + "?page=3").content.decode()
    assert last.count('class="card practice-group"') == 10
    # A group: its coordinators, and ten members a page (of 32, by name).
    url = reverse("practice:group", args=[world.community.slug, "g0"])
    page = viewer.get(url).content.decode()
    assert "32 membres" in page
    assert page.count("Persona ") == 9  # and the coordinator
    assert "?members=4" in page
    last = viewer.get(url + "?members=4").content.decode()
    assert last.count("Persona ") == 1


def test_the_coordinators_roster_is_paginated_too():
    world = World()
    world.grow(LARGE)
    coordinator = Client()
    coordinator.force_login(world.coordinator.user)
    url = reverse("practice:manage", args=[world.community.slug, "g0"])
    page = coordinator.get(url).content.decode()
    # Ten on the page; the group's only coordinator can be neither removed nor
    # demoted, and is offered neither.
    assert page.count('class="following-list__item"') >= 10
    assert page.count('value="remove"') == 9
    assert "La persona coordinadora única del grup" in page
    assert "?members=4" in page
    last = coordinator.get(url + "?members=4").content.decode()
    assert last.count('value="remove"') == 2  # Persona 29 and the viewer
    assert "Visitant Habitual" in last
