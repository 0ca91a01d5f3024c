"""The caravan in the Wagtail admin: stop requests (status, notes, reply) and the
registrations of each stop. Stops themselves are pages (the page tree)."""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.admin.views.generic import EditView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.permissions import register_permission_policy

from core.permissions import ModeratorPermissionPolicy
from core.viewsets import ReadOnlyViewSet, RequestViewSet

from .models import Registration, RegistrationStatus, RequestStatus, StopRequest

register_permission_policy(
    StopRequest, ModeratorPermissionPolicy(StopRequest, {"change", "delete"})
)
register_permission_policy(
    Registration, ModeratorPermissionPolicy(Registration, {"view"})
)


class StopRequestEditView(EditView):
    """A new or changed reply is emailed to the contact person once saved."""

    def save_instance(self):
        before = (
            StopRequest.objects.filter(pk=self.object.pk)
            .values_list("answer", flat=True)
            .first()
        )
        instance = super().save_instance()
        if instance.answer.strip() and instance.answer != before:
            from django.db import transaction

            from .tasks import send_request_answer_task

            transaction.on_commit(lambda: send_request_answer_task.enqueue(instance.pk))
            StopRequest.objects.filter(pk=instance.pk).update(
                answered_at=timezone.now()
            )
        return instance


class StopRequestFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        choices=RequestStatus.choices, label=_("Status")
    )

    class Meta:
        model = StopRequest
        fields = ["status"]


class StopRequestViewSet(RequestViewSet):
    model = StopRequest
    name = "visits_requests"
    url_prefix = "caravan/requests"
    icon = "calendar"
    menu_label = _("Stop requests")
    edit_view_class = StopRequestEditView
    list_display = ["organisation", "project", "proposed_dates", "status", "created_at"]
    filterset_class = StopRequestFilterSet
    search_fields = ["organisation", "project", "name", "email"]
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("organisation", read_only=True),
                    FieldPanel("project", read_only=True),
                    FieldPanel("proposed_dates", read_only=True),
                    FieldPanel("name", read_only=True),
                    FieldPanel("email", read_only=True),
                    FieldPanel("phone", read_only=True),
                    FieldPanel("message", read_only=True),
                    FieldPanel("created_at", read_only=True),
                ],
                heading=_("The request"),
            ),
            FieldPanel("status"),
            FieldPanel("notes"),
            FieldPanel("answer"),
            FieldPanel("answered_at", read_only=True),
            FieldPanel("stop"),
        ]
    )


class RegistrationFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        choices=RegistrationStatus.choices, label=_("Status")
    )

    class Meta:
        model = Registration
        fields = ["stop", "status"]


class RegistrationViewSet(ReadOnlyViewSet):
    """Who comes to each stop (read only: members register and cancel themselves)."""

    model = Registration
    name = "visits_registrations"
    url_prefix = "caravan/registrations"
    icon = "group"
    menu_label = _("Registrations")
    list_display = ["stop", "member", "status", "created_at", "reminded_at"]
    filterset_class = RegistrationFilterSet
    form_fields = ["status"]
    ordering = ["stop", "created_at"]

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            queryset=Registration.objects.select_related("stop", "member"), **kwargs
        )


class CaravanMenuGroup(ViewSetGroup):
    menu_label = _("Caravan")
    menu_icon = "calendar"
    menu_order = 245
    items = (StopRequestViewSet, RegistrationViewSet)


@hooks.register("register_admin_viewset")
def register_caravan_admin():
    return CaravanMenuGroup()
