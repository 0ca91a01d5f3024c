"""The observatory in numbers: counts, savings, technologies, charts and tables."""

import datetime
import json
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import PageViewRestriction

from figures import data as figures_module
from figures.data import (
    compute_figures,
    count_technologies,
    figures,
    normalise,
    technology_names,
)
from figures.templatetags.charts import Bar, Chart, render_chart
from project_pages.factories import EntityFactory, ProjectPageFactory
from project_pages.vocabularies import AreaCode, Phase

FIGURES_URL = "/ca/xifres/"


def published(year: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, 6, 1, 12, 0))


def technologies(*names: str) -> list[dict]:
    return [
        {
            "type": "technology",
            "value": {"name": name, "kind": "platform", "open_source": True, "url": ""},
        }
        for name in names
    ] + [{"type": "methodology", "value": "Cocreació."}]


def make_project(parent, **kwargs):
    defaults = {"tag_names": [], "contacts": 0}
    return ProjectPageFactory(parent=parent, **{**defaults, **kwargs})


@pytest.fixture
def fixture_set(site_pages):
    """Three counted projects, one draft and one private project file."""
    projects = site_pages["projects"]
    small_es = EntityFactory(name="Ajuntament de Falset", country="ES", population=3000)
    big_fr = EntityFactory(name="Ville de Grenoble", country="FR", population=150_000)
    unknown_es = EntityFactory(name="Consorci X", country="ES", population=None)
    andorra = EntityFactory(name="Comú d'Andorra", country="AD", population=500)
    counted = [
        make_project(
            projects["ca"],
            areas=[AreaCode.CITIZEN_ATTENTION, AreaCode.SOCIAL_SERVICES],
            phase=Phase.PRODUCTION,
            entities=[small_es],
            first_published_at=published(2024),
            start_date=datetime.date(2022, 3, 1),
            savings_amount_eur=Decimal("1000"),
            savings_hours=Decimal("10"),
            analysis=technologies("Decidim", "decidim "),
        ),
        make_project(
            projects["ca"],
            areas=[AreaCode.CITIZEN_ATTENTION],
            phase=Phase.PILOT,
            entities=[big_fr],
            first_published_at=published(2025),
            start_date=None,
            savings_amount_eur=Decimal("3000"),
            savings_hours=None,
            analysis=technologies("DECIDIM", "Rasa", "Decidim"),
        ),
        make_project(
            projects["es"],
            areas=[AreaCode.SOCIAL_SERVICES],
            phase=Phase.PROTOTYPE,
            # The lead (first) entity is the one that counts, not Andorra.
            entities=[unknown_es, andorra],
            first_published_at=published(2025),
            start_date=datetime.date(2020, 1, 1),
            savings_amount_eur=None,
            savings_hours=Decimal("30"),
            analysis=technologies("Décidim", "  Sede   electrònica "),
        ),
    ]
    draft = make_project(
        projects["ca"],
        live=False,
        areas=[AreaCode.PLANNING_MANAGEMENT],
        entities=[andorra],
        analysis=technologies("Drafted"),
    )
    private = make_project(
        projects["en"],
        areas=[AreaCode.PLANNING_MANAGEMENT],
        entities=[andorra],
        first_published_at=published(2019),
        analysis=technologies("Hidden"),
    )
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.LOGIN
    )
    return {"counted": counted, "draft": draft, "private": private}


def page_soup(client, url: str = FIGURES_URL) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def chart_and_table(soup: BeautifulSoup, chart_id: str):
    section = soup.find("section", id=chart_id)
    assert section is not None, chart_id
    return section.find("svg"), section.find("table")


def table_rows(table) -> dict[str, str]:
    return {
        row.find("th").get_text(strip=True): row.find("td").get_text(strip=True)
        for row in table.find("tbody").find_all("tr")
    }


# Counting --------------------------------------------------------------------------


def test_counts_match_the_fixture_set(fixture_set):
    data = compute_figures()

    assert data.total == 3
    assert dict(data.areas) == {"citizen_attention": 2, "social_services": 2}
    assert dict(data.phases) == {"production": 1, "pilot": 1, "prototype": 1}
    assert dict(data.sizes) == {"1k-5k": 1, "gt100k": 1, "": 1}
    assert data.sizes[-1] == ("", 1), "the unknown size comes last"
    assert dict(data.countries) == {"ES": 2, "FR": 1}
    assert data.published_years == ((2024, 1), (2025, 2))
    # Every year between the first and the last start, gaps included.
    assert data.started_years == ((2020, 1), (2021, 0), (2022, 1))
    assert data.without_start == 1


