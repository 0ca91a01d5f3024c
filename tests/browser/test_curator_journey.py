"""The curator's journey in a real Chromium, as the editor takes it.

A municipality emails its project with the submission template filled in a DOCX
(built here with python-docx, as the corpus script does); the message goes
through the real pipeline (``submissions.ingest.ingest``, as the IMAP source
calls it) and the sender is acknowledged. A curator then signs in to the admin,
follows the dashboard's count of new submissions to the submission, takes it,
creates the draft, finds it prefilled from the attachment (title, summary,
objectives, barriers, phase, and the lead entity guessed through the gazetteer),
completes what the draft lacks for publishing (the area: the sender's "Àmbit" is
none of the vocabulary's) and publishes it. The curator belongs to "Editors" and
to "Moderators" (who may publish without going through the moderation workflow):
the simplest real path to a live page. The sender gets the page's link by email
and the link opens the published page.

Only the curator's account is made with the ORM; everything the curator does is
clicks and typing in the browser, from /admin/login/ and the dashboard's links.
"""

import io
import re

import pytest
from django.core import mail
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CURATOR = "jana.ferrer"
CURATOR_NAME = "Jana Ferrer"
CURATOR_PASSWORD = "Curate-with-care-12"
SENDER = "Núria Puig <nuria.puig@vic.cat>"
SENDER_EMAIL = "nuria.puig@vic.cat"
BODY = "Bon dia, us adjunto la fitxa del projecte.\n\nNúria Puig\nAjuntament de Vic\n"

TITLE = "Llicències d'obres menors en línia"
SUMMARY = (
    "Els veïns i els professionals demanen les llicències d'obres menors a la seu "
    "electrònica i en segueixen l'estat en línia."
)
OBJECTIVES = [
    "Reduir a la meitat el temps de resposta d'una llicència",
    "Que els professionals no hagin de venir a l'oficina",
]
BARRIER = "Expedients antics només en paper"
MITIGATION = "Es va superar amb la digitalització de 4.000 expedients."
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# The template as the sender filled it in a word processor: each heading on its own
# line and the answer below it. "Àmbit" names a department, none of the areas.
TEMPLATE = [
    ("h", "Fitxa de projecte per a l'Observatori"),
    ("h", "Títol"),
    ("p", TITLE),
    ("h", "Entitat"),
    ("p", "Ajuntament de Vic"),
    ("h", "Àmbit"),
    ("p", "Urbanisme"),
    ("h", "Fase"),
    ("p", "Prova pilot"),
    ("h", "Resum"),
    ("p", SUMMARY),
    ("h", "Descripció"),
    (
        "p",
        "La sol·licitud es fa amb un formulari guiat; els tècnics reben l'expedient "
        "complet i la persona rep un avís a cada canvi d'estat.",
    ),
    ("h", "Objectius"),
    *[("li", objective) for objective in OBJECTIVES],
    ("h", "Barreres"),
    ("li", f"{BARRIER}. {MITIGATION}"),
    ("li", "Poca experiència digital d'alguns tècnics"),
    ("h", "Tecnologies"),
    ("p", "Gestiona, Portafirmes"),
    ("h", "Persona de contacte"),
    ("p", "Núria Puig, tècnica d'urbanisme"),
    ("h", "Correu electrònic"),
    ("p", SENDER_EMAIL),
]


def docx_file(blocks) -> bytes:
    """("h", heading) / ("p", paragraph) / ("li", bullet) as a DOCX."""
    import docx

    document = docx.Document()
    for kind, text in blocks:
        if kind == "h":
            document.add_heading(text, level=2)
        elif kind == "li":
            document.add_paragraph(text, style="List Bullet")
        else:
            document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def summary_value(page, term: str):
    """The value of one line of the submission's summary (its <dl>)."""
    return page.locator("dl dt", has_text=term).locator(
        "xpath=following-sibling::dd[1]"
    )


def shoot(page, screenshots_dir, step: str) -> None:
    page.screenshot(
        path=str(screenshots_dir / f"curator-journey-{step}.png"), full_page=True
    )


