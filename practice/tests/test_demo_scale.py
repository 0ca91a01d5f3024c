"""The communities at the reference size (``load_demo_data
--communities-at-scale``), built here at a fiftieth of it: every group has its
discussions' category, the posts sit in them with the forum's counters right,
the people have directory profiles, and a second run adds nothing."""

import datetime
import io
import random

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, F, Max, Q
from django.utils import timezone

from community.models import Member, Post, Status, Topic
from practice import demo_scale
from practice.models import Community, InterestGroup, Membership, Role, State
from project_pages.factories import EntityFactory

pytestmark = pytest.mark.django_db

SMALL = demo_scale.REFERENCE.times(0.02)


@pytest.fixture
def loaded():
    EntityFactory.create_batch(6)
    stages = {}

    def progress(stage, done, total):
        stages.setdefault(stage, [0, total])[0] += done

    summary = demo_scale.load(SMALL, seed=3, progress=progress)
    return summary, stages


def test_the_reference_is_the_seeds_size_and_a_fraction_keeps_its_shape():
    assert demo_scale.Scale(50, 1100, 15_000, 100_000) == demo_scale.REFERENCE
    assert demo_scale.Scale(1, 22, 300, 2000) == SMALL
    assert demo_scale.REFERENCE.times(0.1) == demo_scale.Scale(5, 110, 1500, 10_000)


def test_groups_are_mostly_small_with_a_few_large_ones():
    sizes = demo_scale.group_sizes(random.Random(1), 1100)
    small = [size for size in sizes if 5 <= size <= 30]
    assert len(small) / len(sizes) > 0.85
    assert min(sizes) >= 5
    assert max(sizes) == 800
    assert 5 <= len([size for size in sizes if size >= 200]) <= 60


def test_everything_is_built_at_the_asked_size_with_progress(loaded):
    summary, stages = loaded
    assert Community.objects.count() == SMALL.communities
    assert InterestGroup.objects.count() == SMALL.groups
    people = Member.objects.filter(user__username__startswith="escala-")
    assert people.count() == SMALL.members
    assert Topic.objects.count() + Post.objects.count() == SMALL.posts
    assert summary.topics + summary.replies == SMALL.posts
    assert str(summary).startswith("Communities at scale: 1 communities, 22 interest")
    # Every stage reported, each up to its own total.
    for stage in ("members", "groups", "memberships", "topics", "replies"):
        done, total = stages[stage]
        assert done == total > 0, stage


def test_each_group_discusses_in_a_category_of_its_own_outside_the_forum(loaded):
    for group in InterestGroup.objects.select_related("community", "forum_category"):
        category = group.forum_category
        assert category is not None, group
        assert category.slug == f"group-{group.community.slug}-{group.slug}"
        assert category.listed is False
        assert category.topics.exists(), group
    # Nothing lands in the public forum's categories.
    assert not Topic.objects.filter(category__listed=True).exists()


def test_topics_and_replies_are_visible_dated_and_counted(loaded):
    now = timezone.now()
    two_years = now - datetime.timedelta(days=demo_scale.SPAN_DAYS + 1)
    assert not Topic.objects.exclude(status=Status.VISIBLE).exists()
    assert not Post.objects.exclude(status=Status.VISIBLE).exists()
    topics = Topic.objects.annotate(
        replies=Count("posts", filter=Q(posts__status=Status.VISIBLE)),
        latest=Max("posts__created_at"),
    )
    for topic in topics:
        assert topic.reply_count == topic.replies
        assert topic.last_activity_at == (topic.latest or topic.created_at)
        assert two_years <= topic.created_at <= topic.last_activity_at <= now
    assert not Post.objects.filter(created_at__lt=two_years).exists()
    assert not Post.objects.filter(created_at__lt=F("topic__created_at")).exists()
    # Dates are spread: both years have posts.
    one_year = now - datetime.timedelta(days=365)
    assert Post.objects.filter(created_at__lt=one_year).exists()
    assert Post.objects.filter(created_at__gte=one_year).exists()


def test_authors_are_members_of_the_group_they_write_in(loaded):
    for group in InterestGroup.objects.all()[:10]:
        inside = set(group.members().values_list("member_id", flat=True))
        authors = set(
            Topic.objects.filter(category=group.forum_category_id).values_list(
                "author_id", flat=True
            )
        ) | set(
            Post.objects.filter(topic__category=group.forum_category_id).values_list(
                "author_id", flat=True
            )
        )
        assert authors <= inside, group


def test_groups_have_coordinators_members_and_waiting_people(loaded):
    for group in InterestGroup.objects.annotate(
        size=Count("memberships", filter=Q(memberships__state=State.MEMBER))
    ):
        assert group.size >= 5, group
        assert group.coordinators().exists(), group
    states = set(Membership.objects.values_list("state", flat=True))
    roles = set(Membership.objects.values_list("role", flat=True))
    assert {State.MEMBER} <= states
    assert roles == {Role.MEMBER, Role.COORDINATOR}


def test_profiles_feed_the_directory(loaded):
    people = Member.objects.filter(user__username__startswith="escala-")
    assert set(people.values_list("visibility", flat=True)) == {
        "members",
        "public",
        "hidden",
    }
    assert people.filter(entity__isnull=False).count() > SMALL.members * 0.8
    assert people.filter(expertise_areas__isnull=False).distinct().count() > 100
    assert people.exclude(expertise="").count() > 100
    # One hash computed once, and an unusable one: these accounts never sign in.
    first = people.select_related("user").first().user
    assert not first.has_usable_password()
    assert people.values("user__password").distinct().count() == 1


def test_a_second_run_adds_nothing(loaded):
    before = (Member.objects.count(), Topic.objects.count(), Post.objects.count())
    again = demo_scale.load(SMALL, seed=3)
    assert again.already_there
    assert "already there" in str(again)
    after = (Member.objects.count(), Topic.objects.count(), Post.objects.count())
    assert after == before


def test_the_option_refuses_a_size_it_cannot_build():
    for bad in ("0", "-1", "11"):
        with pytest.raises(CommandError, match="--communities-at-scale"):
            call_command(
                "load_demo_data",
                "--no-progress",
                "--communities-at-scale",
                bad,
                stdout=io.StringIO(),
            )


def test_load_demo_data_builds_them_behind_its_option():
    out = io.StringIO()
    call_command(
        "load_demo_data",
        "--no-progress",
        "--communities-at-scale",
        "0.01",
        count=0,
        stdout=out,
    )
    assert "Communities at scale: 1 communities, 11 interest groups" in out.getvalue()
    # The small demo's two communities, and one at a hundredth of the reference.
    assert Community.objects.count() == 3
    # Every group has its discussions; the 11 built at scale have theirs named
    # after their community and group.
    assert InterestGroup.objects.filter(forum_category__listed=False).count() == 16
    assert (
        InterestGroup.objects.filter(forum_category__slug__startswith="group-").count()
        == 11
    )
