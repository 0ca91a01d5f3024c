"""The index follows the site: moves, private sections, and writes an engine
missed while it was down (remembered, then caught up)."""

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import PageViewRestriction

from project_pages.models import ProjectIndexPage
from search import service
from search.engines import configured_engines
from search.engines.database import DatabaseEngine
from search.engines.elasticsearch import ElasticsearchEngine
from search.models import MissedWrite

from .test_contract import run
from .test_elasticsearch_engine import _closed_port, needs_server


def test_moving_a_project_changes_its_url_in_results(
    engine, indexed, site_pages, django_capture_on_commit_callbacks
):
    home = site_pages["home"]["ca"]
    archive = home.add_child(instance=ProjectIndexPage(title="Arxiu", slug="arxiu"))
    page = indexed["P1"]
    assert "/arxiu/" not in run(engine, q="padró").hits[0].url
    with django_capture_on_commit_callbacks(execute=True):
        page.move(archive, pos="last-child")
    hit = run(engine, q="padró").hits[0]
    assert hit.id == page.pk
    assert "/arxiu/" in hit.url


def test_moving_a_section_reindexes_every_project_in_it(
    engine, indexed, site_pages, django_capture_on_commit_callbacks
):
    home = site_pages["home"]["ca"]
    archive = home.add_child(instance=ProjectIndexPage(title="Arxiu", slug="arxiu"))
    section = site_pages["projects"]["ca"]
    with django_capture_on_commit_callbacks(execute=True):
        section.move(archive, pos="last-child")
    catalan = [hit for hit in run(engine, page_size=50).hits if "/ca/" in hit.url]
    assert catalan  # the Catalan projects are still there...
    assert all("/arxiu/" in hit.url for hit in catalan)  # ...at their new address


def test_a_private_section_hides_its_projects_and_public_again_shows_them(
    engine, indexed, site_pages, django_capture_on_commit_callbacks
):
    section = site_pages["projects"]["ca"]
    before = run(engine).count
    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.create(
            page=section, restriction_type="login"
        )
    assert run(engine, q="padró").count == 0
    assert run(engine).count < before
    assert sum(v.count for v in run(engine).facets["phase"]) == run(engine).count
    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    assert run(engine, q="padró").count == 1
    assert run(engine).count == before


# Missed writes ------------------------------------------------------------------


def hit_ids(results) -> set[int]:
    return {hit.id for hit in results.hits}


def _dead_elasticsearch() -> ElasticsearchEngine:
    return ElasticsearchEngine(
        f"http://127.0.0.1:{_closed_port()}", index="test-observatory-none", timeout=0.5
    )


def test_a_write_to_a_dead_engine_is_remembered(db, projects, monkeypatch):
    def engines():
        return {"database": DatabaseEngine(), "elasticsearch": _dead_elasticsearch()}

    monkeypatch.setattr(service, "configured_engines", engines)
    monkeypatch.setattr(
        "search.management.commands.search_index.configured_engines", engines
    )
    key = str(projects["P1"].translation_key)
    service.reindex_projects([key])
    assert list(MissedWrite.objects.values_list("engine", "key")) == [
        ("elasticsearch", key)
    ]
    # Missing the same project twice is one row; the database missed nothing.
    service.reindex_projects([key])
    assert MissedWrite.objects.count() == 1
    with pytest.raises(CommandError, match="still unavailable, 1 project"):
        call_command("search_index", "catch-up", "--engine", "elasticsearch")
    assert MissedWrite.objects.count() == 1  # nothing forgotten


@needs_server
def test_catch_up_repairs_what_a_dead_node_missed(
    db, projects, monkeypatch, capsys, django_capture_on_commit_callbacks
):
    live = configured_engines()["elasticsearch"]
    service.rebuild(live)
    dead = _dead_elasticsearch()
    engines = {"database": DatabaseEngine(), "elasticsearch": dead}
    monkeypatch.setattr(service, "configured_engines", lambda: dict(engines))

    page = projects["P1"]
    page.title = "Assistent virtual renovat"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
        projects["P2"].unpublish()
    assert run(live, q="renovat").count == 0  # the node missed both writes
    assert projects["P2"].pk in hit_ids(run(live, q="pressupostos"))
    assert MissedWrite.objects.filter(engine="elasticsearch").count() == 2

    engines["elasticsearch"] = live  # the node is back
    monkeypatch.setattr(
        "search.management.commands.search_index.configured_engines",
        lambda: dict(engines),
    )
    call_command("search_index", "catch-up", "--engine", "elasticsearch")
    assert "caught up on 2 project(s)" in capsys.readouterr().out
    assert run(live, q="renovat").count == 1
    assert projects["P2"].pk not in hit_ids(run(live, q="pressupostos"))
    assert not MissedWrite.objects.exists()
    assert service.check(live) == ([], [], [])


@needs_server
def test_the_next_successful_write_catches_up_by_itself(
    db, projects, monkeypatch, django_capture_on_commit_callbacks
):
    live = configured_engines()["elasticsearch"]
    service.rebuild(live)
    engines = {"database": DatabaseEngine(), "elasticsearch": _dead_elasticsearch()}
    monkeypatch.setattr(service, "configured_engines", lambda: dict(engines))
    with django_capture_on_commit_callbacks(execute=True):
        projects["P2"].unpublish()
    engines["elasticsearch"] = live
    with django_capture_on_commit_callbacks(execute=True):
        projects["P5"].save_revision().publish()  # any later publish
    assert projects["P2"].pk not in hit_ids(run(live, q="pressupostos"))
    assert not MissedWrite.objects.exists()


def test_a_rebuild_covers_earlier_misses(db, projects):
    MissedWrite.objects.create(engine="database", key=projects["P1"].translation_key)
    call_command("search_index", "rebuild", "--engine", "database")
    assert not MissedWrite.objects.exists()


def test_check_says_how_many_writes_wait(db, projects, capsys):
    call_command("search_index", "rebuild", "--engine", "database")
    MissedWrite.objects.create(engine="database", key=projects["P1"].translation_key)
    call_command("search_index", "check", "--engine", "database")
    assert "1 missed write(s) waiting for a catch-up" in capsys.readouterr().out