@pytest.fixture
def public_links(settings, live_server, site_pages):
    """Absolute links (emails, the page's full URL) point at the live server."""
    from core.base_url import sync_default_site

    settings.PUBLIC_BASE_URL = live_server.url
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    sync_default_site()
    return live_server.url


@pytest.fixture
def curator(db):
    """An editor who may also publish (Editors and Moderators), admin in English."""
    from django.contrib.auth.models import Group, User
    from wagtail.users.models import UserProfile

    user = User.objects.create_user(
        CURATOR,
        "jana.ferrer@observatori.example",
        CURATOR_PASSWORD,
        first_name="Jana",
        last_name="Ferrer",
    )
    user.groups.add(*Group.objects.filter(name__in=["Editors", "Moderators"]))
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user


def receive_the_submission():
    """The email arrives and goes through the pipeline the IMAP source uses."""
    from submissions.ingest import ingest
    from submissions.tests.helpers import message

    raw = message(
        BODY,
        subject="Fitxa del projecte de llicències d'obres",
        sender=SENDER,
        attachments=[("fitxa-projecte.docx", docx_file(TEMPLATE), DOCX)],
    )
    return ingest(raw, source="imap", ref="INBOX/1")


def test_a_curator_turns_an_emailed_docx_into_a_published_project_file(
    live_server, open_page, screenshots_dir, public_links, gazetteer, curator
):
    # 1. The submission arrives by email; the sender is acknowledged.
    result = receive_the_submission()
    assert result.outcome == "created", result
    reference = result.submission
    (ack,) = mail.outbox
    assert ack.to == [SENDER_EMAIL]
    assert ack.subject.startswith(f"[{reference}] Hem rebut el vostre projecte")
    assert reference in ack.body
    mail.outbox.clear()

    # 2. The curator signs in and follows the dashboard's count of new submissions.
    admin, watcher = open_page("desktop")
    admin.context.set_extra_http_headers({"Accept-Language": "en"})
    admin.goto(live_server.url + "/admin/login/")
    admin.get_by_label("Username").fill(CURATOR)
    admin.get_by_label("Password").fill(CURATOR_PASSWORD)
    admin.get_by_role("button", name="Sign in").click()
    expect(admin).to_have_url(live_server.url + "/admin/")
    waiting = admin.get_by_role("link", name="1 new submission waits for an editor.")
    expect(waiting).to_be_visible()
    shoot(admin, screenshots_dir, "1-dashboard")
    waiting.click()
    expect(admin).to_have_url(re.compile(r"/admin/submissions/\?status=new$"))
    row = admin.get_by_role("row").filter(has_text=SENDER_EMAIL)
    expect(row).to_have_count(1)
    expect(row).to_contain_text("New")
    shoot(admin, screenshots_dir, "2-submissions")
    row.get_by_role("link", name=reference).click()

    # The submission: its message, the attachment, and the actions.
    expect(admin.get_by_role("heading", name=re.compile(reference))).to_be_visible()
    expect(admin.get_by_text("Nobody has taken it yet.")).to_be_visible()
    expect(admin.get_by_role("link", name="fitxa-projecte.docx")).to_be_visible()
    assign = admin.locator("#action-assign")
    assign.get_by_label("Who takes it").select_option(label=CURATOR_NAME)
    assign.get_by_role("button", name="Assign").click()
    expect(admin.locator(".sb-assignee")).to_have_text(f"Assigned to {CURATOR_NAME}.")
    # The summary names the assignee the same way (it said "jana.ferrer").
    expect(summary_value(admin, "Assigned to")).to_have_text(CURATOR_NAME)
    expect(summary_value(admin, "Status")).to_have_text("In review")
    expect(admin.locator(".messages")).to_contain_text(
        f"{reference}: Assigned to {CURATOR_NAME}."
    )
    shoot(admin, screenshots_dir, "3-assigned")
    admin.get_by_role("button", name="Create the draft").click()

    # 3. The draft's edit view, prefilled from the DOCX.
    expect(admin).to_have_url(re.compile(r"/admin/pages/\d+/edit/$"))
    expect(admin.locator(".messages")).to_contain_text(
        f"{reference}: Draft created: “{TITLE}”."
    )
    expect(admin.get_by_role("textbox", name="Title")).to_have_value(TITLE)
    expect(admin.get_by_role("textbox", name="Summary")).to_have_value(SUMMARY)
    shoot(admin, screenshots_dir, "4-draft-title")

    admin.get_by_role("tab", name="2. Entities").click()
    entities = admin.get_by_role("tabpanel", name="2. Entities")
    expect(entities).to_contain_text("Ajuntament de Vic")

    admin.get_by_role("tab", name="4. Analysis").click()
    analysis = admin.get_by_role("tabpanel", name="4. Analysis")
    expect(analysis.get_by_role("textbox", name="Barrier").first).to_have_value(BARRIER)
    expect(
        analysis.get_by_role("textbox", name="How it was overcome").first
    ).to_have_value(MITIGATION)
    shoot(admin, screenshots_dir, "5-draft-analysis")

    admin.get_by_role("tab", name="5. Phase").click()
    phase = admin.get_by_role("tabpanel", name="5. Phase")
    expect(phase.get_by_role("combobox", name="Phase")).to_have_value("pilot")
    for objective in OBJECTIVES:
        block = phase.get_by_role("region", name=f"General objective * {objective}")
        expect(block.get_by_role("textbox")).to_have_value(objective)
    shoot(admin, screenshots_dir, "6-draft-phase")

    # The area is missing: the curator ticks one on tab 1.
    admin.get_by_role("tab", name="1. Title").click()
    admin.get_by_role("checkbox", name="Services and procedures").check()
    shoot(admin, screenshots_dir, "7-area-chosen")

    admin.get_by_role("button", name="More actions").click()
    admin.get_by_role("button", name="Publish", exact=True).click()
    expect(admin.locator(".messages")).to_contain_text(
        f"Page '{TITLE}' has been published."
    )
    shoot(admin, screenshots_dir, "8-published")

    # 4. The sender gets the link, and the link opens the published page.
    (published,) = [m for m in mail.outbox if m.to == [SENDER_EMAIL]]
    assert published.subject == (
        f"[{reference}] El vostre projecte està publicat: {TITLE}"
    )
    url = re.search(r"https?://\S+", published.body).group(0)
    assert url.startswith(live_server.url + "/"), url
    visitor, visitor_watcher = open_page("desktop")
    visitor.goto(url)
    expect(visitor.get_by_role("heading", level=1)).to_contain_text(TITLE)
    expect(visitor.get_by_text(SUMMARY).first).to_be_visible()
    expect(visitor.get_by_text("Ajuntament de Vic").first).to_be_visible()
    shoot(visitor, screenshots_dir, "9-public-page")
    assert not visitor_watcher.problems(), visitor_watcher.problems()

    # The curator finds the submission closed on the published file, the sender
    # told of it in its history.
    sidebar = admin.locator("aside, .sidebar").first
    sidebar.get_by_role("button", name="Submissions").click()
    sidebar.get_by_role("link", name="Submissions").click()
    expect(admin).to_have_url(re.compile(r"/admin/submissions/$"))
    row = admin.get_by_role("row").filter(has_text=SENDER_EMAIL)
    expect(row).to_contain_text("Accepted")
    row.get_by_role("link", name=reference).click()
    expect(summary_value(admin, "Status")).to_have_text("Accepted")
    expect(summary_value(admin, "Project file")).to_have_text(f"{TITLE} (published)")
    history = admin.locator(".cm-log")
    expect(history).to_contain_text("Sender told of publication")
    expect(history).to_contain_text(url)
    expect(admin.get_by_role("button", name="Create the draft")).to_have_count(0)
    shoot(admin, screenshots_dir, "10-submission-done")
    assert not watcher.problems(), watcher.problems()
