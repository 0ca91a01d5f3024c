"""Who uses the observatory, as locust users: visitors browsing and searching
(70 %), members commenting, following and replying (20 %), editors saving and
publishing in the Wagtail admin (10 %).

Every user follows what the pages offer: project addresses come from the search
results, forms are read from the page and posted back as a browser would
(benchmarks/load/forms.py). Run through benchmarks/load/soak.py, which also
prepares the accounts and watches the processes' memory.

A response counts as an error when it is a 5xx, a timeout, or not what the user
would get (a form sent back with errors). A rate limit (429) on a member's
comments is the site working as intended: counted under its own name.
"""

from __future__ import annotations

import random
import re
from urllib.parse import urlsplit

from forms import form_fields
from locust import HttpUser, between, task
from locust.exception import StopUser
from prepare import PASSWORD, editor_name, member_email

LANGUAGES = ("ca", "es", "en")
INDEX = {"ca": "/ca/projectes/", "es": "/es/proyectos/", "en": "/en/projects/"}
SEARCH = {"ca": "/ca/cerca/", "es": "/es/buscar/", "en": "/en/search/"}
LOGIN = {"ca": "/ca/comptes/login/", "en": "/en/accounts/login/"}
WORDS = (
    "padró",
    "padrón",
    "dades obertes",
    "administració electrònica",
    "smart",
    "participació",
    "energia",
    "transparència",
    "tramitació",
    "open data",
)
AREAS = ("e-administration", "open-data", "participation", "smart-city")
TIMEOUT = 30

_project_urls: list[str] = []
_project_ids: list[int] = []


def _remember_projects(client) -> None:
    """Project addresses and ids, from the search API (once per process)."""
    if _project_urls:
        return
    for page in range(1, 4):
        with client.get(
            f"/api/v1/projects/search/?page={page}",
            name="/api/v1/projects/search/ [setup]",
            catch_response=True,
            timeout=TIMEOUT,
        ) as response:
            if response.status_code == 400:  # past the last page of results
                response.success()
                return
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
                return
            for result in response.json().get("results", []):
                if result.get("url"):
                    # The path: the site's configured host may not be the one
                    # under load (a test server on another port).
                    _project_urls.append(urlsplit(result["url"]).path)
                if result.get("id"):
                    _project_ids.append(int(result["id"]))


def _expect(response, status: int = 200, contains: str | None = None) -> None:
    if response.status_code != status:
        response.failure(f"status {response.status_code}, wanted {status}")
    elif contains is not None and contains not in response.text:
        response.failure(f"{contains!r} not in the page")
    else:
        response.success()


def _post(
    client,
    action: str,
    fields: dict,
    name: str,
    referer: str,
    *,
    status: int = 302,
    limited_ok: bool = False,
) -> int:
    """Post a form read from a page as the browser would (its Referer, no
    redirect followed); a 429 counts as success where a limit is expected.
    Returns the status code."""
    with client.post(
        action,
        data=fields,
        name=name,
        headers={"Referer": client.base_url + referer},
        allow_redirects=False,
        catch_response=True,
        timeout=TIMEOUT,
    ) as response:
        if limited_ok and response.status_code == 429:
            response.success()
        else:
            _expect(response, status)
        return response.status_code


class Visitor(HttpUser):
    """Reads project files and searches, in one of the three languages."""

    weight = 7
    wait_time = between(1, 4)

    def on_start(self):
        self.language = random.choice(LANGUAGES)
        _remember_projects(self.client)

    @task(2)
    def home(self):
        with self.client.get(
            f"/{self.language}/", name="home", catch_response=True, timeout=TIMEOUT
        ) as response:
            _expect(response)

    @task(2)
    def project_index(self):
        page = random.randint(1, 5)
        with self.client.get(
            f"{INDEX[self.language]}?page={page}",
            name="project index",
            catch_response=True,
            timeout=TIMEOUT,
        ) as response:
            _expect(response)

    @task(5)
    def project_page(self):
        if not _project_urls:
            return
        with self.client.get(
            random.choice(_project_urls),
            name="project page",
            catch_response=True,
            timeout=TIMEOUT,
        ) as response:
            _expect(response)

    @task(3)
    def search(self):
        params = {"q": random.choice(WORDS)}
        if random.random() < 0.5:
            params["area"] = random.choice(AREAS)
        with self.client.get(
            SEARCH[self.language],
            params=params,
            name="search page",
            catch_response=True,
            timeout=TIMEOUT,
        ) as response:
            _expect(response)

    @task(2)
    def search_api(self):
        with self.client.get(
            "/api/v1/projects/search/",
            params={"q": random.choice(WORDS)},
            name="search API",
            catch_response=True,
            timeout=TIMEOUT,
        ) as response:
            _expect(response)

    @task(1)
    def map_data(self):
        with self.client.get(
            "/api/v1/projects/map/",
            name="map JSON",
            catch_response=True,
            timeout=TIMEOUT,
        ) as response:
            # A per-address limit on the heavy endpoints may answer 429: fine.
            if response.status_code == 429:
                response.success()
            else:
                _expect(response)


