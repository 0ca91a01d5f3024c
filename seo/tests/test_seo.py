"""What search engines and link previews read: sitemap, robots.txt, <head>."""

import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
import wagtail_factories
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Collection, Locale, Page, PageViewRestriction

from project_pages.factories import (
    ArticlePageFactory,
    EntityFactory,
    ProjectPageFactory,
    StandardPageFactory,
)
from seo import sitemaps
from seo.metadata import json_ld
from tests.helpers import osona_entities

NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
}
XSS_TITLE = "Xatbot </script><script>alert(1)</script> del padró"


# Sitemap -----------------------------------------------------------------------


def fetch_xml(client, url: str) -> ET.Element:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)  # noqa: S314 (our own output)


def sitemap_entries(client) -> list[dict]:
    """Every <url> of every sitemap the index lists: location and alternates."""
    index = fetch_xml(client, "/sitemap.xml")
    entries = []
    for loc in index.findall("sm:sitemap/sm:loc", NS):
        parts = urlsplit(loc.text)
        path = f"{parts.path}?{parts.query}" if parts.query else parts.path
        for url in fetch_xml(client, path).findall("sm:url", NS):
            lastmod = url.find("sm:lastmod", NS)
            entries.append(
                {
                    "loc": url.find("sm:loc", NS).text,
                    "lastmod": lastmod.text if lastmod is not None else None,
                    "alternates": {
                        link.get("hreflang"): link.get("href")
                        for link in url.findall("xhtml:link", NS)
                    },
                }
            )
    return entries


def translate(page, language: str, title: str):
    copy = page.copy_for_translation(Locale.objects.get(language_code=language))
    copy.title = title
    copy.save_revision().publish()
    return Page.objects.get(pk=copy.pk).specific


@pytest.fixture
def tree(site_pages):
    """Published pages, a translated project file, a draft, a private section."""
    ca_projects = site_pages["projects"]["ca"]
    project = ProjectPageFactory(parent=ca_projects, title="Assistent virtual")
    project.save_revision().publish()
    spanish = translate(project, "es", "Asistente virtual")
    draft = ProjectPageFactory(parent=ca_projects, title="Esborrany", live=False)
    home = site_pages["home"]["ca"]
    about = StandardPageFactory(parent=home, title="Sobre nosaltres")
    private = StandardPageFactory(parent=home, title="Intranet")
    hidden_child = StandardPageFactory(parent=private, title="Actes internes")
    PageViewRestriction.objects.create(
        page=private, restriction_type="password", password="secret"
    )
    article = ArticlePageFactory(parent=site_pages["articles"]["ca"])
    return {
        "project": project,
        "spanish": spanish,
        "draft": draft,
        "about": about,
        "private": private,
        "hidden_child": hidden_child,
        "article": article,
    }


def test_sitemap_lists_every_live_public_page_once(client, tree):
    entries = sitemap_entries(client)
    locations = [entry["loc"] for entry in entries]
    assert len(locations) == len(set(locations))
    expected = {
        page.get_full_url() for page in Page.objects.live().public().filter(depth__gt=1)
    }
    assert set(locations) == expected
    assert tree["project"].get_full_url() in locations
    assert tree["article"].get_full_url() in locations
    for hidden in ("draft", "private", "hidden_child"):
        assert tree[hidden].get_full_url() not in locations
    # Published pages carry the date of their last publication.
    by_location = {entry["loc"]: entry for entry in entries}
    project = tree["project"]
    project.refresh_from_db()
    assert by_location[project.get_full_url()]["lastmod"] == (
        timezone.localtime(project.last_published_at).strftime("%Y-%m-%d")
    )


def test_sitemap_links_translations_with_hreflang(client, tree):
    by_location = {entry["loc"]: entry for entry in sitemap_entries(client)}
    catalan, spanish = tree["project"].get_full_url(), tree["spanish"].get_full_url()
    expected = {"ca": catalan, "es": spanish, "x-default": catalan}
    assert by_location[catalan]["alternates"] == expected
    assert by_location[spanish]["alternates"] == expected
    # A page without translations has no alternates.
    assert by_location[tree["about"].get_full_url()]["alternates"] == {}
    # Every home page points to the others.
    home = by_location["http://testserver/es/"]["alternates"]
    assert set(home) == {"ca", "es", "en", "x-default"}


