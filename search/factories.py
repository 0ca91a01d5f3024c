"""Factories of the search app's own rows: the thesaurus editors maintain. The
search documents are built from pages (``documents.py``), never by hand."""

import factory
from factory.django import DjangoModelFactory

from .models import SynonymSet, ThesaurusTopic


class SynonymSetFactory(DjangoModelFactory):
    class Meta:
        model = SynonymSet

    terms = factory.Sequence(
        lambda n: f"OAC{n}\noficina d'atenció ciutadana {n}\ncitizen service desk {n}"
    )
    topic = ThesaurusTopic.CITIZEN_ATTENTION
