"""Forum search: the project search's analysis (accents, case, word forms) over
visible topics and replies only, on SQLite and PostgreSQL alike."""

import pytest

from community import moderation
from community.models import ForumCategory, Post, Status, Topic
from community.search_index import forum_rebuild, search_forum
from community.tests.comment_helpers import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def author():
    return make_member("Anna Puig")


@pytest.fixture
def general():
    return ForumCategory.objects.get(slug="general")


def topic(category, author, title, body="", **fields):
    return Topic.objects.create(
        category=category, author=author, title=title, body=body or title, **fields
    )


def titles(q, **kwargs) -> list[str]:
    return [hit.topic.title for hit in search_forum(q, **kwargs).hits]


@pytest.mark.parametrize("q", ["tràmit", "tramits", "TRAMIT", "Tràmits"])
def test_accents_case_and_word_forms_meet(general, author, q):
    topic(general, author, "Tràmits electrònics al padró")
    topic(general, author, "Pressupostos participatius")
    assert titles(q) == ["Tràmits electrònics al padró"]


def test_a_topic_matches_by_a_visible_reply_and_shows_it(general, author):
    found = topic(general, author, "Una pregunta", "Com ho feu?")
    Post.objects.create(topic=found, author=author, body="Amb signatura electrònica")
    results = search_forum("signatures")
    assert [hit.topic for hit in results.hits] == [found]
    assert "<mark>signatura</mark>" in results.hits[0].snippet


def test_every_word_must_match_and_title_ranks_first(general, author):
    in_body = topic(general, author, "Xarxes", "Parlem de la cita prèvia municipal")
    in_title = topic(general, author, "Cita prèvia municipal", "Com ho feu?")
    topic(general, author, "Cita amb el veïnat", "Res més")
    assert titles("cita municipal") == [in_title.title, in_body.title]


def test_hidden_held_and_deleted_content_is_never_found(general, author):
    held = topic(general, author, "Secret retingut", status=Status.HELD)
    hidden = topic(general, author, "Secret amagat")
    moderation.hide(hidden, None)
    gone = topic(general, author, "Secret esborrat")
    gone.status = Status.DELETED
    gone.save()
    open_topic = topic(general, author, "Obert", "Res")
    reply = Post.objects.create(topic=open_topic, author=author, body="Secret respost")
    Post.objects.create(
        topic=open_topic, author=author, body="Secret pendent", status=Status.HELD
    )
    assert titles("secret") == ["Obert"]
    moderation.hide(reply, None)
    assert titles("secret") == []
    moderation.approve(held, None)
    assert titles("secret") == ["Secret retingut"]
    # A rebuild writes only what is visible, too.
    forum_rebuild()
    assert titles("secret") == ["Secret retingut"]


def test_category_filter_and_pagination(general, author):
    other = ForumCategory.objects.exclude(pk=general.pk).first()
    for i in range(23):
        topic(general, author, f"Dades obertes {i}")
    topic(other, author, "Dades obertes fora")
    results = search_forum("dades", category=general)
    assert results.count == 23 and len(results.hits) == 20
    second = search_forum("dades", category=general, page=2)
    assert len(second.hits) == 3
    assert not {h.topic.pk for h in results.hits} & {h.topic.pk for h in second.hits}
    assert "Dades obertes fora" in titles("dades", category=other)


@pytest.mark.parametrize(
    "q", ["x" * 10_000, 'AND OR NOT " * ( ) : ^ -', "\x00\x00", "", "   ", "'\";--"]
)
def test_bad_input_gives_a_message_or_nothing_never_an_error(general, author, q):
    topic(general, author, "Tràmits")
    results = search_forum(q)
    assert results.hits == [] or results.message == ""
    assert isinstance(results.message, str)


def test_null_bytes_inside_a_word_are_ignored(general, author):
    topic(general, author, "Tràmits")
    assert titles("tr\x00amits") == ["Tràmits"]


@pytest.mark.parametrize("debug", [True, False], ids=["debug-on", "debug-off"])
def test_the_search_page_answers_with_debug_on_and_off(
    general, author, client, settings, debug
):
    """DEBUG formats every query with its parameters: a literal ``%`` in the SQL
    once made the page answer 500 on SQLite whenever a topic matched."""
    from django.urls import reverse
    from django.utils import translation

    settings.DEBUG = debug
    found = topic(general, author, "Padró en línia", "Com ho feu?")
    Post.objects.create(topic=found, author=author, body="Amb el padró electrònic")
    with translation.override("ca"):
        url = reverse("community:forum_search")
    response = client.get(url, {"q": "padro"})
    assert response.status_code == 200
    page = response.content.decode()
    with translation.override("ca"):
        assert reverse("community:forum_topic", args=[found.pk]) in page
    assert "<mark>Padró</mark> en línia" in page  # the title
    assert "<mark>padró</mark> electrònic" in page  # the matching reply
