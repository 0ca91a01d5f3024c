"""The editors' side: page types, tree rules, validation, moderation, entities."""

import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.admin.panels import get_edit_handler
from wagtail.blocks import StreamBlock, StructBlock
from wagtail.models import Page, Workflow, WorkflowState
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import (
    nested_form_data,
    rich_text,
    streamfield,
)

from project_pages import factories
from project_pages.blocks import (
    BodyBlock,
    ProjectAnalysisBlock,
    ProjectMediaBlock,
    ProjectMilestonesBlock,
    ProjectObjectivesBlock,
)
from project_pages.models import (
    ArticleIndexPage,
    ArticlePage,
    Entity,
    HomePage,
    ProjectIndexPage,
    ProjectPage,
    StandardPage,
)
from project_pages.site_structure import ensure_site_structure
from tests.helpers import project_form_data


class TestPageTree(WagtailPageTestCase):
    """Parent/child rules keep editors from building a wrong tree."""

    def test_parent_rules(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedParentPageTypes(ProjectIndexPage, {HomePage})
        self.assertAllowedParentPageTypes(ProjectPage, {ProjectIndexPage})
        self.assertAllowedParentPageTypes(ArticleIndexPage, {HomePage})
        self.assertAllowedParentPageTypes(ArticlePage, {ArticleIndexPage})
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})

    def test_child_rules(self):
        self.assertAllowedSubpageTypes(ProjectPage, {})
        self.assertAllowedSubpageTypes(ArticlePage, {})
        self.assertAllowedSubpageTypes(ProjectIndexPage, {ProjectPage})
        self.assertCanNotCreateAt(HomePage, ProjectPage)
        self.assertCanNotCreateAt(ArticleIndexPage, ProjectPage)

    def test_one_index_per_home(self):
        pages = ensure_site_structure()
        home = pages["home"]["ca"]
        assert not ProjectIndexPage.can_create_at(home)
        assert not ArticleIndexPage.can_create_at(home)


class TestCreateThroughAdmin(WagtailPageTestCase):
    """Every page type can be created by an editor through the admin form."""

    def setUp(self):
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        self.pages = ensure_site_structure()
        self.user = self.login()
        self.entity = factories.EntityFactory()

    def test_project_page(self):
        index = self.pages["projects"]["ca"]
        self.assertCanCreate(index, ProjectPage, project_form_data(self.entity))
        page = ProjectPage.objects.get(slug="xatbot-del-padro")
        assert page.lead_entity == self.entity
        assert [a.code for a in page.areas.all()] == ["citizen_attention"]
        assert page.barriers()[0].value["mitigation"] == "Formació"

    def test_article_and_indexes(self):
        articles = self.pages["articles"]["ca"]
        self.assertCanCreate(
            articles,
            ArticlePage,
            nested_form_data(
                {
                    "title": "Comunitats de pràctica",
                    "slug": "comunitats",
                    "date": "2026-01-10",
                    "author": "Equip",
                    "intro": "Intro",
                    "body": streamfield([("paragraph", rich_text("<p>Hola</p>"))]),
                }
            ),
        )
        home = self.pages["home"]["ca"]
        self.assertCanCreate(
            home,
            StandardPage,
            nested_form_data(
                {
                    "title": "Com enviar un projecte",
                    "slug": "com-enviar",
                    "intro": "",
                    "body": streamfield([]),
                }
            ),
        )

    def test_home_index_creation(self):
        home = factories.HomePageFactory(parent=Page.get_first_root_node())
        self.assertCanCreate(
            home,
            ProjectIndexPage,
            nested_form_data(
                {
                    "title": "Projectes",
                    "slug": "projectes",
                    "intro": "",
                }
            ),
        )
        self.assertCanCreate(
            home,
            ArticleIndexPage,
            nested_form_data(
                {
                    "title": "Articles",
                    "slug": "articles",
                    "intro": "",
                }
            ),
        )


