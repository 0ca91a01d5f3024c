"""Members' accounts: django-allauth hooks (every account gets a ``Member``
profile, emails go out in the member's language) and the erasure of an account."""

from urllib.parse import urlencode

from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.dispatch import Signal
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme

# allauth's "Successfully signed in as …" / "You have signed out." would wait in
# the session until the next page that shows messages and then read as stale
# news; the header already says who is signed in.
SILENCED_MESSAGES = {
    "account/messages/logged_in.txt",
    "account/messages/logged_out.txt",
}
# allauth's "You have confirmed …", tagged so that the sign-in page it may lead
# to (someone who confirmed in another browser) says to sign in, not to sign up
# (templates/account/login.html).
CONFIRMED_MESSAGE = "account/messages/email_confirmed.txt"
CONFIRMED_TAG = "email-confirmed"
# Longer than any page address of the site; a longer ``next`` is not kept.
MAX_NEXT_LENGTH = 1000


def local_path(url: str | None) -> str | None:
    """``url`` if it is a path on this site ("/ca/comunitats/…/"), else None:
    never another host, scheme or "//host", nothing with spaces or control
    characters, nothing absurdly long."""
    if not url or len(url) > MAX_NEXT_LENGTH or not url.startswith("/"):
        return None
    if any(char.isspace() or not char.isprintable() for char in url):
        return None
    if not url_has_allowed_host_and_scheme(url, allowed_hosts=set()):
        return None
    return url


def requested_next(request) -> str | None:
    """The ``next`` a form was posted with (sign-up, sign-in), if it is a path on
    this site."""
    if request is None:
        return None
    return local_path(request.POST.get("next") or request.GET.get("next"))


def home_url() -> str:
    """The home page in the active language: /ca/, /es/, /en/."""
    try:
        return reverse("wagtail_serve", args=("",))
    except NoReverseMatch:
        return "/"


def member_language(email: str) -> str | None:
    """The preferred language of the member behind an address, if there is one."""
    from .models import Member

    member = (
        Member.objects.filter(
            Q(user__email__iexact=email) | Q(user__emailaddress__email__iexact=email)
        )
        .only("language")
        .first()
    )
    return member.language if member else None


def public_links(context: dict) -> dict:
    """``context`` with the URLs allauth built on the request's host rebased on
    the site's address, and that address as ``site_url``."""
    from allauth.core import context as allauth_context

    from core.base_url import site_root_url

    request = allauth_context.request
    site_url = site_root_url(request)
    rebased = {**context, "site_url": site_url}
    if request is None:
        return rebased
    request_root = request.build_absolute_uri("/")
    for key, value in context.items():
        if isinstance(value, str) and value.startswith(request_root):
            rebased[key] = site_url + "/" + value.removeprefix(request_root)
    return rebased


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            from .models import Member

            language = translation.get_language() or "ca"
            Member.objects.get_or_create(
                user=user,
                defaults={
                    "display_name": (form.cleaned_data.get("display_name") or "")
                    or user.email.split("@")[0],
                    "language": language[:2],
                },
            )
        return user

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """A member gets our emails in the language they chose, whatever the
        language of the page that triggered them (someone asking for a password
        reset from /es/ for a Catalan-speaking member's address).

        Their links start with the site's address (``site_url``), not with the
        host the request named (allauth builds them from the request)."""
        language = member_language(email) or translation.get_language()
        with translation.override(language):
            super().send_mail(template_prefix, email, public_links(context))

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        """The emailed link carries where the person was going when they signed
        up (``?next=``, a path on this site only): confirmed in another browser,
        it still leads there once they sign in (community/views_accounts.py)."""
        url = super().get_email_confirmation_url(request, emailconfirmation)
        next_url = requested_next(request)
        if next_url:
            url += "?" + urlencode({"next": next_url})
        return url

    def get_login_redirect_url(self, request) -> str:
        """Home in the language the member was reading (settings say "/", which
        would send them to the browser's language instead)."""
        return home_url()

    def get_logout_redirect_url(self, request) -> str:
        return home_url()

    def get_signup_redirect_url(self, request) -> str:
        """A new member lands on their profile, to say where they work."""
        return reverse("community:profile_edit")

    def add_message(
        self,
        request,
        level,
        message_template=None,
        message_context=None,
        extra_tags="",
        message=None,
    ):
        if message_template in SILENCED_MESSAGES:
            return
        if message_template == CONFIRMED_MESSAGE:
            extra_tags = f"{extra_tags} {CONFIRMED_TAG}".strip()
        super().add_message(
            request,
            level,
            message_template=message_template,
            message_context=message_context,
            extra_tags=extra_tags,
            message=message,
        )


# Sent (``member``) inside ``delete_account`` just before the member's profile is
# deleted, so that other apps let go of what the member holds (the caravan gives
# a place to the first on the waiting list) without this app knowing them.
member_deleting = Signal()


@transaction.atomic
def delete_account(user) -> None:
    """Erase a member's account and personal data, keep what they wrote.

    Comments, topics and replies stay in their threads with ``author`` NULL (the
    foreign key's ``SET_NULL``), shown as "deleted member"; the keyed hashes of the
    IP addresses they posted from go. Contact and visit requests keep what the
    project team needs to follow up a visit, without the sender's name, email or
    (for contact requests, already relayed by email) message. Reports the member
    made stay, anonymous, so that hidden content stays hidden. Follows,
    notifications, email addresses and the profile (with its professional side:
    visibility, areas, expertise, the project files the member said they worked
    on) are deleted with the user; messages others wrote to the member through
    "Write to" keep the sender's data, without the recipient.
    See docs/data-protection.md, "Community".
    """
    from .models import Comment, ContactRequest, Member, Post, Topic, VisitRequest

    member = Member.objects.filter(user=user).first()
    sent_by_them = Q(email__iexact=user.email) if user.email else Q(pk__in=[])
    if member is not None:
        for model in (Comment, Topic, Post):
            model.objects.filter(author=member).update(ip_hash="")
        sent_by_them |= Q(member=member)
    ContactRequest.objects.filter(sent_by_them).update(
        member=None, name="", email="", message="", ip_hash=""
    )
    VisitRequest.objects.filter(sent_by_them).update(
        member=None, name="", email="", ip_hash=""
    )
    if member is not None:
        member_deleting.send(sender=Member, member=member)
        member.delete()
    get_user_model().objects.filter(pk=user.pk).delete()


def user_display(user) -> str:
    """How allauth names a user on its pages: the member's display name, never the
    generated user name or the email address."""
    member = getattr(user, "member", None)
    return member.display_name if member else ""
