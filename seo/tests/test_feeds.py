"""RSS and Atom feeds as a feed reader sees them (parsed with feedparser)."""

import datetime
import json
from html.parser import HTMLParser

import feedparser
import pytest
from wagtail.models import PageViewRestriction

from project_pages.factories import (
    ArticlePageFactory,
    EntityFactory,
    ProjectPageFactory,
)
from project_pages.models import ProjectPage

START = datetime.datetime(2025, 1, 6, 9, 0, tzinfo=datetime.UTC)


def day(n: int) -> datetime.datetime:
    return START + datetime.timedelta(days=n)


def make_project(index, title, *, published, area="citizen_attention", **kwargs):
    """A light project file (no media), first published at ``published``."""
    kwargs.setdefault("entities", [EntityFactory()])
    page = ProjectPageFactory(
        parent=index,
        title=title,
        areas=[area],
        analysis=[],
        documentation=[],
        milestones=[],
        **kwargs,
    )
    ProjectPage.objects.filter(pk=page.pk).update(
        first_published_at=published, last_published_at=published
    )
    page.refresh_from_db()
    return page


def reindex() -> None:
    """Put the project files in the search index the feeds read."""
    from search.service import get_engine, rebuild

    rebuild(get_engine())


def parse(response):
    assert response.status_code == 200, response.content[:500]
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


@pytest.fixture
def projects(site_pages):
    """Catalan files of three areas, a Spanish one, a draft and a private one."""
    ca, es = site_pages["projects"]["ca"], site_pages["projects"]["es"]
    manlleu = EntityFactory(
        name="Ajuntament de Manlleu",
        municipality="Manlleu",
        country="ES",
        population=21_000,
        latitude=42.0016,
        longitude=2.2843,
    )
    girona = EntityFactory(
        name="Ajuntament de Salt",
        municipality="Salt",
        country="ES",
        population=33_000,
        latitude=41.9747,
        longitude=2.7916,
    )
    pages = {
        "oldest": make_project(ca, "Xatbot del padró", published=day(1)),
        "social_far": make_project(
            ca,
            "Teleassistència a Manlleu",
            published=day(2),
            area="social_services",
            entities=[manlleu],
        ),
        "participation": make_project(
            ca,
            "Pressupostos participatius",
            published=day(3),
            area="participation_open_government",
        ),
        "social_near": make_project(
            ca,
            "Servei d’acompanyament a Salt",
            published=day(4),
            area="social_services",
            entities=[girona],
        ),
        "spanish": make_project(es, "Asistente virtual del padrón", published=day(5)),
        "draft": make_project(
            ca, "Esborrany de projecte", published=day(6), live=False
        ),
        "private": make_project(ca, "Projecte intern", published=day(7)),
    }
    PageViewRestriction.objects.create(
        page=pages["private"], restriction_type="password", password="secret"
    )
    reindex()
    return pages


def titles(feed) -> list[str]:
    return [entry.title for entry in feed.entries]


def test_project_rss_lists_the_languages_newest_files_first(client, projects):
    response = client.get("/ca/feeds/projects.rss")
    feed = parse(response)
    assert feed.version == "rss20"
    assert feed.feed.language == "ca"
    assert feed.feed.title.startswith("Noves fitxes de projecte")
    assert titles(feed) == [
        "Servei d’acompanyament a Salt",
        "Pressupostos participatius",
        "Teleassistència a Manlleu",
        "Xatbot del padró",
    ]
    entry = feed.entries[0]
    page = projects["social_near"]
    assert entry.link == page.get_full_url()
    assert entry.id == page.get_full_url()  # the guid is the canonical URL
    assert response.content.decode().count('<guid isPermaLink="true">') == 4
    assert entry.summary == page.summary
    assert entry.author == "Ajuntament de Salt"
    assert [tag.term for tag in entry.tags] == ["Serveis socials"]
    assert datetime.datetime(*entry.published_parsed[:6], tzinfo=datetime.UTC) == day(4)

    spanish = parse(client.get("/es/feeds/projects.rss"))
    assert titles(spanish) == ["Asistente virtual del padrón"]
    assert spanish.feed.title.startswith("Nuevas fichas de proyecto")


def test_project_atom_has_the_same_items(client, projects):
    feed = parse(client.get("/ca/feeds/projects.atom"))
    assert feed.version == "atom10"
    assert titles(feed) == titles(parse(client.get("/ca/feeds/projects.rss")))
    entry = feed.entries[-1]
    assert entry.id == projects["oldest"].get_full_url()
    assert entry.author == projects["oldest"].lead_entity.name
    assert feed.feed.subtitle  # Atom's subtitle is the RSS description


def test_drafts_and_private_files_never_appear(client, projects):
    for url in ("/ca/feeds/projects.rss", "/ca/feeds/projects.atom"):
        body = client.get(url).content.decode()
        assert "Esborrany de projecte" not in body
        assert "Projecte intern" not in body
    # Even when the search index is stale: a file unpublished behind its back
    # (no signal, so still indexed) is left out.
    ProjectPage.objects.filter(pk=projects["social_near"].pk).update(live=False)
    feed = parse(client.get("/ca/feeds/projects.rss"))
    assert "Servei d’acompanyament a Salt" not in titles(feed)


