"""The demo loaders: what `make demo` shows a newcomer, and the benchmark's data."""

import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.utils.html import escape
from wagtail.models import Locale, Page

from project_pages.blocks.analysis import BenefitBlock, score_beyond_scale
from project_pages.models import (
    ArticlePage,
    Place,
    ProjectIndexPage,
    ProjectPage,
    StandardPage,
)
from project_pages.vocabularies import AreaCode, Phase, SizeBand, TransformationTypeCode

pytestmark = pytest.mark.django_db

# Enough to cycle through every area, band and language; the default is 60.
SMALL = 30


def load(*args: str, **options) -> str:
    out = io.StringIO()
    call_command("load_demo_data", "--no-progress", *args, stdout=out, **options)
    return out.getvalue()


def project_files() -> int:
    """Project files, not counting translations (which share a translation key)."""
    return ProjectPage.objects.values("translation_key").distinct().count()


def tree_problems() -> list:
    """Page.find_problems(): bad characters, step lengths, orphans, depths, numchild."""
    return [problem for problem in Page.find_problems() if problem]


@pytest.fixture
def demo_site():
    load(count=SMALL)
    return ProjectPage.objects.all()


def test_default_loader_covers_every_facet(demo_site):
    projects = list(ProjectPage.with_related(demo_site))
    assert project_files() == SMALL
    assert {a.code for p in projects for a in p.areas.all()} == set(AreaCode)
    assert {p.phase for p in projects} == set(Phase)
    assert {t.code for p in projects for t in p.transformation_types.all()} == set(
        TransformationTypeCode
    )
    leads = [p.lead_entity for p in projects]
    assert {lead.size_band for lead in leads} == set(SizeBand)
    assert any(lead.country != "ES" for lead in leads)
    assert any(len(p.ordered_entities()) > 1 for p in projects)
    for page in projects:
        assert page.barriers() and all(b.value["mitigation"] for b in page.barriers())
        assert page.benefits() and all(b.value["indicator"] for b in page.benefits())
        # Ratings within their scale ("8,4 sobre 10", never "20 sobre 10").
        for benefit in page.benefits():
            assert score_beyond_scale(benefit.value["indicator"]) is None
            BenefitBlock().clean(benefit.value)
        assert page.technologies() and page.documentation
        assert "lorem" not in (page.title + page.summary).lower()
    ratings = [
        b.value["indicator"]
        for page in projects
        for b in page.benefits()
        if "sobre 10" in b.value["indicator"]
    ]
    assert ratings, "no rating in the demo to check"

    # One rich file: many blocks, several entities, media from the library.
    rich = ProjectPage.objects.get(slug__startswith="fitxa-completa-")
    kinds = {block.block_type for block in rich.documentation}
    assert {"video", "link", "document", "image"} <= kinds
    assert len(rich.ordered_entities()) >= 3


def test_default_loader_writes_other_languages_and_editorial_pages(client):
    load(count=10)  # numbers 3 and 9 are Spanish and English, 5 is translated
    by_language = {
        code: ProjectPage.objects.filter(locale__language_code=code)
        for code in ("ca", "es", "en")
    }
    assert all(pages.exists() for pages in by_language.values())
    for code, pages in by_language.items():
        index = ProjectIndexPage.objects.get(locale__language_code=code)
        assert all(page.get_parent().pk == index.pk for page in pages)
    spanish = Locale.objects.get(language_code="es")
    translated = [
        page
        for page in by_language["ca"]
        if page.get_translation_or_none(spanish) is not None
    ]
    assert translated, "no Catalan project file has a linked Spanish translation"
    translation = translated[0].get_translation(spanish)
    assert translation.live and translation.title != translated[0].title
    assert client.get(translation.url).status_code == 200

    assert {a.locale.language_code for a in ArticlePage.objects.all()} == {
        "ca",
        "es",
        "en",
    }
    titles = set(StandardPage.objects.values_list("title", flat=True))
    assert {"Sobre l'observatori", "Com enviar un projecte"} <= titles
    # One page of that title under the Catalan home: the caravan's own.
    home = Page.objects.get(depth=2, locale__language_code="ca")
    titles = list(home.get_children().values_list("title", flat=True))
    assert titles.count("Caravana de la innovació") == 1, titles
    submit = StandardPage.objects.get(title="Com enviar un projecte")
    response = client.get(submit.url)
    assert response.status_code == 200
    assert "Criteris d'acceptació" in response.content.decode()


def test_bulk_pages_are_live_valid_and_rendered(client):
    output = load("--bulk", count=300, seed=7)
    assert "search index" in output
    assert ProjectPage.objects.count() == 300
    assert not ProjectPage.objects.filter(live=False).exists()
    assert tree_problems() == []
    index = ProjectIndexPage.objects.get(locale__language_code="ca")
    assert index.numchild == ProjectPage.objects.child_of(index).count()
    # A page written in bulk (not a rich one, which goes through the factories).
    newest = (
        ProjectPage.objects.child_of(index)
        .live()
        .exclude(slug__startswith="fitxa-completa-")
        .order_by("-first_published_at", "-pk")
        .first()
    )
    assert newest.revisions.count() == 0
    response = client.get(newest.url)
    assert response.status_code == 200
    assert escape(newest.title) in response.content.decode()
    listing = client.get(index.url).content.decode()
    assert escape(newest.title) in listing
    assert client.get(index.url, {"page": 10}).status_code == 200


def test_loading_twice_keeps_the_tree_valid():
    load(count=6)
    load("--bulk", count=30)
    pages = ProjectPage.objects.count()
    load(count=6)
    load("--bulk", count=30)
    assert ProjectPage.objects.count() == pages
    assert project_files() == 30
    assert tree_problems() == []
    assert Page.objects.filter(slug="sobre-l-observatori").count() == 1


