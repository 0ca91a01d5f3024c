"""The innovation caravan: a stop's whole life (request → published stop →
registration → waiting list → reminder → write-up), the calendar, iCalendar."""

from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone, translation
from icalendar import Calendar

from community.tests.comment_helpers import make_member
from project_pages.factories import ProjectPageFactory
from project_pages.models import ArticleIndexPage, ArticlePage, Entity
from visits.models import Registration, RegistrationStatus, StopPage, StopRequest

# Each test in a transaction rolled back at its end; the few that follow mail
# sent after commit run in real transactions (their own mark).
pytestmark = pytest.mark.django_db
AFTER_COMMIT = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def caravan(site_pages):
    return site_pages["caravan"]["ca"]


@pytest.fixture
def host():
    return Entity.objects.create(name="Ajuntament de Manlleu", municipality="Manlleu")


def make_stop(caravan, host, *, days=10, capacity=2, title="Visita a Manlleu", **extra):
    # At 10:00 (the site's time), so that the agenda fits: StopPage.clean.
    start = timezone.localtime().replace(
        hour=10, minute=0, second=0, microsecond=0
    ) + timedelta(days=days)
    stop = StopPage(
        title=title,
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        host=host,
        capacity=capacity,
        place_name="Can Puget",
        address="Plaça Fra Bernadí, 1, Manlleu",
        latitude=42.0,
        longitude=2.28,
        agenda="10:00 Benvinguda\n10:30 Demostració de la finestreta única",
        summary="Com funciona la finestreta única digital.",
        **extra,
    )
    caravan.add_child(instance=stop)
    stop.save_revision().publish()
    return StopPage.objects.get(pk=stop.pk)


def test_the_caravan_exists_in_every_language_and_in_the_navigation(site_pages):
    assert set(site_pages["caravan"]) == {"ca", "es", "en"}
    html = Client().get("/ca/").content.decode()
    assert "Caravana de la innovació" in html
    assert Client().get("/en/caravan/").status_code == 200


@AFTER_COMMIT
def test_a_stop_from_request_to_write_up(
    caravan, host, project_index, settings, signed_in
):
    # 1. An administration offers to host a stop.
    response = Client().post(
        "/ca/caravana/demana-una-parada/",
        {
            "organisation": "Ajuntament de Manlleu",
            "project": "Finestreta única digital",
            "proposed_dates": "12 o 14 de maig, matí",
            "name": "Marta Vila",
            "email": "marta@manlleu.cat",
            "message": "Podem acollir vint persones.",
        },
    )
    assert response.status_code == 302
    stop_request = StopRequest.objects.get()
    assert stop_request.language == "ca" and stop_request.status == "new"

    # 2. An editor answers it in the admin: the reply is emailed.
    editor = make_member("Editora").user
    group, _created = Group.objects.get_or_create(name="Editors")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    editor.groups.add(group)
    admin = Client()
    admin.force_login(editor)
    edit_url = f"/admin/caravan/requests/edit/{stop_request.pk}/"
    assert admin.get(edit_url).status_code == 200
    admin.post(
        edit_url,
        {
            "status": "accepted",
            "notes": "Confirmat per telèfon.",
            "answer": "Som-hi: el 14 de maig.",
        },
    )
    stop_request.refresh_from_db()
    assert stop_request.status == "accepted" and stop_request.answered_at
    assert [m.to for m in mail.outbox] == [["marta@manlleu.cat"]]
    assert "Som-hi: el 14 de maig." in mail.outbox[0].body
    mail.outbox.clear()

    # 3. The stop is published, presenting a project file; the calendar lists it.
    project = ProjectPageFactory(parent=project_index, title="Finestreta única")
    stop = make_stop(caravan, host, days=1, capacity=2)
    stop.projects.add(project)
    stop.save_revision().publish()
    calendar = Client().get(caravan.url).content.decode()
    assert "Visita a Manlleu" in calendar

    # 4. Two places: two members register, the third waits.
    anna, biel, carla = make_member("Anna"), make_member("Biel"), make_member("Carla")
    for member in (anna, biel, carla):
        signed_in(member).post(f"/ca/caravana/parades/{stop.pk}/inscriu-me/")
    statuses = dict(Registration.objects.values_list("member__display_name", "status"))
    assert statuses == {"Anna": "registered", "Biel": "registered", "Carla": "waiting"}
    page = signed_in(carla).get(stop.url).content.decode()
    assert "número 1 de la llista d'espera" in page
    assert len(mail.outbox) == 3
    mail.outbox.clear()

    # 5. Anna cancels: Carla moves up and is told.
    signed_in(anna).post(f"/ca/caravana/parades/{stop.pk}/anul-la/")
    carla_registration = Registration.objects.get(member=carla)
    assert carla_registration.status == RegistrationStatus.REGISTERED
    assert [m.to for m in mail.outbox] == [[carla.user.email]]
    mail.outbox.clear()

    # 6. The day before, a reminder to those who come, once.
    out = StringIO()
    call_command("send_stop_reminders", stdout=out)
    assert "2 reminder(s)" in out.getvalue()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [biel.user.email, carla.user.email]
    )
    call_command("send_stop_reminders", stdout=out)
    assert len(mail.outbox) == 2

    # 7. After the visit, the reporters' article is linked from the stop and from
    # the project file.
    articles = caravan.get_parent().get_children().type(ArticleIndexPage).first()
    article = ArticlePage(title="Crònica de la visita a Manlleu", date=timezone.now())
    articles.add_child(instance=article)
    article.save_revision().publish()
    stop.write_up = article
    stop.save_revision().publish()
    assert "Crònica de la visita a Manlleu" in Client().get(stop.url).content.decode()
    project_html = Client().get(project.url).content.decode()
    assert "Visita a Manlleu" in project_html
    assert f'href="{article.url}"' in project_html


