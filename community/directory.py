"""The members' directory ("find the peer who did it"): who may be listed, and
the filters of its GET form. The view (views_members.directory) stays thin."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from core.caching import timeout, versioned_cache
from core.page_cache import public_version
from project_pages.models import Area, Entity
from project_pages.vocabularies import SIZE_LIMITS, SizeBand

from .models import Member, MemberProject, MemberStatus, Visibility


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


@dataclass(frozen=True)
class Person:
    """One member who declared a project file, as "People who worked on this"
    shows them (kept in the cache: plain values, no model instances)."""

    pk: int
    user_id: int
    display_name: str
    entity_name: str
    project_role: str
    project_confirmed: bool
    visibility: str
    banned: bool


def _declared(translation_key) -> list[Person]:
    """Everyone who declared the file in any of its languages, first claim first
    (one query), whatever their visibility: the viewer's filter comes after."""
    people, seen = [], set()
    links = (
        MemberProject.objects.filter(page__translation_key=translation_key)
        .select_related("member__entity")
        .order_by("created_at", "pk")
    )
    for link in links:
        member = link.member
        if member.pk in seen:
            continue
        seen.add(member.pk)
        people.append(
            Person(
                pk=member.pk,
                user_id=member.user_id,
                display_name=member.display_name,
                entity_name=member.entity.name if member.entity_id else "",
                project_role=link.role,
                project_confirmed=link.confirmed,
                visibility=member.visibility,
                banned=member.status == MemberStatus.BANNED,
            )
        )
    return people


def project_people(page, user) -> list[Person]:
    """Members who declared ``page`` (in any of its languages: a claim on the
    Catalan file shows on its Spanish translation) and whom ``user`` may see
    (``Member.objects.visible_to``'s rule), with their role in it.

    The declarations of a file are kept per public content version (any saved
    member, claim or entity replaces it, core/page_cache.py): a project page
    costs no query for them once a viewer has asked."""
    key = f"observatory:people:{public_version()}:{page.translation_key}"
    store = versioned_cache()
    declared = store.get(key)
    if declared is None:
        declared = _declared(page.translation_key)
        store.set(key, declared, timeout())
    signed_in = user is not None and user.is_authenticated
    shown = {Visibility.PUBLIC} | ({Visibility.MEMBERS} if signed_in else set())
    return [
        person
        for person in declared
        if (person.visibility in shown and not person.banned)
        or (signed_in and person.user_id == user.pk)
    ]
