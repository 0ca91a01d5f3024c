"""The "Similar projects" section of a project page, on every configured engine."""

import re

import pytest
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.urls import reverse
from django.utils import translation

from core.caching import tree_version
from machine_translation.tests.test_apertium import needs_apertium
from search import service


@pytest.fixture
def answering(engine, indexed, monkeypatch):
    """The contract data, and the engine under test answering the pages."""
    monkeypatch.setattr(service, "get_engine", lambda: engine)
    return indexed


def similar_section(html: str) -> str:
    match = re.search(r'<section class="section similar".*?</section>', html, re.S)
    return match.group(0) if match else ""


def links(section: str) -> list[str]:
    return re.findall(r'<h3 class="card__title"><a href="([^"]+)"', section)


def test_a_project_page_lists_similar_projects(client, answering):
    p2 = answering["P2"]
    html = client.get(p2.url).content.decode()
    section = similar_section(html)
    assert '<h2 id="similar-title">Projectes similars</h2>' in section
    found = links(section)
    assert 1 <= len(found) <= 4
    # P3 (Spanish) shares the area and Decidim: first, at its own Spanish address.
    assert found[0] == answering["P3"].url
    assert found[0].startswith("/es/")
    assert p2.url not in found
    for hidden in ("draft", "private"):
        assert answering[hidden].url not in found
        assert answering[hidden].title not in html
    # A card: title, lead entity, phase badge and areas.
    assert "Plataforma de participación ciudadana" in section
    assert "Ajuntament de Barcelona" in section
    assert 'class="badge badge--production"' in section
    assert "Participació i govern obert" in section


def test_the_heading_is_in_the_page_language(client, answering):
    html = client.get(answering["P3"].url).content.decode()
    section = similar_section(html)
    assert '<h2 id="similar-title">Proyectos similares</h2>' in section
    assert answering["P2"].url in links(section)
    assert answering["P3"].url not in links(section)


def test_no_similar_projects_no_section(client, answering, engine):
    engine.rebuild([])  # nothing indexed: nothing is similar
    html = client.get(answering["P2"].url).content.decode()
    assert "similar-title" not in html
    assert "Projectes similars" not in html


def test_the_list_is_cached_with_the_page_tree(client, answering, engine, monkeypatch):
    """Rendering the body again (its fragment expired) asks the engine nothing: the
    list has its own cache of the same lifetime."""
    p2 = answering["P2"]
    first = links(similar_section(client.get(p2.url).content.decode()))
    calls = []
    monkeypatch.setattr(
        type(engine), "similar", lambda self, *args: calls.append(args) or []
    )
    cache.delete(
        make_template_fragment_key("project_page", [p2.pk, "ca", tree_version()])
    )
    again = links(similar_section(client.get(p2.url).content.decode()))
    assert again == first and calls == []
    # A change to the tree: the list is asked for again.
    p2.save_revision().publish()
    client.get(p2.url)
    assert calls


def test_a_draft_never_appears_even_before_the_index_catches_up(client, answering):
    """P3 unpublished: its page is gone, and so is its card (the list is checked
    against the tree, whatever the index still holds)."""
    p3 = answering["P3"]
    p3.unpublish()
    html = client.get(answering["P2"].url).content.decode()
    assert p3.url not in links(similar_section(html))
    assert p3.title not in html


@needs_apertium
def test_a_card_in_another_language_offers_its_machine_translation(client, answering):
    section = similar_section(client.get(answering["P2"].url).content.decode())
    spanish = answering["P3"]
    with translation.override("ca"):
        url = reverse("machine_translation:project_page", args=(spanish.pk,))
    card = section[section.index(f'<a href="{spanish.url}"') :]
    card = card[: card.index("</li>")]
    assert (
        '<p class="card__language" lang="ca">En castellà — '
        f'<a href="{url}">llegiu la traducció automàtica</a></p>'
    ) in card
    assert client.get(url).status_code == 200
