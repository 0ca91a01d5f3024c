"""``search_index rebuild|check`` on the database engine."""

import pytest
from django.core.management import CommandError, call_command


def test_rebuild_then_check(projects, capsys):
    call_command("search_index", "rebuild", "--engine", "database")
    assert "database: indexed 10 documents" in capsys.readouterr().out
    call_command("search_index", "check", "--engine", "database")
    assert "0 missing, 0 stale, 0 extra" in capsys.readouterr().out


def test_check_fails_on_drift_and_repairs_it(projects, capsys):
    from search.engines.database import DatabaseEngine

    call_command("search_index", "rebuild", "--engine", "database")
    DatabaseEngine().delete_documents([str(projects["P1"].translation_key)])
    with pytest.raises(CommandError):
        call_command("search_index", "check", "--engine", "database")
    assert "1 missing" in capsys.readouterr().out
    call_command("search_index", "check", "--engine", "database", "--repair")
    call_command("search_index", "check", "--engine", "database")
    assert "0 missing, 0 stale, 0 extra" in capsys.readouterr().out