def test_registering_needs_a_signed_in_member_a_post_and_the_token(caravan, host):
    stop = make_stop(caravan, host)
    url = f"/ca/caravana/parades/{stop.pk}/inscriu-me/"
    assert Client().get(url).status_code == 405
    assert Client().post(url).status_code == 302  # to the login
    assert not Registration.objects.exists()
    member = make_member("Dani")
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(member.user)
    assert strict.post(url).status_code == 403
    assert not Registration.objects.exists()


def test_past_and_draft_stops_take_no_registration(caravan, host, signed_in):
    past = make_stop(caravan, host, days=-3, title="Visita passada")
    member = make_member("Eva")
    signed_in(member).post(f"/ca/caravana/parades/{past.pk}/inscriu-me/")
    assert not Registration.objects.exists()
    draft = make_stop(caravan, host, title="Esborrany")
    draft.unpublish()
    response = signed_in(member).post(f"/ca/caravana/parades/{draft.pk}/inscriu-me/")
    assert response.status_code == 404


def test_calendar_upcoming_past_by_month_and_area(caravan, host, project_index):
    social = ProjectPageFactory(parent=project_index, areas=["social_services"])
    future = make_stop(caravan, host, days=40, title="Visita futura")
    future.projects.add(social)
    future.save_revision().publish()
    make_stop(caravan, host, days=-40, title="Visita antiga")
    html = Client().get(caravan.url).content.decode()
    upcoming, past = html.split('id="past-title"')
    assert "Visita futura" in upcoming and "Visita antiga" in past
    by_area = Client().get(caravan.url, {"area": "social_services"}).content.decode()
    assert "Visita futura" in by_area and "Visita antiga" not in by_area
    month = timezone.localtime(future.starts_at).strftime("%Y-%m")
    by_month = Client().get(caravan.url, {"month": month}).content.decode()
    assert "Visita futura" in by_month and "Visita antiga" not in by_month
    # Nonsense filters are ignored, never an error.
    assert (
        Client().get(caravan.url, {"month": "2026-13", "area": "x"}).status_code == 200
    )