def test_same_seed_same_titles():
    load("--bulk", count=20, seed=3)
    titles = list(ProjectPage.objects.order_by("slug").values_list("title", flat=True))
    ProjectPage.objects.all().delete()
    Page.fix_tree()
    load("--bulk", count=20, seed=3)
    assert titles == list(
        ProjectPage.objects.order_by("slug").values_list("title", flat=True)
    )


def test_create_demo_admin_prints_working_credentials(client):
    out = io.StringIO()
    call_command("create_demo_admin", "--force", stdout=out)
    text = out.getvalue()
    assert "http://127.0.0.1:8000/admin/" in text
    password = re.search(r"Password: (\S+)", text).group(1)
    assert client.login(username="admin", password=password)

    out = io.StringIO()
    call_command(
        "create_demo_admin", "--force", "--password", "s3cret-demo", stdout=out
    )
    assert "Reset" in out.getvalue()
    client.logout()
    assert not client.login(username="admin", password=password)
    assert client.login(username="admin", password="s3cret-demo")
    assert client.get("/admin/").status_code == 200


def test_create_demo_admin_refuses_without_debug():
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("create_demo_admin", stdout=io.StringIO())


def test_load_gazetteer_options(monkeypatch):
    calls = []
    monkeypatch.setattr(
        "project_pages.management.commands.load_gazetteer.load_gazetteer",
        lambda full_countries: calls.append(full_countries) or 7,
    )
    out = io.StringIO()
    call_command("load_gazetteer", "--countries", "es, ad", stdout=out)
    assert calls == [("ES", "AD")]
    assert "7 places" in out.getvalue()

    place = Place.objects.create(
        geonameid=1,
        name="Vic",
        search_name="vic",
        country="ES",
        latitude=41.93,
        longitude=2.25,
    )
    # A gazetteer loaded before the municipalities file (no INE codes) is reloaded.
    call_command("load_gazetteer", stdout=io.StringIO())
    assert len(calls) == 2
    place.code = "08298"
    place.save()
    out = io.StringIO()
    call_command("load_gazetteer", stdout=out)
    assert len(calls) == 2 and "already has 1 places" in out.getvalue()
    call_command("load_gazetteer", "--force", stdout=io.StringIO())
    assert len(calls) == 3

    with pytest.raises(CommandError, match="ESP"):
        call_command("load_gazetteer", "--countries", "ESP")


def test_demo_project_files_are_in_the_public_search():
    """`make demo` must give a search page with results: every live project file
    is in the search index once the loader is done."""
    from django.http import QueryDict

    from search.engines import configured_engines
    from search.query import parse_query
    from search.service import check

    engines = configured_engines().values()
    for engine in engines:
        engine.rebuild([])  # an Elasticsearch index outlives other tests' rows
    load(count=SMALL)
    for engine in engines:
        missing, stale, extra = check(engine)
        assert (missing, stale, extra) == ([], [], [])
        results = engine.search(parse_query(QueryDict("")))
        # One result per project: a project file and its translations count once.
        projects = ProjectPage.objects.live().values("translation_key").distinct()
        assert results.count == projects.count()
        assert results.count < ProjectPage.objects.live().count()  # translations


def test_editors_use_the_demo_media(editor_client):
    """The demo's images and documents sit in one collection editors may use: the
    choosers list them, and no collection name is repeated."""
    from django.urls import reverse
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Collection

    load(count=4)
    load(count=4)  # a second load reuses the library
    names = list(Collection.objects.values_list("name", flat=True))
    assert len(names) == len(set(names)), names
    assert len(Collection.get_root_nodes()) == 1
    images = get_image_model().objects.all()
    documents = get_document_model().objects.all()
    assert images.exists() and documents.exists()
    editor_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    chooser = editor_client.get(reverse("wagtailimages_chooser:choose")).json()
    for image in images:
        assert escape(image.title) in chooser["html"]
    chooser = editor_client.get(reverse("wagtaildocs_chooser:choose")).json()
    for document in documents:
        assert escape(document.title) in chooser["html"]
    assert chooser["html"].count("Test collection") == 0
    home = editor_client.get(reverse("wagtailadmin_home")).content.decode()
    assert f"{images.count()} Images" in " ".join(home.split())


def test_the_demo_admin_switches_the_admin_to_catalan_in_one_save(client):
    """The account page requires both names: the demo admin has them, so choosing
    another language for the admin is one save."""
    from bs4 import BeautifulSoup

    call_command(
        "create_demo_admin",
        "--force",
        "--password",
        "s3cret-demo",
        stdout=io.StringIO(),
    )
    assert client.login(username="admin", password="s3cret-demo")
    soup = BeautifulSoup(client.get("/admin/account/").content, "html.parser")
    form = soup.find("form", attrs={"method": re.compile("post", re.I)})
    data = {}
    for field in form.find_all(["input", "select", "textarea"]):
        name = field.get("name")
        if not name or field.get("type") in ("submit", "file"):
            continue
        if field.name == "select":
            chosen = field.find("option", selected=True)
            data[name] = chosen.get("value", "") if chosen else ""
        elif field.get("type") in ("checkbox", "radio"):
            if field.has_attr("checked"):
                data[name] = field.get("value", "on")
        else:
            data[name] = field.get("value") or field.text or ""
    language = next(name for name in data if name.endswith("preferred_language"))
    data[language] = "ca"
    response = client.post("/admin/account/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert "Tauler" in client.get("/admin/").content.decode()
