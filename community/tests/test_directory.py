"""Find the peer who did it: professional profiles, the members' directory, "People
who worked on this" on a project file, writing to them through the relay, and the
member's data (download and erasure)."""

import io
import json
import re
import zipfile

import pytest
from django.core import mail
from django.test import Client, override_settings

from community.accounts import delete_account
from community.models import (
    ContactRequest,
    Member,
    MemberProject,
    MemberStatus,
    Visibility,
)
from project_pages.factories import EntityFactory, ProjectPageFactory
from project_pages.models import Area

DIRECTORY = "/ca/comunitat/directori/"
PROFILE_EDIT = "/ca/comunitat/perfil/"


@pytest.fixture
def entities(db):
    return {
        "small": EntityFactory(
            name="Ajuntament de Rupit", region="Osona", population=300
        ),
        "town": EntityFactory(
            name="Ajuntament de Manlleu", region="Osona", population=20_500
        ),
        "city": EntityFactory(
            name="Ajuntament de Girona", region="Gironès", population=103_000
        ),
    }


@pytest.fixture
def people(make_member, entities):
    """One member for each visibility, plus a banned public one."""
    public = make_member(
        "Anna Pública",
        entity=entities["town"],
        role="Cap de sistemes",
        visibility=Visibility.PUBLIC,
        expertise="Decidim, dades obertes",
    )
    public.expertise_areas.set(["participation_open_government"])
    members_only = make_member(
        "Bernat Socis",
        entity=entities["city"],
        role="Tècnic d'administració electrònica",
        visibility=Visibility.MEMBERS,
        expertise="expedient electrònic",
    )
    members_only.expertise_areas.set(["services_procedures"])
    hidden = make_member(
        "Carla Amagada",
        entity=entities["small"],
        role="Secretària interventora",
        visibility=Visibility.HIDDEN,
    )
    hidden.expertise_areas.set(["participation_open_government"])
    banned = make_member(
        "Dídac Vetat",
        entity=entities["town"],
        visibility=Visibility.PUBLIC,
        status=MemberStatus.BANNED,
    )
    return {
        "public": public,
        "members": members_only,
        "hidden": hidden,
        "banned": banned,
    }


def names_in(response) -> set[str]:
    html = response.content.decode()
    listed = re.findall(r'<h2 class="card__title"><a href="[^"]+">([^<]+)</a>', html)
    return set(listed)


def area_codes() -> list[str]:
    return list(Area.objects.values_list("code", flat=True))


def test_the_areas_used_here_exist(db):
    assert {"participation_open_government", "services_procedures"} <= set(area_codes())


# Visibility -----------------------------------------------------------------------


def test_an_anonymous_visitor_sees_public_profiles_only(client, people):
    response = client.get(DIRECTORY)
    assert response.status_code == 200
    assert names_in(response) == {"Anna Pública"}


def test_a_signed_in_member_also_sees_members_only_profiles(
    people, make_member, signed_in
):
    viewer = make_member("Viewer")
    names = names_in(signed_in(viewer).get(DIRECTORY))
    # The viewer's own profile (members only by default) is listed too.
    assert names == {"Anna Pública", "Bernat Socis", "Viewer"}


def test_a_hidden_member_sees_themselves_and_nobody_else_sees_them(people, signed_in):
    assert "Carla Amagada" in names_in(signed_in(people["hidden"]).get(DIRECTORY))
    assert "Carla Amagada" not in names_in(signed_in(people["public"]).get(DIRECTORY))


def test_hidden_profiles_keep_their_areas_and_projects_off_their_page(
    client, people, project_index
):
    page = ProjectPageFactory(parent=project_index, title="Cartipàs digital")
    MemberProject.objects.create(member=people["hidden"], page=page, role="Lead")
    html = client.get(f"/ca/comunitat/membres/{people['hidden'].pk}/").content.decode()
    assert "Cartipàs digital" not in html
    assert "Participació i govern obert" not in html
    html = client.get(f"/ca/comunitat/membres/{people['public'].pk}/").content.decode()
    assert (
        "Participació i govern obert" in html
    )  # the public member's area, by its Catalan label


