"""Factories of the caravan's pages and rows, for tests and the meta-test that every
page type has one. A stop, the kit and a registration need their parent: pass
``parent=`` (the caravan page) or ``stop=``."""

import datetime

import factory
import wagtail_factories
from django.utils import timezone
from factory.django import DjangoModelFactory

from community.factories import MemberFactory
from project_pages.factories import EntityFactory

from .models import (
    CaravanIndexPage,
    KitPage,
    Registration,
    RegistrationStatus,
    StopPage,
    StopRequest,
)


class CaravanIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CaravanIndexPage

    title = "Caravana de la innovació"
    intro = "El calendari de visites entre administracions."


class StopPageFactory(wagtail_factories.PageFactory):
    """An upcoming stop in ten days at 10:00 (the site's time, so that the agenda
    fits), three hours long, hosted by a new entity."""

    class Meta:
        model = StopPage

    title = factory.Sequence(lambda n: f"Visita a Manlleu {n}")
    starts_at = factory.LazyFunction(
        lambda: (
            timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0)
            + datetime.timedelta(days=10)
        )
    )
    ends_at = factory.LazyAttribute(
        lambda stop: stop.starts_at + datetime.timedelta(hours=3)
    )
    host = factory.SubFactory(EntityFactory)
    summary = "Com funciona la finestreta única digital."
    place_name = "Can Puget"
    address = "Plaça Fra Bernadí, 1, Manlleu"
    latitude = 42.0003
    longitude = 2.2842
    agenda = "10:00 Benvinguda\n10:30 Demostració"
    capacity = 25
    reporters = "Equip de l'Observatori"


class KitPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = KitPage

    title = "Kit per a amfitrions i relators"
    slug = factory.Sequence(lambda n: f"kit-{n}")
    intro = "Guies i plantilles per preparar una visita."
    items = factory.LazyFunction(
        lambda: [
            {
                "type": "link",
                "value": {
                    "kind": "document",
                    "title": "Guia per a amfitrions",
                    "url": "https://example.org/guia-amfitrions.pdf",
                },
            }
        ]
    )


class RegistrationFactory(DjangoModelFactory):
    class Meta:
        model = Registration

    member = factory.SubFactory(MemberFactory)
    status = RegistrationStatus.REGISTERED


class StopRequestFactory(DjangoModelFactory):
    class Meta:
        model = StopRequest

    organisation = "Ajuntament de Manlleu"
    project = "Finestreta única digital"
    proposed_dates = "12 o 14 de maig, matí"
    name = "Marta Vila"
    email = "marta@manlleu.example"
    message = "Podem acollir vint persones."
