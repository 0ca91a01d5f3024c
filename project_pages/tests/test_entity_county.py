"""Entities of earlier data get the comarca, like those an editor places now."""

import importlib

import pytest

from project_pages.factories import EntityFactory

pytestmark = pytest.mark.django_db

migration = importlib.import_module("project_pages.migrations.0006_entity_county")


def test_existing_catalan_entities_get_their_county():
    from django.apps import apps

    vic = EntityFactory(
        name="Ajuntament de Vic", municipality="Vic", country="ES", region=""
    )
    tremp = EntityFactory(
        name="Ajuntament de Tremp", municipality="Tremp", country="ES", region="Lleida"
    )
    organya = EntityFactory(
        name="Ajuntament d'Organyà",
        municipality="ORGANYA",
        country="ES",
        region="Catalunya",
    )
    huesca = EntityFactory(
        name="Ajuntament d'Osca", municipality="Huesca", country="ES", region=""
    )
    bologna = EntityFactory(
        name="Comune di Bologna", municipality="Bologna", country="IT", region="Emilia"
    )
    migration.set_counties(apps, None)
    for entity in (vic, tremp, organya, huesca, bologna):
        entity.refresh_from_db()
    assert vic.region == "Osona"
    assert tremp.region == "Pallars Jussà"
    assert organya.region == "Alt Urgell"
    assert huesca.region == ""  # not Catalan: no county to give
    assert bologna.region == "Emilia"