def test_sitemap_is_split_into_pages_of_the_limit(client, tree, monkeypatch):
    monkeypatch.setattr(sitemaps.PageSitemap, "limit", 3)
    index = fetch_xml(client, "/sitemap.xml")
    locations = [loc.text for loc in index.findall("sm:sitemap/sm:loc", NS)]
    assert "http://testserver/sitemap-pages.xml?p=2" in locations
    entries = sitemap_entries(client)
    assert len(entries) == Page.objects.live().public().filter(depth__gt=1).count()
    assert client.get("/sitemap-pages.xml?p=99").status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_sitemap_queries_do_not_grow_with_the_pages(client, site_pages):
    """Translations come in bulk: no query per URL (10,000 files stay fast)."""
    from django.core.cache import cache

    index = site_pages["projects"]["ca"]

    def queries() -> int:
        cache.clear()  # the sitemap is cached until the tree changes
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/sitemap-projects.xml")
        assert response.status_code == 200
        return len(captured)

    entity = EntityFactory()
    for n in range(3):
        ProjectPageFactory(parent=index, title=f"Petit {n}", entities=[entity])
    few = queries()
    for n in range(12):
        page = ProjectPageFactory(parent=index, title=f"Gran {n}", entities=[entity])
        translate(page, "es", f"Grande {n}")
    assert queries() == few


# robots.txt ---------------------------------------------------------------------


def test_robots_txt(client, site_pages):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    for rule in (
        "Disallow: /admin/",
        "Disallow: /api/",
        # Faceted search: the bare page is crawled, its query strings are not.
        "Disallow: /ca/cerca/?",
        "Disallow: /es/buscar/?",
        "Disallow: /en/search/?",
    ):
        assert rule in lines
    assert "Disallow: /ca/cerca/" not in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


# <head> -------------------------------------------------------------------------


class Head(HTMLParser):
    """The <link>, <meta> and JSON-LD of a page's <head>."""

    def __init__(self):
        super().__init__()
        self.links: list[dict] = []
        self.meta: list[tuple[str, str]] = []
        self.json_ld: list[str] = []
        self.scripts = 0
        self._in_ld = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link":
            self.links.append(attrs)
        elif tag == "meta" and ("property" in attrs or "name" in attrs):
            self.meta.append((attrs.get("property") or attrs["name"], attrs["content"]))
        elif tag == "script":
            self.scripts += 1
            self._in_ld = attrs.get("type") == "application/ld+json"
            if self._in_ld:
                self.json_ld.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_ld = False

    def handle_data(self, data):
        if self._in_ld:
            self.json_ld[-1] += data

    def canonical(self) -> str | None:
        found = [link["href"] for link in self.links if link.get("rel") == "canonical"]
        assert len(found) <= 1
        return found[0] if found else None

    def hreflang(self) -> dict[str, str]:
        """The absolute hreflang links (base.html also writes relative ones)."""
        return {
            link["hreflang"]: link["href"]
            for link in self.links
            if "hreflang" in link and link["href"].startswith("http")
        }

    def og(self, name: str) -> list[str]:
        return [content for key, content in self.meta if key == name]

    def structured_data(self) -> dict:
        assert len(self.json_ld) == 1
        return json.loads(self.json_ld[0])


def head_of(response) -> Head:
    assert response.status_code == 200
    html = response.content.decode()
    parser = Head()
    parser.feed(html[: html.index("</head>")])
    return parser


@pytest.fixture
def project(site_pages):
    image = wagtail_factories.ImageFactory(
        collection=Collection.get_first_root_node(), title="Foto del taller"
    )
    page = ProjectPageFactory(
        parent=site_pages["projects"]["ca"],
        title="Assistent virtual del padró",
        entities=osona_entities(),
        areas=["citizen_attention", "social_services"],
        tag_names=["chatbot", "padró"],
        contacts=2,
        documentation=[
            {"type": "image", "value": {"image": image.pk, "caption": "Taller"}}
        ],
    )
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def test_project_page_head(client, project):
    head = head_of(client.get(project.url + "?utm_source=newsletter&fbclid=abc"))
    url = project.get_full_url()
    assert url.startswith("http://testserver/ca/projectes/")
    assert head.canonical() == url  # absolute, tracking parameters dropped
    assert head.og("og:url") == [url]
    assert head.og("og:type") == ["article"]
    assert head.og("og:title") == ["Assistent virtual del padró"]
    assert head.og("og:description") == [project.summary]
    assert head.og("og:locale") == ["ca_ES"]
    assert head.og("og:image")[0].startswith("http://testserver/media/images/")
    assert head.og("twitter:card") == ["summary"]
    assert head.og("article:tag") == ["chatbot", "padró"]

    data = head.structured_data()
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "CreativeWork"
    assert data["name"] == project.title
    assert data["url"] == url
    assert data["inLanguage"] == "ca"
    assert data["datePublished"] == project.first_published_at.isoformat()
    assert [term["termCode"] for term in data["about"]] == [
        "citizen_attention",
        "social_services",
    ]
    assert data["sourceOrganization"] == {
        "@type": "GovernmentOrganization",
        "name": "Ajuntament de Manlleu",
        "address": {
            "@type": "PostalAddress",
            "addressLocality": "Manlleu",
            "addressRegion": "Osona",
            "addressCountry": "ES",
        },
    }
    assert data["contributor"][0]["name"] == "Consell Comarcal d'Osona"
    assert {place["name"] for place in data["spatialCoverage"]} == {"Manlleu", "Vic"}
    assert data["spatialCoverage"][0]["geo"]["@type"] == "GeoCoordinates"
    assert {"chatbot", "padró"} <= set(data["keywords"])
    assert data["image"] == head.og("og:image")[0]


