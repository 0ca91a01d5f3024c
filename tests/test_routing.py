"""The lighter router (project_pages/routing.py) behaves like Wagtail's."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import PageViewRestriction

from project_pages.factories import ArticlePageFactory, ProjectPageFactory
from tests.helpers import project_form_data


@pytest.mark.django_db
def test_published_page_is_served_and_draft_is_not(client, project_index):
    live = ProjectPageFactory(parent=project_index, title="Cita prèvia en línia")
    draft = ProjectPageFactory(parent=project_index, title="Esborrany", live=False)
    assert client.get(live.url).status_code == 200
    assert client.get(f"/ca/projectes/{draft.slug}/").status_code == 404
    assert client.get("/ca/projectes/no-existeix/").status_code == 404
    assert client.get("/ca/no-existeix/cap/").status_code == 404


@pytest.mark.django_db
def test_other_languages_route_through_their_own_tree(client, site_pages):
    spanish_index = site_pages["projects"]["es"]
    page = ProjectPageFactory(parent=spanish_index, title="Cita previa")
    assert page.url == f"/es/proyectos/{page.slug}/"
    response = client.get(page.url)
    assert response.status_code == 200
    assert "Cita previa" in response.content.decode()
    # The Catalan tree does not answer the Spanish slug.
    assert client.get(f"/ca/projectes/{page.slug}/").status_code == 404


@pytest.mark.django_db
def test_private_section_still_needs_login(client, site_pages):
    """A restriction on an ancestor protects the pages below it."""
    articles = site_pages["articles"]["ca"]
    article = ArticlePageFactory(parent=articles, title="Només per a membres")
    assert client.get(article.url).status_code == 200
    restriction = PageViewRestriction.objects.create(
        page=articles, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.get(name="Editors"))
    response = client.get(article.url)
    assert response.status_code == 302
    assert "login" in response["Location"]


@pytest.mark.django_db
def test_password_restriction_on_the_page_itself(client, project_page):
    PageViewRestriction.objects.create(
        page=project_page,
        restriction_type=PageViewRestriction.PASSWORD,
        password="caravana",
    )
    response = client.get(project_page.url)
    assert response.status_code == 200
    assert 'name="password"' in response.content.decode()
    assert project_page.summary not in response.content.decode()


@pytest.mark.django_db
def test_alias_shares_its_source_restrictions(client, site_pages, project_page):
    """An alias page is as private as the page it mirrors (Wagtail's rule)."""
    spanish_index = site_pages["projects"]["es"]
    alias = project_page.create_alias(parent=spanish_index, update_slug="alias-xat")
    assert client.get(alias.url).status_code == 200
    PageViewRestriction.objects.create(
        page=project_page, restriction_type=PageViewRestriction.LOGIN
    )
    assert client.get(alias.url).status_code == 302


@pytest.mark.django_db
def test_navigation_follows_publishing(client, site_pages, project_page):
    """Cached navigation and language links change as soon as the tree changes."""
    html = client.get(project_page.url).content.decode()
    assert "Projectes" in html
    index = site_pages["projects"]["ca"]
    index.title = "Fitxes de projecte"
    index.save_revision().publish()
    html = client.get(project_page.url).content.decode()
    assert "Fitxes de projecte" in html

    # A new translation appears in the language switcher once published.
    assert f'href="/es/proyectos/{project_page.slug}/"' not in html
    translation = project_page.copy_for_translation(
        site_pages["home"]["es"].locale, copy_parents=False
    )
    translation.save_revision().publish()
    html = client.get(project_page.url).content.decode()
    assert f'href="/es/proyectos/{project_page.slug}/"' in html


@pytest.mark.django_db
def test_unpublished_page_disappears(client, project_page):
    assert client.get(project_page.url).status_code == 200
    project_page.unpublish()
    assert client.get(project_page.url).status_code == 404


@pytest.mark.django_db
def test_cached_page_body_follows_edits(client, project_page):
    """The project page body is cached, yet every edit shows at once."""
    assert project_page.title in client.get(project_page.url).content.decode()
    project_page.summary = "Un resum nou, publicat ara mateix."
    project_page.save_revision().publish()
    html = client.get(project_page.url).content.decode()
    assert "Un resum nou, publicat ara mateix." in html

    entity = project_page.lead_entity
    entity.name = "Consorci Localret de prova"
    entity.save()
    assert "Consorci Localret de prova" in client.get(project_page.url).content.decode()


@pytest.mark.django_db
def test_preview_is_never_cached(admin_client, project_page):
    """An editor's preview shows the draft; the public page keeps the live text."""
    admin_client.get(project_page.url)  # cache the live body
    edit_url = reverse("wagtailadmin_pages:edit", args=[project_page.pk])
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[project_page.pk])
    assert admin_client.get(edit_url).status_code == 200
    data = project_form_data(
        project_page.lead_entity,
        title=project_page.title,
        slug=project_page.slug,
        summary="Esborrany que encara no és públic.",
    )
    assert admin_client.post(preview_url, data).json()["is_valid"]
    preview = admin_client.get(preview_url, {"mode": ""}).content.decode()
    assert "Esborrany que encara no és públic." in preview
    public = admin_client.get(project_page.url).content.decode()
    assert "Esborrany que encara no és públic." not in public
    assert project_page.title in public


def _routing_queries(queries) -> list[str]:
    return [
        q["sql"]
        for q in queries
        if any(
            table in q["sql"]
            for table in ('"wagtailcore_site"', '"wagtailcore_pageviewrestriction"')
        )
        or q["sql"].lstrip().startswith('SELECT "wagtailcore_page"')
    ]


@pytest.mark.django_db
def test_a_members_repeated_visit_routes_in_one_query(
    make_member, signed_in, project_page
):
    """Signed-in members never get the anonymous page cache: once a route is
    known (same tree version), the site, the path's pages and the restrictions
    are not looked up again; only the page itself is read."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = signed_in(make_member())
    with CaptureQueriesContext(connection) as first:
        assert client.get(project_page.url).status_code == 200
    with CaptureQueriesContext(connection) as second:
        response = client.get(project_page.url)
    assert response.status_code == 200
    assert project_page.title in response.content.decode()
    assert len(_routing_queries(first.captured_queries)) >= 3
    assert len(_routing_queries(second.captured_queries)) == 1


@pytest.mark.django_db
def test_a_restriction_added_after_the_route_was_cached_applies_at_once(
    make_member, signed_in, site_pages
):
    articles = site_pages["articles"]["ca"]
    article = ArticlePageFactory(parent=articles, title="Notícia per a editors")
    client = signed_in(make_member())
    assert client.get(article.url).status_code == 200
    assert client.get(article.url).status_code == 200  # the route is cached now
    restriction = PageViewRestriction.objects.create(
        page=articles, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.get(name="Editors"))
    response = client.get(article.url)
    assert response.status_code == 302
    assert "Notícia per a editors" not in response.content.decode()
    restriction.delete()
    assert client.get(article.url).status_code == 200


@pytest.mark.django_db
def test_a_cached_route_follows_a_new_slug_and_an_unpublish(
    make_member, signed_in, project_page
):
    client = signed_in(make_member())
    old_url = project_page.url
    assert client.get(old_url).status_code == 200
    project_page.slug = "un-nom-nou"
    project_page.save_revision().publish()
    assert client.get(old_url).status_code == 404
    assert client.get("/ca/projectes/un-nom-nou/").status_code == 200
    project_page.unpublish()
    assert client.get("/ca/projectes/un-nom-nou/").status_code == 404
