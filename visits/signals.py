"""Every signal receiver of the caravan, connected when the app is ready
(``VisitsConfig.ready``): a member leaving gives up their places, and a member's
data export lists their registrations."""

from community.accounts import member_deleting
from community.data_export import member_data_requested

from .models import Registration, RegistrationStatus
from .registrations import cancel


def _when(value):
    return value.isoformat() if value else None


def _member_deleting(sender, member, **kwargs) -> None:
    """A place held in a caravan stop goes to the first on its waiting list."""
    for registration in (
        Registration.objects.filter(member=member)
        .exclude(status=RegistrationStatus.CANCELLED)
        .select_related("stop")
    ):
        cancel(registration.stop, member)


def _member_data(sender, member, data, **kwargs) -> None:
    for registration in (
        Registration.objects.filter(member=member).select_related("stop").order_by("pk")
    ):
        data["caravan_registrations"].append(
            {
                "stop": registration.stop.title,
                "starts": _when(registration.stop.starts_at),
                "status": registration.status,
                "registered": _when(registration.created_at),
                "reminded": _when(registration.reminded_at),
            }
        )


def connect() -> None:
    member_deleting.connect(_member_deleting, dispatch_uid="visits-member-deleting")
    member_data_requested.connect(_member_data, dispatch_uid="visits-member-data")
