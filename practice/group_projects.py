"""The project files a group follows: coordinators add one by its title or its
address on this site, and remove it; a project file's page lists the open and
moderated groups that follow it (``groups_following``: one query, then cached
per file, language and public content version)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.db import IntegrityError, transaction
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.caching import versioned_cache
from core.page_cache import public_version
from project_pages.models import ProjectPage

from .models import InterestGroup, Visibility
from .models_projects import GroupProject

# Project files a group may follow at most (the group page lists them all).
MAX_PER_GROUP = 100


class ProjectError(Exception):
    """A project file that cannot be added or removed; ``str()`` says why."""


# Titles named in the error when a part of a title matches several files.
PARTIAL_SHOWN = 5


def _published():
    return ProjectPage.objects.live().public()


def _one_file(pages: list[ProjectPage]) -> ProjectPage | None:
    """One project file out of ``pages`` when they are translations of one file
    (the one in the active language if there), else None."""
    if len({page.translation_key for page in pages}) != 1:
        return None
    language = (get_language() or "ca")[:2]
    for page in pages:
        if page.locale.language_code == language:
            return page
    return pages[0]


def find_project(text: str, hosts: set[str]) -> ProjectPage:
    """The published project file named by ``text``: its address on this site
    (``hosts``: the names this site answers to), its title, or a part of its
    title that no other file's title has."""
    text = text.strip()
    if not text:
        raise ProjectError(_("Write the title or the address of a project file."))
    if text.lower().startswith(("http://", "https://", "/")):
        parts = urlsplit(text)
        foreign = _("That address is not a project file of this site.")
        if parts.netloc and parts.hostname not in hosts:
            raise ProjectError(foreign)
        if parts.scheme not in ("", "http", "https"):
            raise ProjectError(foreign)
        path = parts.path
        segments = [s for s in path.split("/") if s]
        if not segments:
            raise ProjectError(foreign)
        candidates = list(
            _published().filter(slug=segments[-1]).select_related("locale")
        )
        wanted = "/" + "/".join(segments) + "/"
        exact = [page for page in candidates if page.url == wanted]
        page = exact[0] if exact else _one_file(candidates)
        if page is None:
            raise ProjectError(
                _("No published project file has that address on this site.")
            )
        return page
    pages = list(_published().filter(title__iexact=text).select_related("locale"))
    if not pages:
        # Part of a title ("Tràmits 24 hores"): fine when it names one file.
        partial = list(
            _published()
            .filter(title__icontains=text)
            .select_related("locale")
            .order_by("title")[: PARTIAL_SHOWN * 3]
        )
        page = _one_file(partial) if partial else None
        if page is not None:
            return page
        if partial:
            titles = list(dict.fromkeys(found.title for found in partial))
            raise ProjectError(
                _(
                    "Several project files have “%(text)s” in their title: "
                    "%(titles)s. Write more of the title, or paste the address."
                )
                % {"text": text, "titles": "; ".join(titles[:PARTIAL_SHOWN])}
            )
        raise ProjectError(
            _(
                "No published project file is called “%(title)s”. Paste its "
                "address instead."
            )
            % {"title": text}
        )
    page = _one_file(pages)
    if page is None:
        raise ProjectError(
            _(
                "Several project files are called “%(title)s”: paste the "
                "address of the right one instead."
            )
            % {"title": text}
        )
    return page


def add(group: InterestGroup, member, page: ProjectPage) -> GroupProject:
    followed = GroupProject.objects.filter(group=group)
    if followed.filter(page__translation_key=page.translation_key).exists():
        raise ProjectError(
            _("The group follows “%(title)s” already.") % {"title": page.title}
        )
    if followed.count() >= MAX_PER_GROUP:
        raise ProjectError(
            _("A group follows at most %(count)s project files.")
            % {"count": MAX_PER_GROUP}
        )
    try:
        with transaction.atomic():
            return GroupProject.objects.create(group=group, page=page, added_by=member)
    except IntegrityError:
        raise ProjectError(
            _("The group follows “%(title)s” already.") % {"title": page.title}
        ) from None


def followed_pages(group: InterestGroup) -> list[GroupProject]:
    """The group's project files, each as published now in the active language
    when it has that translation (``link.shown``); unpublished ones are left out.
    Two queries."""
    links = list(
        GroupProject.objects.filter(group=group)
        .filter(page__live=True, page__view_restrictions__isnull=True)
        .select_related("page")
    )
    if not links:
        return []
    language = (get_language() or "ca")[:2]
    translated = {
        page.translation_key: page
        for page in _published().filter(
            translation_key__in=[link.page.translation_key for link in links],
            locale__language_code=language,
        )
    }
    for link in links:
        link.shown = translated.get(link.page.translation_key, link.page)
    return links


def groups_following(page) -> list[dict]:
    """The open and moderated groups that follow ``page`` (in any of its
    languages), never private ones: ``[{"title", "community", "url"}]`` in the
    active language. One query, then cached until public content changes."""
    translation_key = getattr(page, "translation_key", None)
    if translation_key is None:
        return []
    language = (get_language() or "ca")[:2]
    key = f"practice:project-groups:{translation_key}:{language}:{public_version()}"
    cache = versioned_cache()
    found = cache.get(key)
    if found is not None:
        return found
    links = (
        GroupProject.objects.filter(
            page__translation_key=translation_key,
            group__visibility__in=[Visibility.OPEN, Visibility.MODERATED],
        )
        .select_related("group__community")
        .order_by("group__name", "group_id")
    )
    found = []
    seen = set()
    for link in links:
        if link.group_id in seen:
            continue
        seen.add(link.group_id)
        found.append(
            {
                "title": link.group.title,
                "community": link.group.community.title,
                "url": link.group.get_absolute_url(),
                "visibility": link.group.visibility,
            }
        )
    cache.set(key, found, 300)
    return found
