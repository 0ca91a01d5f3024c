"""Dates read as each language writes them (cms/formats/, core/dates.py).

A tester saw "16 desembre de 2026" and "4 diciembre 2026": Catalan needs "de"
before the month, elided before a vowel ("3 d'abril"), Spanish needs "de"
twice. These are the exact strings a visitor reads.
"""

import datetime

import pytest
from django.template import Context, Template
from django.utils import timezone, translation
from django.utils.formats import date_format

from core.dates import DatetimeFormatter
from project_pages.factories import ArticlePageFactory

CATALAN_MONTHS = [
    "de gener",
    "de febrer",
    "de març",
    "d'abril",
    "de maig",
    "de juny",
    "de juliol",
    "d'agost",
    "de setembre",
    "d'octubre",
    "de novembre",
    "de desembre",
]
SPANISH_MONTHS = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
]
ENGLISH_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
EXPECTED = {
    "ca": [f"{{day}} {month} de 2026" for month in CATALAN_MONTHS],
    "es": [f"{{day}} de {month} de 2026" for month in SPANISH_MONTHS],
    "en": [f"{{day}} {month} 2026" for month in ENGLISH_MONTHS],
}


@pytest.mark.parametrize("language", ["ca", "es", "en"])
@pytest.mark.parametrize("month", range(1, 13))
def test_long_date_of_every_month(language, month):
    day = datetime.date(2026, month, 3 if month % 2 else 16)
    expected = EXPECTED[language][month - 1].format(day=day.day)
    with translation.override(language):
        assert date_format(day, "DATE_FORMAT") == expected
        # A bare {{ date }} in a template is the same format.
        context = Context({"d": day}, autoescape=False)
        assert Template("{{ d }}").render(context) == expected
        assert Template('{{ d|date:"DATE_FORMAT" }}').render(context) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ca", "16 de desembre de 2026"),
        ("ca", "27 de març de 2022"),
        ("ca", "3 d'abril de 2026"),
        ("ca", "1 d'octubre de 2026"),
        ("ca", "5 d'agost de 2026"),
        ("es", "4 de diciembre de 2026"),
        ("en", "4 December 2026"),
    ],
)
def test_the_reported_dates(language, expected):
    """The strings from the report, written out rather than computed."""
    day, _, rest = expected.partition(" ")
    months = {"ca": CATALAN_MONTHS, "es": SPANISH_MONTHS, "en": ENGLISH_MONTHS}
    for number, name in enumerate(months[language], 1):
        if name in rest:
            month = number
    year = int(expected[-4:])
    with translation.override(language):
        value = datetime.date(year, month, int(day))
        assert date_format(value, "DATE_FORMAT") == expected


def test_day_and_month_without_the_year():
    with translation.override("ca"):
        assert date_format(datetime.date(2026, 8, 5), "MONTH_DAY_FORMAT") == "5 d'agost"
    with translation.override("es"):
        assert date_format(datetime.date(2026, 8, 5), "MONTH_DAY_FORMAT") == (
            "5 de agosto"
        )


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ca", "abril de 2026"),
        ("es", "abril de 2026"),
        ("en", "April 2026"),
    ],
)
def test_month_and_year(language, expected):
    with translation.override(language):
        assert date_format(datetime.date(2026, 4, 3), "YEAR_MONTH_FORMAT") == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ca", "3 d'abril de 2026, 9:05"),
        ("es", "3 de abril de 2026, 09:05"),
        ("en", "3 April 2026, 09:05"),
    ],
)
def test_date_and_time(language, expected):
    moment = timezone.make_aware(datetime.datetime(2026, 4, 3, 9, 5))
    with translation.override(language):
        assert date_format(timezone.localtime(moment), "DATETIME_FORMAT") == expected
        # The comment threads format hundreds of dates with a faster helper:
        # it must say exactly the same.
        assert DatetimeFormatter()(moment) == expected


@pytest.mark.parametrize("language", ["ca", "es", "en"])
def test_the_fast_formatter_agrees_over_a_year(language):
    start = timezone.make_aware(datetime.datetime(2026, 1, 1, 0, 0))
    moments = [start + datetime.timedelta(hours=37 * n, minutes=n) for n in range(240)]
    with translation.override(language):
        formatted = DatetimeFormatter()
        for moment in moments:
            local = timezone.localtime(moment)
            assert formatted(moment) == date_format(local, "DATETIME_FORMAT")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ca", "3 d'abril de 2026"),
        ("es", "3 de abril de 2026"),
        ("en", "3 April 2026"),
    ],
)
def test_an_article_shows_its_date_in_the_page_language(
    client, site_pages, language, expected
):
    article = ArticlePageFactory(
        parent=site_pages["articles"][language], date=datetime.date(2026, 4, 3)
    )
    for url in (article.url, site_pages["articles"][language].url):
        html = client.get(url).content.decode()
        assert f'<time datetime="2026-04-03">{expected}</time>' in html.replace(
            "&#x27;", "'"
        )