def test_savings_sum_count_and_median(fixture_set):
    data = compute_figures()

    assert data.savings_eur.count == 2
    assert data.savings_eur.total == Decimal("4000")
    assert data.savings_eur.median == Decimal("2000")
    assert data.savings_hours.count == 2
    assert data.savings_hours.total == Decimal("40")
    assert data.savings_hours.median == Decimal("20")


def test_odd_count_median_is_the_middle_value(site_pages):
    for amount in ("5", "100", "7"):
        make_project(site_pages["projects"]["ca"], savings_amount_eur=Decimal(amount))

    assert compute_figures().savings_eur.median == Decimal("7")


def test_technologies_normalised_and_counted_once_per_project(fixture_set):
    data = compute_figures()

    # "Decidim", "decidim ", "DECIDIM", "Décidim": one technology, three projects
    # (the second lists it twice); shown as most often written.
    assert data.technologies[0] == ("Decidim", 3)
    assert ("Sede electrònica", 1) in data.technologies
    assert ("Rasa", 1) in data.technologies
    names = [name for name, _n in data.technologies]
    assert "Drafted" not in names and "Hidden" not in names


def test_a_translation_counts_once(fixture_set):
    original = fixture_set["counted"][0]
    copy = original.copy_for_translation(
        fixture_set["private"].get_parent().locale, copy_parents=False
    )
    copy.save_revision().publish()

    data = compute_figures()

    assert data.total == 3
    assert dict(data.areas)["citizen_attention"] == 2


def test_technology_count_keeps_the_top_fifteen(site_pages):
    names = [f"Tool {i:02d}" for i in range(20)]
    make_project(site_pages["projects"]["ca"], analysis=technologies(*names))
    make_project(site_pages["projects"]["ca"], analysis=technologies("Tool 19"))

    data = compute_figures()

    assert len(data.technologies) == 15
    assert data.technologies[0] == ("Tool 19", 2)


@pytest.mark.parametrize(
    "raw",
    [
        # As Django writes it (SQLite), as PostgreSQL's jsonb gives it back, and
        # compact: the first two take the fast path, the last the full decoding.
        json.dumps(technologies("Decidim", "CKAN")),
        '[{"id": "a", "type": "technology", "value": {"url": "", "kind": "tool", '
        '"name": "Decidim", "open_source": true}}, {"id": "b", "type": '
        '"technology", "value": {"name": "CKAN"}}]',
        json.dumps(technologies("Decidim", "CKAN"), separators=(",", ":")),
        # "technology" elsewhere: a barrier titled so, a tool named so.
        json.dumps(
            [{"type": "barrier", "value": {"title": "technology"}}]
            + technologies("Decidim", "CKAN")
        ),
    ],
)
def test_technology_names_from_raw_json(raw):
    assert technology_names(raw) == ["Decidim", "CKAN"]


def test_technology_names_of_empty_or_broken_streams():
    assert technology_names(None) == []
    assert technology_names("[]") == []
    assert technology_names('[{"type": "technology", "value": ') == []
    assert technology_names(json.dumps(technologies("technology"))) == ["technology"]


def test_normalise_ignores_case_accents_and_spaces():
    assert normalise(" Décidim ") == normalise("DECIDIM") == "decidim"
    assert normalise("Sede   electrònica") == "sede electronica"
    # Two projects (the first lists it twice); on a tie of spellings, mixed case.
    assert count_technologies([["Decidim", "decidim "], ["DECIDIM"], ["Rasa"]]) == [
        ("Decidim", 2),
        ("Rasa", 1),
    ]
    assert count_technologies([["decidim"], ["decidim"], ["Decidim"]]) == [
        ("decidim", 3)
    ]


# The page ---------------------------------------------------------------------------


