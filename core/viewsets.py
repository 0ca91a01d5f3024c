"""The admin listings moderators work through, written once.

- ``ModeratorViewSet``: a Wagtail ``ModelViewSet`` only moderators see in the
  menu, searched in the database (these models are not in a search index), never
  copied.
- ``ReadOnlyViewSet``: a list and an inspect page, nothing else: records the site
  writes itself (a log, members' registrations, messages set aside).
- ``RequestViewSet``: what visitors send and editors then process in the admin
  (contact, visit and stop requests), newest first: what was sent is shown read
  only, the status and the editors' own fields are edited.

Each app still registers a ``ModeratorPermissionPolicy`` for its models
(core/permissions.py), which decides what moderators may do on them.
"""

from __future__ import annotations

from django.utils.functional import cached_property
from wagtail.admin.views.generic.models import InspectView
from wagtail.admin.viewsets.model import ModelViewSet

from core.permissions import ModeratorMenuItem


class BlankInspectView(InspectView):
    """An empty field reads "—" in every language, not Python's "None"."""

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        return "—" if value is None or value == "" else value


class ModeratorViewSet(ModelViewSet):
    """A model's admin listing for moderators only."""

    copy_view_enabled = False
    search_backend_name = None
    inspect_view_class = BlankInspectView

    @cached_property
    def menu_item_class(self):
        return ModeratorMenuItem


class ReadOnlyViewSet(ModeratorViewSet):
    """A list and an inspect page only: there is no form to add, edit or delete
    (Wagtail still asks for ``form_fields``; set any field)."""

    inspect_view_enabled = True
    read_only_views = frozenset({"index", "index_results", "inspect"})

    def get_urlpatterns(self):
        return [
            pattern
            for pattern in super().get_urlpatterns()
            if pattern.name in self.read_only_views
        ]


class RequestViewSet(ModeratorViewSet):
    """Requests sent from the public site, processed by editors in the admin."""

    ordering = ["-created_at"]
