"""The gazetteer with its real data: Spain's municipalities from the data file and
GeoNames places abroad, loaded once for the module (about ten seconds)."""

import csv
import time

import pytest
from django.db import connection
from django.urls import reverse

from project_pages.gazetteer import (
    MUNICIPALITIES_FILE,
    RegionFinder,
    find_place,
    fold,
    load_gazetteer,
    search_places,
)
from project_pages.models import Entity, Place, PlaceName
from project_pages.names import word_starts

CATALAN_PROVINCES = ("08", "17", "25", "43")


def municipalities() -> list[dict]:
    with MUNICIPALITIES_FILE.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def real_gazetteer(django_db_setup, django_db_blocker):
    """Spain in full and GeoNames abroad (in full for Andorra and France only, to
    load faster); emptied again after the module."""
    with django_db_blocker.unblock():
        load_gazetteer(full_countries=("AD", "FR"))
        yield
        PlaceName.objects.all().delete()
        Place.objects.all().delete()


pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("real_gazetteer")]


def names(places) -> list[str]:
    return [place.name for place in places]


def test_an_exact_name_comes_first():
    """Today's complaint: "Vic" offered Victoria (Hong Kong) and Victorville."""
    vic = search_places("Vic")
    assert str(vic[0]) == "Vic, Osona, ES"
    assert names(search_places("vic"))[0] == "Vic"
    assert names(search_places("VÍC"))[0] == "Vic"


def test_home_region_then_home_country_then_population():
    assert names(search_places("Gir"))[:2] == ["Girona", "Gironella"]
    tre = search_places("Tre")
    assert "Tremp" in names(tre)
    assert tre[0].region == "Catalunya"
    prefixed = [
        p for p in search_places("Sant Jo", limit=30) if p.search_name[:7] == "sant jo"
    ]
    homes = [(p.region == "Catalunya", p.country == "ES") for p in prefixed]
    assert homes == sorted(homes, reverse=True)
    assert homes[0] == (True, True) and (False, True) in homes


def test_prefix_matches_come_before_later_words():
    cugat = search_places("cugat")
    assert names(cugat)[:2] == ["Sant Cugat del Vallès", "Sant Cugat Sesgarrigues"]
    valls = names(search_places("valls"))
    assert valls[0] == "Valls"  # the town, then those with a later word "Valls"
    assert valls[1:3] == ["Les Valls de Valira", "Les Valls d'Aguilar"]


def test_catalan_and_spanish_names_resolve_both_ways():
    pairs = {
        "Gerona": "Girona",
        "Girona": "Girona",
        "Lérida": "Lleida",
        "lerida": "Lleida",
        "Lleida": "Lleida",
        "Perpinyà": "Perpignan",
        "Perpignan": "Perpignan",
        "Toulouse": "Toulouse",
        "Tolosa, FR": "Toulouse",
        "Londres": "London",
        "London": "London",
        "Saragossa": "Zaragoza",
        "Alicante": "Alacant/Alicante",
        "Alacant": "Alacant/Alicante",
    }
    for typed, expected in pairs.items():
        place = find_place(typed)
        assert place is not None and place.name == expected, (typed, place)
    assert find_place("Londres").country == "GB"
    assert find_place("Perpinyà").country == "FR"


def test_a_suggestion_found_by_another_name_shows_it():
    [perpignan] = search_places("Perpinyà")
    assert str(perpignan) == "Perpignan (Perpinyà), FR"
    assert str(search_places("Gerona")[0]) == "Girona (Gerona), Gironès, ES"
    tolosa = [str(p) for p in search_places("Tolosa")]
    assert "Tolosa, Gipuzkoa, ES" in tolosa  # the Basque town keeps its name
    assert "Toulouse (Tolosa), FR" in tolosa
    # A short form of the place's own name is not repeated.
    assert str(search_places("Sant Cugat")[0]) == (
        "Sant Cugat del Vallès, Vallès Occidental, ES"
    )


def test_every_suggestion_label_finds_its_place_again():
    """The search page submits the label the visitor picked."""
    for query in ("Vic", "Gir", "Tre", "Gerona", "Perpinyà", "Tolosa", "Cabanes"):
        for place in search_places(query):
            assert find_place(str(place)) == place, str(place)


def test_towns_missing_from_geonames_are_there():
    for name, code in (("Organyà", "25155"), ("Isona i Conca Dellà", "25115")):
        place = Place.objects.get(code=code)
        assert place.name == name and place.region == "Catalunya"
        assert place.population > 0
        assert 42.0 < place.latitude < 42.4 and 0.9 < place.longitude < 1.5
    assert names(search_places("Organyà")) == ["Organyà"]
    assert names(search_places("Isona"))[0] == "Isona i Conca Dellà"


def test_every_spanish_municipality_has_coordinates_and_population():
    rows = municipalities()
    assert len(rows) > 8100  # 8,132 in INE's register of 2025
    spanish = Place.objects.filter(country="ES")
    assert spanish.count() == len(rows)
    assert set(spanish.values_list("code", flat=True)) == {r["code"] for r in rows}
    assert not spanish.filter(population=0).exists()
    # Inside Spain's bounding box, the Canary Islands included.
    assert not spanish.exclude(latitude__range=(27.5, 43.9)).exists()
    assert not spanish.exclude(longitude__range=(-18.3, 4.4)).exists()
    assert spanish.filter(region="Catalunya").count() == 947