# Filters --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"area": "participation_open_government"}, {"Anna Pública"}),
        ({"area": "services_procedures"}, {"Bernat Socis"}),
        ({"size": "gt100k"}, {"Bernat Socis"}),
        ({"size": "20k-50k"}, {"Anna Pública"}),
        ({"size": "lt1k"}, set()),  # Carla is hidden
        ({"region": "Gironès"}, {"Bernat Socis"}),
        ({"region": "Osona"}, {"Anna Pública"}),
        ({"expertise": "decidim"}, {"Anna Pública"}),
        ({"expertise": "expedient"}, {"Bernat Socis"}),
        ({"q": "bernat"}, {"Bernat Socis"}),
        ({"q": "sistemes"}, {"Anna Pública"}),
        ({"q": "sistemes", "area": "services_procedures"}, set()),
    ],
)
def test_the_filters_narrow_the_list(people, make_member, signed_in, query, expected):
    viewer = make_member("Viewer", visibility=Visibility.HIDDEN)
    viewer_client = signed_in(viewer)
    assert names_in(viewer_client.get(DIRECTORY, query)) - {"Viewer"} == expected


def test_unknown_filter_values_are_ignored_with_a_message(client, people):
    response = client.get(DIRECTORY, {"area": "astrology", "size": "huge"})
    assert response.status_code == 200
    assert names_in(response) == {"Anna Pública"}
    assert "no s’han entès" in response.content.decode()


def test_the_region_choices_are_the_regions_of_members_administrations(client, people):
    EntityFactory(name="Consell Comarcal del Ripollès", region="Ripollès")
    # A hidden member's region is no clue that someone is there.
    people["hidden"].entity = EntityFactory(
        name="Ajuntament de Tremp", region="Pallars Jussà"
    )
    people["hidden"].save()
    html = client.get(DIRECTORY).content.decode()
    assert '<option value="Osona">' in html
    assert '<option value="Gironès">' not in html  # Bernat: members only
    assert "Ripollès" not in html and "Pallars Jussà" not in html


def test_fifty_members_cost_a_constant_number_of_queries(
    client, entities, make_member, project_index, django_assert_max_num_queries
):
    pages = [
        ProjectPageFactory(parent=project_index, title=f"Projecte {n}")
        for n in range(3)
    ]
    for n in range(50):
        member = make_member(
            f"Persona {n:02}",
            entity=list(entities.values())[n % 3],
            visibility=Visibility.PUBLIC,
        )
        member.expertise_areas.set(
            ["participation_open_government", "services_procedures"]
        )
        for page in pages:
            MemberProject.objects.create(member=member, page=page, role="Equip")
    with django_assert_max_num_queries(12):
        response = client.get(DIRECTORY)
    html = response.content.decode()
    assert len(names_in(response)) == 20  # one page of the paginator
    assert "Projecte 2" in html and 'rel="next"' in html
    with django_assert_max_num_queries(12):
        second = client.get(DIRECTORY, {"page": 3})
    assert len(names_in(second)) == 10


# Editing the profile --------------------------------------------------------------


