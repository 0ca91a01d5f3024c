"""Communities of practice as members, coordinators and strangers meet them:
who sees a private group, joining each kind of group, what only coordinators
may do, and the admin menu editors use."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group as AuthGroup
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.text import slugify

from community.tests.comment_helpers import make_member
from core.ratelimit import RateLimit
from practice.models import (
    Community,
    InterestGroup,
    Membership,
    Role,
    State,
    Visibility,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def catalan():
    with translation.override("ca"):
        yield


@pytest.fixture
def clerks():
    return Community.objects.create(
        name="Secretaris i interventors de municipis petits",
        name_es="Secretarios e interventores de municipios pequeños",
        slug="secretaris",
    )


def make_group(community, name, visibility, coordinator=None):
    group = InterestGroup.objects.create(
        community=community,
        name=name,
        slug=slugify(name),
        visibility=visibility,
        description=f"Descripció de {name}",
    )
    if coordinator is not None:
        Membership.objects.create(
            group=group, member=coordinator, role=Role.COORDINATOR
        )
    return group


@pytest.fixture
def marta():
    return make_member("Marta Coordinadora")


@pytest.fixture
def pau():
    return make_member("Pau Membre")


@pytest.fixture
def stranger():
    return make_member("Estrany Curiós")


@pytest.fixture
def groups(clerks, marta):
    return {
        visibility: make_group(clerks, f"Grup {visibility}", visibility, marta)
        for visibility in Visibility.values
    }


def client_for(member=None) -> Client:
    client = Client()
    if member is not None:
        client.force_login(member.user)
    return client


def group_url(group, name="practice:group"):
    return reverse(name, args=[group.community.slug, group.slug])


def act(client, group, action):
    return client.post(group_url(group, "practice:membership"), {"action": action})


def manage(client, group, action, **data):
    return client.post(group_url(group, "practice:manage"), {"action": action, **data})


def state_of(group, member):
    found = group.memberships.filter(member=member).first()
    return found and (found.state, found.role)


# Visibility ----------------------------------------------------------------------


def test_a_private_group_is_invisible_outside_on_every_url(groups, stranger, marta):
    private = groups["private"]
    for viewer in (None, stranger):
        client = client_for(viewer)
        for url in (
            reverse("practice:index"),
            reverse("practice:community", args=["secretaris"]),
        ):
            html = client.get(url).content.decode()
            assert "Grup open" in html  # the list is there...
            assert "Grup private" not in html  # ...without the private group
        assert client.get(group_url(private)).status_code == 404
        if viewer:  # (strangers without an account are sent to sign in first)
            assert client.get(group_url(private, "practice:manage")).status_code == 404
            assert act(client, private, "join").status_code == 404
            assert (
                manage(client, private, "invite", member="Estrany Curiós").status_code
                == 404
            )
            assert "Marta" not in client.get(group_url(private)).content.decode()
    assert state_of(private, stranger) is None


def test_members_of_a_private_group_see_it_in_lists_with_its_people(groups, pau):
    private = groups["private"]
    Membership.objects.create(group=private, member=pau)
    client = client_for(pau)
    assert "Grup private" in client.get(reverse("practice:index")).content.decode()
    page = client.get(group_url(private)).content.decode()
    assert "Marta Coordinadora" in page and "Pau Membre" in page


def test_someone_invited_sees_the_group_but_not_its_members(groups, pau):
    private = groups["private"]
    Membership.objects.create(group=private, member=pau, state=State.INVITED)
    page = client_for(pau).get(group_url(private)).content.decode()
    assert "Accepta la invitació" in page
    assert "Marta Coordinadora" not in page


def test_names_are_shown_in_the_readers_language(clerks):
    with translation.override("es"):
        html = Client().get(reverse("practice:index")).content.decode()
    assert "Secretarios e interventores" in html
    with translation.override("en"):  # no English name: the Catalan one
        html = Client().get(reverse("practice:index")).content.decode()
    assert "Secretaris i interventors" in html


# Joining ---------------------------------------------------------------------------


def test_anyone_joins_an_open_group_and_leaves_it(groups, pau):
    client = client_for(pau)
    response = act(client, groups["open"], "join")
    assert response.status_code == 302
    assert state_of(groups["open"], pau) == (State.MEMBER, Role.MEMBER)
    page = client.get(group_url(groups["open"])).content.decode()
    assert "Sou membre d’aquest grup" in page or "membre d'aquest grup" in page
    act(client, groups["open"], "leave")
    assert state_of(groups["open"], pau) is None


def test_a_moderated_group_waits_for_a_coordinator(groups, pau, marta):
    moderated = groups["moderated"]
    act(client_for(pau), moderated, "join")
    assert state_of(moderated, pau) == (State.REQUESTED, Role.MEMBER)
    request = moderated.memberships.get(member=pau)
    coordinator = client_for(marta)
    waiting = "1 sol·licitud pendent"
    assert waiting in coordinator.get(group_url(moderated)).content.decode()
    assert waiting not in client_for(pau).get(group_url(moderated)).content.decode()
    assert (
        "Pau Membre"
        in coordinator.get(group_url(moderated, "practice:manage")).content.decode()
    )
    manage(coordinator, moderated, "accept", membership=request.pk)
    assert state_of(moderated, pau) == (State.MEMBER, Role.MEMBER)


def test_a_declined_request_leaves_nothing(groups, pau, marta):
    moderated = groups["moderated"]
    act(client_for(pau), moderated, "join")
    request = moderated.memberships.get(member=pau)
    manage(client_for(marta), moderated, "decline", membership=request.pk)
    assert state_of(moderated, pau) is None


def test_a_private_group_is_joined_by_accepting_an_invitation(groups, pau, marta):
    private = groups["private"]
    coordinator = client_for(marta)
    response = manage(coordinator, private, "invite", member="pau membre")
    assert response.status_code == 302
    assert state_of(private, pau) == (State.INVITED, Role.MEMBER)
    invited = client_for(pau)
    assert "Grup private" in invited.get(reverse("practice:index")).content.decode()
    act(invited, private, "join")
    assert state_of(private, pau) == (State.MEMBER, Role.MEMBER)


def test_an_invitation_by_profile_address_and_clear_errors(groups, pau, marta):
    private = groups["private"]
    coordinator = client_for(marta)
    make_member("Homònim")
    make_member("Homònim")
    response = manage(coordinator, private, "invite", member="Homònim")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Homònim" in html  # what was typed stays in the field
    assert 'role="status"' in html and "message--error" in html
    response = manage(coordinator, private, "invite", member="Ningú Així")
    assert "message--error" in response.content.decode()
    assert private.memberships.count() == 1
    profile = reverse("community:member_profile", args=[pau.pk])
    manage(coordinator, private, "invite", member=f"https://example.org{profile}")
    assert state_of(private, pau) == (State.INVITED, Role.MEMBER)


def test_without_an_invitation_a_private_group_cannot_be_joined(groups, pau):
    # Even knowing its address: the group does not exist for them.
    assert act(client_for(pau), groups["private"], "join").status_code == 404
    assert state_of(groups["private"], pau) is None


def test_requests_are_rate_limited(groups, clerks, pau, monkeypatch):
    from practice import views

    monkeypatch.setattr(views, "JOIN_LIMIT", RateLimit(1))
    more = make_group(clerks, "Un altre", Visibility.MODERATED)
    client = client_for(pau)
    act(client, groups["moderated"], "join")
    response = act(client, more, "join")
    assert state_of(more, pau) is None
    page = client.get(response["Location"]).content.decode()
    assert "message--error" in page


# Coordinators ----------------------------------------------------------------------


def test_a_plain_member_cannot_manage(groups, pau, stranger):
    moderated = groups["moderated"]
    Membership.objects.create(group=moderated, member=pau)
    act(client_for(stranger), moderated, "join")
    request = moderated.memberships.get(member=stranger)
    client = client_for(pau)
    assert client.get(group_url(moderated, "practice:manage")).status_code == 403
    coordinator = moderated.memberships.get(role=Role.COORDINATOR)
    for action, pk in (
        ("accept", request.pk),
        ("remove", coordinator.pk),
        ("promote", request.pk),
        ("demote", coordinator.pk),
    ):
        assert manage(client, moderated, action, membership=pk).status_code == 403
    assert state_of(moderated, stranger) == (State.REQUESTED, Role.MEMBER)
    assert moderated.coordinators().count() == 1


def test_coordinators_promote_remove_and_keep_one_coordinator(groups, pau, marta):
    group = groups["open"]
    pau_row = Membership.objects.create(group=group, member=pau)
    marta_row = group.memberships.get(member=marta)
    coordinator = client_for(marta)

    # The only coordinator can neither leave nor stop coordinating.
    response = act(coordinator, group, "leave")
    page = coordinator.get(response["Location"]).content.decode()
    assert "Sou l’única persona que coordina el grup" in page
    for action in ("demote", "remove"):
        response = manage(coordinator, group, action, membership=marta_row.pk)
        assert "almenys una persona coordinadora" in response.content.decode()
    assert state_of(group, marta) == (State.MEMBER, Role.COORDINATOR)

    manage(coordinator, group, "promote", membership=pau_row.pk)
    assert state_of(group, pau) == (State.MEMBER, Role.COORDINATOR)
    # Two coordinators now: one may leave, and the other then cannot.
    act(coordinator, group, "leave")
    assert state_of(group, marta) is None
    act(client_for(pau), group, "leave")
    assert state_of(group, pau) == (State.MEMBER, Role.COORDINATOR)


def test_a_coordinator_removes_a_member(groups, pau, marta):
    group = groups["moderated"]
    row = Membership.objects.create(group=group, member=pau)
    manage(client_for(marta), group, "remove", membership=row.pk)
    assert state_of(group, pau) is None


def test_a_coordinator_of_one_group_has_no_power_over_another(
    clerks, groups, pau, marta, stranger
):
    other = make_group(clerks, "Grup aliè", Visibility.OPEN, stranger)
    row = Membership.objects.create(group=other, member=pau)
    assert (
        manage(client_for(marta), other, "remove", membership=row.pk).status_code == 403
    )
    # A membership of another group named in this group's form is not found.
    manage(client_for(marta), groups["open"], "remove", membership=row.pk)
    assert state_of(other, pau) == (State.MEMBER, Role.MEMBER)


def test_forms_are_post_only_and_need_an_account(groups):
    assert (
        Client().get(group_url(groups["open"], "practice:membership")).status_code
        == 405
    )
    response = act(Client(), groups["open"], "join")
    assert response.status_code == 302 and "/comptes/login/" in response["Location"]
    assert groups["open"].memberships.count() == 1


# Admin -------------------------------------------------------------------------------


def test_editors_find_communities_groups_and_memberships_in_the_admin(groups):
    editor = get_user_model().objects.create_user("editora", "e@example.org", "x")
    editor.groups.add(AuthGroup.objects.get(name="Editors"))
    client = client_for()
    client.force_login(editor)
    for name in ("practice_communities", "practice_groups", "practice_memberships"):
        for view in ("index", "add"):
            response = client.get(reverse(f"{name}:{view}"))
            assert response.status_code == 200, (name, view)
    html = client.get(reverse("practice_groups:index")).content.decode()
    assert "Grup private" in html
    response = client.get(reverse("practice_groups:edit", args=[groups["open"].pk]))
    assert response.status_code == 200


def test_editors_create_a_community_in_the_admin(db):
    editor = get_user_model().objects.create_user("editor2", "e2@example.org", "x")
    editor.groups.add(AuthGroup.objects.get(name="Editors"))
    client = client_for()
    client.force_login(editor)
    fields = dict.fromkeys(
        ["name_es", "description", "description_es", "description_en"], ""
    )
    response = client.post(
        reverse("practice_communities:add"),
        {
            **fields,
            "name": "Responsables de dades obertes",
            "name_en": "Open data officers",
            "slug": "dades-obertes",
        },
    )
    assert response.status_code == 302
    assert Community.objects.get(slug="dades-obertes").name_en == "Open data officers"


def test_members_without_the_permission_do_not_get_the_admin(groups, pau):
    client = client_for(pau)
    response = client.get(reverse("practice_groups:index"))
    assert response.status_code in (302, 403)


def test_declining_an_invitation_closes_the_private_group_again(groups, pau):
    private = groups["private"]
    Membership.objects.create(group=private, member=pau, state=State.INVITED)
    client = client_for(pau)
    response = act(client, private, "leave")
    assert response["Location"] == reverse("practice:index")
    assert state_of(private, pau) is None
    assert client.get(group_url(private)).status_code == 404
    assert (
        "Heu rebutjat la invitació."
        in client.get(reverse("practice:index")).content.decode()
    )


def test_a_banned_member_cannot_join(groups, pau):
    pau.status = "banned"
    pau.save()
    client = client_for(pau)
    response = act(client, groups["open"], "join")
    assert state_of(groups["open"], pau) is None
    assert "message--error" in client.get(response["Location"]).content.decode()


def test_an_unknown_action_changes_nothing_and_says_so(groups, pau, marta):
    client = client_for(pau)
    response = act(client, groups["open"], "take-over")
    assert "Acció desconeguda." in client.get(response["Location"]).content.decode()
    response = manage(client_for(marta), groups["open"], "explode", membership="x")
    assert "message--error" in response.content.decode()
    assert groups["open"].memberships.count() == 1


@pytest.mark.parametrize(
    "language, address",
    [
        ("ca", "/ca/comunitats/secretaris/grup-open/gestio/"),
        ("es", "/es/comunidades/secretaris/grup-open/gestion/"),
        ("en", "/en/communities/secretaris/grup-open/manage/"),
    ],
)
def test_addresses_are_in_the_readers_language(groups, language, address):
    with translation.override(language):
        assert group_url(groups["open"], "practice:manage") == address


# A member's data and account --------------------------------------------------------


def test_the_data_download_lists_the_members_groups(groups, pau):
    from community.data_export import member_data

    Membership.objects.create(group=groups["private"], member=pau)
    (row,) = member_data(pau.user)["interest_groups"]
    assert row["group"] == "Grup private"
    assert row["state"] == "member" and row["role"] == "member"


def test_deleting_the_last_coordinators_account_hands_the_group_over(
    groups, pau, marta, stranger
):
    from community.accounts import delete_account

    group = groups["open"]
    Membership.objects.create(group=group, member=pau)
    Membership.objects.create(group=group, member=stranger)
    delete_account(marta.user)
    assert [m.member for m in group.coordinators()] == [pau]
    assert group.members().count() == 2


def test_editors_name_a_coordinator_with_a_member_chooser(groups, pau, marta):
    """A search in a chooser, not a select of every member of the site."""
    editor = get_user_model().objects.create_user("editor3", "e3@example.org", "x")
    editor.groups.add(AuthGroup.objects.get(name="Editors"))
    client = client_for()
    client.force_login(editor)
    form = client.get(reverse("practice_memberships:add")).content.decode()
    assert '<select name="member"' not in form
    assert reverse("member_chooser:choose") in form
    results = client.get(reverse("member_chooser:choose_results"), {"q": "pau"})
    assert results.status_code == 200
    assert pau.display_name in results.content.decode()
    assert marta.display_name not in results.content.decode()
    by_address = client.get(
        reverse("member_chooser:choose_results"), {"q": pau.user.email.upper()}
    )
    assert pau.display_name in by_address.content.decode()
    new_group = InterestGroup.objects.create(
        community=groups["open"].community, name="Grup nou", slug="grup-nou"
    )
    response = client.post(
        reverse("practice_memberships:add"),
        {
            "group": new_group.pk,
            "member": pau.pk,
            "state": "member",
            "role": "coordinator",
        },
    )
    assert response.status_code == 302
    assert new_group.coordinators().get().member == pau
