"""The members' directory ("find the peer who did it"): who may be listed, and
the filters of its GET form. The view (views_members.directory) stays thin."""

from __future__ import annotations

from django import forms
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from project_pages.models import Area, Entity
from project_pages.vocabularies import SIZE_LIMITS, SizeBand

from .models import Member, MemberProject


def population_range(band: str) -> tuple[int | None, int | None]:
    """[low, high) inhabitants of a size band, as project_pages.vocabularies
    defines the bands (the search page's "size" facet)."""
    low = None
    for limit, limit_band in SIZE_LIMITS:
        if limit_band == band:
            return low, limit
        low = limit
    return low, None


def regions(user) -> list[str]:
    """The counties or regions of the administrations of the members ``user``
    may see (a hidden member's region is not a clue either)."""
    # One probe per administration (index on member.entity) rather than a join
    # over every member: constant as the members grow (docs/performance.md).
    shown = Member.objects.visible_to(user).filter(entity=OuterRef("pk"))
    return list(
        Entity.objects.filter(Exists(shown))
        .exclude(region="")
        .values_list("region", flat=True)
        .distinct()
        .order_by("region")
    )


class DirectoryForm(forms.Form):
    """The directory's GET filters; every value is allow-listed, unknown ones
    are ignored with a message rather than an empty list."""

    q = forms.CharField(
        label=_("Name or role"), max_length=100, required=False, strip=True
    )
    area = forms.ModelChoiceField(
        label=_("Area of expertise"),
        queryset=Area.objects.all(),
        required=False,
        empty_label=_("Any area"),
    )
    expertise = forms.CharField(
        label=_("Expertise or technology"), max_length=100, required=False
    )
    size = forms.ChoiceField(
        label=_("Size of the administration"),
        choices=[("", _("Any size")), *SizeBand.choices],
        required=False,
    )
    region = forms.ChoiceField(label=_("County or region"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", _("Anywhere"))] + [
            (name, name) for name in regions(user)
        ]


def directory_members(user, filters: dict) -> QuerySet[Member]:
    """Members ``user`` may see, narrowed by the form's cleaned ``filters``, with
    what a directory card shows loaded in a constant number of queries."""
    members = Member.objects.visible_to(user).select_related("entity")
    text = filters.get("q")
    if text:
        members = members.filter(
            Q(display_name__icontains=text) | Q(role__icontains=text)
        )
    if filters.get("area"):
        members = members.filter(expertise_areas=filters["area"])
    if filters.get("expertise"):
        members = members.filter(expertise__icontains=filters["expertise"])
    if filters.get("size"):
        low, high = population_range(filters["size"])
        if low is not None:
            members = members.filter(entity__population__gte=low)
        if high is not None:
            members = members.filter(entity__population__lt=high)
    if filters.get("region"):
        members = members.filter(entity__region=filters["region"])
    return members.prefetch_related(
        "expertise_areas",
        Prefetch(
            "project_links",
            queryset=MemberProject.objects.filter(
                page__live=True, page__view_restrictions__isnull=True
            ).select_related("page"),
        ),
    ).order_by("display_name", "pk")


def project_people(page, user) -> list[Member]:
    """Members who declared ``page`` (in any of its languages: a claim on the
    Catalan file shows on its Spanish translation) and whom ``user`` may see,
    with their role in it (``project_role``), in the order they declared it."""
    links = (
        MemberProject.objects.filter(
            page__translation_key=page.translation_key,
            member__in=Member.objects.visible_to(user),
        )
        .select_related("member__entity")
        .order_by("created_at", "pk")
    )
    people = []
    seen = set()
    for link in links:
        if link.member_id in seen:
            continue
        seen.add(link.member_id)
        member = link.member
        member.project_role = link.role
        member.project_confirmed = link.confirmed
        people.append(member)
    return people
