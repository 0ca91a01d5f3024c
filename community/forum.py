"""The forum's queries and counters, kept apart from the views so that the search
index, the project pages and the tests share one definition of "what others see".

- Counts (topics, replies, last activity) only ever include visible content: a
  topic's ``reply_count`` and ``last_activity_at`` are recomputed from its visible
  replies whenever a reply is saved, deleted or moderated (one UPDATE).
- Project files a topic mentions are found in a field of pasted URLs or slugs and
  in the topic's own text; only live project files are linked.
- Each project file lists the visible topics that mention it ("Discussed in the
  forum") from a small cache, forgotten whenever a topic changes, so the project
  page keeps its query budget.
"""

from __future__ import annotations

import re
import uuid
from urllib.parse import urlsplit

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Max, Q, Sum

from core.caching import timeout, versioned_cache

from .models import ForumCategory, Post, Status, Topic

PAGE_SIZE = 20
MAX_LINKED_PROJECTS = 20
FORUM_VERSION_KEY = "community:forum-version"

# A URL (absolute, or a site path such as /ca/projectes/x/) in a topic's text.
URL_IN_TEXT = re.compile(
    r"(?:https?://[^\s<>\"'()]+|(?<![\w/])/[a-z]{2}/[^\s<>\"'()]+)"
)
SLUG = re.compile(r"^[-\w]+$")


# What a viewer sees -------------------------------------------------------------


def shown_to(user) -> Q:
    """Visible contributions, plus the viewer's own held or hidden ones."""
    shown = Q(status=Status.VISIBLE)
    if user is not None and user.is_authenticated:
        shown |= Q(status__in=(Status.HELD, Status.HIDDEN), author__user_id=user.pk)
    return shown


def categories_with_stats() -> list[ForumCategory]:
    """Every listed category (not the groups' discussions) with its visible
    topics, their visible replies and the last activity: one query."""
    visible = Q(topics__status=Status.VISIBLE)
    return list(
        ForumCategory.objects.filter(listed=True)
        .select_related("area")
        .annotate(
            topic_total=Count("topics", filter=visible),
            reply_total=Sum("topics__reply_count", filter=visible),
            last_activity=Max("topics__last_activity_at", filter=visible),
        )
        .order_by("order", "slug")
    )


def topics_for(category: ForumCategory, user):
    """A category's topics as ``user`` sees them: pinned first, then by activity."""
    return (
        Topic.objects.filter(category=category)
        .filter(shown_to(user))
        .select_related("author")
        .defer("body", "ip_hash")
        .order_by("-pinned", "-last_activity_at", "-pk")
    )


def posts_for(topic: Topic, user):
    return (
        Post.objects.filter(topic=topic)
        .filter(shown_to(user))
        .select_related("author")
        .defer("ip_hash")
        .order_by("created_at", "pk")
    )


def page_of_post(post: Post, user) -> int:
    """The page of the topic where ``post`` appears for ``user``."""
    before = (
        posts_for(post.topic, user)
        .filter(
            Q(created_at__lt=post.created_at)
            | Q(created_at=post.created_at, pk__lt=post.pk)
        )
        .count()
    )
    return before // PAGE_SIZE + 1


# Counters -----------------------------------------------------------------------


def recount(topic_id: int) -> None:
    """Visible replies and last activity of a topic, from its visible replies."""
    topic = Topic.objects.filter(pk=topic_id).only("pk", "created_at").first()
    if topic is None:
        return
    stats = (
        Post.objects.visible()
        .filter(topic_id=topic_id)
        .aggregate(n=Count("pk"), last=Max("created_at"))
    )
    last = max(filter(None, [topic.created_at, stats["last"]]))
    Topic.objects.filter(pk=topic_id).update(
        reply_count=stats["n"], last_activity_at=last
    )
    forget_forum()


# Linking project files ----------------------------------------------------------


def _site_hosts() -> set[str]:
    from wagtail.models import Site

    return {h.lower() for h in Site.objects.values_list("hostname", flat=True)}


def _candidates(text: str, hosts: set[str] | None) -> tuple[set[str], set[str]]:
    """(url paths, slugs) named in ``text``: URLs of our hosts (any host when
    ``hosts`` is None), paths, and bare slugs (one per line or word)."""
    paths: set[str] = set()
    slugs: set[str] = set()
    for token in re.split(r"[\s,]+", text or ""):
        token = token.strip().strip(".;:!?")
        if not token:
            continue
        if token.startswith(("http://", "https://", "/")):
            parts = urlsplit(token)
            host = (parts.hostname or "").lower()
            if parts.scheme and hosts is not None and host not in hosts:
                continue
            segments = [s for s in parts.path.split("/") if s]
            if len(segments) >= 2:
                paths.add("/" + "/".join(segments[1:]) + "/")
        elif SLUG.match(token) and len(token) <= 255:
            slugs.add(token.lower())
    return paths, slugs