def test_feed_takes_the_search_apis_filters(client, projects):
    by_area = parse(client.get("/ca/feeds/projects.rss?area=social_services"))
    assert titles(by_area) == [
        "Servei d’acompanyament a Salt",
        "Teleassistència a Manlleu",
    ]
    assert "Serveis socials" in by_area.feed.title
    # The channel links to the search page showing the same search.
    assert "/ca/cerca/?area=social_services" in by_area.feed.link

    # "New social-services projects near Girona": Salt is 5 km away, Manlleu 45.
    near_girona = parse(
        client.get(
            "/ca/feeds/projects.rss",
            {"area": "social_services", "near": "41.98,2.82", "within": "25"},
        )
    )
    assert titles(near_girona) == ["Servei d’acompanyament a Salt"]

    # Repeated values are OR-ed, like the API; sort and page are ignored.
    both = parse(
        client.get(
            "/ca/feeds/projects.atom?area=social_services"
            "&area=participation_open_government&sort=relevance&page=3"
        )
    )
    assert titles(both) == [
        "Servei d’acompanyament a Salt",
        "Pressupostos participatius",
        "Teleassistència a Manlleu",
    ]
    assert titles(parse(client.get("/ca/feeds/projects.rss?q=teleassistencia"))) == [
        "Teleassistència a Manlleu"
    ]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("area=nope", "area"),
        ("near=abc", "near"),
        ("within=10", "within"),
        ("country=ZZ", "country"),
    ],
)
def test_a_bad_filter_is_a_400_like_the_api(client, projects, query, field):
    for url in (
        f"/ca/feeds/projects.rss?{query}",
        f"/ca/feeds/projects.atom?{query}",
        f"/api/v1/projects/search/?{query}",
    ):
        response = client.get(url)
        assert response.status_code == 400, url
        assert json.loads(response.content)["field"] == field


def test_the_feed_keeps_thirty_items(client, site_pages):
    index = site_pages["projects"]["ca"]
    entity = EntityFactory()
    for n in range(31):
        make_project(index, f"Projecte {n:02d}", published=day(n), entities=[entity])
    reindex()
    feed = parse(client.get("/ca/feeds/projects.rss"))
    assert len(feed.entries) == 30
    assert feed.entries[0].title == "Projecte 30"
    assert feed.entries[-1].title == "Projecte 01"


def test_article_feeds(client, site_pages):
    ca = site_pages["articles"]["ca"]
    older = ArticlePageFactory(parent=ca, title="Primer article", author="Anna Roca")
    newer = ArticlePageFactory(parent=ca, title="Segon article", author="")
    draft = ArticlePageFactory(parent=ca, title="Article esborrany", live=False)
    spanish = ArticlePageFactory(parent=site_pages["articles"]["es"], title="Artículo")
    for n, page in enumerate([older, newer, draft, spanish]):
        type(page).objects.filter(pk=page.pk).update(first_published_at=day(n))

    for url in ("/ca/feeds/articles.rss", "/ca/feeds/articles.atom"):
        feed = parse(client.get(url))
        assert titles(feed) == ["Segon article", "Primer article"]
        assert feed.entries[1].author == "Anna Roca"
        assert feed.entries[0].id == newer.get_full_url()
        assert feed.feed.title.startswith("Darrers articles")
    assert titles(parse(client.get("/es/feeds/articles.rss"))) == ["Artículo"]


class FeedLinks(HTMLParser):
    def __init__(self):
        super().__init__()
        self.feeds: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") == "alternate" and "type" in attrs:
            self.feeds.append(attrs)


def feed_links(response) -> list[dict]:
    assert response.status_code == 200
    parser = FeedLinks()
    parser.feed(response.content.decode())
    return parser.feeds


def test_autodiscovery_on_home_and_indexes(client, projects, site_pages):
    home = {link["href"] for link in feed_links(client.get("/ca/"))}
    assert home == {
        "/ca/feeds/projects.rss",
        "/ca/feeds/projects.atom",
        "/ca/feeds/articles.rss",
        "/ca/feeds/articles.atom",
    }
    projects_index = feed_links(client.get(site_pages["projects"]["es"].url))
    assert [(link["type"], link["href"]) for link in projects_index] == [
        ("application/rss+xml", "/es/feeds/projects.rss"),
        ("application/atom+xml", "/es/feeds/projects.atom"),
    ]
    articles = feed_links(client.get(site_pages["articles"]["ca"].url))
    assert [link["href"] for link in articles] == [
        "/ca/feeds/articles.rss",
        "/ca/feeds/articles.atom",
    ]
    # A project file itself announces no feed.
    assert feed_links(client.get(projects["oldest"].url)) == []
    for link in home:
        parse(client.get(link))


def test_search_page_announces_the_feed_of_its_search(client, projects, gazetteer):
    links = feed_links(
        client.get(
            "/ca/cerca/",
            {
                "area": "social_services",
                "place": "Manlleu",
                "within": "10",
                "page": "1",
            },
        )
    )
    rss = next(link for link in links if link["type"] == "application/rss+xml")
    assert rss["href"] == (
        "/ca/feeds/projects.rss?area=social_services&near=42.0%2C2.28&within=10"
    )
    assert titles(parse(client.get(rss["href"]))) == ["Teleassistència a Manlleu"]
    # A search the page could not run announces nothing.
    assert feed_links(client.get("/ca/cerca/?place=Enlloc")) == []