def test_a_member_sets_visibility_areas_and_a_project_of_their_administration(
    make_member, entities, project_index, signed_in
):
    own = ProjectPageFactory(
        parent=project_index, title="Padró en línia", entities=[entities["town"]]
    )
    other = ProjectPageFactory(
        parent=project_index, title="Seu de Girona", entities=[entities["city"]]
    )
    member = make_member("Núria", entity=entities["town"])
    client = signed_in(member)
    form = client.get(PROFILE_EDIT).content.decode()
    assert "Padró en línia" in form and "Seu de Girona" not in form
    # "Members only" is the default choice.
    assert re.search(r'value="members"[^>]*checked', form)
    assert not re.search(r'value="public"[^>]*checked', form)
    response = client.post(
        PROFILE_EDIT,
        {
            "display_name": "Núria",
            "entity": entities["town"].pk,
            "visibility": "public",
            "expertise_areas": ["participation_open_government"],
            "expertise": "Sentilo",
            "add_project": own.pk,
            "add_project_role": "Cap de projecte",
            "language": "ca",
            "frequency": "daily",
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.visibility == Visibility.PUBLIC
    assert list(member.expertise_areas.values_list("code", flat=True)) == [
        "participation_open_government"
    ]
    link = member.project_links.get()
    assert (link.page_id, link.role, link.confirmed) == (
        own.pk,
        "Cap de projecte",
        False,
    )
    # A project of another administration cannot be posted.
    response = client.post(
        PROFILE_EDIT,
        {
            "display_name": "Núria",
            "entity": entities["town"].pk,
            "visibility": "public",
            "add_project": other.pk,
            "language": "ca",
            "frequency": "daily",
        },
    )
    assert response.status_code == 200
    assert member.project_links.count() == 1
    # Removing it.
    client.post(
        PROFILE_EDIT,
        {
            "display_name": "Núria",
            "entity": entities["town"].pk,
            "visibility": "public",
            "remove_projects": [link.pk],
            "language": "ca",
            "frequency": "daily",
        },
    )
    assert not member.project_links.exists()


def test_a_role_without_a_project_is_refused_and_nothing_is_lost(
    make_member, entities, signed_in
):
    member = make_member("Pau", entity=entities["town"])
    response = signed_in(member).post(
        PROFILE_EDIT,
        {
            "display_name": "Pau",
            "entity": entities["town"].pk,
            "role": "Tècnic",
            "visibility": "public",
            "expertise": "Sentilo",
            "add_project_role": "Cap de projecte",
            "language": "ca",
            "frequency": "daily",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Trieu la fitxa de projecte d’aquest paper." in html
    # What was typed is still in the form, and nothing was saved half-way.
    assert 'value="Sentilo"' in html and 'value="Cap de projecte"' in html
    member.refresh_from_db()
    assert member.visibility == Visibility.MEMBERS and member.expertise == ""


def test_a_form_posted_without_visibility_keeps_the_member_s_choice(
    make_member, signed_in
):
    member = make_member("Pau", visibility=Visibility.PUBLIC)
    signed_in(member).post(
        PROFILE_EDIT,
        {"display_name": "Pau", "language": "ca", "frequency": "daily"},
    )
    member.refresh_from_db()
    assert member.visibility == Visibility.PUBLIC


# People who worked on this ----------------------------------------------------------


@pytest.fixture
def project(project_index, people):
    page = ProjectPageFactory(parent=project_index, title="Padró en línia", contacts=1)
    for key, role in [
        ("public", "Cap de projecte"),
        ("members", "Tècnic"),
        ("hidden", "Secretària"),
        ("banned", "Spam"),
    ]:
        MemberProject.objects.create(member=people[key], page=page, role=role)
    return page


def people_section(response) -> str:
    html = response.content.decode()
    start = html.find('id="people"')
    return html[start : html.find("</section>", start)] if start >= 0 else ""


def test_anonymous_visitors_see_the_public_people_of_a_project(client, project):
    section = people_section(client.get(project.url))
    assert "Anna Pública" in section and "Cap de projecte" in section
    for name in ("Bernat Socis", "Carla Amagada", "Dídac Vetat"):
        assert name not in section
    assert "@" not in section  # never an address
    assert f"/ca/comunitat/projectes/{project.pk}/contacte/?to=" in section


def test_members_see_members_only_people_and_the_hidden_see_themselves(
    project, people, signed_in
):
    section = people_section(signed_in(people["public"]).get(project.url))
    assert "Bernat Socis" in section and "Carla Amagada" not in section
    section = people_section(signed_in(people["hidden"]).get(project.url))
    assert "Carla Amagada" in section


def test_the_list_follows_a_profile_change_through_the_page_caches(
    client, project, people, django_capture_on_commit_callbacks
):
    with override_settings(
        OBSERVATORY_PAGE_CACHE={"ENABLED": True, "TIMEOUT": 300, "PROXY_MAX_AGE": 0}
    ):
        first = client.get(project.url)
        assert "Bernat Socis" not in people_section(first)
        assert client.get(project.url)["X-Page-Cache"] == "hit"
        with django_capture_on_commit_callbacks(execute=True):
            people["members"].visibility = Visibility.PUBLIC
            people["members"].save()
        fresh = client.get(project.url)
        assert fresh["X-Page-Cache"] == "miss"
        assert "Bernat Socis" in people_section(fresh)
        with django_capture_on_commit_callbacks(execute=True):
            people["public"].visibility = Visibility.HIDDEN
            people["public"].save()
        assert "Anna Pública" not in people_section(client.get(project.url))


def test_the_people_of_a_project_are_read_once_per_content_version(
    project, people, signed_in
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    member = signed_in(people["members"])
    member.get(project.url)
    with CaptureQueriesContext(connection) as queries:
        section = people_section(member.get(project.url))
    # Another viewer with another audience filters the same stored list.
    assert "Bernat Socis" in section and "Anna Pública" in section
    assert not [q for q in queries if "community_memberproject" in q["sql"]]
    assert "Bernat Socis" not in people_section(Client().get(project.url))


def test_a_member_says_they_worked_on_a_project_from_its_page(
    project, make_member, signed_in
):
    member = make_member("Quim", visibility=Visibility.PUBLIC)
    client = signed_in(member)
    assert "Hi he treballat</button>" in people_section(client.get(project.url))
    response = client.post(
        f"/ca/comunitat/hi-he-treballat/{project.pk}/", {"role": "  Formador  "}
    )
    assert response.status_code == 302
    assert member.project_links.get().role == "Formador"
    section = people_section(Client().get(project.url))
    assert "Quim" in section and "Formador" in section
    assert "Hi he treballat</button>" not in people_section(client.get(project.url))


def test_claiming_needs_a_signed_in_member(client, project):
    response = client.post(f"/ca/comunitat/hi-he-treballat/{project.pk}/")
    assert response.status_code == 302 and "login" in response["Location"]
    assert MemberProject.objects.count() == 4


def test_write_to_relays_to_the_member_without_showing_their_address(
    client, project, people
):
    people["public"].user.email = "anna@manlleu.example"
    people["public"].user.save()
    people["public"].language = "es"
    people["public"].save()
    url = f"/ca/comunitat/projectes/{project.pk}/contacte/?to={people['public'].pk}"
    form = client.get(url).content.decode()
    assert "Escriviu a Anna Pública" in form
    assert "anna@manlleu.example" not in form
    response = client.post(
        url,
        {
            "name": "Jordi",
            "email": "jordi@vilanova.example",
            "message": "Com ho vau fer?",
        },
    )
    assert response.status_code == 302
    relay, receipt = mail.outbox
    assert relay.to == ["anna@manlleu.example"]
    assert relay.reply_to == ["jordi@vilanova.example"]
    assert "anna@manlleu.example" not in receipt.body
    assert "Hem fet arribar el vostre missatge a Anna Pública" in receipt.body
    # Anna reads Spanish; the sender wrote from the Catalan page.
    assert "en la que dice que ha trabajado" in relay.body
    sent = client.get(response["Location"]).content.decode()
    assert "L’hem fet arribar a Anna Pública" in sent
    assert ContactRequest.objects.get().recipient == people["public"]


def test_write_to_a_member_the_sender_may_not_see_goes_to_the_team(
    client, project, people
):
    url = f"/ca/comunitat/projectes/{project.pk}/contacte/?to={people['hidden'].pk}"
    assert "Carla Amagada" not in client.get(url).content.decode()
    client.post(url, {"name": "Jordi", "email": "j@v.example", "message": "Hola"})
    contacts = [c.email for c in project.contacts.all() if c.email]
    assert mail.outbox[0].to == contacts
    assert ContactRequest.objects.get().recipient is None


# Data protection ------------------------------------------------------------------


def test_the_data_download_holds_the_professional_profile(project, people, signed_in):
    member = people["public"]
    response = signed_in(member).get("/ca/comunitat/perfil/les-meves-dades/")
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    document = json.loads(archive.read(archive.namelist()[0]))
    profile = document["profile"]
    assert profile["visibility"] == "public"
    assert profile["areas_of_expertise"] == ["participation_open_government"]
    assert profile["expertise"] == "Decidim, dades obertes"
    assert profile["projects_worked_on"] == [
        {
            "project_file": "Padró en línia",
            "project_file_id": project.pk,
            "role": "Cap de projecte",
            "confirmed": False,
            "declared": profile["projects_worked_on"][0]["declared"],
        }
    ]


def test_deleting_the_account_removes_the_profile_and_its_claims(
    client, project, people
):
    member = people["public"]
    delete_account(member.user)
    assert not Member.objects.filter(pk=member.pk).exists()
    assert not MemberProject.objects.filter(member_id=member.pk).exists()
    assert "Anna Pública" not in people_section(client.get(project.url))
    assert "Anna Pública" not in names_in(client.get(DIRECTORY))


@pytest.mark.parametrize(
    "url, heading",
    [
        ("/ca/comunitat/directori/", "Directori de membres"),
        ("/es/comunidad/directorio/", "Directorio de miembros"),
        ("/en/community/directory/", "Members' directory"),
    ],
)
def test_the_directory_has_a_translated_address_in_each_language(
    client, people, url, heading
):
    response = client.get(url)
    assert response.status_code == 200
    assert f"<h1>{heading}</h1>" in response.content.decode()
    assert names_in(response) == {"Anna Pública"}


# Editors confirm or remove claims ---------------------------------------------------


@pytest.fixture
def moderator(db):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user("mod", "mod@observatori.example", "x")
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


def test_a_moderator_confirms_a_claim_and_the_project_page_says_so(
    client, project, people, moderator, signed_in
):
    claim = MemberProject.objects.get(member=people["public"])
    assert "confirmat" not in people_section(client.get(project.url))
    admin = signed_in(moderator)
    admin.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    listing = admin.get("/admin/community/projects-worked-on/")
    assert listing.status_code == 200
    assert "Anna Pública" in listing.content.decode()
    response = admin.post(
        f"/admin/community/projects-worked-on/edit/{claim.pk}/",
        {"role": "Cap de projecte", "confirmed": "on"},
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.confirmed
    assert "confirmat</span>" in people_section(client.get(project.url))


def test_members_cannot_open_the_claims_in_the_admin(people, signed_in):
    response = signed_in(people["public"]).get("/admin/community/projects-worked-on/")
    assert response.status_code in (302, 403)


def test_a_claim_shows_on_every_language_version_of_the_project(
    client, project, people, make_member, signed_in
):
    from wagtail.models import Locale

    spanish = project.copy_for_translation(Locale.objects.get(language_code="es"))
    spanish.save_revision().publish()
    spanish.refresh_from_db()
    section = people_section(client.get(spanish.url))
    assert "Personas que han trabajado en ello" in section
    assert "Anna Pública" in section and "Cap de projecte" in section
    assert "Carla Amagada" not in section
    # "Write to" from the Spanish version reaches her too.
    assert f"/es/comunidad/proyectos/{spanish.pk}/" in section
    url = f"/es/comunidad/proyectos/{spanish.pk}/contacto/?to={people['public'].pk}"
    assert "Escriba a Anna Pública" in client.get(url).content.decode()
    # A member who claimed the Catalan file is not offered its Spanish version.
    member = people["public"]
    member.entity.project_links.create(page=spanish)
    form = signed_in(member).get("/es/comunidad/perfil/").content.decode()
    assert (
        spanish.title not in form.split('name="add_project"')[1].split("</select>")[0]
    )