def find_projects(field_text: str, body: str, hosts: set[str] | None = None):
    """Live project files named in the field (URLs or slugs) or in the text
    (URLs only), at most MAX_LINKED_PROJECTS; and the field's tokens that name none.
    """
    from project_pages.models import ProjectPage

    field_paths, field_slugs = _candidates(field_text, hosts)
    text_paths: set[str] = set()
    for match in URL_IN_TEXT.finditer(body or ""):
        found, _slugs = _candidates(match.group(0), hosts)
        text_paths |= found
    paths = list(field_paths | text_paths)[:100]
    slugs = list(field_slugs)[:100]
    if not paths and not slugs:
        return [], []
    query = Q(slug__in=slugs) if slugs else Q(pk__in=[])
    for path in paths:
        # Wagtail's url_path starts with the site root's slug: match its tail.
        query |= Q(url_path__endswith=path)
    pages = list(
        ProjectPage.objects.live()
        .public()
        .filter(query)
        .only("pk", "title", "slug", "url_path")[:MAX_LINKED_PROJECTS]
    )
    named = {p.slug for p in pages}
    matched_paths = {
        p for p in field_paths if any(pg.url_path.endswith(p) for pg in pages)
    }
    unknown = [s for s in field_slugs if s not in named] + [
        p for p in field_paths if p not in matched_paths
    ]
    return pages, unknown


def _is_address(token: str) -> bool:
    return token.lower().startswith(("http://", "https://", "/"))


def _published_at(path: str) -> bool:
    """A live, public project file at this site path (/ca/projectes/x/)?"""
    from project_pages.models import ProjectPage

    segments = [s for s in urlsplit(path).path.split("/") if s]
    if len(segments) < 2:
        return False
    tail = "/" + "/".join(segments[1:]) + "/"
    return ProjectPage.objects.live().public().filter(url_path__endswith=tail).exists()


def field_problems(field_text: str, hosts: set[str]) -> list[str]:
    """What is wrong with the lines of the "project files" field, one message per
    faulty line naming it: not an address, an address of another site, or no
    published project file there. Empty when every line names one. A bare slug
    of a published project file is still accepted (older topics used them)."""
    from django.utils.translation import gettext as _

    from project_pages.models import ProjectPage

    problems = []
    for line in (field_text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        tokens = [t.strip(".;:!?") for t in re.split(r"[\s,]+", line) if t.strip()]
        if not all(_is_address(t) for t in tokens):
            if len(tokens) == 1 and SLUG.match(tokens[0]) and len(tokens[0]) <= 255:
                found = (
                    ProjectPage.objects.live().public().filter(slug=tokens[0].lower())
                )
                if found.exists():
                    continue
            problems.append(
                _(
                    "“%(text)s” is not an address. Paste the address of a project "
                    "file of this site (copy it from the project file's page), one "
                    "a line."
                )
                % {"text": line[:120]}
            )
            continue
        for token in tokens:
            parts = urlsplit(token)
            host = (parts.hostname or "").lower()
            if parts.scheme and host not in hosts:
                problems.append(
                    _(
                        "“%(address)s” is not on this site: only project files of "
                        "this observatory can be linked."
                    )
                    % {"address": token[:200]}
                )
            elif not _published_at(token):
                problems.append(
                    _(
                        "No published project file at %(path)s. Check the address "
                        "(copy it from the project file's page) or remove it."
                    )
                    % {"path": (parts.path or token)[:200]}
                )
    return problems


def site_hosts(request) -> set[str]:
    hosts = _site_hosts()
    hosts.add(request.get_host().split(":")[0].lower())
    return hosts


# "Discussed in the forum" on project files --------------------------------------


def _version() -> str:
    version = cache.get(FORUM_VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        cache.set(FORUM_VERSION_KEY, version, timeout())
    return version


def forget_forum(**_kwargs) -> None:
    """A topic changed: the lists on project files are computed again (now and
    once the transaction commits, like comment threads)."""

    def bump() -> None:
        cache.set(FORUM_VERSION_KEY, uuid.uuid4().hex, timeout())

    bump()
    transaction.on_commit(bump)


def topics_mentioning(page_id: int) -> list[dict]:
    """The visible topics of listed categories that mention a project file,
    newest activity first: cached (no query once warm), one query otherwise.
    The same for every viewer, so never a group's discussions."""
    key = f"community:forum-mentions:{page_id}:{_version()}"
    value = versioned_cache().get(key)
    if value is None:
        value = list(
            Topic.objects.visible()
            .filter(projects=page_id, category__listed=True)
            .order_by("-last_activity_at", "-pk")
            .values("pk", "title", "reply_count", "last_activity_at")[:20]
        )
        versioned_cache().set(key, value, timeout())
    return value


# Signals ------------------------------------------------------------------------


def _post_changed(sender, instance: Post, **kwargs) -> None:
    recount(instance.topic_id)


def _moderated(sender, instance, **kwargs) -> None:
    if isinstance(instance, Post):
        recount(instance.topic_id)
    elif isinstance(instance, Topic):
        forget_forum()


def in_reader_language(projects) -> list:
    """Project files as the reader gets them: each one's live translation in the
    active language when it has one, else the file as it is (one query more)."""
    from wagtail.models import Locale

    from project_pages.models import ProjectPage

    projects = list(
        projects.only("pk", "title", "url_path", "translation_key", "locale")
    )
    locale = Locale.get_active()
    if not projects or all(p.locale_id == locale.pk for p in projects):
        return projects
    translated = {
        page.translation_key: page
        for page in ProjectPage.objects.live()
        .public()
        .filter(
            locale=locale, translation_key__in=[p.translation_key for p in projects]
        )
        .only("pk", "title", "url_path", "translation_key", "locale")
    }
    return [translated.get(p.translation_key, p) for p in projects]
