"""Every absolute link the site writes starts with its one public address.

Visitors, members, project teams and editors reach the site at
``settings.PUBLIC_BASE_URL`` (core/base_url.py). A link built from anything else
(the host a request happened to name, ``localhost`` in an email sent by a cron
job, an old address still in a cache) is a dead or split link for whoever
follows it: an email whose button opens nothing, a feed reader or a search engine
that knows the same page under two addresses.

Here the site is published at https://observatori.example.org while the test
client keeps calling it "testserver", as a proxy or a second host name would,
and everything a reader receives is checked: every email the site sends (through
the code that sends it), every feed and calendar, the open data catalogue, the
sitemaps and robots.txt, and the canonical, hreflang and Open Graph links of
pages.
"""

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest
import wagtail_factories
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.test.signals import template_rendered
from django.urls import reverse
from django.utils import translation
from icalendar import Calendar
from wagtail.models import Collection, Site, WorkflowState

from community.following import follow
from community.mail import relay_contact_request, relay_visit_request, send_visit_answer
from community.models import (
    ContactRequest,
    ForumCategory,
    Frequency,
    Post,
    RequestStatus,
    Topic,
    VisitRequest,
)
from community.notifications import send_digests, send_immediately
from community.tests.comment_helpers import make_comment, make_member
from core.base_url import sync_default_site
from project_pages.factories import (
    ArticlePageFactory,
    EntityFactory,
    ProjectPageFactory,
)
from project_pages.models import Area, ProjectPage
from search.service import reindex_projects
from seo.tests.test_seo import NS, fetch_xml, head_of, translate
from seo.urls import feed_urlpatterns
from submissions.mail import notify_published, send_acknowledgment, send_reply
from submissions.models import Submission
from tests.helpers import project_form_data
from visits.mail import (
    send_promoted,
    send_registration,
    send_reminder,
    send_request_answer,
)
from visits.models import Registration, RegistrationStatus, StopRequest
from visits.tests.test_caravan import make_stop

BASE = "https://observatori.example.org"
# What a link built from a request or a development default would start with.
WRONG_HOSTS = ("localhost", "127.0.0.1", "testserver")
# Not pages of ours: XML namespaces and the vocabularies structured data cites.
VOCABULARIES = (
    "http://www.w3.org/",
    "https://schema.org",
    "http://purl.org/",
    "http://data.europa.eu/",
    "http://publications.europa.eu/resource/authority/",
    "http://xmlns.com/foaf/",
    "https://www.iana.org/assignments/media-types/",
    "https://creativecommons.org/licenses/",
)
# Where the emails' templates are: each one must be sent by the email test.
EMAIL_TEMPLATE_DIRS = (
    "community/emails",
    "submissions/emails",
    "visits/emails",
    "account/email",
)
URL = re.compile(r"""https?://[^\s"'<>\\]+""")


def urls_in(text: str) -> list[str]:
    return [url.rstrip(".,;:)") for url in URL.findall(text)]


def not_public(urls, allowed: tuple[str, ...] = ()) -> list[str]:
    """The URLs that lead neither to the public address nor to ``allowed``."""
    return [
        url
        for url in urls
        if url != BASE and not url.startswith((f"{BASE}/", *allowed))
    ]