def test_the_page_has_its_translated_paths(site_pages):
    paths = {}
    for language in ("ca", "es", "en"):
        with translation.override(language):
            paths[language] = reverse("figures")
    assert paths == {"ca": "/ca/xifres/", "es": "/es/cifras/", "en": "/en/figures/"}


def test_charts_are_accessible_svg_with_the_table_beside(client, fixture_set):
    soup = page_soup(client)

    sections = soup.select("section.figures-section")
    charts = [s for s in sections if s.find("svg")]
    assert len(charts) == 7
    for section in charts:
        svg, table = section.find("svg"), section.find("table")
        assert svg["role"] == "img"
        title = svg.find("title")
        assert title is not None and title.get_text(strip=True)
        assert svg["aria-labelledby"] == title["id"]
        assert svg.find("desc")["id"] == svg["aria-describedby"]
        assert svg["width"] == "100%" and svg["viewbox"].startswith("0 0 ")
        # One bar per row of the table, each value written in the drawing.
        rows = table.find("tbody").find_all("tr")
        assert len(svg.select("rect.chart__bar")) == len(rows)
        drawn_values = [t.get_text() for t in svg.select("text.chart__value")]
        assert drawn_values == [row.find("td").get_text(strip=True) for row in rows]
        assert table.find("caption").get_text(strip=True) == title.get_text()
        assert all(th["scope"] == "col" for th in table.find("thead").find_all("th"))
        assert all(row.find("th")["scope"] == "row" for row in rows)


def test_the_tables_show_the_fixture_numbers(client, fixture_set):
    soup = page_soup(client)

    _svg, areas = chart_and_table(soup, "figures-areas")
    assert table_rows(areas) == {"Atenció ciutadana": "2", "Serveis socials": "2"}
    _svg, phases = chart_and_table(soup, "figures-phases")
    # Phases in their natural order, not by count.
    assert list(table_rows(phases)) == ["Prototip", "Pilot", "En producció"]
    _svg, sizes = chart_and_table(soup, "figures-sizes")
    assert table_rows(sizes) == {
        "De 1.000 a 5.000": "1",
        "Més de 100.000": "1",
        "Població desconeguda": "1",
    }
    _svg, countries = chart_and_table(soup, "figures-countries")
    assert table_rows(countries) == {"Espanya": "2", "França": "1"}
    svg, published_table = chart_and_table(soup, "figures-published")
    assert table_rows(published_table) == {"2024": "1", "2025": "2"}
    assert "chart--columns" in svg["class"]
    _svg, started = chart_and_table(soup, "figures-started")
    assert table_rows(started) == {"2020": "1", "2021": "0", "2022": "1"}
    assert "1 fitxa de projecte no diu quan va començar." in soup.get_text(" ")
    _svg, techs = chart_and_table(soup, "figures-technologies")
    assert table_rows(techs)["Decidim"] == "3"
    savings = soup.find("section", id="figures-savings").get_text(" ", strip=True)
    assert "4.000 €" in savings and "2.000 €" in savings and "40 hores" in savings
    assert soup.select_one(".figures-total__number").get_text() == "3"


def test_the_bars_are_as_long_as_their_values(fixture_set):
    svg = BeautifulSoup(
        render_chart(
            Chart(
                id="t",
                title="T",
                bars=[Bar("a", 4, "4"), Bar("b", 2, "2"), Bar("c", 0, "0")],
                label_heading="L",
                value_heading="V",
            )
        ),
        "html.parser",
    )
    widths = [float(rect["width"]) for rect in svg.select("rect.chart__bar")]
    assert widths[0] == 2 * widths[1] and widths[2] == 0


def test_spanish_page_translates_labels_and_countries(client, fixture_set):
    soup = page_soup(client, "/es/cifras/")

    assert soup.find("h1").get_text(strip=True) == "El observatorio en cifras"
    _svg, countries = chart_and_table(soup, "figures-countries")
    assert table_rows(countries) == {"España": "2", "Francia": "1"}
    language_links = {a.get_text(strip=True): a["href"] for a in soup.select("a")}
    assert language_links["Català"] == "/ca/xifres/"


