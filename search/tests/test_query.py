"""Bad input never reaches an engine: the form turns it into a 400, never a 500."""

import pytest
from django.http import QueryDict

from search.query import SearchError, parse_query


def query(string: str):
    return parse_query(QueryDict(string))


@pytest.mark.django_db  # words are read with the thesaurus, kept in the database
def test_defaults():
    q = query("")
    assert (q.sort, q.page, q.page_size, q.lang, q.near) == (
        "newest",
        1,
        20,
        "ca",
        None,
    )
    assert query("q=padró").sort == "relevance"


def test_repeatable_filters_are_kept_in_order_without_duplicates():
    q = query("area=social_services&area=citizen_attention&area=social_services")
    assert q.area == ("social_services", "citizen_attention")
    assert q.filters_except("area") == {}
    assert query("country=es").country == ("ES",)
    assert query("tag=+open+++data+").tag == ("open data",)


def test_near_and_within():
    q = query("near=41.93,+2.25&within=25&sort=distance")
    assert (q.near, q.within, q.sort) == ((41.93, 2.25), 25.0, "distance")


@pytest.mark.parametrize(
    ("string", "field"),
    [
        ("q=" + "a" * 10_000, "q"),
        ("q=" + "participació " * 20, "q"),
        ("q=%22%22+AND+OR", "q"),
        ("q=%22%22", "q"),
        ("q=de+la+the", "q"),
        ("q=padr%00o", "q"),
        ("tag=a%00b", "tag"),
        ("tag=" + "x" * 101, "tag"),
        ("area=nowhere", "area"),
        ("type=magic", "type"),
        ("phase=done", "phase"),
        ("size=huge", "size"),
        ("country=XX", "country"),
        ("country=ESP", "country"),
        ("near=41.9", "near"),
        ("near=abc,def", "near"),
        ("near=91,2", "near"),
        ("near=41,181", "near"),
        ("near=nan,2", "near"),
        ("near=1,2,3", "near"),
        ("within=10", "within"),
        ("near=41,2&within=0", "within"),
        ("near=41,2&within=-5", "within"),
        ("near=41,2&within=inf", "within"),
        ("near=41,2&within=99999", "within"),
        ("sort=distance", "sort"),
        ("sort=popular", "sort"),
        ("page=0", "page"),
        ("page=x", "page"),
        ("page_size=0", "page_size"),
        ("page_size=101", "page_size"),
        ("lang=fr", "lang"),
        ("&".join(f"tag=t{i}" for i in range(21)), "tag"),
    ],
)
def test_invalid_input_is_a_search_error_on_its_field(string, field):
    with pytest.raises(SearchError) as error:
        query(string)
    assert error.value.field == field
    assert error.value.message


@pytest.mark.django_db
def test_quotes_around_words_are_not_an_error():
    q = query("q=%22assistent+virtual%22")
    assert len(q.terms) == 2
