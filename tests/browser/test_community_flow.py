"""The community's whole journey in a real Chromium.

Two members on a phone and a moderator on a desktop, all through the pages:
join and confirm by the emailed link (the live server runs in this process, so
the locmem outbox is the test's), follow a project file, comment in Markdown,
have the first contribution approved in the Wagtail admin's moderation queue,
reply, report, hide the reported comment, read the moderation log, and download
one's data. Only the project file and the moderator's account are made with the
ORM; the "held first contributions" rule is left on and met as a member would.
"""

import io
import json
import re
import zipfile

import pytest
from django.core import mail

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "Correct-horse-42"
MODERATOR_PASSWORD = "Moderate-kindly-7"
COMMENT = "Hem reduït els tràmits a la meitat amb **cita prèvia** en línia."
COMMENT_TEXT = "Hem reduït els tràmits a la meitat amb cita prèvia en línia."
REPLY = "Quants mesos va durar la implantació?"
REASON = "Publica dades d’una persona sense permís."
HELD_NOTE = "Pendent de moderació: de moment, només vós veieu aquest comentari."


def shoot(page, screenshots_dir, step: str) -> None:
    page.screenshot(
        path=str(screenshots_dir / f"community-flow-{step}.png"), full_page=True
    )


def no_problems(watcher, admin: bool = False) -> None:
    """Console and page errors, and requests to other hosts (the admin too: no
    gravatar, WAGTAIL_GRAVATAR_PROVIDER_URL is off), of one window."""
    problems = watcher.problems()
    assert not problems, problems


def join(page, live_server, email: str, name: str) -> None:
    """Sign up from the header link, confirm with the link of the email, and
    land signed in on one's profile."""
    page.goto(live_server.url + "/ca/")
    header = page.locator(".site-header")
    header.get_by_role("link", name="Crea un compte").click()
    page.wait_for_url("**/ca/comptes/signup/")
    page.get_by_label("Correu electrònic").fill(email)
    page.get_by_label("Nom visible").fill(name)
    page.get_by_label("Contrasenya:", exact=True).fill(PASSWORD)
    page.get_by_label("Contrasenya (de nou)").fill(PASSWORD)
    page.get_by_role("button", name="Registreu-vos").click()
    page.wait_for_url("**/ca/comptes/confirm-email/")
    assert "Confirmeu la vostra adreça" in page.locator("h1").inner_text()

    (message,) = [m for m in mail.outbox if m.to == [email]]
    link = re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)
    page.goto(live_server.url + link)
    assert email in page.locator("main").inner_text()
    page.get_by_role("button", name="Confirma").click()
    page.wait_for_url("**/ca/comunitat/perfil/")
    assert header.get_by_role("link", name="El meu perfil").is_visible()
    assert header.get_by_role("button", name="Surt").is_visible()


def comment_item(page, text: str):
    """The comment (its box, without the replies) whose text contains ``text``."""
    return page.locator(
        "article.comment__box", has=page.locator(".comment__text", has_text=text)
    )


def queue_item(page, text: str):
    return page.locator("li.cm-item", has=page.locator(".cm-item__text", has_text=text))