def test_structured_data_never_holds_contacts(client, project):
    contacts = list(project.contacts.all())
    assert len(contacts) == 2
    response = client.get(project.url)
    text = json.dumps(head_of(response).structured_data(), ensure_ascii=False)
    head = response.content.decode().split("</head>")[0]
    for contact in contacts:
        for value in (contact.name, contact.email, contact.phone, contact.role):
            assert value not in text
            assert value not in head
    assert "contact" not in text.lower()
    assert "email" not in text.lower()


def test_a_title_cannot_close_the_json_ld_script(client, site_pages):
    page = ProjectPageFactory(parent=site_pages["projects"]["ca"], title=XSS_TITLE)
    response = client.get(page.url)
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    head = head_of(response)
    assert head.scripts == 1  # only the JSON-LD: nothing injected
    assert head.structured_data()["name"] == XSS_TITLE
    assert json_ld({"a": "</script><!--&"}) == (
        '{"a": "\\u003c/script\\u003e\\u003c!--\\u0026"}'
    )


def test_article_head(client, site_pages):
    article = ArticlePageFactory(
        parent=site_pages["articles"]["ca"], title="Comunitats", author="Anna Roca"
    )
    article.save_revision().publish()
    head = head_of(client.get(article.url))
    assert head.canonical() == article.get_full_url()
    assert head.og("og:type") == ["article"]
    data = head.structured_data()
    assert data["@type"] == "Article"
    assert data["headline"] == "Comunitats"
    assert data["author"] == {"@type": "Person", "name": "Anna Roca"}
    assert data["datePublished"] == article.date.isoformat()
    assert data["inLanguage"] == "ca"


def test_home_head_with_translations(client, site_pages):
    head = head_of(client.get("/es/?utm_campaign=x"))
    assert head.canonical() == "http://testserver/es/"
    assert head.hreflang() == {
        "ca": "http://testserver/ca/",
        "es": "http://testserver/es/",
        "en": "http://testserver/en/",
        "x-default": "http://testserver/ca/",
    }
    assert head.og("og:locale") == ["es_ES"]
    assert sorted(head.og("og:locale:alternate")) == ["ca_ES", "en_GB"]
    assert head.og("og:type") == ["website"]
    data = head.structured_data()
    assert data["@type"] == "WebSite"
    assert data["inLanguage"] == "es"
    assert data["potentialAction"]["target"]["urlTemplate"] == (
        "http://testserver/es/buscar/?q={search_term_string}"
    )


def test_translated_project_lists_its_translations(client, project):
    spanish = translate(project, "es", "Asistente virtual del padrón")
    head = head_of(client.get(spanish.url))
    assert head.hreflang() == {
        "ca": project.get_full_url(),
        "es": spanish.get_full_url(),
        "x-default": project.get_full_url(),
    }
    assert head.og("og:locale:alternate") == ["ca_ES"]
    assert head.structured_data()["inLanguage"] == "es"


def test_listing_canonical_keeps_only_the_page_number(client, site_pages):
    index = site_pages["projects"]["ca"]
    for n in range(21):
        ProjectPageFactory(parent=index, title=f"Projecte {n}")
    url = index.get_full_url()
    assert head_of(client.get(index.url + "?page=2&utm_source=x")).canonical() == (
        f"{url}?page=2"
    )
    assert head_of(client.get(index.url + "?page=1")).canonical() == url
    assert head_of(client.get(index.url)).structured_data()["@type"] == (
        "CollectionPage"
    )


def test_search_page_canonical_keeps_the_search_not_the_noise(client, site_pages):
    head = head_of(
        client.get(
            "/ca/cerca/?sort=newest&area=social_services&page=1&q=xatbot"
            "&utm_source=x&within=25"
        )
    )
    assert head.canonical() == (
        "http://testserver/ca/cerca/?q=xatbot&area=social_services"
    )
    assert head.hreflang()["es"] == (
        "http://testserver/es/buscar/?q=xatbot&area=social_services"
    )
    assert head.og("og:type") == []  # not a page: no preview card of its own


def test_missing_page_has_no_canonical(client, site_pages):
    response = client.get("/ca/no-existeix/?utm_source=x")
    assert response.status_code == 404
    html = response.content.decode()
    assert 'rel="canonical"' not in html
    assert "application/ld+json" not in html


def test_head_follows_a_new_publication(client, project):
    """The cached head fragment is dropped when the page is published again."""
    assert head_of(client.get(project.url)).og("og:title") == [project.title]
    project.title = "Assistent virtual, segona versió"
    project.save_revision().publish()
    head = head_of(client.get(project.url))
    assert head.og("og:title") == ["Assistent virtual, segona versió"]
    assert head.structured_data()["name"] == "Assistent virtual, segona versió"
