"""The documents section of a group page (templates/practice/_group_documents.html)."""

from django import template

from practice import documents as rules
from practice.models import State
from practice.models_documents import GroupDocument

register = template.Library()


@register.simple_tag
def group_documents(group, own) -> dict:
    """For members: the group's documents, who may delete which, and the
    limits of the form; for everyone else only how many there are."""
    member = own is not None and own.state == State.MEMBER
    if not member:
        if not group.content_visible_to(own):
            return {"shown": False}
        return {"shown": True, "member": False, "count": group.documents.count()}
    documents = list(
        GroupDocument.objects.filter(group=group).select_related("uploaded_by")
    )
    for document in documents:
        document.deletable = own.is_coordinator or (
            document.uploaded_by_id == own.member_id
        )
    return {
        "shown": True,
        "member": True,
        "documents": documents,
        "count": len(documents),
        "types": rules.accepted_types(),
        "max_size": rules.MAX_SIZE,
        "accept": ",".join(f".{e}" for e in rules.accepted_types().split(", ")),
    }