@pytest.fixture
def moderator(db):
    """An editor (Wagtail's "Editors" group: admin access and moderation)."""
    from django.contrib.auth.models import Group, User

    user = User.objects.create_user(
        "marta.puig",
        "marta@example.org",
        MODERATOR_PASSWORD,
        first_name="Marta",
        last_name="Puig",
    )
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def test_join_comment_reply_follow_report_moderate_and_download(
    live_server, open_page, screenshots_dir, project_page, moderator
):
    project_url = live_server.url + project_page.url

    # 1. Laia joins on her phone and is signed in by the confirmation.
    laia, watcher = open_page("phone")
    join(laia, live_server, "laia@example.org", "Laia Serra")

    # 2. She opens the project file, follows it and comments in Markdown.
    laia.goto(project_url)
    assert project_page.title in laia.locator("h1").inner_text()
    follow = laia.locator(".follow")
    follow.get_by_role("button", name="Segueix aquest projecte").click()
    laia.wait_for_url(re.compile(re.escape(project_url)))
    assert "Ho seguiu" in follow.inner_text()
    assert follow.get_by_role("button", name="Deixa de seguir").is_visible()

    comments = laia.locator("#comments")
    comments.get_by_label("El vostre comentari").fill(COMMENT)
    comments.get_by_role("button", name="Publica el comentari").click()
    laia.wait_for_load_state()
    assert "El vostre comentari està pendent de moderació" in comments.inner_text()
    own = comment_item(laia, COMMENT_TEXT)
    assert own.locator(".comment__author").inner_text() == "Laia Serra"
    assert own.locator(".comment__text strong").inner_text() == "cita prèvia"
    assert HELD_NOTE in own.inner_text()
    assert "**" not in own.inner_text()
    shoot(laia, screenshots_dir, "2-comment-held")
    no_problems(watcher)

    # The moderator signs into the Wagtail admin (in English: Wagtail's default
    # for an account without a preference) and approves the first comment.
    admin, watcher = open_page("desktop")
    admin.goto(live_server.url + "/admin/login/")
    admin.locator("input[name=username]").fill("marta.puig")
    admin.locator("input[name=password]").fill(MODERATOR_PASSWORD)
    admin.locator("form button[type=submit]").click()
    admin.wait_for_url("**/admin/")
    sidebar = admin.locator("aside, .sidebar").first
    sidebar.get_by_role("button", name="Community").click()
    sidebar.get_by_role("link", name="Moderation queue").click()
    admin.wait_for_url("**/admin/community/moderation/")
    held = queue_item(admin, COMMENT_TEXT)
    assert "Laia Serra" in held.locator(".cm-item__meta").inner_text()
    assert project_page.title in held.locator(".cm-item__meta").inner_text()
    shoot(admin, screenshots_dir, "2-queue-held")
    held.get_by_role("button", name="Approve").click()
    admin.wait_for_load_state()
    assert "Approved: it is visible again." in admin.locator(".messages").inner_text()
    assert not queue_item(admin, COMMENT_TEXT).count()
    no_problems(watcher, admin=True)

    # A visitor now sees it on the project file.
    visitor, watcher = open_page("phone")
    visitor.goto(project_url)
    shown = comment_item(visitor, COMMENT_TEXT)
    assert shown.locator(".comment__text strong").inner_text() == "cita prèvia"
    assert HELD_NOTE not in visitor.locator("#comments").inner_text()
    assert "1 comentari" in visitor.locator("#comments-title").inner_text()
    no_problems(watcher)

    # 3. Jordi joins too, signs out and back in through the login form, and
    #    replies to Laia's comment.
    jordi, watcher = open_page("phone")
    join(jordi, live_server, "jordi@example.org", "Jordi Vila")
    header = jordi.locator(".site-header")
    header.get_by_role("button", name="Surt").click()
    jordi.wait_for_load_state()
    header.get_by_role("link", name="Inicia la sessió").click()
    jordi.wait_for_url("**/ca/comptes/login/**")
    jordi.get_by_label("Correu electrònic").fill("jordi@example.org")
    jordi.get_by_label("Contrasenya").fill(PASSWORD)
    jordi.locator("main form button[type=submit]").click()
    jordi.wait_for_load_state()
    assert header.get_by_role("button", name="Surt").is_visible()

    jordi.goto(project_url)
    target = comment_item(jordi, COMMENT_TEXT)
    target.get_by_role("link", name="Respon").click()
    jordi.wait_for_url(re.compile(r"\?reply=\d+"))
    target = comment_item(jordi, COMMENT_TEXT)
    target.get_by_label("La vostra resposta").fill(REPLY)
    target.get_by_role("button", name="Publica la resposta").click()
    jordi.wait_for_load_state()
    reply = comment_item(jordi, REPLY)
    assert reply.locator(".comment__author").inner_text() == "Jordi Vila"
    # Nested under Laia's comment, waiting like every newcomer's first post.
    thread_item = comment_item(jordi, COMMENT_TEXT).locator("xpath=..")
    assert REPLY in thread_item.locator(".comment-list--replies").inner_text()
    assert HELD_NOTE in reply.inner_text()

    # 4. Jordi reports Laia's comment.
    comment_item(jordi, COMMENT_TEXT).get_by_role("link", name="Denuncia").click()
    jordi.locator("h1", has_text="Denuncieu un comentari").wait_for()
    assert re.search(r"/ca/comunitat/.+/\d+/.+/$", jordi.url), jordi.url
    assert "cita prèvia" in jordi.locator(".comment-quote").inner_text()
    jordi.locator("main textarea").fill(REASON)
    shoot(jordi, screenshots_dir, "4-report")
    jordi.get_by_role("button", name="Envia la denúncia").click()
    jordi.wait_for_url(re.compile(re.escape(project_url)))
    assert (
        "Gràcies: un moderador el revisarà." in jordi.locator("#comments").inner_text()
    )
    # One report does not hide it (three do): still there for everyone.
    assert comment_item(jordi, COMMENT_TEXT).count()
    no_problems(watcher)

    # Laia still follows the project after commenting.
    laia.goto(project_url)
    assert "Ho seguiu" in laia.locator(".follow").inner_text()
    shoot(laia, screenshots_dir, "3-following")

    # 5. The moderator sees the report in the queue and hides the comment.
    admin.goto(live_server.url + "/admin/")
    sidebar.get_by_role("button", name="Community").click()
    sidebar.get_by_role("link", name="Moderation queue").click()
    admin.wait_for_url("**/admin/community/moderation/")
    reported = queue_item(admin, COMMENT_TEXT)
    assert "1 open report" in reported.inner_text()
    assert f"Jordi Vila: {REASON}" in reported.locator(".cm-reports").inner_text()
    shoot(admin, screenshots_dir, "5-queue-reported")
    reported.get_by_label("Note (optional, kept in the moderation log)").fill(
        "Dades personals."
    )
    reported.get_by_role("button", name="Hide").click()
    admin.wait_for_load_state()
    assert (
        "Hidden: only moderators can see it now."
        in admin.locator(".messages").inner_text()
    )

    admin.get_by_role("link", name="Moderation log").click()
    admin.wait_for_url("**/admin/community/moderation-log/**")
    rows = admin.locator("table tbody tr")
    hidden_row = rows.filter(has_text="Dades personals.")
    assert hidden_row.count() == 1
    # Who: the log names the moderator by her user name (str(User)).
    assert "Marta Puig" in hidden_row.inner_text()
    assert "Hidden" in hidden_row.inner_text()
    assert "Laia Serra" in hidden_row.inner_text()
    approved_row = rows.filter(has_text="Approved")
    assert "Marta Puig" in approved_row.first.inner_text()
    shoot(admin, screenshots_dir, "5-moderation-log")
    no_problems(watcher, admin=True)

    # A visitor no longer finds the comment on the project file.
    visitor, watcher = open_page("phone")
    visitor.goto(project_url)
    thread = visitor.locator("#comments").inner_text()
    assert "cita prèvia" not in thread
    assert REPLY not in thread
    assert "0 comentaris" in visitor.locator("#comments-title").inner_text()
    shoot(visitor, screenshots_dir, "5-visitor-after-hide")
    no_problems(watcher)

    # 6. Laia downloads her data from her profile.
    laia.locator(".site-header").get_by_role("link", name="El meu perfil").click()
    laia.wait_for_url("**/ca/comunitat/perfil/")
    with laia.expect_download() as download_info:
        laia.get_by_role("link", name="Descarrega les meves dades").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".zip")
    with zipfile.ZipFile(io.BytesIO(open(download.path(), "rb").read())) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith(".json")]
        data = json.loads(archive.read(name))
    assert data["account"]["email"] == "laia@example.org"
    (comment,) = data["comments"]
    assert comment["text"] == COMMENT
    assert comment["page"] == project_page.title
    assert comment["status"] == "hidden"
    assert [f["name"] for f in data["follows"]] == [project_page.title]
    no_problems(watcher)
