"""The editor's journey in a real Chromium, as editors take it.

An editor signs in, finds the Catalan "Projectes" index through the Pages
explorer, adds a project file typing only its title (the slug follows it) and
saves a draft at once; fills the levels: a summary and an area, two local
entities through the chooser (one found by searching, one created in its "New
entity" tab with the gazetteer filling its place), two barriers, a milestone,
the phase and a document from the library; previews it; and submits it to the
Moderators. A moderator approves and publishes it from the dashboard; visitors
find it on the site and in the public search. The editor then translates it into
Spanish (starting from Apertium's machine translation where it runs), the slug
is Spanish, and the moderator publishes the copy under /es/.

Only the users, the site's page tree, the gazetteer, one entity and one document
are made with the ORM; everything else goes through the admin's own screens,
with clicks and typing only where an editor types. The admin is in English (the
users' preference). Screenshots: test-artifacts/screenshots/editor-journey-*.png.
"""

import os
import re
import threading

import pytest
from django.utils.text import slugify
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

EDITOR = ("laia.serra", "laia.serra@manlleu.example.org", "Edit-files-carefully-5")
MODERATOR = ("marta.puig", "marta.puig@observatori.example.org", "Moderate-kindly-7")

TITLE = "Finestreta única per a empreses"
SLUG = "finestreta-unica-per-a-empreses"
SUMMARY = (
    "Un sol punt en línia per a tots els tràmits que una empresa fa amb "
    "l'ajuntament, de la llicència d'activitat a les taxes."
)
BARRIERS = [
    ("Cada servei demanava els mateixos papers", "Un expedient únic compartit."),
    ("Por a perdre l'atenció presencial", "Una hora setmanal de cita presencial."),
]
MILESTONE = "Pilot amb deu empreses del polígon"
DOCUMENT = "Guia de la finestreta única"
SPANISH_TITLE = "Ventanilla única para empresas"

# The chooser modal is ready once it has taken the focus (at the end of its
# fade-in): keys typed before then would be lost to the modal itself.
MODAL_READY = (
    "() => !!(document.activeElement && document.activeElement.closest('.modal.in'))"
)
# Chromium's console line for any failed request: the requests themselves are
# checked one by one (watch_responses).
FAILED_LOAD = "console: Failed to load resource: the server responded with a status"
EDIT_FORM = re.compile(r"/admin/pages/(\d+/edit|add/[\w/]+)/$")


def shoot(page, screenshots_dir, step: str) -> None:
    page.screenshot(
        path=str(screenshots_dir / f"editor-journey-{step}.png"), full_page=True
    )


def watch_responses(page) -> list:
    """Every answer of 400 or more to ``page`` (and the tabs it opens)."""
    failed = []

    def record(response):
        if response.status >= 400:
            failed.append(response)

    page.context.on("response", record)
    return failed


def autosave_paused(response) -> bool:
    """Wagtail's autosave of a form still being filled (a block added, its
    required field not typed yet) is refused with a JSON 400, and resumes later."""
    return (
        response.status == 400
        and response.request.method == "POST"
        and EDIT_FORM.search(response.url) is not None
        and response.headers.get("content-type", "").startswith("application/json")
    )


def no_problems(watcher, failed: list) -> None:
    """No script error, no request to another host, and no request the server
    refused or failed, in one window."""
    problems = [p for p in watcher.problems() if not p.startswith(FAILED_LOAD)]
    problems += [
        f"{r.status} {r.request.method} {r.url}"
        for r in failed
        if not autosave_paused(r)
    ]
    assert not problems, problems


def admin_user(django_user_model, username, email, password, group):
    from django.contrib.auth.models import Group
    from wagtail.users.models import UserProfile

    user = django_user_model.objects.create_user(username, email, password)
    user.groups.add(Group.objects.get(name=group))
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user


@pytest.fixture
def editor(django_user_model, site_pages):
    return admin_user(django_user_model, *EDITOR, "Editors")


@pytest.fixture
def moderator(django_user_model, site_pages):
    return admin_user(django_user_model, *MODERATOR, "Moderators")