def test_every_catalan_municipality_is_offered_by_the_public_places_api(client):
    """Each of the 947 names, typed in full, is among the public suggestions."""
    catalan = [r for r in municipalities() if r["code"][:2] in CATALAN_PROVINCES]
    assert len(catalan) == 947
    url = reverse("search:places")
    missing = []
    for row in catalan:
        results = client.get(url, {"q": row["name"]}).json()["results"]
        if not any(
            r["name"] == row["name"] and r["region"] == "Catalunya" for r in results
        ):
            missing.append(row["name"])
    assert not missing
    places = Place.objects.filter(code__in=[r["code"] for r in catalan])
    assert places.count() == 947
    assert all(
        p.population > 0 and p.latitude and p.longitude for p in places.iterator()
    )


def test_the_admin_lookup_ranks_the_same_way(admin_client):
    url = reverse("project_pages_gazetteer")
    results = admin_client.get(url, {"q": "Vic"}).json()["results"]
    assert results[0]["label"] == "Vic, Osona, ES"
    assert results[0]["region"] == "Catalunya"
    assert results[0]["county_or_region"] == "Osona"
    results = admin_client.get(url, {"q": "Perpinyà"}).json()["results"]
    assert results[0]["name"] == "Perpignan"


def test_picking_a_place_fills_the_county_or_else_the_province(admin_client):
    """An entity's "county or region" is the comarca where the gazetteer knows it
    (every Catalan municipality), else the province."""
    vic = Place.objects.get(code="08298")
    assert vic.county == "Osona"
    assert Place.objects.get(code="25155").county == "Alt Urgell"  # Organyà
    assert Place.objects.get(code="25234").county == "Pallars Jussà"  # Tremp
    assert Place.objects.get(code="22125").county == ""  # Huesca: no comarca here
    data = {
        "name": "Ajuntament de Vic",
        "kind": "municipality",
        "gazetteer_place": f"{vic} (#{vic.pk})",
        "municipality": "",
        "region": "",
        "country": "ES",
        "population": "",
        "latitude": "",
        "longitude": "",
    }
    add_url = reverse("wagtailsnippets_project_pages_entity:add")
    assert admin_client.post(add_url, data).status_code == 302
    entity = Entity.objects.get(name="Ajuntament de Vic")
    assert entity.region == vic.county_or_region == "Osona"
    assert entity.population == vic.population

    huesca = Place.objects.get(code="22125")
    data.update(name="Ajuntament d'Osca", gazetteer_place=f"{huesca} (#{huesca.pk})")
    assert admin_client.post(add_url, data).status_code == 302
    assert Entity.objects.get(name="Ajuntament d'Osca").region == "Huesca"

    data.update(name="Consell Comarcal d'Osona", gazetteer_place="Vic, Osona, ES")
    assert admin_client.post(add_url, data).status_code == 302
    assert Entity.objects.get(name="Consell Comarcal d'Osona").region == "Osona"
    assert str(vic) == "Vic, Osona, ES"


def test_the_region_finder_still_gives_the_autonomous_community():
    finder = RegionFinder("ES")
    assert finder.region(41.93, 2.25) == "Catalunya"  # Vic
    assert finder.region(41.5226, 0.3487) == "Aragón"  # Fraga, by the border
    assert finder.region(None, None, "Tremp") == "Catalunya"
    assert finder.region(None, None, "Atlantis") == ""


def test_search_places_is_a_few_indexed_queries(django_assert_max_num_queries):
    for query in ("sa", "Vic", "Gerona", "cugat", "l'hospitalet"):
        with django_assert_max_num_queries(3):
            search_places(query)
    if connection.vendor == "sqlite":
        plans = []
        for model, column in ((Place, "search_name"), (PlaceName, "folded")):
            sql, params = (
                model.objects.filter(**{f"{column}__prefix": "vic"})
                .values("pk")
                .query.sql_with_params()
            )
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
                plans.append(" ".join(str(row[-1]) for row in cursor.fetchall()))
        assert all("USING" in plan and "INDEX" in plan for plan in plans), plans
    # Generous bound for a loaded CI machine; measured at 2-8 ms (docs).
    started = time.perf_counter()
    for query in ("sa", "ma", "Vic", "Gir", "Tre", "Perpinyà"):
        search_places(query)
    assert (time.perf_counter() - started) / 6 < 0.1


def test_folding_and_later_words():
    assert fold("L’Hospitalet") == "l'hospitalet"
    assert fold("Castell-Platja d'Aro") == "castell platja d'aro"
    assert fold("Sant Llorenç de Cerdans") == "sant llorenc de cerdans"
    assert word_starts("sant cugat del valles") == ["cugat del valles", "valles"]
    assert word_starts("l'hospitalet de llobregat") == [
        "hospitalet de llobregat",
        "llobregat",
    ]
