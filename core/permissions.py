"""Who moderates: the ``core.moderate_community`` permission (granted to
Wagtail's Moderators and Editors groups by core's first migration; superusers
have every permission). Moderators work the community's queue and requests, the
caravan's requests and the submissions; everything here asks ``is_moderator``.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.permission_policies.base import BasePermissionPolicy

APP_LABEL = "core"
CODENAME = "moderate_community"
PERMISSION = f"{APP_LABEL}.{CODENAME}"


def is_moderator(user) -> bool:
    """Active superusers and active accounts with the permission (through a group
    or their own); cached on the user object, so once per request (the admin
    menu asks once per item on every page)."""
    if not user or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_core_is_moderator", None)
    if cached is None:
        cached = (
            Permission.objects.filter(content_type__app_label=APP_LABEL)
            .filter(codename=CODENAME)
            .filter(Q(group__user=user) | Q(user=user))
            .exists()
        )
        user._core_is_moderator = cached
    return cached


def moderators():
    """The active accounts that may moderate (editors' fallback recipients, the
    people a submission can be assigned to)."""
    granted = {
        "permissions__content_type__app_label": APP_LABEL,
        "permissions__codename": CODENAME,
    }
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(is_superuser=True)
            | Q(**{f"groups__{key}": value for key, value in granted.items()})
            | Q(**{f"user_{key}": value for key, value in granted.items()})
        )
        .distinct()
    )


class ModeratorPermissionPolicy(BasePermissionPolicy):
    """Moderators may do ``actions`` on the model; nobody else anything."""

    def __init__(self, model, actions: set[str]):
        super().__init__(model)
        self.actions = frozenset(actions)

    def user_has_permission(self, user, action) -> bool:
        return action in self.actions and is_moderator(user)

    def user_has_any_permission(self, user, actions) -> bool:
        return bool(self.actions.intersection(actions)) and is_moderator(user)

    def users_with_any_permission(self, actions):
        if not self.actions.intersection(actions):
            return moderators().none()
        return moderators()


class ModeratorMenuItem(MenuItem):
    """An admin menu item only moderators see."""

    def is_shown(self, request):
        return is_moderator(request.user)


def moderator_required(view):
    """A real 403 page for admin users who are not moderators (Wagtail's own
    viewsets redirect them to the dashboard with a message instead)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not is_moderator(request.user):
            return TemplateResponse(
                request,
                "core/admin/moderators_only.html",
                {
                    "header_title": _("Moderators only"),
                    "page_title": _("Moderators only"),
                    "header_icon": "warning",
                },
                status=403,
            )
        return view(request, *args, **kwargs)

    return wrapped