@pytest.fixture
def moderator_client(client, django_user_model, site_pages):
    user = django_user_model.objects.create_user("moderador", password="pw")
    user.groups.add(Group.objects.get(name="Moderators"))
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def _add_url(index):
    return reverse(
        "wagtailadmin_pages:add", args=("project_pages", "projectpage", index.pk)
    )


def _errors(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.mark.django_db
class TestValidation:
    """Missing required parts are refused with a message the editor understands."""

    def test_without_entity(self, admin_client, project_index):
        entity = factories.EntityFactory()
        data = project_form_data(entity, entities=False, **{"action-publish": "1"})
        response = admin_client.post(_add_url(project_index), data)
        assert response.status_code == 200
        assert "Add at least one local entity" in _errors(response)
        assert not ProjectPage.objects.filter(slug="xatbot-del-padro").exists()

    def test_without_area(self, admin_client, project_index):
        entity = factories.EntityFactory()
        data = project_form_data(entity, areas=(), **{"action-publish": "1"})
        response = admin_client.post(_add_url(project_index), data)
        assert response.status_code == 200
        assert "Choose at least one area" in _errors(response)
        assert not ProjectPage.objects.filter(slug="xatbot-del-padro").exists()

    def test_without_phase(self, admin_client, project_index):
        entity = factories.EntityFactory()
        data = project_form_data(entity, phase="", **{"action-publish": "1"})
        response = admin_client.post(_add_url(project_index), data)
        assert response.status_code == 200
        assert "Choose the phase" in _errors(response)
        assert not ProjectPage.objects.filter(slug="xatbot-del-padro").exists()

    def test_a_draft_needs_only_a_title(self, admin_client, project_index):
        """The first save of a new file keeps it, slug made from the title."""
        data = project_form_data(
            None, entities=False, areas=(), phase="", slug="", tags=""
        )
        data["title"] = "Registre de sol·licituds en línia"
        response = admin_client.post(_add_url(project_index), data)
        assert response.status_code == 302, _errors(response)[-3000:]
        page = ProjectPage.objects.get(title="Registre de sol·licituds en línia")
        assert page.slug == "registre-de-sollicituds-en-linia"
        assert not page.live
        # The edit view of that draft opens, and publishing it names what is missing.
        edit = reverse("wagtailadmin_pages:edit", args=(page.pk,))
        assert admin_client.get(edit).status_code == 200
        data = project_form_data(
            None, entities=False, areas=(), phase="", **{"action-publish": "1"}
        )
        data.update(title=page.title, slug=page.slug)
        text = _errors(admin_client.post(edit, data))
        assert "Add at least one local entity" in text
        assert "Choose at least one area" in text
        assert "Choose the phase" in text
        page.refresh_from_db()
        assert not page.live

    def test_a_draft_saves_with_the_empty_entity_slot(
        self, admin_client, project_index
    ):
        """The edit form shows one entity slot (the panel's minimum); saved as a
        draft before an entity is chosen, the browser sends it empty with only
        its ORDER, which Wagtail's script fills. It is no entity: the draft
        saves, and publishing still asks for the slot's entity."""
        slot = {
            "project_entities-TOTAL_FORMS": "1",
            "project_entities-0-entity": "",
            "project_entities-0-id": "",
            "project_entities-0-ORDER": "1",
            "project_entities-0-DELETE": "",
        }
        data = project_form_data(None, entities=False, areas=(), phase="", slug="")
        data.update(slot, title="Finestreta única per a empreses")
        response = admin_client.post(_add_url(project_index), data)
        assert response.status_code == 302, _errors(response)[-3000:]
        page = ProjectPage.objects.get(title="Finestreta única per a empreses")
        assert page.slug == "finestreta-unica-per-a-empreses"
        assert not page.project_entities.exists()

        edit = reverse("wagtailadmin_pages:edit", args=(page.pk,))
        data = project_form_data(None, entities=False, **{"action-publish": "1"})
        data.update(slot, title=page.title, slug=page.slug)
        text = _errors(admin_client.post(edit, data))
        assert "could not be saved due to validation errors" in text
        assert "This field is required." in text  # the slot's entity
        page.refresh_from_db()
        assert not page.live

    def test_an_autosave_with_the_empty_entity_slot_answers(
        self, admin_client, project_index
    ):
        """The editor adds a second entity slot and, before choosing its entity,
        the admin autosaves (a background POST that wants JSON and the form's
        panels rendered again). It saves and answers; it was a server error,
        which paused autosave and broke the next "Submit"."""
        entity = factories.EntityFactory()
        data = project_form_data(entity, slug="")
        data["title"] = "Finestreta única per a entitats"
        response = admin_client.post(_add_url(project_index), data)
        assert response.status_code == 302, _errors(response)[-3000:]
        page = ProjectPage.objects.get(title=data["title"])
        link = page.project_entities.get()

        data = project_form_data(entity, slug=page.slug)
        data.update(
            {
                "title": page.title,
                "project_entities-TOTAL_FORMS": "2",
                "project_entities-INITIAL_FORMS": "1",
                "project_entities-0-id": str(link.pk),
                "project_entities-1-entity": "",
                "project_entities-1-id": "",
                "project_entities-1-ORDER": "2",
                "project_entities-1-DELETE": "",
            }
        )
        edit = reverse("wagtailadmin_pages:edit", args=(page.pk,))
        response = admin_client.post(edit, data, HTTP_ACCEPT="application/json")
        assert response.status_code == 200, response.content[-3000:]
        assert response.json()["success"] is True
        assert [e.pk for e in page.project_entities.all()] == [link.pk]

    def test_a_save_that_overtakes_an_autosave_adds_no_entity_twice(
        self, admin_client, project_index
    ):
        """The editor clicks "Save draft" before the autosave's answer (the ids of
        the entity rows it created) reaches the page: the form sends the same
        entities again, without ids. The page keeps one row per entity."""
        manlleu = factories.EntityFactory(name="Ajuntament de Manlleu")
        vic = factories.EntityFactory(name="Ajuntament de Vic")
        data = project_form_data(manlleu, slug="")
        data["title"] = "Finestreta única per a comerços"
        response = admin_client.post(_add_url(project_index), data)
        assert response.status_code == 302, _errors(response)[-3000:]
        page = ProjectPage.objects.get(title=data["title"])
        edit = reverse("wagtailadmin_pages:edit", args=(page.pk,))

        # The autosave (Vic added), and then the same form again without the ids.
        stale = project_form_data(manlleu, slug=page.slug)
        stale.update(
            {
                "title": page.title,
                "project_entities-TOTAL_FORMS": "2",
                "project_entities-1-entity": str(vic.pk),
                "project_entities-1-id": "",
                "project_entities-1-ORDER": "2",
                "project_entities-1-DELETE": "",
            }
        )
        response = admin_client.post(edit, stale, HTTP_ACCEPT="application/json")
        assert response.json()["success"] is True
        response = admin_client.post(edit, stale)
        assert response.status_code == 302, _errors(response)[-3000:]
        names = [
            link.entity.name for link in page.project_entities.order_by("sort_order")
        ]
        assert names == ["Ajuntament de Manlleu", "Ajuntament de Vic"]

    def test_submitting_needs_an_entity(self, editor_client, project_index):
        data = project_form_data(None, entities=False, **{"action-submit": "1"})
        response = editor_client.post(_add_url(project_index), data)
        assert response.status_code == 200
        assert "Add at least one local entity" in _errors(response)
        assert not ProjectPage.objects.filter(slug="xatbot-del-padro").exists()

    def test_title_panel_fills_the_slug(self, admin_client, project_index):
        """The title field carries Wagtail's slug sync, so the browser fills it."""
        html = admin_client.get(_add_url(project_index)).content.decode()
        title = re.search(r'<input[^>]*name="title"[^>]*>', html).group(0)
        assert "w-sync" in title
        assert "#id_slug" in title

    def test_preview_before_the_first_save(self, admin_client, project_index):
        entity = factories.EntityFactory(name="Ajuntament de Tremp")
        url = reverse(
            "wagtailadmin_pages:preview_on_add",
            args=("project_pages", "projectpage", project_index.pk),
        )
        response = admin_client.post(url, project_form_data(entity))
        assert response.json()["is_valid"] is True
        response = admin_client.get(url)
        assert response.status_code == 200
        text = _errors(response)
        assert "Xatbot del padró" in text
        assert "Ajuntament de Tremp" in text
        assert "Por al canvi" in text

    def test_preview_of_edits_shows_the_edits(self, admin_client, project_index):
        page = factories.ProjectPageFactory(parent=project_index)
        other = factories.EntityFactory(name="Consell Comarcal del Pallars Jussà")
        url = reverse("wagtailadmin_pages:preview_on_edit", args=(page.pk,))
        data = project_form_data(other, slug=page.slug)
        assert admin_client.post(url, data).json()["is_valid"] is True
        text = _errors(admin_client.get(url))
        assert "Consell Comarcal del Pallars Jussà" in text

    def test_end_before_start(self, admin_client, project_index):
        entity = factories.EntityFactory()
        data = project_form_data(
            entity,
            start_date="2024-05-01",
            end_date="2024-01-01",
            **{"action-publish": "1"},
        )
        response = admin_client.post(_add_url(project_index), data)
        assert "The end date cannot be before the start." in _errors(response)
        assert not ProjectPage.objects.filter(slug="xatbot-del-padro").exists()

    def test_a_rating_cannot_exceed_its_scale(self, admin_client, project_index):
        entity = factories.EntityFactory()
        benefit = {
            "title": "Satisfacció ciutadana",
            "description": "",
            "indicator": "Valoració del servei: 20 sobre 10",
        }
        data = project_form_data(
            entity,
            analysis=streamfield([("benefit", benefit)]),
            **{"action-publish": "1"},
        )
        response = admin_client.post(_add_url(project_index), data)
        assert (
            "The indicator says 20 out of 10: a score cannot be higher than its scale."
            in _errors(response)
        )
        assert not ProjectPage.objects.filter(slug="xatbot-del-padro").exists()
        benefit["indicator"] = "Valoració del servei: 8,4 sobre 10"
        data = project_form_data(
            entity,
            analysis=streamfield([("benefit", benefit)]),
            **{"action-publish": "1"},
        )
        admin_client.post(_add_url(project_index), data)
        page = ProjectPage.objects.get(slug="xatbot-del-padro")
        assert page.benefits()[0].value["indicator"].endswith("8,4 sobre 10")

    def test_edit_form_has_six_level_tabs_and_help_text(
        self, admin_client, project_page
    ):
        url = reverse("wagtailadmin_pages:edit", args=(project_page.pk,))
        html = _errors(admin_client.get(url))
        for heading in [
            "1. Title",
            "2. Entities",
            "3. Description and value",
            "4. Analysis",
            "5. Phase",
            "6. Documentation",
        ]:
            assert heading in html
        form_class = get_edit_handler(ProjectPage).get_form_class()
        undocumented = [
            name
            for name, field in form_class.base_fields.items()
            if not field.help_text
            and name
            not in {
                "title",
                "slug",
                "seo_title",
                "search_description",
                "go_live_at",
                "expire_at",
                "show_in_menus",
                "comment_notifications",
                "locked",
                "owner",
                "first_published_at",
                "latest_revision",
            }
        ]
        assert undocumented == []


@pytest.mark.django_db
class TestModeration:
    """Wagtail's moderation workflow is on: editors submit, moderators publish."""

    def test_groups_have_entity_permissions(self):
        editors = Group.objects.get(name="Editors")
        moderators = Group.objects.get(name="Moderators")
        assert editors.permissions.filter(codename="change_entity").exists()
        assert not editors.permissions.filter(codename="delete_entity").exists()
        assert moderators.permissions.filter(codename="delete_entity").exists()

    def test_editor_submits_for_moderation(self, editor_client, project_index):
        assert Workflow.objects.filter(active=True).exists()
        entity = factories.EntityFactory()
        data = project_form_data(entity, **{"action-submit": "1"})
        response = editor_client.post(_add_url(project_index), data)
        assert response.status_code == 302, _errors(response)[:3000]
        page = ProjectPage.objects.get(slug="xatbot-del-padro")
        assert not page.live
        state = WorkflowState.objects.for_instance(page).get()
        assert state.status == WorkflowState.STATUS_IN_PROGRESS

    def test_approve_and_publish_says_published(self, moderator_client, project_index):
        entity = factories.EntityFactory()
        data = project_form_data(entity, **{"action-submit": "1"})
        moderator_client.post(_add_url(project_index), data)
        page = ProjectPage.objects.get(slug="xatbot-del-padro")
        edit = reverse("wagtailadmin_pages:edit", args=(page.pk,))
        data = project_form_data(
            entity,
            **{"action-workflow-action": "true", "workflow-action-name": "approve"},
        )
        response = moderator_client.post(edit, data, follow=True)
        page.refresh_from_db()
        assert page.live
        text = _errors(response)
        assert "Page &#x27;Xatbot del padró&#x27; has been published." in text
        assert "has been updated" not in text

    def test_editor_cannot_publish(self, editor_client, project_index):
        entity = factories.EntityFactory()
        data = project_form_data(entity, **{"action-publish": "1"})
        editor_client.post(_add_url(project_index), data)
        page = ProjectPage.objects.filter(slug="xatbot-del-padro").first()
        assert page is None or not page.live

    def test_moderator_publishes(self, moderator_client, project_index):
        entity = factories.EntityFactory()
        data = project_form_data(entity, **{"action-publish": "1"})
        response = moderator_client.post(_add_url(project_index), data)
        assert response.status_code == 302
        assert ProjectPage.objects.get(slug="xatbot-del-padro").live


def _all_blocks(stream_block: StreamBlock):
    for child in stream_block.child_blocks.values():
        yield child
        if isinstance(child, StructBlock):
            continue


@pytest.mark.django_db
@pytest.mark.parametrize(
    "stream",
    [
        ProjectAnalysisBlock,
        ProjectObjectivesBlock,
        ProjectMilestonesBlock,
        ProjectMediaBlock,
        BodyBlock,
    ],
)
def test_block_previews_render(admin_client, stream):
    """Editors see a preview of each block in the block picker."""
    for block in stream().child_blocks.values():
        meta = block.meta
        assert getattr(meta, "icon", None), block.name
        assert getattr(meta, "description", None), block.name
        if not block.is_previewable:
            # Chooser blocks (document, image) have no sample value to show.
            assert block.name in {"document", "image"}, block.name
            continue
        response = admin_client.get(
            reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix}
        )
        assert response.status_code == 200, block.name
        preview = block.get_preview_value()
        preview = getattr(preview, "source", preview)  # RichText
        sample = (
            preview
            if isinstance(preview, str)
            else next(
                v for v in dict(preview).values() if isinstance(v, str) and len(v) > 8
            )
        )
        if "<" in sample:
            sample = re.sub(r"<[^>]+>", "", sample)
        assert sample[:20] in response.content.decode(), block.name


