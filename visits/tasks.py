"""Background work of the caravan: its emails leave from the worker, once."""

from django_tasks import task

from core.once import once_per_task


@task(takes_context=True)
def send_registration_task(context, registration_pk: int) -> int:
    """The place (or waiting-list) confirmation of a registration."""
    from .mail import send_registration

    return once_per_task(context, lambda: send_registration(registration_pk))


@task(takes_context=True)
def send_promoted_task(context, registration_pk: int) -> int:
    """A member moved up from the waiting list is told."""
    from .mail import send_promoted

    return once_per_task(context, lambda: send_promoted(registration_pk))


@task(takes_context=True)
def send_request_answer_task(context, request_pk: int) -> int:
    """The editors' answer to a stop request."""
    from .mail import send_request_answer
    from .models import StopRequest

    request_obj = StopRequest.objects.filter(pk=request_pk).first()
    if request_obj is None:
        return 0
    return once_per_task(context, lambda: send_request_answer(request_obj))