@pytest.fixture
def manlleu(db):
    from project_pages.factories import EntityFactory

    return EntityFactory(
        name="Ajuntament de Manlleu",
        municipality="Manlleu",
        region="Osona",
        country="ES",
        population=20_500,
        latitude=42.0,
        longitude=2.28,
    )


@pytest.fixture
def guide(db):
    """A document in the library's collection, the one editors use."""
    import wagtail_factories

    from project_pages.demo import demo_collection

    return wagtail_factories.DocumentFactory(
        title=DOCUMENT,
        collection=demo_collection(),
        file__filename="guia-finestreta-unica.pdf",
        file__data=b"%PDF-1.4\n% Guia\n",
    )


@pytest.fixture
def database_search(settings):
    """Searches and writes go to the database engine only: the live server runs
    in this process, so a published page is found at once."""
    settings.ELASTICSEARCH_URL = ""


@pytest.fixture
def one_request_at_a_time(live_server):
    """The live server answers one request at a time, as a single worker would.

    Its threads each open their own connection to the in-memory test database
    (SQLite's shared cache), where a read meeting another connection's unfinished
    write fails at once ("database table is locked") instead of waiting; and the
    editor's window sends requests of its own (autosave, the preview, editing
    session pings) alongside each click.
    """
    server = live_server.thread.httpd
    application = server.get_app()
    lock = threading.Lock()

    def serialized(environ, start_response):
        with lock:
            return application(environ, start_response)

    server.set_app(serialized)
    yield
    server.set_app(application)


@pytest.fixture
def apertium_runs() -> bool:
    """Whether Apertium translates Catalan into Spanish here (required on CI)."""
    from machine_translation.service import engine_status

    status = engine_status()
    runs = status.enabled and "ca-es" not in status.missing_pairs
    if not runs and os.environ.get("CI") == "true":
        pytest.fail(
            "Apertium's ca-es pair is missing: apt-get install apertium-spa-cat"
        )
    return runs


def sign_in(page, live_server, username: str, password: str) -> None:
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(live_server.url + "/admin/")


def open_chooser(page, button):
    button.click()
    page.wait_for_function(MODAL_READY)
    return page.get_by_role("dialog")


def footer_menu(page):
    """The footer's actions, its "more actions" menu opened."""
    footer = page.get_by_role("navigation", name="Actions (footer)")
    footer.get_by_role("button", name="More actions").click()
    return footer


def messages(page):
    return page.locator(".messages")


def open_live_page(admin, row_title: str):
    """The page's "live" status link in the explorer (it opens a new tab)."""
    row = admin.get_by_role("row", name=re.compile(re.escape(row_title)))
    with admin.context.expect_page() as new_tab:
        row.get_by_role("link", name="Current page status: live").click()
    public = new_tab.value
    public.wait_for_load_state()
    return public


def approve_from_dashboard(admin, title: str) -> None:
    admin.get_by_role("link", name="Dashboard").click()
    admin.wait_for_url("**/admin/")
    review = admin.get_by_role("region", name="Awaiting your review")
    review.get_by_role("link", name=title).click()
    admin.wait_for_url("**/edit/")
    footer_menu(admin).get_by_role("button", name="Approve and Publish").click()
    admin.wait_for_url(re.compile(r"/admin/pages/\d+/$"))
    expect(messages(admin)).to_contain_text(f"Page '{title}' has been published.")