@pytest.fixture(autouse=True)
def _default_language():
    """A request to an /es/ page leaves Spanish active in this thread."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def public_site(client, settings, site_pages):
    """The site published at BASE, as after setting PUBLIC_BASE_URL and migrating.

    Pages were served before the address changed, so the caches hold the old
    one, as on a running site: the new address must still show at once.
    """
    for path in ("/robots.txt", "/ca/", "/sitemap.xml"):
        assert client.get(path).status_code == 200
    settings.PUBLIC_BASE_URL = settings.WAGTAILADMIN_BASE_URL = BASE
    assert sync_default_site()
    return site_pages


def test_migrate_moves_the_default_site_to_the_public_address(settings, db):
    """Setting PUBLIC_BASE_URL and running migrate (what a deployment does) is
    all it takes: the default Site, where every absolute URL starts, follows."""
    settings.PUBLIC_BASE_URL = settings.WAGTAILADMIN_BASE_URL = BASE
    call_command("migrate", verbosity=0)
    assert Site.objects.get(is_default_site=True).root_url == BASE


def test_a_new_address_shows_at_once(client, public_site):
    """What was cached under the old address (pages, robots.txt, the sitemap)
    follows the new one at once, not when the cache expires."""
    lines = client.get("/robots.txt").content.decode().splitlines()
    assert f"Sitemap: {BASE}/sitemap.xml" in lines
    assert head_of(client.get("/ca/")).canonical() == f"{BASE}/ca/"
    index = fetch_xml(client, "/sitemap.xml")
    sections = [loc.text for loc in index.findall("sm:sitemap/sm:loc", NS)]
    assert sections and not not_public(sections), sections


# Emails --------------------------------------------------------------------------


@pytest.fixture
def rendered_templates():
    """The names of the templates rendered during the test."""
    names: set[str] = set()

    def collect(sender, template, **kwargs):
        names.add(template.name)

    template_rendered.connect(collect, dispatch_uid="test_public_links")
    yield names
    template_rendered.disconnect(dispatch_uid="test_public_links")


def email_templates() -> set[str]:
    """Every email template of ours but the partials (``_name.txt``)."""
    root = Path(settings.BASE_DIR) / "templates"
    return {
        path.relative_to(root).as_posix()
        for folder in EMAIL_TEMPLATE_DIRS
        for path in (root / folder).iterdir()
        if path.suffix in (".txt", ".html") and not path.name.startswith("_")
    }


def send_requests_to_the_team(project) -> None:
    """Contact the team and ask to visit a project file with no contact address:
    the editors get both (with the admin's link), the senders a receipt, and the
    visitor the editors' answer."""
    member = make_member("Jordi Serra", language="es")
    contact = ContactRequest.objects.create(
        page=project,
        member=member,
        name="Jordi Serra",
        email=member.user.email,
        message="Com vau convèncer el servei jurídic?",
    )
    relay_contact_request(contact, "es")
    visit = VisitRequest.objects.create(
        page=project,
        name="Anna Vidal",
        email="anna@vilanova.example",
        organisation="Ajuntament de Vilanova",
        proposed_dates="12 o 19 de març",
        people=4,
        purpose="Veure com funciona el padró en línia.",
    )
    relay_visit_request(visit, "ca")
    visit.status = RequestStatus.ACCEPTED
    visit.answer = "Us esperem el 19 de març a les 10."
    visit.save()
    send_visit_answer(visit)


def send_notifications_and_a_digest(project_index) -> None:
    """A comment, a forum topic and its reply, a new project file: a member
    hears of the comment at once, another of all four in the daily digest."""
    page = ProjectPageFactory(parent=project_index, title="Padró digital")
    category = ForumCategory.objects.filter(area__isnull=False).first()
    at_once = make_member("Marta", frequency=Frequency.IMMEDIATELY, language="es")
    daily = make_member("Dolors", frequency=Frequency.DAILY, language="en")
    follow(at_once, page)
    for target in (page, category, Area.objects.get(code="citizen_attention")):
        follow(daily, target)
    author = make_member("Pau Riera")
    make_comment(page, author, "Com vau formar el personal?")
    topic = Topic.objects.create(
        category=category, author=author, title="Firma electrònica", body="Quina?"
    )
    follow(daily, topic)
    Post.objects.create(topic=topic, author=author, body="La de l'AOC.")
    new = ProjectPageFactory(parent=project_index, title="Cita prèvia", live=False)
    ProjectPage.objects.filter(pk=new.pk).update(first_published_at=None)
    # Published for the first time: the followers of its area hear of it.
    ProjectPage.objects.get(pk=new.pk).save_revision().publish()

    assert send_immediately([at_once.pk]) == 1
    assert send_digests(Frequency.DAILY) == 1


def send_submission_emails(project) -> None:
    """A municipality's project: the acknowledgment, an editor's question, and
    the link once its project file is published."""
    submission = Submission.objects.create(
        subject="Finestreta única digital",
        sender_name="Marta Vila",
        sender_email="marta.vila@manlleu.example",
        language="ca",
    )
    assert send_acknowledgment(submission.pk)
    send_reply(submission, "Ens podeu enviar la memòria del projecte?")
    Submission.objects.filter(pk=submission.pk).update(page=project)
    assert notify_published(project) == 1


def send_caravan_emails(caravan) -> None:
    """A member's place in a stop (also moved up from the waiting list, and the
    reminder), and the answer to an administration offering to host one."""
    stop = make_stop(caravan, EntityFactory(name="Ajuntament de Manlleu"), days=1)
    member = make_member("Carla", language="es")
    registration = Registration.objects.create(
        stop=stop, member=member, status=RegistrationStatus.REGISTERED
    )
    assert send_registration(registration.pk) == 1
    assert send_promoted(registration.pk) == 1
    assert send_reminder(registration) == 1
    offer = StopRequest.objects.create(
        organisation="Ajuntament de Vic",
        project="Finestreta única",
        proposed_dates="maig",
        name="Pere Soler",
        email="pere@vic.example",
        answer="Som-hi: el 14 de maig.",
        language="en",
    )
    assert send_request_answer(offer) == 1


def send_account_emails() -> None:
    """Joining (the confirmation link), a password reset, and a reset asked for
    an address with no account (the link to join)."""
    known = make_member("Núria", language="ca")
    EmailAddress.objects.create(
        user=known.user, email=known.user.email, verified=True, primary=True
    )
    with translation.override("ca"):
        signup, reset = reverse("account_signup"), reverse("account_reset_password")
    joined = Client().post(
        signup,
        {
            "email": "nova@ajuntament.example",
            "display_name": "Nova",
            "password1": "Correct-horse-42",
            "password2": "Correct-horse-42",
        },
    )
    assert joined.status_code == 302
    for email in (known.user.email, "ningu@ajuntament.example"):
        assert Client().post(reset, {"email": email}).status_code == 302


def moderate_a_project_file(editor_client, project) -> None:
    """Wagtail's own emails: an editor submits a change for moderation, the
    moderators are told, a moderator approves and the editor is told."""
    get_user_model().objects.filter(username="editora").update(
        email="editora@observatori.example"
    )
    moderator = make_member("Moderadora").user
    moderator.groups.add(Group.objects.get(name="Moderators"))
    data = project_form_data(
        project.project_entities.first().entity,
        title=project.title,
        slug=project.slug,
        **{"action-submit": "1"},
    )
    edit = reverse("wagtailadmin_pages:edit", args=[project.pk])
    sent = len(mail.outbox)
    assert editor_client.post(edit, data).status_code == 302
    assert len(mail.outbox) > sent, "the moderators are told"
    sent = len(mail.outbox)
    task_state = WorkflowState.objects.for_instance(project).get().current_task_state
    approve = reverse(
        "wagtailadmin_pages:workflow_action",
        args=[project.pk, "approve", task_state.pk],
    )
    moderator_client = Client()
    moderator_client.force_login(moderator)
    assert moderator_client.post(approve).status_code in (200, 302)
    project.refresh_from_db()
    assert not project.has_unpublished_changes
    assert len(mail.outbox) > sent, "the editor is told"


def test_every_email_links_only_to_the_public_address(
    public_site, project_index, editor_client, settings, rendered_templates
):
    """Whatever sends it (a form, a command, a background task, the admin), an
    email's links open the site at its public address: never localhost, nor
    the host name the request or the development settings used."""
    settings.COMMUNITY_EDITORS_EMAIL = ["editors@observatori.example"]
    project = ProjectPageFactory(parent=project_index, contacts=0)

    send_requests_to_the_team(project)
    send_notifications_and_a_digest(project_index)
    send_submission_emails(project)
    send_caravan_emails(public_site["caravan"]["ca"])
    send_account_emails()
    moderate_a_project_file(editor_client, project)

    linkless = []
    for message in mail.outbox:
        where = f"the email {message.subject!r} to {message.to}"
        texts = [message.subject, message.body]
        texts += [content for content, _type in getattr(message, "alternatives", [])]
        urls = [url for text in texts for url in urls_in(text)]
        for text in texts:
            for host in WRONG_HOSTS:
                assert host not in text, f"{where} names {host}:\n{text}"
        # The one-click unsubscribe of mail clients (List-Unsubscribe) too.
        headers = [
            url for value in message.extra_headers.values() for url in urls_in(value)
        ]
        assert not not_public(urls + headers), where
        if not urls:
            linkless.append(message.subject)
    # Only the editors' own answers (to a submission, to an offer to host a
    # stop) carry no link: the check above did not pass for lack of links.
    assert len(linkless) == 2, linkless
    missing = email_templates() - rendered_templates
    assert not missing, f"email templates no test sent (add them above): {missing}"


# Feeds ---------------------------------------------------------------------------


@pytest.fixture
def published(public_site):
    """A published project file (with a photo and a Spanish translation), an
    article and a caravan stop, all in Catalan; the project in the search index."""
    image = wagtail_factories.ImageFactory(
        collection=Collection.get_first_root_node(), title="Foto del taller"
    )
    project = ProjectPageFactory(
        parent=public_site["projects"]["ca"],
        title="Assistent virtual del padró",
        areas=["citizen_attention"],
        documentation=[
            {"type": "image", "value": {"image": image.pk, "caption": "Taller"}}
        ],
    )
    project.save_revision().publish()
    project.refresh_from_db()
    translate(project, "es", "Asistente virtual del padrón")
    reindex_projects([project.translation_key])
    article = ArticlePageFactory(parent=public_site["articles"]["ca"])
    article.save_revision().publish()
    stop = make_stop(public_site["caravan"]["ca"], EntityFactory(), days=10)
    return {"project": project, "article": article, "stop": stop}


def feed_paths() -> list[str]:
    """Every feed of seo/urls.py in every language, and the
    project feed of a search (what the search page offers)."""
    paths = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            paths += [reverse(f"feeds:{pattern.name}") for pattern in feed_urlpatterns]
    with translation.override("ca"):
        paths.append(reverse("feeds:projects_rss") + "?q=padró&area=citizen_attention")
    return paths


def test_feeds_and_calendars_link_only_to_the_public_address(client, published):
    """Feed readers, calendar apps and open data portals keep these links: each
    item's link and id, the feed's own and its page's, the calendar's events."""
    for path in feed_paths():
        response = client.get(path)
        assert response.status_code == 200, path
        text = response.content.decode()
        for host in WRONG_HOSTS:
            assert host not in text, f"{path} names {host}"
        assert not not_public(urls_in(text), VOCABULARIES), path
        feed = feedparser.parse(response.content)
        assert feed.feed.link.startswith(f"{BASE}/"), path
        if path.startswith("/ca/feeds/"):
            entry = feed.entries[0]  # what each Catalan feed lists is ours
            assert entry.link.startswith(f"{BASE}/ca/"), path
            assert entry.id == entry.link, path

    stop = published["stop"]
    for name, args in (("stops_ics", []), ("stop_ics", [stop.pk])):
        response = client.get(reverse(f"visits_ical:{name}", args=args))
        assert response.status_code == 200, name
        calendar = Calendar.from_ical(response.content)
        (event,) = calendar.walk("VEVENT")
        assert str(event["URL"]) == f"{BASE}{stop.url}"
        # The same event keeps one UID whatever host name a client subscribed by.
        assert str(event["UID"]) == f"stop-{stop.pk}@observatori.example.org"
        assert not not_public(urls_in(str(event["DESCRIPTION"])))

    response = client.get(reverse("opendata_catalogue"))
    text = response.content.decode()
    for host in WRONG_HOSTS:
        assert host not in text
    urls = urls_in(text)
    assert f"{BASE}/opendata/projects.json" in urls
    assert not not_public(urls, VOCABULARIES)


# Sitemaps, robots.txt, <head> ---------------------------------------------------


def test_sitemaps_and_robots_name_only_the_public_address(client, published):
    """Search engines list each page once, at its public address, with its
    translations; robots.txt sends them to the sitemap there."""
    lines = client.get("/robots.txt").content.decode().splitlines()
    assert f"Sitemap: {BASE}/sitemap.xml" in lines

    index = fetch_xml(client, "/sitemap.xml")
    sections = [loc.text for loc in index.findall("sm:sitemap/sm:loc", NS)]
    assert sections and not not_public(sections), sections
    locations, alternates = [], []
    for section in sections:
        parts = urlsplit(section)
        sitemap = fetch_xml(client, f"{parts.path}?{parts.query}")
        locations += [loc.text for loc in sitemap.findall("sm:url/sm:loc", NS)]
        alternates += [
            link.get("href") for link in sitemap.iter(f"{{{NS['xhtml']}}}link")
        ]
    assert published["project"].get_full_url() in locations
    assert alternates, "the translated project file has hreflang alternates"
    assert not not_public(locations + alternates)


def head_urls(head) -> list[str]:
    """Every absolute URL in <link> and <meta>, and in the JSON-LD."""
    urls = [
        link["href"] for link in head.links if link.get("href", "").startswith("http")
    ]
    urls += [content for _key, content in head.meta if content.startswith("http")]
    return urls + urls_in(json.dumps(head.structured_data()))


@pytest.mark.parametrize("page", ["home", "project"])
def test_pages_name_their_public_address(client, published, page):
    """Search engines and link previews (a shared link's card) read the page's
    canonical URL, its translations and its image: all at the public address."""
    path = "/ca/" if page == "home" else published["project"].url
    head = head_of(client.get(path, HTTP_HOST="www.observatori.example.org"))
    assert head.canonical() == f"{BASE}{path}"
    assert head.og("og:url") == [f"{BASE}{path}"]
    hreflang = head.hreflang()
    assert {"ca", "es", "x-default"} <= set(hreflang)
    assert not not_public(hreflang.values())
    if page == "project":
        (image,) = head.og("og:image")
        assert image.startswith(f"{BASE}/media/images/")
    assert not not_public(head_urls(head), VOCABULARIES)