def test_icalendar_feed_and_single_stop_parse(caravan, host):
    stop = make_stop(caravan, host)
    make_stop(caravan, host, days=20, title="Segona visita")
    feed = Client().get("/calendar/stops.ics")
    assert feed["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(feed.content)
    events = calendar.walk("VEVENT")
    assert sorted(str(e["SUMMARY"]) for e in events) == [
        "Segona visita",
        "Visita a Manlleu",
    ]
    one = Calendar.from_ical(Client().get(f"/calendar/stops/{stop.pk}.ics").content)
    (event,) = one.walk("VEVENT")
    assert event.decoded("DTSTART") == stop.starts_at.replace(microsecond=0)
    assert "Can Puget" in str(event["LOCATION"])
    assert event["GEO"].latitude == pytest.approx(42.0)
    assert str(event["URL"]).endswith(stop.url)
    assert "Demostració" in str(event["DESCRIPTION"])
    stop.unpublish()
    assert Client().get(f"/calendar/stops/{stop.pk}.ics").status_code == 404


def test_request_form_errors_honeypot_and_limit(settings):
    client = Client()
    bad = client.post("/ca/caravana/demana-una-parada/", {"organisation": "Vic"})
    assert bad.status_code == 200 and "Vic" in bad.content.decode()
    data = {
        "organisation": "Ajuntament de Vic",
        "project": "Padró",
        "proposed_dates": "juny",
        "name": "Pere",
        "email": "pere@vic.cat",
    }
    client.post("/ca/caravana/demana-una-parada/", {**data, "website": "x"})
    assert not StopRequest.objects.exists()
    for _ in range(3):
        client.post("/ca/caravana/demana-una-parada/", data)
    blocked = client.post("/ca/caravana/demana-una-parada/", data)
    assert blocked.status_code == 429
    assert StopRequest.objects.count() == 3


def test_demo_data_has_a_kit_and_stops_past_and_upcoming(site_pages):
    from cms.demo import load_demo
    from visits.models import KitPage

    summary = load_demo(count=4)
    assert summary.stops == 3
    stops = StopPage.objects.live().filter(locale__language_code="ca")
    assert stops.count() == 3
    assert sum(stop.is_past for stop in stops) == 1
    assert all(stop.projects.exists() for stop in stops)
    # Each stop in Spanish and English too, presenting the files' translations.
    for stop in stops:
        translations = stop.get_translations().live()
        assert {t.locale.language_code for t in translations} == {"es", "en"}
        for translated in translations:
            presented = translated.specific.projects.all()
            assert presented and all(
                p.locale_id == translated.locale_id for p in presented
            )
    past = next(stop for stop in stops if stop.is_past)
    assert past.write_up is not None
    kit = KitPage.objects.live().get(locale__language_code="ca")
    assert len(kit.items) == 3
    html = Client().get(site_pages["caravan"]["ca"].url).content.decode()
    assert kit.title in html and past.title in html
    # A stop left by an older demo at another hour, without its translations:
    # loading again brings it in step, and its translations fit its hours.
    older = stops.get(slug="vic-padro-en-linia")
    older.get_translations().delete()
    older.starts_at += timedelta(minutes=30)
    older.agenda = "10:30 Benvinguda"
    older.save_revision().publish()
    assert load_demo(count=4).stops == 0  # found again, not duplicated
    older.refresh_from_db()
    assert older.agenda.startswith("09:30")
    assert older.get_translations().live().count() == 2


def test_registrations_are_in_the_members_data_and_go_with_the_account(
    caravan, host, signed_in
):
    from community.accounts import delete_account
    from community.data_export import member_data

    stop = make_stop(caravan, host)
    member = make_member("Ferran")
    signed_in(member).post(f"/ca/caravana/parades/{stop.pk}/inscriu-me/")
    exported = member_data(member.user)["caravan_registrations"]
    assert [(r["stop"], r["status"]) for r in exported] == [
        ("Visita a Manlleu", "registered")
    ]
    waiting = make_member("Gina")
    Registration.objects.create(stop=stop, member=waiting, status="waiting")
    StopPage.objects.filter(pk=stop.pk).update(capacity=1)
    delete_account(member.user)
    # Ferran's place went to the first on the waiting list; his data is gone.
    assert list(Registration.objects.values_list("member", "status")) == [
        (waiting.pk, "registered")
    ]


def test_stops_have_a_feed_event_json_ld_and_feed_autodiscovery(caravan, host):
    import json
    import re

    import feedparser

    stop = make_stop(caravan, host)
    parsed = feedparser.parse(Client().get("/ca/feeds/stops.rss").content)
    assert not parsed.bozo
    assert [entry.title for entry in parsed.entries] == ["Visita a Manlleu"]
    assert parsed.entries[0].author == "Ajuntament de Manlleu"
    html = Client().get(stop.url).content.decode()
    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', html, re.S
    )
    events = [json.loads(b) for b in blocks if '"Event"' in b]
    assert events and events[0]["startDate"].startswith(stop.starts_at.isoformat()[:10])
    assert events[0]["location"]["geo"]["latitude"] == 42.0
    calendar = Client().get(caravan.url).content.decode()
    assert "/ca/feeds/stops.rss" in calendar


