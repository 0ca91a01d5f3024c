"""Editors manage the thesaurus in the admin; a change reaches the next search."""

import re

import pytest
from django.urls import reverse

from search.models import SynonymSet
from search.query import parse_query

pytestmark = pytest.mark.django_db

INDEX = "wagtailsnippets_observatory_search_synonymset:list"
ADD = "wagtailsnippets_observatory_search_synonymset:add"


@pytest.fixture
def editor(editor_client):
    return editor_client


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_an_editor_finds_the_starting_sets_and_searches_them(editor):
    page = text(editor.get(reverse(INDEX)))
    assert "Search thesaurus" in page
    found = text(editor.get(reverse(INDEX), {"q": "xatbot"}))
    assert "xatbot · chatbot" in found
    assert "padró municipal" not in found.lower()


def test_an_editor_adds_a_set_and_the_search_uses_it_at_once(editor):
    before = parse_query({"q": "zzquux"}).concepts
    assert len(before[0]) == 1
    response = editor.post(
        reverse(ADD), {"terms": "zzquux\nfoobarbaz", "topic": "acronym"}
    )
    assert response.status_code == 302
    (concept,) = parse_query({"q": "zzquux"}).concepts
    assert len(concept) == 2


def test_a_bad_set_is_refused_with_a_clear_error_and_the_input_kept(editor):
    response = editor.post(reverse(ADD), {"terms": "xatbot\nrobot de xat"})
    assert response.status_code == 200
    page = text(response)
    assert "“xatbot” is already in the set" in page
    assert "robot de xat" in page  # nothing the editor typed is lost
    assert not SynonymSet.objects.filter(terms__contains="robot de xat").exists()


def test_the_thesaurus_admin_in_catalan(editor):
    editor.defaults["HTTP_ACCEPT_LANGUAGE"] = "ca"
    page = text(editor.get(reverse(ADD)))
    assert "Un terme per línia" in page
