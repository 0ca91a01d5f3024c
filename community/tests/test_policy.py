"""The anti-abuse rules (community/policy.py), shared by comments and the forum."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from community import policy
from community.models import (
    Comment,
    ForumCategory,
    MemberStatus,
    ModerationAction,
    Post,
    Report,
    Status,
    Topic,
)
from community.tests.comment_helpers import ago, make_comment, make_member
from core.honeypot import POST_FIELD, honeypot_filled

pytestmark = pytest.mark.django_db


@pytest.fixture
def rules(settings):
    """Easy numbers; each test changes what it needs."""
    settings.COMMUNITY = {
        **settings.COMMUNITY,
        "SECONDS_BETWEEN_POSTS": 30,
        "SECONDS_BETWEEN_POSTS_NEW_MEMBER": 120,
        "POSTS_PER_DAY": 5,
        "POSTS_PER_DAY_NEW_MEMBER": 2,
        "POSTS_PER_DAY_PER_IP": 7,
        "NEW_MEMBER_DAYS": 7,
        "HOLD_FIRST_CONTRIBUTIONS": 0,
        "REPORTS_TO_HIDE": 3,
        "EDIT_MINUTES": 15,
    }
    return settings.COMMUNITY


@pytest.fixture(autouse=True)
def english():
    """Messages are checked in English unless a test picks a language."""
    with translation.override("en"):
        yield


@pytest.fixture
def page(site_pages):
    return site_pages["home"]["ca"]


def topic(author, when, ip=""):
    return Topic.objects.create(
        category=ForumCategory.objects.get(slug="general"),
        title="Un tema",
        body="Text",
        author=author,
        created_at=when,
        ip_hash=ip,
    )


def test_a_quiet_member_may_post_visible(rules, page):
    verdict = policy.may_post(make_member())
    assert verdict.allowed
    assert verdict.status == Status.VISIBLE
    assert not verdict.held


def test_banned_and_suspended_members_cannot_post(rules):
    banned = make_member(status=MemberStatus.BANNED)
    assert not policy.may_post(banned).allowed
    until = timezone.now() + timedelta(days=2)
    suspended = make_member(status=MemberStatus.SUSPENDED, suspended_until=until)
    verdict = policy.may_post(suspended)
    assert not verdict.allowed
    assert "suspended" in verdict.message
    assert verdict.retry_after > 86_000
    over = make_member(status=MemberStatus.SUSPENDED, suspended_until=ago(minutes=1))
    assert policy.may_post(over).allowed
    assert not policy.may_post(None).allowed


def test_seconds_between_posts_with_a_translated_wait(rules, page):
    member = make_member()
    make_comment(page, member, created_at=ago(seconds=10))
    verdict = policy.may_post(member)
    assert not verdict.allowed
    assert 19 <= verdict.retry_after <= 21
    assert "20 seconds" in verdict.message
    with translation.override("ca"):
        assert "20 segons" in policy.may_post(member).message
    with translation.override("es"):
        assert "20 segundos" in policy.may_post(member).message
    Comment.objects.update(created_at=ago(seconds=31))
    assert policy.may_post(member).allowed


def test_new_members_wait_longer(rules, page):
    old, new = make_member(days=60), make_member(days=2)
    for member in (old, new):
        make_comment(page, member, created_at=ago(seconds=60))
    assert policy.may_post(old).allowed
    verdict = policy.may_post(new)
    assert not verdict.allowed
    assert 59 <= verdict.retry_after <= 61


def test_daily_cap_counts_comments_topics_and_replies(rules, page):
    member = make_member()
    make_comment(page, member, created_at=ago(hours=23))
    make_comment(page, member, created_at=ago(hours=5))
    first = topic(member, ago(hours=4))
    Post.objects.create(topic=first, author=member, body="r", created_at=ago(hours=3))
    assert policy.may_post(member).allowed  # 4 of 5
    Post.objects.create(topic=first, author=member, body="r", created_at=ago(hours=2))
    verdict = policy.may_post(member)
    assert not verdict.allowed
    assert "5 posts a day" in verdict.message
    # The oldest one (23 hours ago) leaves the window in an hour.
    assert 3500 <= verdict.retry_after <= 3601
    assert "60 minutes" in verdict.message
    # Older than a day: not counted.
    Comment.objects.filter(created_at__lt=ago(hours=22)).update(
        created_at=ago(hours=25)
    )
    assert policy.may_post(member).allowed


def test_deleted_posts_still_count(rules, page):
    """Deleting and posting again does not get round the limits."""
    member = make_member(days=1)
    make_comment(page, member, created_at=ago(hours=3), status=Status.DELETED)
    make_comment(page, member, created_at=ago(hours=2), status=Status.DELETED)
    assert not policy.may_post(member).allowed  # new member: 2 a day


def test_per_ip_daily_cap(rules, page):
    members = [make_member() for _ in range(7)]
    for number, member in enumerate(members):
        make_comment(page, member, created_at=ago(hours=number + 1), ip_hash="abc")
    newcomer = make_member()
    verdict = policy.may_post(newcomer, "abc")
    assert not verdict.allowed
    assert "network" in verdict.message
    assert policy.may_post(newcomer, "other-address").allowed


def test_first_contributions_are_held_until_approved(rules, page):
    rules["HOLD_FIRST_CONTRIBUTIONS"] = 2
    member = make_member()
    assert policy.may_post(member).held
    make_comment(page, member, created_at=ago(days=3), status=Status.HELD)
    make_comment(page, member, created_at=ago(days=3), status=Status.HELD)
    make_comment(page, member, created_at=ago(days=3), status=Status.HELD)
    # Three held ones do not let a fourth through: two must be approved.
    assert policy.may_post(member).held
    Comment.objects.filter(author=member)[:1].get().delete()
    Comment.objects.filter(author=member).update(status=Status.VISIBLE)
    assert policy.may_post(member).status == Status.VISIBLE
    assert not policy.may_post(make_member(verified=True)).held


def test_honeypot(rules):
    assert honeypot_filled({POST_FIELD: "http://spam.example"})
    assert not honeypot_filled({POST_FIELD: ""})
    assert not honeypot_filled({})


def test_edit_window_and_ownership(rules, page):
    author, other = make_member(), make_member()
    comment = make_comment(page, author)
    assert policy.can_edit(author, comment)
    assert not policy.can_edit(other, comment)
    assert policy.can_delete(author, comment)
    assert not policy.can_delete(other, comment)
    comment.created_at = ago(minutes=16)
    assert not policy.can_edit(author, comment)
    assert policy.can_delete(author, comment)
    comment.status = Status.DELETED
    assert not policy.can_delete(author, comment)


def test_reports_hide_at_three_distinct_members(rules, page):
    author = make_member()
    comment = make_comment(page, author)
    reporters = [make_member() for _ in range(3)]
    assert policy.report(reporters[0], comment, "spam") == policy.ReportOutcome(
        created=True, hidden=False
    )
    # The same member again: nothing changes.
    assert not policy.report(reporters[0], comment, "spam!").created
    assert policy.report(reporters[1], comment).created
    comment.refresh_from_db()
    assert (comment.report_count, comment.status) == (2, Status.VISIBLE)
    assert not ModerationAction.objects.exists()

    outcome = policy.report(reporters[2], comment, "ofensiu")
    assert outcome.hidden
    comment.refresh_from_db()
    assert (comment.report_count, comment.status) == (3, Status.HIDDEN)
    assert Report.objects.filter(object_id=comment.pk).count() == 3
    action = ModerationAction.objects.get()
    assert action.kind == ModerationAction.Kind.AUTO_HIDE
    assert action.moderator is None
    assert action.target == comment
    assert action.member == author
    # Hidden content cannot be reported any more.
    with pytest.raises(policy.ReportRefused):
        policy.report(make_member(), comment)


def test_reporting_your_own_content_is_refused(rules, page):
    author = make_member()
    comment = make_comment(page, author)
    with pytest.raises(policy.ReportRefused):
        policy.report(author, comment)
    assert not Report.objects.exists()


def test_reports_work_on_forum_content_too(rules):
    author = make_member()
    item = topic(author, ago(hours=1))
    for _ in range(3):
        policy.report(make_member(), item, "spam")
    item.refresh_from_db()
    assert item.status == Status.HIDDEN


def test_durations_read_well():
    with translation.override("en"):
        assert policy.duration(1) == "1 second"
        assert policy.duration(90) == "90 seconds"
        assert policy.duration(150) == "3 minutes"
        assert policy.duration(3 * 3600 + 1) == "4 hours"