class Member(HttpUser):
    """Signs in, comments on project files, follows them and replies in the forum."""

    weight = 2
    wait_time = between(2, 6)

    def on_start(self):
        _remember_projects(self.client)
        self.number = random.randrange(50)
        page = self.client.get(LOGIN["ca"], name="sign-in form", timeout=TIMEOUT)
        fields = form_fields(page.text, action_contains="login")
        fields.update({"login": member_email(self.number), "password": PASSWORD})
        if _post(self.client, LOGIN["ca"], fields, "sign in", LOGIN["ca"]) != 302:
            raise StopUser()

    def _project(self):
        if not _project_urls:
            return None
        url = random.choice(_project_urls)
        with self.client.get(
            url, name="project page (member)", catch_response=True, timeout=TIMEOUT
        ) as response:
            _expect(response)
            return url, response.text

    @task(3)
    def read(self):
        self._project()

    @task(2)
    def comment(self):
        page = self._project()
        if page is None:
            return
        url, html = page
        action, fields = form_fields(html, form_class="comment-form", with_action=True)
        if not action:
            return
        year = random.randint(2019, 2026)
        fields["body"] = f"Molt útil, gràcies. Nosaltres ho vam provar el {year}."
        # A 429 is the member's daily limit: a clear answer.
        _post(self.client, action, fields, "post a comment", url, limited_ok=True)

    @task(2)
    def follow(self):
        page = self._project()
        if page is None:
            return
        url, html = page
        action, fields = form_fields(html, form_class="follow__form", with_action=True)
        if not action:
            return
        _post(self.client, action, fields, "follow / unfollow", url)

    @task(2)
    def reply(self):
        forum = self.client.get("/ca/comunitat/forum/", name="forum", timeout=TIMEOUT)
        categories = re.findall(r'href="(/ca/comunitat/forum/[^"/]+/)"', forum.text)
        if not categories:
            return
        category = self.client.get(
            random.choice(categories), name="forum category", timeout=TIMEOUT
        )
        topics = re.findall(
            r'href="(/ca/comunitat/forum/[^"/]+/\d+/[^"#?]*)"', category.text
        )
        if not topics:
            return
        topic = random.choice(topics)
        page = self.client.get(topic, name="forum topic", timeout=TIMEOUT)
        action, fields = form_fields(
            page.text, form_class="comment-form", with_action=True
        )
        if not action:
            return
        fields["body"] = "Nosaltres fem servir un full de càlcul compartit."
        _post(self.client, action, fields, "reply in the forum", topic, limited_ok=True)


class Editor(HttpUser):
    """Signs in to the Wagtail admin, opens project files, saves drafts and
    publishes."""

    weight = 1
    wait_time = between(3, 8)

    def on_start(self):
        _remember_projects(self.client)
        self.number = random.randrange(5)
        page = self.client.get(
            "/admin/login/", name="admin sign-in form", timeout=TIMEOUT
        )
        fields = form_fields(page.text, action_contains="login")
        fields.update({"username": editor_name(self.number), "password": PASSWORD})
        if (
            _post(
                self.client, "/admin/login/", fields, "admin sign in", "/admin/login/"
            )
            != 302
        ):
            raise StopUser()

    def _edit(self, publish: bool):
        if not _project_ids:
            return
        page_id = random.choice(_project_ids)
        edit = f"/admin/pages/{page_id}/edit/"
        with self.client.get(
            edit, name="admin edit view", catch_response=True, timeout=TIMEOUT
        ) as response:
            _expect(response)
            html = response.text
        fields = form_fields(html, form_id="page-edit-form")
        if not fields:
            return
        if publish:
            fields["action-publish"] = "action-publish"
        _post(self.client, edit, fields, "publish" if publish else "save draft", edit)

    @task(3)
    def save_draft(self):
        self._edit(publish=False)

    @task(1)
    def publish(self):
        self._edit(publish=True)
