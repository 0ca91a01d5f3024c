"""The project files a group follows: coordinators add them by title or address
(with a clear error otherwise) and remove them; the group page lists them; a
project file's page lists the open and moderated groups following it, never a
private one, outside its cached body and for at most one query."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

from practice.models_projects import GroupProject
from project_pages.factories import ProjectPageFactory

from . import activity_helpers as helpers
from .activity_helpers import client_for, url

pytestmark = pytest.mark.django_db

# The shared fixtures (activity_helpers).
catalan, groups, people = helpers.catalan, helpers.groups, helpers.people


@pytest.fixture
def padro(project_index):
    return ProjectPageFactory(parent=project_index, title="Padró en línia")


def add(client, group, text):
    return client.post(url("project_add", group), {"project": text})


def groups_section(response) -> str:
    html = response.content.decode()
    start = html.find('id="groups"')
    return html[start : html.find("</section>", start)] if start >= 0 else ""


def test_a_coordinator_adds_a_project_file_by_its_title_and_the_group_page_lists_it(
    groups, people, padro
):
    group = groups["open"]
    marta = client_for(people["marta"])
    assert url("project_add", group) in marta.get(url("manage", group)).content.decode()
    # (SQLite folds the case of ASCII letters only; PostgreSQL of all.)
    response = add(marta, group, "  PADRó EN línia ")
    assert response.status_code == 302 and response["Location"].endswith("#projects")
    assert GroupProject.objects.get(group=group).page.pk == padro.pk
    page = client_for(None).get(group.get_absolute_url()).content.decode()
    assert "Padró en línia" in page and padro.url in page


def test_part_of_a_title_finds_the_one_file_that_has_it(
    groups, people, padro, project_index
):
    ProjectPageFactory(parent=project_index, title="Padró d’habitants en línia")
    ProjectPageFactory(parent=project_index, title="Tràmits 24 hores a Viladecans")
    marta = client_for(people["marta"])
    add(marta, groups["open"], "tràmits 24")
    assert GroupProject.objects.get().page.title == "Tràmits 24 hores a Viladecans"
    # Two files have "Padró": the error names them and keeps what was typed.
    response = add(marta, groups["moderated"], "Padró")
    manage = marta.get(response["Location"]).content.decode()
    assert "Hi ha diverses fitxes de projecte amb «Padró» al títol" in manage
    assert "Padró en línia" in manage and "Padró d’habitants en línia" in manage
    assert 'value="Padró"' in manage
    assert GroupProject.objects.count() == 1


def test_a_coordinator_adds_one_by_its_address_absolute_or_not(groups, people, padro):
    marta = client_for(people["marta"])
    add(marta, groups["open"], f"http://testserver{padro.url}")
    add(marta, groups["moderated"], padro.url)
    assert GroupProject.objects.filter(page=padro).count() == 2


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Escriviu el títol"),
        ("Un projecte que no existeix", "Cap fitxa de projecte publicada no es diu"),
        ("https://example.com/ca/projectes/padro-en-linia/", "no és una fitxa"),
        ("/ca/projectes/no-hi-es/", "Cap fitxa de projecte publicada no té"),
    ],
)
def test_what_is_not_a_published_project_file_gets_a_clear_error(
    groups, people, padro, text, message
):
    group = groups["open"]
    marta = client_for(people["marta"])
    response = add(marta, group, text)
    manage = marta.get(response["Location"]).content.decode()
    assert message in manage
    if text:
        assert f'value="{text}"' in manage  # what was typed is kept
    assert not GroupProject.objects.exists()


def test_a_draft_or_a_file_followed_already_is_refused(
    groups, people, padro, project_index
):
    draft = ProjectPageFactory(parent=project_index, title="Esborrany secret")
    draft.unpublish()
    marta = client_for(people["marta"])
    group = groups["open"]
    add(marta, group, "Esborrany secret")
    add(marta, group, "Padró en línia")
    again = add(marta, group, padro.url)
    assert "ja segueix" in marta.get(again["Location"]).content.decode()
    assert list(GroupProject.objects.values_list("page_id", flat=True)) == [padro.pk]


def test_only_coordinators_add_and_remove(groups, people, padro):
    group = groups["open"]
    link = GroupProject.objects.create(group=group, page=padro)
    pau = client_for(people["pau"])
    assert add(pau, group, "Padró en línia").status_code == 403
    assert pau.post(url("project_remove", group, link.pk)).status_code == 403
    assert GroupProject.objects.count() == 1
    for who in ("stranger", "iris"):
        client = client_for(people[who])
        private = groups["private"]
        assert add(client, private, "Padró en línia").status_code == 404
    marta = client_for(people["marta"])
    assert marta.post(url("project_remove", group, link.pk)).status_code == 302
    assert not GroupProject.objects.exists()


def test_a_private_groups_project_files_are_not_shown_outside(groups, people, padro):
    private = groups["private"]
    GroupProject.objects.create(group=private, page=padro)
    for who in ("stranger", "iris"):
        page = client_for(people[who]).get(private.get_absolute_url())
        if page.status_code == 200:
            assert "Padró en línia" not in page.content.decode(), who
    assert (
        "Padró en línia"
        in client_for(people["pau"]).get(private.get_absolute_url()).content.decode()
    )


def test_a_project_page_lists_open_and_moderated_groups_never_private_ones(
    groups, people, padro
):
    for group in groups.values():
        GroupProject.objects.create(group=group, page=padro)
    for viewer in (None, people["pau"], people["marta"]):
        section = groups_section(client_for(viewer).get(padro.url))
        assert "Grup open" in section and "Grup moderated" in section
        assert "Grup private" not in section
        assert groups["open"].get_absolute_url() in section


def test_a_translation_of_the_file_lists_the_same_groups(groups, padro, site_pages):
    spanish = padro.copy_for_translation(Locale.objects.get(language_code="es"))
    spanish.title = "Padrón en línea"
    spanish.save_revision().publish()
    groups["open"].name_es = "Grupo abierto"
    groups["open"].save()
    GroupProject.objects.create(group=groups["open"], page=padro)
    spanish.refresh_from_db()
    section = groups_section(client_for(None).get(spanish.url))
    assert "Grupo abierto" in section


def test_the_list_costs_one_query_then_none_and_follows_changes(groups, people, padro):
    GroupProject.objects.create(group=groups["open"], page=padro)
    client = client_for(people["pau"])
    with CaptureQueriesContext(connection) as cold:
        client.get(padro.url)
    mine = [q for q in cold.captured_queries if "practice_groupproject" in q["sql"]]
    assert len(mine) == 1
    with CaptureQueriesContext(connection) as warm:
        assert "Grup open" in groups_section(client.get(padro.url))
    assert not any("practice_groupproject" in q["sql"] for q in warm.captured_queries)
    # A new group following it shows at once (a new public content version).
    GroupProject.objects.create(group=groups["moderated"], page=padro)
    with CaptureQueriesContext(connection) as fresh:
        assert "Grup moderated" in groups_section(client.get(padro.url))
    mine = [q for q in fresh.captured_queries if "practice_groupproject" in q["sql"]]
    assert len(mine) == 1
    # A group turned private leaves the list.
    groups["open"].visibility = "private"
    groups["open"].save()
    assert "Grup open" not in groups_section(client.get(padro.url))