@pytest.mark.django_db
class TestEntityAdmin:
    """Editors pick a municipality from the gazetteer instead of typing coordinates."""

    add_url = "wagtailsnippets_project_pages_entity:add"

    def _post(self, client, **fields):
        data = {
            "name": "Ajuntament de Manlleu",
            "kind": "municipality",
            "gazetteer_place": "",
            "municipality": "",
            "region": "",
            "country": "ES",
            "population": "",
            "latitude": "",
            "longitude": "",
        }
        data.update(fields)
        return client.post(reverse(self.add_url), data)

    def test_gazetteer_fills_place_fields(self, admin_client, gazetteer):
        response = self._post(
            admin_client, gazetteer_place="Manlleu, Catalunya, ES (#3117010)"
        )
        assert response.status_code == 302, _errors(response)[:2000]
        entity = Entity.objects.get(name="Ajuntament de Manlleu")
        assert entity.municipality == "Manlleu"
        assert entity.population == 20500
        assert (entity.latitude, entity.longitude) == (42.0, 2.28)

    def test_chooser_creates_an_entity_with_the_gazetteer(
        self, editor_client, gazetteer
    ):
        """An editor who does not find the entity creates it in the chooser."""
        choose = reverse("wagtailsnippetchoosers_project_pages_entity:choose")
        modal = editor_client.get(choose).json()["html"]
        assert "New entity" in modal
        assert "data-gazetteer-url" in modal
        results = reverse("wagtailsnippetchoosers_project_pages_entity:choose_results")
        empty = _errors(editor_client.get(results, {"q": "Vic"}))
        assert "create the entity in the “New entity” tab" in empty
        create = reverse("wagtailsnippetchoosers_project_pages_entity:create")
        response = editor_client.post(
            create,
            {
                "name": "Ajuntament de Vic",
                "kind": "municipality",
                "gazetteer_place": "Vic, Catalunya, ES (#3106672)",
                "country": "ES",
            },
        )
        data = response.json()
        assert data["step"] == "chosen", data
        entity = Entity.objects.get(name="Ajuntament de Vic")
        assert data["result"]["id"] == str(entity.pk)
        assert (entity.municipality, entity.population) == ("Vic", 46_000)
        found = _errors(editor_client.get(results, {"q": "Vic"}))
        assert "Ajuntament de Vic" in found

    def test_chooser_refuses_an_unknown_place_and_keeps_the_form(
        self, editor_client, gazetteer
    ):
        create = reverse("wagtailsnippetchoosers_project_pages_entity:create")
        data = editor_client.post(
            create,
            {
                "name": "Ajuntament de Villarriba",
                "kind": "municipality",
                "gazetteer_place": "Villarriba",
                "country": "ES",
            },
        ).json()
        assert data["step"] != "chosen"
        assert "No municipality called “Villarriba”" in data["htmlFragment"]
        assert "Ajuntament de Villarriba" in data["htmlFragment"]
        assert not Entity.objects.exists()

    def test_typed_name_without_javascript(self, admin_client, gazetteer):
        response = self._post(admin_client, gazetteer_place="sant feliu de guixols")
        assert response.status_code == 302
        entity = Entity.objects.get(name="Ajuntament de Manlleu")
        assert entity.municipality == "Sant Feliu de Guíxols"

    def test_editor_correction_wins(self, admin_client, gazetteer):
        response = self._post(
            admin_client,
            gazetteer_place="Manlleu",
            population="21000",
            latitude="42.0016",
        )
        assert response.status_code == 302
        entity = Entity.objects.get(name="Ajuntament de Manlleu")
        assert entity.population == 21000
        assert entity.latitude == 42.0016
        assert entity.longitude == 2.28

    def test_unknown_place_is_a_clear_error(self, admin_client, gazetteer):
        response = self._post(admin_client, gazetteer_place="Villarriba")
        assert response.status_code == 200
        assert "No municipality called “Villarriba”" in _errors(response)
        assert not Entity.objects.exists()

    def test_half_coordinates_refused(self, admin_client, gazetteer):
        response = self._post(admin_client, latitude="41.5")
        assert response.status_code == 200
        assert "Give both latitude and longitude" in _errors(response)

    def test_lookup_endpoint(self, admin_client, gazetteer):
        url = reverse("project_pages_gazetteer")
        results = admin_client.get(url, {"q": "VIC"}).json()["results"]
        assert results[0]["name"] == "Vic"
        results = admin_client.get(url, {"q": "guíx"}).json()["results"]
        assert [r["name"] for r in results] == ["Sant Feliu de Guíxols"]

    def test_lookup_needs_login(self, client, gazetteer):
        response = client.get(reverse("project_pages_gazetteer"), {"q": "vic"})
        assert response.status_code == 302

    def test_listing_filters(self, admin_client):
        factories.EntityFactory(name="Consell Comarcal d'Osona", kind="county_council")
        factories.EntityFactory(name="Ajuntament de Vic", kind="municipality")
        url = reverse("wagtailsnippets_project_pages_entity:list")
        html = admin_client.get(url, {"kind": "county_council"}).content.decode()
        assert "Consell Comarcal d" in html
        assert "Ajuntament de Vic" not in html
