"""A group's meetings: coordinators schedule, edit and cancel them from the
Manage page, with clear errors; the group page lists coming and past ones; an
.ics per meeting and a calendar feed per group. A private group's meetings,
.ics files and feed are a 404 for everyone outside it; its members read the feed
at a secret address of their own, which they can replace."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.test import TestCase
from django.utils import timezone
from icalendar import Calendar

from community.following import follow
from community.models import Frequency, Notification
from community.notifications import deliver, send_digests
from practice.models_meetings import CalendarKey, Meeting

from . import activity_helpers as helpers
from .activity_helpers import client_for, outsiders, url

# The shared fixtures (activity_helpers).
catalan, groups, people = helpers.catalan, helpers.groups, helpers.people

pytestmark = pytest.mark.django_db

MADRID = ZoneInfo("Europe/Madrid")


def in_days(days: int, hour: int = 10) -> datetime:
    day = (timezone.now() + timedelta(days=days)).astimezone(MADRID)
    return day.replace(hour=hour, minute=0, second=0, microsecond=0)


def form_data(**changes) -> dict:
    start = in_days(7)
    data = {
        "title": "Trobada de primavera",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "place": "Sala de plens, Ajuntament de Tremp",
        "video_url": "https://meet.example.org/trobada",
        "agenda": "1. Expedients electrònics\n2. Torn obert",
    }
    data.update(changes)
    return data


def make_meeting(group, days=7, **fields) -> Meeting:
    start = in_days(days)
    values = {
        "title": "Trobada de primavera",
        "starts_at": start,
        "ends_at": start + timedelta(hours=2),
        "place": "Sala de plens, Ajuntament de Tremp",
        "video_url": "https://meet.example.org/trobada",
        "agenda": "1. Expedients electrònics",
    }
    values.update(fields)
    return Meeting.objects.create(group=group, **values)


def events(response) -> list:
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content).walk("VEVENT")


def test_a_coordinator_schedules_a_meeting_that_the_group_page_lists(groups, people):
    group = groups["open"]
    marta = client_for(people["marta"])
    manage = marta.get(url("manage", group)).content.decode()
    assert url("meeting_new", group) in manage
    response = marta.post(url("meeting_new", group), form_data())
    assert response.status_code == 302
    assert response["Location"].endswith("#meetings")
    meeting = Meeting.objects.get(group=group)
    assert meeting.created_by == people["marta"]
    assert meeting.starts_at == in_days(7)
    page = client_for(None).get(group.get_absolute_url()).content.decode()
    assert "Trobada de primavera" in page
    assert "Sala de plens" in page and "Expedients electrònics" in page
    assert url("meeting_ics", group, meeting.pk) in page
    assert url("group_calendar", group) in page


def test_upcoming_and_past_meetings_are_listed_apart(groups):
    group = groups["open"]
    make_meeting(group, days=3, title="La propera")
    make_meeting(group, days=-30, title="La de fa un mes")
    page = client_for(None).get(group.get_absolute_url()).content.decode()
    past = page.index("Reunions anteriors")
    assert page.index("La propera") < past < page.index("La de fa un mes")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": ""}, "obligatori"),
        ({"place": "", "video_url": ""}, "un lloc, un enllaç"),
        ({"video_url": "http://meet.example.org/x"}, "https://"),
        ({"video_url": "no és una adreça"}, "URL"),
        ({"starts_at": "demà a les deu"}, "data"),
    ],
)
def test_bad_input_gets_a_clear_error_and_loses_nothing(
    groups, people, changes, message
):
    group = groups["open"]
    response = client_for(people["marta"]).post(
        url("meeting_new", group), form_data(**changes)
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "Sala de plens" in page or changes.get("place") == ""
    assert "Torn obert" in page  # the agenda typed is still there
    assert not Meeting.objects.exists()


def test_a_meeting_must_end_after_it_starts_and_not_start_in_the_past(groups, people):
    marta = client_for(people["marta"])
    group = groups["open"]
    start = in_days(7)
    backwards = form_data(
        ends_at=(start - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    )
    assert (
        "ha d’acabar"
        in marta.post(url("meeting_new", group), backwards).content.decode()
    )
    past = form_data(
        starts_at=in_days(-2).strftime("%Y-%m-%dT%H:%M"),
        ends_at=in_days(-2, 12).strftime("%Y-%m-%dT%H:%M"),
    )
    assert (
        "ja ha passat" in marta.post(url("meeting_new", group), past).content.decode()
    )
    assert not Meeting.objects.exists()


def test_only_coordinators_schedule_edit_and_cancel(groups, people):
    group = groups["open"]
    meeting = make_meeting(group)
    pau = client_for(people["pau"])
    assert pau.get(url("meeting_new", group)).status_code == 403
    assert pau.post(url("meeting_new", group), form_data()).status_code == 403
    assert (
        pau.post(
            url("meeting_edit", group, meeting.pk), form_data(title="X")
        ).status_code
        == 403
    )
    assert pau.post(url("meeting_cancel", group, meeting.pk)).status_code == 403
    meeting.refresh_from_db()
    assert meeting.title == "Trobada de primavera" and not meeting.is_cancelled
    assert Meeting.objects.count() == 1
    # A coordinator of another group cannot touch this one's meetings either.
    other = groups["moderated"]
    marta = client_for(people["marta"])
    assert marta.post(url("meeting_cancel", other, meeting.pk)).status_code == 404


def test_editing_moves_the_meeting_in_calendars_and_cancelling_marks_it(groups, people):
    group = groups["open"]
    meeting = make_meeting(group)
    marta = client_for(people["marta"])
    edit_page = marta.get(url("meeting_edit", group, meeting.pk)).content.decode()
    assert "Trobada de primavera" in edit_page
    later = in_days(8, 17)
    response = marta.post(
        url("meeting_edit", group, meeting.pk),
        form_data(
            title="Trobada d’estiu",
            starts_at=later.strftime("%Y-%m-%dT%H:%M"),
            ends_at=(later + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        ),
    )
    assert response.status_code == 302
    (event,) = events(client_for(None).get(url("meeting_ics", group, meeting.pk)))
    assert str(event["SUMMARY"]) == "Trobada d’estiu"
    assert event.decoded("DTSTART") == later
    assert int(event["SEQUENCE"]) == 1
    marta.post(url("meeting_cancel", group, meeting.pk))
    (event,) = events(client_for(None).get(url("group_calendar", group)))
    assert str(event["STATUS"]) == "CANCELLED"
    assert int(event["SEQUENCE"]) == 2
    page = client_for(None).get(group.get_absolute_url()).content.decode()
    assert "Anul·lada" in page
    assert "meet.example.org" not in page  # no link to a call that is off


def test_the_feed_of_an_open_group_holds_its_meetings(groups, people):
    group = groups["open"]
    meeting = make_meeting(group)
    make_meeting(groups["moderated"], title="D’un altre grup")
    make_meeting(group, days=-400, title="Massa antiga")
    response = client_for(None).get(url("group_calendar", group))
    assert response.status_code == 200
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["X-WR-CALNAME"]) == "Grup open"
    (event,) = calendar.walk("VEVENT")
    assert str(event["UID"]) == f"meeting-{meeting.pk}@testserver"
    assert str(event["SUMMARY"]) == "Trobada de primavera"
    assert str(event["LOCATION"]) == "Sala de plens, Ajuntament de Tremp"
    # The public feed says the meeting is also by video, not where: a stranger
    # does not get the way into the call.
    assert "https://meet.example.org/trobada" not in str(event["DESCRIPTION"])
    assert "l’enllaç és per als membres" in str(event["DESCRIPTION"])
    assert "Expedients electrònics" in str(event["DESCRIPTION"])
    assert str(event["URL"]).endswith(f"#meeting-{meeting.pk}")
    assert event.decoded("DTSTART") == meeting.starts_at
    page = client_for(None).get(group.get_absolute_url()).content.decode()
    assert "https://meet.example.org/trobada" not in page


def test_a_member_of_an_open_group_gets_a_feed_of_their_own_with_the_video_links(
    groups, people
):
    group = groups["open"]
    make_meeting(group)
    member = client_for(people["pau"])
    page = member.get(group.get_absolute_url()).content.decode()
    assert "https://meet.example.org/trobada" in page
    key = CalendarKey.objects.get(group=group, member=people["pau"])
    feed_url = url("member_calendar", group, key.token)
    assert feed_url in page
    # A calendar client has no session: the address alone opens it.
    response = client_for(None).get(feed_url)
    assert response["Cache-Control"] == "private, no-store"
    (event,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert "https://meet.example.org/trobada" in str(event["DESCRIPTION"])
    # The .ics of one meeting: the link for members, not for the others.
    ics = url("meeting_ics", group, event["URL"].split("-")[-1])

    def description(client) -> str:
        (one,) = Calendar.from_ical(client.get(ics).content).walk("VEVENT")
        return str(one["DESCRIPTION"])

    assert "https://meet.example.org/trobada" in description(member)
    assert "https://meet.example.org/trobada" not in description(client_for(None))
    # Leaving the group closes the address.
    group.memberships.filter(member=people["pau"]).delete()
    assert client_for(None).get(feed_url).status_code == 404


def test_a_private_groups_meetings_ics_and_feed_are_a_404_outside(groups, people):
    group = groups["private"]
    meeting = make_meeting(group, title="Reunió reservada")
    key = CalendarKey.objects.create(group=group, member=people["pau"])
    for who, client in outsiders(people).items():
        page = client.get(group.get_absolute_url())
        if page.status_code == 200:  # the invited see the group's name only
            assert "Reunió reservada" not in page.content.decode(), who
            assert key.token not in page.content.decode(), who
        assert client.get(url("meeting_ics", group, meeting.pk)).status_code == 404, who
        assert client.get(url("group_calendar", group)).status_code == 404, who
        assert client.get(url("member_calendar", group, "x" * 32)).status_code == 404
        if who != "anonymous":
            for name, args in (
                ("meeting_new", ()),
                ("meeting_edit", (meeting.pk,)),
                ("meeting_cancel", (meeting.pk,)),
                ("calendar_new_address", ()),
            ):
                assert (
                    client.post(url(name, group, *args), form_data()).status_code == 404
                ), (who, name)
    # Not even the members have a public feed of a private group.
    pau = client_for(people["pau"])
    assert pau.get(url("group_calendar", group)).status_code == 404
    assert pau.get(url("meeting_ics", group, meeting.pk)).status_code == 200


def test_a_member_reads_a_private_groups_feed_at_their_own_secret_address(
    groups, people
):
    group = groups["private"]
    make_meeting(group, title="Reunió reservada")
    pau = client_for(people["pau"])
    page = pau.get(group.get_absolute_url()).content.decode()
    key = CalendarKey.objects.get(group=group, member=people["pau"])
    feed = url("member_calendar", group, key.token)
    assert feed in page
    # A calendar client has no session: the address is the key.
    response = client_for(None).get(feed)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    (event,) = events(response)
    assert str(event["SUMMARY"]) == "Reunió reservada"
    # A new address replaces the old one at once.
    pau.post(url("calendar_new_address", group))
    assert client_for(None).get(feed).status_code == 404
    fresh = CalendarKey.objects.get(group=group, member=people["pau"])
    assert fresh.token != key.token
    assert (
        client_for(None).get(url("member_calendar", group, fresh.token)).status_code
        == 200
    )
    # Someone else's token in another group's address does not open it.
    other = groups["open"]
    assert (
        client_for(None).get(url("member_calendar", other, fresh.token)).status_code
        == 404
    )
    # Leaving the group ends it too.
    group.memberships.filter(member=people["pau"]).delete()
    assert (
        client_for(None).get(url("member_calendar", group, fresh.token)).status_code
        == 404
    )


def test_followers_hear_about_a_new_meeting_if_they_may_still_see_it(groups, people):
    from community.models import ForumCategory

    group = groups["private"]
    group.forum_category = ForumCategory.objects.create(
        slug="grup-private", listed=False
    )
    group.save()
    for name in ("pau", "stranger"):
        member = people[name]
        member.frequency = Frequency.DAILY
        member.save()
        follow(member, group.forum_category)
    with TestCase.captureOnCommitCallbacks(execute=True):
        client_for(people["marta"]).post(url("meeting_new", group), form_data())
    meeting = Meeting.objects.get()
    keys = set(Notification.objects.values_list("member__display_name", "key"))
    # The coordinator who scheduled it hears nothing of it.
    assert keys == {
        ("Pau Membre", f"meeting:{meeting.pk}"),
        ("Estrany Curiós", f"meeting:{meeting.pk}"),
    }
    mail.outbox.clear()
    assert send_digests(Frequency.DAILY) == 1
    (message,) = mail.outbox
    assert message.to == [people["pau"].user.email]
    assert "Trobada de primavera" in message.body
    assert "Grup private" in message.body
    # The stranger (who followed somehow) gets nothing, and it is not kept.
    assert not Notification.objects.filter(member=people["stranger"]).exists()


def test_a_cancelled_meeting_is_not_sent(groups, people):
    from community.models import ForumCategory

    group = groups["open"]
    group.forum_category = ForumCategory.objects.create(slug="grup-open", listed=False)
    group.save()
    pau = people["pau"]
    pau.frequency = Frequency.DAILY
    pau.save()
    follow(pau, group.forum_category)
    with TestCase.captureOnCommitCallbacks(execute=True):
        client_for(people["marta"]).post(url("meeting_new", group), form_data())
    meeting = Meeting.objects.get()
    client_for(people["marta"]).post(url("meeting_cancel", group, meeting.pk))
    mail.outbox.clear()
    assert deliver(pau.pk, Frequency.DAILY) == 0
    assert mail.outbox == []


def test_the_data_download_lists_the_meetings_a_member_scheduled(groups, people):
    from community.data_export import member_data

    make_meeting(groups["open"], created_by=people["marta"])
    rows = member_data(people["marta"].user)["group_meetings_scheduled"]
    assert [row["title"] for row in rows] == ["Trobada de primavera"]
    assert member_data(people["pau"].user)["group_meetings_scheduled"] == []


def test_the_demo_groups_have_meetings_and_follow_a_project_file(project_page):
    from community.demo import CommunitySummary, ensure_members
    from practice import demo
    from practice.models import InterestGroup
    from practice.models_projects import GroupProject

    ensure_members(CommunitySummary())
    demo.load()
    demo.load()  # a second run doubles nothing
    groups = InterestGroup.objects.all()
    assert groups.count() == 5
    for group in groups:
        assert Meeting.objects.filter(group=group).upcoming().exists(), group
        assert GroupProject.objects.filter(group=group, page=project_page).exists()
    assert Meeting.objects.count() == 7
    titles = set(Meeting.objects.values_list("title", flat=True))
    assert "Trobada trimestral: l’arxiu electrònic" in titles  # Catalan
    assert "Taller: modelos de pliegos para contratos menores" in titles  # Spanish
    assert "Open data portals: what our visitors download" in titles  # English
    assert Meeting.objects.past().exists()