def test_the_map_shows_coming_stops_as_a_layer_of_their_own(caravan, host):
    import json

    stop = make_stop(caravan, host, days=5)
    make_stop(caravan, host, days=-5, title="Ja feta")
    data = json.loads(Client().get("/api/v1/projects/map/").content)
    stops = [item for item in data["results"] if item["kind"] == "stop"]
    assert [(s["title"], s["lat"], s["url"]) for s in stops] == [
        ("Visita a Manlleu", 42.0, stop.url)
    ]
    # The count is of project files, as in the search API (whatever else an
    # Elasticsearch index shared by the tests holds).
    search = json.loads(Client().get("/api/v1/projects/search/").content)
    assert data["count"] == search["count"]


def test_the_agenda_must_fit_the_stops_hours(caravan, host):
    """An agenda item before the start or at or after the end is refused on the
    agenda field, naming the line; full_clean runs when Wagtail saves a page."""
    from django.core.exceptions import ValidationError

    stop = make_stop(caravan, host)  # 10:00 to 13:00
    stop.agenda = "09:30 Cafè\n10:00 Benvinguda\n13:00 Dinar\n25:00 Comiat"
    with translation.override("ca"), pytest.raises(ValidationError) as caught:
        stop.full_clean()
    assert caught.value.message_dict == {
        "agenda": [
            "«09:30 Cafè» és abans que comenci la parada (10:00).",
            "«13:00 Dinar» no és abans que acabi la parada (13:00).",
            "«25:00 Comiat»: 25:00 no és una hora del dia.",
        ]
    }
    stop.agenda = "10:00 Benvinguda\n\nSense hora: passejada\n12:30 Preguntes"
    stop.full_clean()
    # A stop over two days is only checked against its start.
    stop.ends_at = stop.starts_at + timedelta(days=1)
    stop.agenda = "10:00 Benvinguda\n18:00 Sopar"
    stop.full_clean()


def test_the_editor_is_told_which_agenda_line_is_outside_the_stop(
    caravan, host, admin_client
):
    from django.urls import reverse
    from wagtail.test.utils.form_data import nested_form_data

    stop = make_stop(caravan, host)
    local = timezone.localtime(stop.starts_at)
    data = nested_form_data(
        {
            "title": stop.title,
            "slug": stop.slug,
            "summary": stop.summary,
            "starts_at": local.strftime("%Y-%m-%d %H:%M"),
            "ends_at": timezone.localtime(stop.ends_at).strftime("%Y-%m-%d %H:%M"),
            "host": host.pk,
            "reporters": "",
            "place_name": stop.place_name,
            "address": stop.address,
            "latitude": "42.0",
            "longitude": "2.28",
            "agenda": "09:30 Cafè\n10:00 Benvinguda",
            "capacity": "20",
            "write_up": "",
        }
    )
    response = admin_client.post(
        reverse("wagtailadmin_pages:edit", args=[stop.pk]), data
    )
    assert response.status_code == 200  # the form again, not a redirect
    html = response.content.decode()
    assert "“09:30 Cafè” is before the stop starts (10:00)." in html
    stop.refresh_from_db()
    assert stop.agenda.startswith("10:00")


def test_the_demo_stops_agendas_fit_their_hours(site_pages):
    from cms.demo import load_demo

    load_demo(count=4)
    stops = StopPage.objects.all()
    # Three visits, each in Catalan, Spanish and English.
    assert stops.filter(locale__language_code="ca").count() == 3
    assert stops.count() == 9
    for stop in stops:
        stop.full_clean()
        first = stop.agenda_items()[0][:5]
        assert first >= timezone.localtime(stop.starts_at).strftime("%H:%M"), stop


def test_a_demo_stop_presents_the_project_file_it_is_about(project_index):
    """visits/demo.py: the padró visit presents a padró project, not the first
    file at hand (which it falls back on only when there is no such file)."""
    from project_pages.factories import ProjectPageFactory
    from visits.demo import _presented

    first = ProjectPageFactory(parent=project_index, title="Oficina comarcal a Tremp")
    padro = ProjectPageFactory(parent=project_index, title="Assistent per al padró")
    projects = [first, padro]
    assert _presented({"presents": "padró"}, projects, 0) == padro
    assert _presented({"presents": "dades obertes"}, projects, 1) == padro
    assert _presented({}, projects, 0) == first
