"""Template filters of the account pages (templates/account/)."""

from django import template

register = template.Library()


@register.filter
def has_message_tagged(messages, tag: str) -> bool:
    """Whether one of the page's messages carries ``tag`` (``extra_tags``); the
    messages stay to be shown below the heading."""
    return any(tag in message.tags.split() for message in messages or ())