def test_names_from_the_database_are_escaped(client, site_pages):
    make_project(
        site_pages["projects"]["ca"],
        analysis=technologies('<script>alert("x")</script>'),
    )

    response = client.get(FIGURES_URL)

    html = response.content.decode()
    assert "<script>alert" not in html
    assert html.count("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;") >= 3
    soup = BeautifulSoup(html, "html.parser")
    _svg, techs = chart_and_table(soup, "figures-technologies")
    assert '<script>alert("x")</script>' in table_rows(techs)


def test_an_empty_observatory_gets_a_friendly_page(client, site_pages):
    soup = page_soup(client)

    assert soup.select_one(".figures-empty") is not None
    assert "Encara no s’ha publicat cap fitxa de projecte." in soup.get_text()
    assert (
        soup.select_one("main").find("svg") is None
    )  # no chart (the header has its icon)
    assert compute_figures().is_empty


def test_a_chart_of_zeros_draws_without_dividing_by_zero():
    chart = Chart(
        id="z",
        title="Zero",
        bars=[Bar("2024", 0, "0"), Bar("2025", 0, "0")],
        label_heading="Year",
        value_heading="N",
        kind="column",
    )
    svg = render_chart(chart)
    assert svg.count('class="chart__bar"') == 2
    assert 'height="0"' in svg


def test_many_years_are_drawn_as_bars():
    bars = [Bar(str(year), 1000, "1.000") for year in range(2000, 2030)]
    chart = Chart(
        id="y", title="Y", bars=bars, label_heading="", value_heading="", kind="column"
    )
    assert not chart.drawn_as_columns
    assert "chart--bars" in render_chart(chart)


# Cost and cache -----------------------------------------------------------------------


def test_figures_cost_a_fixed_number_of_queries(
    site_pages, django_assert_max_num_queries
):
    for n in range(6):
        make_project(
            site_pages["projects"]["ca"],
            first_published_at=published(2020 + n),
            entities=[EntityFactory(), EntityFactory()],
        )

    with django_assert_max_num_queries(6):
        data = compute_figures()

    assert data.total == 6


def test_the_cached_page_costs_no_more_than_a_usual_page(client, fixture_set):
    home = "/ca/"
    client.get(home)
    with CaptureQueriesContext(connection) as usual:
        assert client.get(home).status_code == 200
    client.get(FIGURES_URL)

    with CaptureQueriesContext(connection) as cached:
        assert client.get(FIGURES_URL).status_code == 200

    assert len(cached) <= len(usual)
    assert len(cached) <= 3


def test_publishing_refreshes_the_cached_figures(fixture_set, site_pages):
    assert figures().total == 3
    page = make_project(site_pages["projects"]["ca"], live=False)
    assert figures().total == 3  # a draft changes nothing

    page.save_revision().publish()

    assert figures().total == 4


def test_a_new_private_section_refreshes_the_cached_figures(fixture_set):
    assert figures().total == 3
    PageViewRestriction.objects.create(
        page=fixture_set["counted"][0], restriction_type=PageViewRestriction.LOGIN
    )

    assert figures().total == 2


def test_the_page_computes_the_figures_once_per_tree_version(
    client, fixture_set, monkeypatch
):
    calls = []
    original = figures_module.compute_figures
    monkeypatch.setattr(
        figures_module, "compute_figures", lambda: calls.append(1) or original()
    )

    client.get(FIGURES_URL)
    client.get("/es/cifras/")
    client.get(FIGURES_URL)

    assert len(calls) == 1


# Dashboard ----------------------------------------------------------------------------


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user(
        username="editora", email="editora@example.org", password="x"
    )
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def test_the_dashboard_panel_shows_the_summary_to_an_editor(
    client, editor, fixture_set
):
    client.force_login(editor)

    response = client.get("/admin/")

    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    panel = soup.find(id="observatory-figures-section")
    assert panel is not None
    text = panel.get_text(" ", strip=True)
    assert panel.select_one("p strong").get_text() == "3"
    for code, count in (("prototype", 1), ("pilot", 1), ("production", 1)):
        label = str(Phase(code).label)
        row = next(r for r in panel.select("tbody tr") if label in r.get_text())
        assert row.find("td").get_text(strip=True) == str(count)
    assert "citizen" not in text  # labels, not codes
    links = [a["href"] for a in panel.find_all("a")]
    assert any(href in {"/ca/xifres/", "/es/cifras/", "/en/figures/"} for href in links)
