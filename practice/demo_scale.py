"""Communities of practice at the size of the seed's reference (e-Catalunya:
about 50 communities, 1,100 interest groups, 15,000 members; here 100,000
forum posts on top), for the benchmarks of issue 16 (docs/performance.md,
"Communities at the reference size"). ``load_demo_data --communities-at-scale``
calls it; ``--communities-at-scale 0.1`` builds a tenth of it.

Everything is written in sets of rows (``bulk_create``), never one save per
object: users with one password hash computed once (an unusable one: like the
other demo members, these accounts cannot sign in), their professional
profiles (visibility, administration, areas and words of expertise, for the
directory), the communities and groups with the forum category of each group's
discussions (``InterestGroup.forum_category``: ``listed=False``, slug
``group-<community>-<group>``), memberships (most groups 5–30 members, a few
hundreds; one to three coordinators; some requests and invitations) and forum
topics and replies in those categories, visible, spread over two years, with
``reply_count`` and ``last_activity_at`` as the forum's own counters would leave
them. No signal runs, so nothing of this reaches the forum's search index
(but a ``search_index rebuild`` would read them: until the group discussions
leave ``listed=False`` categories out of the forum, build at scale for
benchmarks only).

Deterministic for a seed. One transaction: an interrupted run leaves nothing,
and a second run finds the communities (by slug) and adds nothing.
"""

from __future__ import annotations

import datetime
import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from community import forum
from community.models import ForumCategory, Member, Post, Status, Topic
from community.models import Visibility as ProfileVisibility
from project_pages.models import Area, Entity

from .models import Community, InterestGroup, Membership, Role, State, Visibility

DATA = Path(__file__).resolve().parent / "demo_data" / "scale.json"
USERNAME_PREFIX = "escala-"
EMAIL_DOMAIN = "membres.observatori.example"
BATCH = 5000
# Two years: the dates of profiles, topics and replies.
SPAN_DAYS = 730

# progress(stage, rows done since the last call, rows of the stage)
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Scale:
    communities: int = 50
    groups: int = 1100
    members: int = 15_000
    posts: int = 100_000

    def times(self, factor: float) -> Scale:
        """``factor`` of this size, with at least one of everything (and enough
        members for the groups' minimum of five)."""
        communities = max(1, round(self.communities * factor))
        groups = max(communities, round(self.groups * factor))
        return Scale(
            communities=communities,
            groups=groups,
            members=max(40, round(self.members * factor)),
            posts=max(groups * 2, round(self.posts * factor)),
        )


REFERENCE = Scale()


@dataclass
class ScaleSummary:
    communities: int = 0
    groups: int = 0
    members: int = 0
    memberships: int = 0
    topics: int = 0
    replies: int = 0
    already_there: bool = False

    def __str__(self) -> str:
        if self.already_there:
            return "Communities at scale: already there, nothing added."
        return (
            f"Communities at scale: {self.communities} communities, {self.groups} "
            f"interest groups, {self.members} members, {self.memberships} "
            f"memberships, {self.topics} topics and {self.replies} replies "
            f"({self.topics + self.replies} posts)."
        )


def _words() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))


def community_slugs(words: dict, count: int) -> list[tuple[dict, dict, str]]:
    """(profession, territory, slug) of the first ``count`` communities: every
    profession in every territory, then the same again with a number."""
    out = []
    n = 0
    while len(out) < count:
        for territory in words["territories"]:
            for profession in words["professions"]:
                if len(out) == count:
                    break
                suffix = f"-{n + 1}" if n else ""
                slug = f"{profession['slug']}-{territory['slug']}{suffix}"
                out.append((profession, territory, slug))
        n += 1
    return out


def group_sizes(rng: random.Random, count: int) -> list[int]:
    """Members of each group: most 5–30, about one in twelve 31–150, one in
    fifty 200–800 (the largest group of a run of 50 or more has 800)."""
    sizes = []
    for _n in range(count):
        draw = rng.random()
        if draw < 0.02:
            sizes.append(rng.randint(200, 800))
        elif draw < 0.10:
            sizes.append(rng.randint(31, 150))
        else:
            sizes.append(min(30, 5 + int(rng.expovariate(1 / 8))))
    if count >= 50:
        sizes[0] = 800
    return sizes


def _split(rng: random.Random, total: int, parts: int, spread: int) -> list[int]:
    """``total`` shared among ``parts``, each about the mean ± ``spread``."""
    mean = total / parts
    raw = [max(1.0, mean + rng.uniform(-spread, spread)) for _n in range(parts)]
    scale = total / sum(raw)
    counts = [max(1, int(value * scale)) for value in raw]
    for n in range(total - sum(counts)):
        counts[n % parts] += 1
    while sum(counts) > total:
        biggest = counts.index(max(counts))
        counts[biggest] -= 1
    return counts


