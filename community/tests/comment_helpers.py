"""Small builders shared by the comment and policy tests (in community.factories)."""

from community.factories import ago, make_comment, make_member

__all__ = ["ago", "make_comment", "make_member"]
