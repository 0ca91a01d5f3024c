"""Editors translate a project file: a copy in the other language, which may start
from a machine translation marked "to review" until an editor saves it."""

import re

import pytest
from django.urls import reverse
from wagtail.models import Locale

from machine_translation import service
from machine_translation.tests.test_apertium import needs_apertium
from project_pages.factories import EntityFactory, ProjectPageFactory
from tests.helpers import project_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_engine():
    service.reset(forget=True)
    yield
    service.reset(forget=True)


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def _translate_url(page) -> str:
    return reverse("simple_translation:submit_page_translation", args=(page.pk,))


@needs_apertium
def test_editor_translates_from_a_machine_translation(editor_client, project_index):
    entity = EntityFactory(name="Ajuntament de Tremp")
    page = ProjectPageFactory(
        parent=project_index,
        title="Assistent virtual del padró",
        entities=[entity],
    )
    url = _translate_url(page)
    form = _text(editor_client.get(url))
    assert "Start from a machine translation" in form
    spanish = Locale.objects.get(language_code="es")
    response = editor_client.post(
        url, {"locales": [spanish.pk], "machine_translation": "on"}
    )
    copy = page.get_translation(spanish).specific
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=(copy.pk,))
    assert copy.title == "Asistente virtual del padrón"
    assert copy.slug == "asistente-virtual-del-padron"
    assert copy.summary.startswith("Un asistente virtual responde")
    barriers = [b.value["title"] for b in copy.barriers()]
    assert barriers and all(
        t != b.value["title"] for t, b in zip(barriers, page.barriers(), strict=True)
    )
    assert [b.value["name"] for b in copy.technologies()] == [
        b.value["name"] for b in page.technologies()
    ]
    assert copy.machine_translated and not copy.live
    edit = reverse("wagtailadmin_pages:edit", args=(copy.pk,))
    header = _text(editor_client.get(edit))
    assert "Machine translation, to review" in header
    assert "data-page-language" in header and "Español" in header
    # The editor reads it, corrects nothing, and submits it for moderation.
    data = project_form_data(
        entity, title=copy.title, slug=copy.slug, **{"action-submit": "1"}
    )
    response = editor_client.post(edit, data)
    assert response.status_code == 302, _text(response)[-2000:]
    copy.refresh_from_db()
    revision = copy.get_latest_revision_as_object()
    assert not revision.machine_translated
    assert "Machine translation, to review" not in _text(editor_client.get(edit))


def test_without_the_engine_the_copy_keeps_the_original(
    editor_client, project_index, settings
):
    settings.MACHINE_TRANSLATION = {**settings.MACHINE_TRANSLATION, "ENABLED": False}
    page = ProjectPageFactory(parent=project_index, title="Dades obertes de Reus")
    url = _translate_url(page)
    assert "Start from a machine translation" not in _text(editor_client.get(url))
    english = Locale.objects.get(language_code="en")
    assert editor_client.post(url, {"locales": [english.pk]}).status_code == 302
    copy = page.get_translation(english).specific
    assert copy.title == "Dades obertes de Reus"
    assert not copy.machine_translated
    header = _text(
        editor_client.get(reverse("wagtailadmin_pages:edit", args=(copy.pk,)))
    )
    assert "English" in header
    assert "Machine translation, to review" not in header
