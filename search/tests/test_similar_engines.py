"""Similar projects (a project page's "Similar projects") on every engine.

Like the contract suite, each test runs once per configured engine on the same
project files; they only read, so the data are built and indexed once per engine
for the module (search/tests/conftest.py, ``module_projects``).
"""

import pytest


@pytest.fixture(scope="module")
def engine(module_engine):
    return module_engine


@pytest.fixture(scope="module")
def indexed(module_engine, module_projects):
    return module_projects


@pytest.fixture(autouse=True)
def _in_a_savepoint(db):
    """Each test in a savepoint of the module's transaction."""


def keys(hits, pages) -> list[str]:
    by_id = {page.pk: key for key, page in pages.items()}
    return [by_id.get(hit.id, hit.id) for hit in hits]


# Every engine -----------------------------------------------------------------------


@pytest.mark.parametrize("key", ["P1", "P2", "P3", "P5", "P9"])
def test_a_project_has_similar_projects_but_never_itself(engine, indexed, key):
    hits = engine.similar(indexed[key].pk, 4)
    assert 1 <= len(hits) <= 4
    assert indexed[key].pk not in [hit.id for hit in hits]
    assert len({hit.id for hit in hits}) == len(hits)


def test_hits_carry_what_a_card_shows(engine, indexed):
    (first, *_rest) = engine.similar(indexed["P2"].pk, 4)
    assert first.title and first.url.startswith("http")
    assert first.phase in {"prototype", "pilot", "production"}
    assert first.areas == ["participation_open_government"]
    assert first.entities[0]["name"].startswith("Ajuntament de ")
    assert first.entities[0]["municipality"]


def test_drafts_and_private_pages_are_never_similar(engine, indexed):
    """Both hidden pages share area, technology and tag with P2: they would lead
    its list if they were indexed."""
    hidden = {indexed["draft"].pk, indexed["private"].pk}
    for key in ("P2", "P3", "P4", "P8"):
        hits = engine.similar(indexed[key].pk, 10)
        assert hits
        assert not hidden & {hit.id for hit in hits}


def test_sharing_area_and_technology_ranks_above_sharing_nothing(engine, indexed):
    """P2 (participation, Decidim): P3 shares both; P6 (telecare) shares nothing
    and so is either absent or below."""
    ranked = keys(engine.similar(indexed["P2"].pk, 10), indexed)
    assert ranked[0] == "P3"
    assert "P6" not in ranked or ranked.index("P6") > ranked.index("P3")
    # The other participation projects come before anything of another area.
    participation = [k for k in ranked if k in {"P3", "P4", "P8"}]
    assert ranked[: len(participation)] == participation


def test_more_in_common_ranks_higher(engine, indexed):
    """P5 (services, RPA) is like P9 and P10 (services and procedures, processes):
    P9 and P10 come first, ahead of anything sharing less."""
    ranked = keys(engine.similar(indexed["P5"].pk, 4), indexed)
    assert set(ranked[:2]) == {"P9", "P10"}


def test_a_page_that_is_not_indexed_has_no_similar_projects(engine, indexed):
    assert engine.similar(indexed["draft"].pk, 4) == []
    assert engine.similar(999_999, 4) == []


def test_the_limit_is_kept(engine, indexed):
    assert len(engine.similar(indexed["P2"].pk, 2)) == 2
    assert engine.similar(indexed["P2"].pk, 0) == []
