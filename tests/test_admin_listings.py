"""Every admin listing of ours answers a search (and its chooser too)."""

import pytest
from django.urls import NoReverseMatch, get_resolver, reverse
from wagtail.admin.viewsets import viewsets

from project_pages import factories

OUR_APPS = {
    "project_pages",
    "community",
    "observatory_search",
    "submissions",
    "visits",
    "machine_translation",
}


def our_listings() -> list[str]:
    """URL names of the index views of our model viewsets and snippet choosers."""
    assert get_resolver().url_patterns  # reading them registers the viewsets
    names = []
    for viewset in viewsets.viewsets:
        model = getattr(viewset, "model", None)
        if not hasattr(model, "_meta") or model._meta.app_label not in OUR_APPS:
            continue
        for view in ("list", "index", "choose"):
            name = viewset.get_url_name(view)
            try:
                reverse(name)
            except NoReverseMatch:
                continue
            names.append(name)
            break
        else:
            raise AssertionError(f"No listing view found for {viewset!r}")
    return sorted(set(names))


def test_every_viewset_of_ours_is_listed():
    names = our_listings()
    assert "wagtailsnippets_project_pages_entity:list" in names
    assert "wagtailsnippetchoosers_project_pages_entity:choose" in names
    assert "submissions_admin:index" in names
    assert len(names) >= 12


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", our_listings())
@pytest.mark.parametrize("words", ["Tremp", "Pallars Jussà", "a"])
def test_search_answers(admin_client, url_name, words):
    factories.EntityFactory(
        name="Ajuntament de Tremp", municipality="Tremp", region="Pallars Jussà"
    )
    response = admin_client.get(reverse(url_name), {"q": words})
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("words", ["Tremp", "Pallars"])
def test_entity_search_finds_by_municipality_and_county(admin_client, words):
    factories.EntityFactory(
        name="Ajuntament de Tremp", municipality="Tremp", region="Pallars Jussà"
    )
    factories.EntityFactory(
        name="Ajuntament de Girona", municipality="Girona", region="Gironès"
    )
    url = reverse("wagtailsnippets_project_pages_entity:list")
    html = admin_client.get(url, {"q": words}).content.decode()
    assert "Ajuntament de Tremp" in html
    assert "Ajuntament de Girona" not in html


@pytest.mark.django_db
def test_entities_in_catalan_order_with_populations_grouped(admin_client):
    for name, population in [
        ("Granollers", 62_000),
        ("Gósol", 210),
        ("Àger", 600),
        ("Girona", 105_000),
        ("Barcelona", 1_620_000),
    ]:
        factories.EntityFactory(
            name=f"{name}", municipality=name, population=population
        )
    expected = ["Àger", "Barcelona", "Girona", "Gósol", "Granollers"]
    url = reverse("wagtailsnippets_project_pages_entity:list")
    admin_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "ca"
    html = admin_client.get(url).content.decode()
    shown = [name for name in html.split(">") if name.split("<")[0].strip() in expected]
    order = [name.split("<")[0].strip() for name in shown]
    assert [n for i, n in enumerate(order) if n not in order[:i]] == expected
    assert "1.620.000" in html  # Catalan groups thousands with a dot
    admin_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    html = admin_client.get(url, {"ordering": "-name"}).content.decode()
    assert "1,620,000" in html
    assert html.index("Granollers") < html.index("Gósol") < html.index("Àger")
    chooser = reverse("wagtailsnippetchoosers_project_pages_entity:choose")
    modal = admin_client.get(chooser).json()["html"]
    assert modal.index("Gósol") < modal.index("Granollers")


@pytest.mark.django_db
def test_the_project_files_listing_costs_no_query_per_row(
    editor_client, project_index, django_assert_max_num_queries
):
    """An editor's listing of project files: the same queries for 5 rows as for 30,
    and a live file still cannot be deleted by an editor, a draft can."""
    from wagtail.models import Page

    from core.wagtail_speed import _original_can_delete

    pages = [factories.ProjectPageFactory(parent=project_index) for _ in range(5)]
    url = reverse("wagtailadmin_explore", args=(project_index.pk,))
    editor_client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        editor_client.get(url)
    pages += [factories.ProjectPageFactory(parent=project_index) for _ in range(25)]
    draft = pages[-1]
    draft.live = False
    draft.save()
    with CaptureQueriesContext(connection) as many:
        editor_client.get(url)
    assert len(many) <= len(few) + 3, (len(few), len(many))
    user = editor_client.get("/admin/").wsgi_request.user
    for page in (pages[0], draft):
        tester = Page.objects.get(pk=page.pk).permissions_for_user(user)
        assert tester.can_delete() == _original_can_delete(tester)
    assert not Page.objects.get(pk=pages[0].pk).permissions_for_user(user).can_delete()