class Loader:
    def __init__(self, scale: Scale, seed: int, progress: Progress | None):
        self.scale = scale
        self.rng = random.Random(seed)  # noqa: S311 (demo data)
        self.words = _words()
        self.now = timezone.now()
        self.progress = progress or (lambda stage, done, total: None)
        self.summary = ScaleSummary()

    def ago(self, days: float) -> datetime.datetime:
        return self.now - datetime.timedelta(days=days)

    def random_date(self, after: datetime.datetime | None = None):
        start = after or self.ago(SPAN_DAYS)
        seconds = (self.now - start).total_seconds()
        return start + datetime.timedelta(seconds=self.rng.random() * seconds)

    # People ------------------------------------------------------------------

    def members(self) -> list[int]:
        """Users and their profiles; the member ids."""
        User = get_user_model()
        words, rng, total = self.words, self.rng, self.scale.members
        password = make_password(None)  # one hash for all: none of them signs in
        entities = list(Entity.objects.values_list("pk", flat=True).order_by("pk"))
        areas = list(Area.objects.values_list("code", flat=True))
        visibilities = [
            ProfileVisibility.MEMBERS,
            ProfileVisibility.PUBLIC,
            ProfileVisibility.HIDDEN,
        ]
        ids = []
        for start in range(0, total, BATCH):
            numbers = range(start, min(total, start + BATCH))
            users = User.objects.bulk_create(
                User(
                    username=f"{USERNAME_PREFIX}{n:05d}",
                    email=f"{USERNAME_PREFIX}{n:05d}@{EMAIL_DOMAIN}",
                    password=password,
                    date_joined=self.ago(rng.uniform(0, SPAN_DAYS)),
                )
                for n in numbers
            )
            if users[0].pk is None:  # a backend that does not return keys
                users = list(
                    User.objects.filter(
                        username__in=[u.username for u in users]
                    ).order_by("username")
                )
            members = Member.objects.bulk_create(
                Member(
                    user_id=user.pk,
                    display_name=" ".join(
                        (
                            rng.choice(words["first_names"]),
                            rng.choice(words["surnames"]),
                            rng.choice(words["surnames"]),
                        )
                    ),
                    entity_id=rng.choice(entities)
                    if entities and rng.random() < 0.9
                    else None,
                    role=rng.choice(words["roles"]),
                    expertise=", ".join(
                        rng.sample(words["expertise"], rng.randint(0, 3))
                    ),
                    language=rng.choices(["ca", "es", "en"], [70, 25, 5])[0],
                    verified=rng.random() < 0.4,
                    visibility=rng.choices(visibilities, [60, 30, 10])[0],
                    created_at=user.date_joined,
                )
                for user in users
            )
            if members[0].pk is None:
                members = list(
                    Member.objects.filter(user__in=users).order_by("user__username")
                )
            Through = Member.expertise_areas.through
            Through.objects.bulk_create(
                Through(member_id=member.pk, area_id=code)
                for member in members
                for code in rng.sample(areas, min(len(areas), rng.randint(0, 3)))
            )
            ids.extend(member.pk for member in members)
            self.progress("members", len(members), total)
        self.summary.members = len(ids)
        return ids

    # Communities and groups ---------------------------------------------------

    def communities(self) -> list[tuple[Community, list[dict]]]:
        words, rng = self.words, self.rng
        made = Community.objects.bulk_create(
            Community(
                slug=slug,
                name=f"{profession['ca']} · {territory['name']}",
                name_es=f"{profession['es']} · {territory['name']}",
                name_en=f"{profession['en']} · {territory['name']}",
                **{
                    field: words["community_description"][language].format(
                        profession=profession[language], territory=territory["name"]
                    )
                    for field, language in (
                        ("description", "ca"),
                        ("description_es", "es"),
                        ("description_en", "en"),
                    )
                },
                created_at=self.ago(SPAN_DAYS + rng.uniform(0, 60)),
            )
            for profession, territory, slug in community_slugs(
                words, self.scale.communities
            )
        )
        made = list(Community.objects.filter(slug__in=[c.slug for c in made]))
        made.sort(key=lambda c: c.slug)
        self.summary.communities = len(made)
        counts = _split(rng, self.scale.groups, len(made), spread=10)
        themes = words["themes"]
        plan = []
        for index, (community, count) in enumerate(zip(made, counts, strict=True)):
            picked = []
            for n in range(count):
                theme = themes[(n + index * 7) % len(themes)]
                round_ = n // len(themes)
                picked.append({"theme": theme, "round": round_})
            plan.append((community, picked))
        return plan

    def groups(self, plan) -> list[InterestGroup]:
        rng = self.rng
        words = self.words
        rows = []
        for community, picked in plan:
            for item in picked:
                theme, round_ = item["theme"], item["round"]
                number = f" ({round_ + 1})" if round_ else ""
                slug = theme["slug"] + (f"-{round_ + 1}" if round_ else "")
                rows.append(
                    InterestGroup(
                        community=community,
                        slug=slug,
                        name=theme["ca"] + number,
                        name_es=theme["es"] + number,
                        name_en=theme["en"] + number,
                        description=words["group_description"]["ca"].format(
                            theme=theme["ca"]
                        ),
                        description_es=words["group_description"]["es"].format(
                            theme=theme["es"]
                        ),
                        description_en=words["group_description"]["en"].format(
                            theme=theme["en"]
                        ),
                        visibility=rng.choices(
                            [Visibility.OPEN, Visibility.MODERATED, Visibility.PRIVATE],
                            [65, 25, 10],
                        )[0],
                        created_at=self.ago(rng.uniform(SPAN_DAYS, SPAN_DAYS + 30)),
                    )
                )
        categories = ForumCategory.objects.bulk_create(
            ForumCategory(
                slug=f"group-{group.community.slug}-{group.slug}",
                listed=False,
                order=1000,
            )
            for group in rows
        )
        if categories[0].pk is None:
            found = ForumCategory.objects.in_bulk(
                [c.slug for c in categories], field_name="slug"
            )
            categories = [found[c.slug] for c in categories]
        for group, category in zip(rows, categories, strict=True):
            group.forum_category = category
        InterestGroup.objects.bulk_create(rows)
        made = list(
            InterestGroup.objects.filter(
                community__in=[community for community, _picked in plan]
            )
            .select_related("community")
            .order_by("community__slug", "pk")
        )
        self.summary.groups = len(made)
        self.progress("groups", len(made), len(made))
        return made

    def memberships(self, groups, member_ids) -> dict[int, list[int]]:
        """Who is in each group (the ids of its members, coordinators first)."""
        rng = self.rng
        sizes = group_sizes(rng, len(groups))
        # Each community draws its members from a pool of people of that trade.
        pools: dict[int, list[int]] = {}
        biggest: dict[int, int] = {}
        for group, size in zip(groups, sizes, strict=True):
            biggest[group.community_id] = max(biggest.get(group.community_id, 0), size)
        for community_id, largest in biggest.items():
            pool = max(largest, len(member_ids) * 2 // max(1, len(biggest)))
            pools[community_id] = rng.sample(member_ids, min(pool, len(member_ids)))
        inside: dict[int, list[int]] = {}
        rows = []
        for group, size in zip(groups, sizes, strict=True):
            pool = pools[group.community_id]
            chosen = rng.sample(pool, min(size, len(pool)))
            coordinators = 1 if size < 30 else rng.randint(2, 3)
            inside[group.pk] = chosen
            since = group.created_at
            for n, member_id in enumerate(chosen):
                rows.append(
                    Membership(
                        group_id=group.pk,
                        member_id=member_id,
                        role=Role.COORDINATOR if n < coordinators else Role.MEMBER,
                        created_at=since if n < coordinators else self.random_date(),
                    )
                )
            taken = set(chosen)
            outside = [m for m in rng.sample(pool, min(len(pool), 8)) if m not in taken]
            if group.visibility == Visibility.MODERATED:
                waiting = outside[: rng.randint(0, 3)]
                state, invited_by = State.REQUESTED, None
            elif group.visibility == Visibility.PRIVATE:
                waiting = outside[: rng.randint(0, 2)]
                state, invited_by = State.INVITED, chosen[0]
            else:
                waiting = []
            for member_id in waiting:
                rows.append(
                    Membership(
                        group_id=group.pk,
                        member_id=member_id,
                        state=state,
                        invited_by_id=invited_by,
                        created_at=self.random_date(self.ago(30)),
                    )
                )
        for start in range(0, len(rows), BATCH):
            chunk = rows[start : start + BATCH]
            Membership.objects.bulk_create(chunk)
            self.progress("memberships", len(chunk), len(rows))
        self.summary.memberships = len(rows)
        return inside

    # Discussions ---------------------------------------------------------------

    def topics(self, groups, inside) -> list[tuple[int, datetime.datetime, list[int]]]:
        """One topic for every eight posts, in each group's category, shared in
        proportion to the groups' sizes (at least one each)."""
        rng, words = self.rng, self.words
        total = max(len(groups), self.scale.posts // 8)
        weights = [len(inside[group.pk]) for group in groups]
        per_group = [1] * len(groups)
        for index in rng.choices(range(len(groups)), weights, k=total - len(groups)):
            per_group[index] += 1
        rows = []
        for group, count in zip(groups, per_group, strict=True):
            people = inside[group.pk]
            for _n in range(count):
                language = "es" if rng.random() < 0.2 else "ca"
                title = rng.choice(words["titles"][language]).format(
                    theme=group.name if language == "ca" else group.name_es
                )
                created = self.random_date()
                rows.append(
                    Topic(
                        category_id=group.forum_category_id,
                        author_id=rng.choice(people),
                        title=title[:200],
                        body=self.body(language),
                        status=Status.VISIBLE,
                        created_at=created,
                        last_activity_at=created,
                    )
                )
        made = []
        for start in range(0, len(rows), BATCH):
            chunk = Topic.objects.bulk_create(rows[start : start + BATCH])
            made.extend(chunk)
            self.progress("topics", len(chunk), len(rows))
        if made and made[0].pk is None:
            made = list(
                Topic.objects.filter(
                    category_id__in=[g.forum_category_id for g in groups]
                ).order_by("pk")
            )
        self.summary.topics = len(made)
        people_of = {g.forum_category_id: inside[g.pk] for g in groups}
        return [(t.pk, t.created_at, people_of[t.category_id]) for t in made]

    def body(self, language: str) -> str:
        sentences = self.words["sentences"][language]
        return " ".join(self.rng.sample(sentences, self.rng.randint(1, 3)))

    def replies(self, topics) -> None:
        """The other posts, as replies to the topics (busy topics get more),
        each after its topic's opening; then each topic's counter and last
        activity, as saving the replies one by one would have left them."""
        rng = self.rng
        total = max(0, self.scale.posts - len(topics))
        weights = [rng.paretovariate(1.5) for _topic in topics]
        chosen = rng.choices(range(len(topics)), weights, k=total)
        counts = [0] * len(topics)
        latest: list[datetime.datetime] = [created for _pk, created, _p in topics]
        rows = []
        done = 0
        for index in chosen:
            pk, created, people = topics[index]
            when = self.random_date(created)
            counts[index] += 1
            latest[index] = max(latest[index], when)
            rows.append(
                Post(
                    topic_id=pk,
                    author_id=rng.choice(people),
                    body=self.body("es" if rng.random() < 0.2 else "ca"),
                    status=Status.VISIBLE,
                    created_at=when,
                )
            )
            if len(rows) == BATCH:
                Post.objects.bulk_create(rows)
                done += len(rows)
                self.progress("replies", len(rows), total)
                rows = []
        if rows:
            Post.objects.bulk_create(rows)
            self.progress("replies", len(rows), total)
        updated = [
            Topic(pk=pk, reply_count=counts[n], last_activity_at=latest[n])
            for n, (pk, _created, _people) in enumerate(topics)
        ]
        Topic.objects.bulk_update(
            updated, ["reply_count", "last_activity_at"], batch_size=BATCH
        )
        self.summary.replies = total


@transaction.atomic
def load(
    scale: Scale = REFERENCE, *, seed: int = 1, progress: Progress | None = None
) -> ScaleSummary:
    """Build the communities at ``scale`` unless they are there already."""
    loader = Loader(scale, seed, progress)
    slugs = [slug for _p, _t, slug in community_slugs(loader.words, 1)]
    if Community.objects.filter(slug__in=slugs).exists():
        return ScaleSummary(already_there=True)
    member_ids = loader.members()
    plan = loader.communities()
    groups = loader.groups(plan)
    inside = loader.memberships(groups, member_ids)
    topics = loader.topics(groups, inside)
    loader.replies(topics)
    forum.forget_forum()
    _analyze()
    return loader.summary


def _analyze() -> None:
    """Fresh planner statistics on PostgreSQL: tables that grew a hundredfold
    in a minute would otherwise be planned as the near-empty tables they were
    (load_gazetteer does the same)."""
    if connection.vendor != "postgresql":
        return
    User = get_user_model()
    models = (User, Member, Member.expertise_areas.through, Community)
    models += (InterestGroup, Membership, ForumCategory, Topic, Post)
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f'ANALYZE "{model._meta.db_table}"')
