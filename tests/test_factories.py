"""Every page type of ours has a factory that builds a valid, renderable page.

A page type without a factory cannot be tested nor appear in demo data; a factory
that builds an invalid page makes every test built on it a test of something an
editor could never publish. Factories live in each app's ``factories.py``.
"""

import importlib
from pathlib import Path

import factory
import pytest
from django.apps import apps
from django.conf import settings
from django.test import Client
from wagtail.models import Page, get_page_models

pytestmark = pytest.mark.django_db

# The page types the project has today: the meta-test must see at least these (so
# that a broken discovery cannot make it pass on an empty list).
KNOWN_PAGE_TYPES = {
    "project_pages.HomePage",
    "project_pages.ProjectIndexPage",
    "project_pages.ProjectPage",
    "project_pages.ArticleIndexPage",
    "project_pages.ArticlePage",
    "project_pages.StandardPage",
    "visits.CaravanIndexPage",
    "visits.StopPage",
    "visits.KitPage",
}


def our_apps() -> list:
    """The apps of this repository (not Wagtail's, Django's or other packages')."""
    base = Path(settings.BASE_DIR).resolve()
    return [
        config
        for config in apps.get_app_configs()
        if Path(config.path).resolve().is_relative_to(base)
        and ".venv" not in Path(config.path).resolve().relative_to(base).parts
    ]


def factories_module(config):
    try:
        return importlib.import_module(f"{config.name}.factories")
    except ModuleNotFoundError as error:
        if error.name != f"{config.name}.factories":
            raise
        return None


def factories_by_model() -> dict:
    """Model -> the factory classes that build it, from every app's factories.py."""
    found: dict = {}
    for config in our_apps():
        module = factories_module(config)
        for obj in vars(module).values() if module else ():
            is_factory = isinstance(obj, type) and issubclass(
                obj, factory.base.BaseFactory
            )
            if is_factory and obj._meta.model is not None:
                found.setdefault(obj._meta.model, []).append(obj)
    return found


OUR_LABELS = {config.label for config in our_apps()}
PAGE_MODELS = sorted(
    (model for model in get_page_models() if model._meta.app_label in OUR_LABELS),
    key=lambda model: model._meta.label,
)


def test_the_page_models_are_found():
    assert {model._meta.label for model in PAGE_MODELS} >= KNOWN_PAGE_TYPES


def test_every_app_with_models_has_a_factories_module():
    # Models without a table (core's holder of the moderators' permission) hold
    # no rows a test could build.
    missing = [
        config.label
        for config in our_apps()
        if any(model._meta.managed for model in config.get_models())
        and factories_module(config) is None
    ]
    assert missing == []


def test_every_page_type_has_a_factory():
    factories = factories_by_model()
    missing = [model._meta.label for model in PAGE_MODELS if model not in factories]
    assert missing == []


def parent_for(model):
    """An existing page the model may be created under, else one built by the
    factory of an allowed parent type (under its own parent, and so on)."""
    allowed = model.allowed_parent_page_models()
    if Page in allowed:
        return Page.get_first_root_node()
    for parent_model in allowed:
        for candidate in parent_model.objects.order_by("path"):
            if model.can_create_at(candidate):
                return candidate
    factories = factories_by_model()
    for parent_model in allowed:
        if parent_model in factories:
            parent = build(parent_model)
            if model.can_create_at(parent):
                return parent
    raise AssertionError(f"no parent for {model._meta.label}")


def build(model):
    page_factory = factories_by_model()[model][0]
    return page_factory(parent=parent_for(model))


@pytest.mark.parametrize(
    "model", PAGE_MODELS, ids=[model._meta.label for model in PAGE_MODELS]
)
def test_the_factory_builds_a_valid_page_that_renders(model):
    page = build(model)
    page.refresh_from_db()
    assert type(page.specific) is model
    assert model.can_exist_under(page.get_parent().specific)
    page.specific.full_clean()
    assert page.live
    url = page.get_url()
    if url is not None:
        assert Client().get(url).status_code == 200
    else:  # a tree no site serves (a second home page): rendered as a preview
        assert page.specific.make_preview_request().status_code == 200
