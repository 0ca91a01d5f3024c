"""Factories of the translations kept, for tests that need one without Apertium."""

import hashlib

import factory
from factory.django import DjangoModelFactory

from .models import MachineTranslation


class MachineTranslationFactory(DjangoModelFactory):
    """A kept ca-es translation of a sequence-numbered Catalan text."""

    class Meta:
        model = MachineTranslation

    source_hash = factory.Sequence(
        lambda n: hashlib.sha256(f"Tràmits en línia {n}".encode()).hexdigest()
    )
    pair = "ca-es"
    translation = factory.Sequence(lambda n: f"Trámites en línea {n}")