def test_editor_creates_a_project_file_that_is_moderated_published_and_translated(
    live_server,
    open_page,
    screenshots_dir,
    editor,
    moderator,
    gazetteer,
    manlleu,
    guide,
    database_search,
    one_request_at_a_time,
    apertium_runs,
):
    from project_pages.models import Entity, ProjectPage

    # 1. The editor signs in and goes from the dashboard, through the Pages
    #    explorer, to the Catalan project index, and adds a project file there.
    page, watcher = open_page("desktop")
    failed = watch_responses(page)
    sign_in(page, live_server, EDITOR[0], EDITOR[2])
    page.locator("aside").get_by_role("button", name="Pages").click()
    explorer = page.get_by_role("dialog", name="Page explorer")
    explorer.get_by_role(
        "link",
        name="View child pages of 'Observatori de la transformació digital local'",
    ).click()
    explorer.get_by_role("link", name="Projectes", exact=True).click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Exploring: Projectes")
    shoot(page, screenshots_dir, "1-project-index")
    page.get_by_role("link", name="Add child page").click()
    # Project files are the index's only page type: straight to the form.
    expect(page.get_by_role("heading", level=1)).to_have_text("New: Project file")

    # 2. Only the title is typed; the slug follows it; the draft saves at once.
    page.get_by_role("textbox", name="Title*").press_sequentially(TITLE)
    page.get_by_role("tab", name="Promote").click()
    slug = page.get_by_role("tabpanel", name="Promote").get_by_role(
        "textbox", name="Slug"
    )
    expect(slug).to_have_value(SLUG)
    shoot(page, screenshots_dir, "2-slug-from-title")
    page.get_by_role("button", name="Save draft").click()
    expect(messages(page)).to_contain_text(f"Page '{TITLE}' created.")
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/$"))
    expect(page.get_by_text("This field is required.")).to_have_count(0)
    shoot(page, screenshots_dir, "2-draft-saved")

    # 3. The levels. Tab 1: the summary and one area.
    page.get_by_role("tab", name="1. Title").click()
    level1 = page.get_by_role("tabpanel", name="1. Title")
    level1.get_by_role("textbox", name="Summary").fill(SUMMARY)
    level1.get_by_role("checkbox", name="Services and procedures").check()

    # Tab 2: Manlleu's council, found by searching in the chooser...
    page.get_by_role("tab", name="2. Entities").click()
    level2 = page.get_by_role("tabpanel", name="2. Entities")
    first = level2.get_by_role("region", name="Local entity 1")
    chooser = open_chooser(
        page, first.get_by_role("button", name="Choose local entity")
    )
    expect(chooser.get_by_role("heading", name="Choose local entity")).to_be_visible()
    chooser.get_by_role("textbox", name="Search term").press_sequentially("Manlleu")
    chooser.get_by_role("link", name="Ajuntament de Manlleu").click()
    expect(chooser).to_be_hidden()
    expect(first).to_contain_text("Ajuntament de Manlleu")

    # ... and Vic's, created in the chooser's "New entity" tab, its place picked
    # from the gazetteer's suggestions.
    level2.get_by_role("button", name="Add local entity").click()
    second = level2.get_by_role("region", name="Local entity 2")
    chooser = open_chooser(
        page, second.get_by_role("button", name="Choose local entity")
    )
    chooser.get_by_role("tab", name="New entity").click()
    new = chooser.get_by_role("tabpanel", name="New entity")
    new.get_by_role("textbox", name="Name*").fill("Ajuntament de Vic")
    new.get_by_role("combobox", name="Kind*").select_option(label="Municipality")
    place = new.get_by_role("combobox", name="Find the municipality in the gazetteer")
    place.press_sequentially("Vic", delay=50)
    expect(place).to_have_value("Vic")
    suggestion = new.locator("datalist option").first
    expect(suggestion).to_have_attribute("value", "Vic, Catalunya, ES (#3106672)")
    place.fill(suggestion.get_attribute("value"))  # what picking it does
    expect(new.get_by_role("textbox", name="Municipality")).to_have_value("Vic")
    expect(new.get_by_role("textbox", name="County or region")).to_have_value(
        "Catalunya"
    )
    expect(new.get_by_role("spinbutton", name="Population")).to_have_value("46000")
    expect(new.get_by_role("spinbutton", name="Latitude")).to_have_value("41.93")
    expect(new.get_by_role("spinbutton", name="Longitude")).to_have_value("2.25")
    expect(new.get_by_role("status")).to_contain_text("Filled from the gazetteer")
    shoot(page, screenshots_dir, "3-new-entity-in-chooser")
    new.get_by_role("button", name="Create and choose this entity").click()
    expect(chooser).to_be_hidden()
    expect(second).to_contain_text("Ajuntament de Vic")
    shoot(page, screenshots_dir, "3-entities")

    # Tab 4: two barriers, each with how it was overcome.
    page.get_by_role("tab", name="4. Analysis").click()
    level4 = page.get_by_role("tabpanel", name="4. Analysis")
    for i, (barrier, mitigation) in enumerate(BARRIERS):
        level4.get_by_role("button", name="Insert a block").last.click()
        page.get_by_role("option", name="Barrier").click()
        block = level4.get_by_role("region", name=re.compile("^Barrier")).nth(i)
        block.get_by_role("textbox", name="Barrier*").fill(barrier)
        block.get_by_role("textbox", name="How it was overcome").fill(mitigation)
    expect(level4.get_by_role("region", name=re.compile("^Barrier"))).to_have_count(2)

    # Tab 5: the phase and a milestone.
    page.get_by_role("tab", name="5. Phase").click()
    level5 = page.get_by_role("tabpanel", name="5. Phase")
    level5.get_by_role("combobox", name="Phase*").select_option(label="Pilot")
    milestones = level5.get_by_role("region", name="Milestones")
    milestones.get_by_role("button", name="Insert a block").click()
    milestone = milestones.get_by_role("region", name=re.compile("^Milestone"))
    milestone.get_by_role("textbox", name="Milestone*").fill(MILESTONE)
    milestone.get_by_role("combobox", name="Status").select_option(label="In progress")
    shoot(page, screenshots_dir, "3-phase-and-milestone")

    # Tab 6: a document block, the document chosen from the library.
    page.get_by_role("tab", name="6. Documentation").click()
    level6 = page.get_by_role("tabpanel", name="6. Documentation")
    level6.get_by_role("button", name="Insert a block").click()
    page.get_by_role("option", name="Document").click()
    chooser = open_chooser(page, level6.get_by_role("button", name="Choose a document"))
    chooser.get_by_role("link", name=DOCUMENT).click()
    expect(chooser).to_be_hidden()
    expect(level6.get_by_role("region", name="Document", exact=True)).to_contain_text(
        DOCUMENT
    )
    shoot(page, screenshots_dir, "3-document")

    # 4. The preview (side panel) shows what was typed, entities included.
    page.get_by_role("button", name="Toggle preview").click()
    # Wagtail loads each preview in a second frame, then swaps it in.
    preview = page.frame_locator("iframe[title='Preview']").last
    expect(preview.locator("h1")).to_have_text(TITLE)
    expect(preview.locator("main")).to_contain_text("Ajuntament de Manlleu")
    expect(preview.locator("main")).to_contain_text(BARRIERS[0][0])
    shoot(page, screenshots_dir, "4-preview")
    page.get_by_role("button", name="Toggle preview").click()

    # 5. Submitted to the Moderators (an editor cannot publish).
    footer = footer_menu(page)
    expect(footer.get_by_role("button", name="Publish")).to_have_count(0)
    footer.get_by_role("button", name="Submit to Moderators approval").click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/$"))
    expect(messages(page)).to_contain_text(
        f"Page '{TITLE}' has been submitted for moderation."
    )
    shoot(page, screenshots_dir, "5-submitted")
    no_problems(watcher, failed)
    # What was saved (read now: the editor's window sends nothing from here).
    draft = ProjectPage.objects.get(title=TITLE)
    assert draft.slug == SLUG
    assert not draft.live
    submitted = draft.get_latest_revision_as_object()
    assert [entity.name for entity in submitted.ordered_entities()] == [
        "Ajuntament de Manlleu",
        "Ajuntament de Vic",
    ]
    assert [block.value["title"] for block in submitted.barriers()] == [
        barrier for barrier, _ in BARRIERS
    ]
    assert submitted.phase == "pilot"
    vic = Entity.objects.get(name="Ajuntament de Vic")
    assert (vic.kind, vic.municipality, vic.region, vic.population) == (
        "municipality",
        "Vic",
        "Catalunya",
        46000,
    )
    assert (vic.latitude, vic.longitude) == (41.93, 2.25)

    # 6. The moderator, in a window of her own, approves and publishes it from
    #    the dashboard.
    admin, admin_watcher = open_page("desktop")
    admin_failed = watch_responses(admin)
    sign_in(admin, live_server, MODERATOR[0], MODERATOR[2])
    review = admin.get_by_role("region", name="Awaiting your review")
    expect(review.get_by_role("link", name=TITLE)).to_be_visible()
    shoot(admin, screenshots_dir, "6-awaiting-review")
    approve_from_dashboard(admin, TITLE)
    shoot(admin, screenshots_dir, "6-published")
    no_problems(admin_watcher, admin_failed)

    # 7. The public page, from the explorer's live link, and the public search.
    public = open_live_page(admin, TITLE)
    assert public.url == f"{live_server.url}/ca/projectes/{SLUG}/"
    expect(public.locator("h1")).to_have_text(TITLE)
    expect(public.locator("main")).to_contain_text("Ajuntament de Vic")
    expect(public.locator("main")).to_contain_text(MILESTONE)
    expect(public.locator("main")).to_contain_text(DOCUMENT)
    shoot(public, screenshots_dir, "7-public-page")

    public.goto(live_server.url + "/ca/cerca/")
    public.locator("#search-q").fill("finestreta")
    public.locator("#search-form").get_by_role("button", name="Cerca").click()
    public.wait_for_url(re.compile(r"/ca/cerca/\?.*q=finestreta"))
    results = public.locator(".result-list")
    expect(results.get_by_role("link", name=TITLE)).to_have_attribute(
        "href", f"/ca/projectes/{SLUG}/"
    )
    shoot(public, screenshots_dir, "7-search")

    # 8. The editor translates it into Spanish from the page's actions menu.
    page.get_by_role("row", name=re.compile(TITLE)).get_by_role(
        "link", name=TITLE
    ).click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/$"))
    actions = page.get_by_role("navigation", name="Actions", exact=True)
    actions.get_by_role("button", name="Actions").click()
    actions.get_by_role("link", name="Translate").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Translate page {TITLE}")
    form = page.locator("main form")
    form.get_by_role("checkbox", name="Español").check()
    machine = form.get_by_role("checkbox", name="Start from a machine translation")
    expect(machine).to_be_checked()  # left ticked
    shoot(page, screenshots_dir, "8-translate")
    form.get_by_role("button", name="Submit").click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/$"))
    expect(messages(page)).to_contain_text("was successfully created in Español")
    header = page.locator("header").first
    expect(header).to_contain_text("Español")

    title = page.get_by_role("textbox", name="Title*")
    if apertium_runs:
        expect(header).to_contain_text("Machine translation, to review")
        expect(title).not_to_have_value(TITLE)
        expect(title).to_have_value(re.compile("empresas"))
    else:
        # No Apertium here: the copy holds the Catalan texts; the editor types
        # the Spanish title (a warning said the translation could not run).
        expect(messages(page)).to_contain_text("could not run")
        title.fill("")
        title.press_sequentially(SPANISH_TITLE)
    spanish_title = title.input_value()
    page.get_by_role("tab", name="Promote").click()
    spanish_slug = page.get_by_role("tabpanel", name="Promote").get_by_role(
        "textbox", name="Slug"
    )
    expect(spanish_slug).to_have_value(slugify(spanish_title))
    expect(spanish_slug).not_to_have_value(SLUG)
    shoot(page, screenshots_dir, "8-spanish-copy")

    footer_menu(page).get_by_role(
        "button", name="Submit to Moderators approval"
    ).click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/$"))
    expect(messages(page)).to_contain_text(
        f"Page '{spanish_title}' has been submitted for moderation."
    )
    no_problems(watcher, failed)

    # The moderator publishes the Spanish copy; it opens under /es/.
    approve_from_dashboard(admin, spanish_title)
    spanish = open_live_page(admin, spanish_title)
    assert re.fullmatch(
        rf"{re.escape(live_server.url)}/es/proyectos/{slugify(spanish_title)}/",
        spanish.url,
    ), spanish.url
    expect(spanish.locator("h1")).to_have_text(spanish_title)
    expect(spanish.locator("html")).to_have_attribute("lang", "es")
    shoot(spanish, screenshots_dir, "8-spanish-public-page")
    no_problems(admin_watcher, admin_failed)

    copy = ProjectPage.objects.get(locale__language_code="es", title=spanish_title)
    assert copy.live
    assert copy.translation_key == draft.translation_key
    assert not copy.machine_translated  # reviewed: the editor saved it
