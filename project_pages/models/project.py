"""The project file ("fitxa"): six levels of structured content."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Prefetch, prefetch_related_objects
from django.forms.formsets import ORDERING_FIELD_NAME
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
    TitleFieldPanel,
)
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from project_pages.blocks import (
    ProjectAnalysisBlock,
    ProjectMediaBlock,
    ProjectMilestonesBlock,
    ProjectObjectivesBlock,
)
from project_pages.routing import FastRoutingMixin
from project_pages.structured_data import (
    PageMetadataMixin,
    first_image,
    image_info,
    project_data,
)
from project_pages.vocabularies import Phase

from .entities import Area, Entity, TransformationType


class ProjectPageForm(WagtailAdminPageForm):
    """Cross-field rules an editor must satisfy before a project file is saved."""

    REQUIRED_MESSAGES = {
        "areas": _(
            "Choose at least one area (tab 1): it is how visitors find the project."
        ),
        "phase": _("Choose the phase (tab 5): prototype, pilot or in production."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, message in self.REQUIRED_MESSAGES.items():
            if name in self.fields:
                self.fields[name].error_messages["required"] = message
        # The slug follows the title in the browser (TitleFieldPanel); without
        # JavaScript, or if the editor empties it, Wagtail makes it from the title
        # on save. A published page keeps the one it has.
        if "slug" in self.fields and not (self.instance.pk and self.instance.live):
            self.fields["slug"].required = False

    def defer_required_fields(self):
        super().defer_required_fields()
        # The entity slot the editor is shown (the InlinePanel's min_num) comes
        # back untouched when a draft is saved before an entity is chosen. Its
        # ORDER, which Wagtail's script fills, makes Django count it as changed and
        # then require its entity ("This field is required."). A draft does not
        # need an entity: such a slot is left out, neither validated nor saved.
        entities = self.formsets.get("project_entities")
        for form in entities.forms if entities is not None else ():
            if form.instance.pk is None and not form["entity"].data:
                _leave_out(form)

    def clean(self):
        cleaned = super().clean()
        entities = self.formsets.get("project_entities")
        # Saving a draft needs only a title (Wagtail defers the other required
        # fields); submitting and publishing need an entity too.
        if entities is not None and not self.is_deferred_validation:
            entities.is_valid()  # cleans the entity forms (ClusterForm does it later)
            kept = [
                form
                for form in entities.forms
                if getattr(form, "cleaned_data", None)
                and not form.cleaned_data.get("DELETE")
            ]
            if not kept:
                message = _(
                    "Add at least one local entity (tab 2): the first one is the "
                    "entity that leads the project."
                )
                # Replaces the formset's generic "Please submit at least 1 form."
                entities._non_form_errors = entities.error_class(
                    [message], error_class="nonform"
                )
                self.add_error(None, message)
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date cannot be before the start."))
        return cleaned

    def save(self, commit=True):
        # An editor saved the copy: its machine translation has been reviewed.
        self.instance.machine_translated = False
        self._reuse_entities_saved_meanwhile()
        return super().save(commit=commit)

    def _reuse_entities_saved_meanwhile(self) -> None:
        """An entity row that an autosave created while this form was on its way.

        The admin autosaves in the background and then tells the open form the
        ids of the rows it created. An editor who clicks "Submit" before that
        answer arrives sends the same entities again, without ids: each would be
        saved a second time. A new slot whose entity this page already has in a
        row that no other slot names takes that row instead.
        """
        entities = self.formsets.get("project_entities")
        if entities is None or not self.instance.pk:
            return
        forms = [
            form
            for form in entities.forms
            if getattr(form, "cleaned_data", None)
            and not form.cleaned_data.get("DELETE")
        ]
        named = {form.instance.pk for form in forms if form.instance.pk}
        saved = {}
        for row in ProjectEntity.objects.filter(page_id=self.instance.pk).order_by(
            "pk"
        ):
            if row.pk not in named:
                saved.setdefault(row.entity_id, []).append(row.pk)
        for form in forms:
            entity = form.cleaned_data.get("entity")
            if form.instance.pk or entity is None or not saved.get(entity.pk):
                continue
            form.instance.pk = saved[entity.pk].pop(0)


class ProjectPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "project_pages.ProjectPage",
        on_delete=models.CASCADE,
        related_name="tagged_items",
    )


class ProjectEntity(Orderable):
    """An entity that carried out the project; the first one (sort order) leads."""

    page = ParentalKey(
        "project_pages.ProjectPage",
        on_delete=models.CASCADE,
        related_name="project_entities",
    )
    entity = models.ForeignKey(
        Entity,
        on_delete=models.PROTECT,
        related_name="project_links",
        verbose_name=_("entity"),
        help_text=_(
            "Choose the administration; if it is not there yet, create it in the "
            "chooser's “New entity” tab."
        ),
    )

    panels = [FieldPanel("entity")]

    class Meta(Orderable.Meta):
        verbose_name = _("entity")
        verbose_name_plural = _("entities")

    def __str__(self) -> str:
        return str(self.entity_id)


class ProjectContact(Orderable):
    """A person to ask about the project. Personal data: never rendered publicly.

    See docs/data-protection.md: visitors reach them through a relay form only.
    """

    page = ParentalKey(
        "project_pages.ProjectPage",
        on_delete=models.CASCADE,
        related_name="contacts",
    )
    name = models.CharField(_("name"), max_length=255)
    role = models.CharField(_("role"), max_length=255, blank=True)
    department = models.CharField(_("department"), max_length=255, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    entity = models.ForeignKey(
        Entity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entity"),
        help_text=_("Which of the project's entities this person works for."),
    )

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("role")]),
        FieldRowPanel([FieldPanel("department"), FieldPanel("entity")]),
        FieldRowPanel([FieldPanel("email"), FieldPanel("phone")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return self.name


class ProjectPage(PageMetadataMixin, FastRoutingMixin, Page):
    """A project file: what an administration did, and what others can learn."""

    # Level 1: title and summary
    summary = models.TextField(
        _("summary"),
        blank=True,
        help_text=_(
            "One paragraph: what was done, where, and what came of it. Shown on "
            "cards and in search results."
        ),
    )
    # Level 3: description, value and savings
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_(
            "What the project is. Plain text; a blank line starts a new paragraph."
        ),
    )
    value = models.TextField(
        _("value"),
        blank=True,
        help_text=_(
            "The value the project brings to citizens and to the administration."
        ),
    )
    savings_amount_eur = models.DecimalField(
        _("savings (EUR per year)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Money saved each year, in euros. Leave empty if unknown."),
    )
    savings_hours = models.DecimalField(
        _("savings (staff hours per year)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Staff hours saved each year. Leave empty if unknown."),
    )
    savings_notes = models.TextField(
        _("how the savings were measured"),
        blank=True,
        help_text=_("Method and sources, so others can compare."),
    )
    # Level 4: analysis
    analysis = StreamField(
        ProjectAnalysisBlock(),
        blank=True,
        verbose_name=_("analysis"),
        help_text=_(
            "Barriers (and how they were overcome), benefits (with an "
            "indicator), technologies and tools, and the methodology."
        ),
    )
    # Level 5: phase and planning
    phase = models.CharField(
        _("phase"),
        max_length=20,
        choices=Phase.choices,
        help_text=_("Where the project stands: prototype, pilot or in production."),
    )
    start_date = models.DateField(
        _("start date"),
        null=True,
        blank=True,
        help_text=_("When the project started (or will start)."),
    )
    end_date = models.DateField(
        _("end date"),
        null=True,
        blank=True,
        help_text=_("Planned or actual end. Leave empty for ongoing services."),
    )
    plan = models.CharField(
        _("plan"),
        max_length=255,
        blank=True,
        help_text=_("The strategy or plan the project belongs to."),
    )
    scope = models.TextField(
        _("scope"),
        blank=True,
        help_text=_(
            "Who and what the project covers: services, territory, participants."
        ),
    )
    objectives = StreamField(
        ProjectObjectivesBlock(),
        blank=True,
        verbose_name=_("objectives"),
        help_text=_("General and operational objectives."),
    )
    milestones = StreamField(
        ProjectMilestonesBlock(),
        blank=True,
        verbose_name=_("milestones"),
        help_text=_("Phases or milestones with dates and status."),
    )
    # Level 6: documentation and dissemination
    documentation = StreamField(
        ProjectMediaBlock(),
        blank=True,
        verbose_name=_("documentation and media"),
        help_text=_("Videos, documents, images, articles, demos, slides, websites."),
    )
    # Classification
    areas = ParentalManyToManyField(
        Area,
        related_name="projects",
        verbose_name=_("areas"),
        help_text=_("One or more areas of action."),
    )
    transformation_types = ParentalManyToManyField(
        TransformationType,
        blank=True,
        related_name="projects",
        verbose_name=_("types of transformation"),
        help_text=_(
            "What the project transformed: the service journey, processes "
            "and procedures, or the organisation."
        ),
    )
    tags = ClusterTaggableManager(
        through=ProjectPageTag,
        blank=True,
        verbose_name=_("tags"),
        help_text=_("Technologies and topics, e.g. chatbot, open data, RPA."),
    )

    machine_translated = models.BooleanField(
        _("machine translation, to review"),
        default=False,
        editable=False,
        help_text=_(
            "Set when a translated copy starts from a machine translation; cleared "
            "when an editor saves it."
        ),
    )

    parent_page_types = ["project_pages.ProjectIndexPage"]
    subpage_types: list[str] = []
    base_form_class = ProjectPageForm
    template = "project_pages/project_page.html"

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("description"),
        index.FilterField("phase"),
    ]

    level1_panels = [
        HelpPanel(
            content=_(
                "A project file has six levels. A draft needs only its title: "
                "save as often as you like. To submit it for moderation or "
                "publish it, it also needs at least one local entity (tab 2), "
                "one area (this tab) and the phase (tab 5)."
            )
        ),
        TitleFieldPanel(
            "title",
            help_text=_(
                "What was done, in a few words, e.g. 'Virtual assistant for the "
                "municipal register'."
            ),
        ),
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel(
                    "areas",
                    widget=forms.CheckboxSelectMultiple,
                    required_on_save=False,
                ),
                FieldPanel("transformation_types", widget=forms.CheckboxSelectMultiple),
                FieldPanel("tags"),
            ],
            heading=_("Classification"),
        ),
    ]
    level2_panels = [
        InlinePanel(
            "project_entities",
            label=_("local entity"),
            min_num=1,
            heading=_("Local entities"),
            help_text=_("The first entity is the one that leads the project."),
        ),
        InlinePanel(
            "contacts",
            label=_("Contact"),
            heading=_("Contacts"),
            help_text=_(
                "Personal data: never shown to visitors. They reach these people "
                "through a contact form."
            ),
        ),
    ]
    level3_panels = [
        FieldPanel("description"),
        FieldPanel("value"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("savings_amount_eur"), FieldPanel("savings_hours")]
                ),
                FieldPanel("savings_notes"),
            ],
            heading=_("Savings generated"),
        ),
    ]
    level4_panels = [FieldPanel("analysis")]
    level5_panels = [
        FieldPanel("phase"),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
        FieldPanel("plan"),
        FieldPanel("scope"),
        FieldPanel("objectives"),
        FieldPanel("milestones"),
    ]
    level6_panels = [FieldPanel("documentation")]

    edit_handler = TabbedInterface(
        [
            ObjectList(level1_panels, heading=_("1. Title")),
            ObjectList(level2_panels, heading=_("2. Entities")),
            ObjectList(level3_panels, heading=_("3. Description and value")),
            ObjectList(level4_panels, heading=_("4. Analysis")),
            ObjectList(level5_panels, heading=_("5. Phase")),
            ObjectList(level6_panels, heading=_("6. Documentation")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )

    class Meta:
        verbose_name = _("project file")
        verbose_name_plural = _("project files")

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError(
                {"end_date": _("The end date cannot be before the start.")}
            )

    # Presentation helpers -------------------------------------------------

    def ordered_entities(self) -> list[Entity]:
        """Entities in order, lead first; uses the prefetch when there is one."""
        links = sorted(
            self.project_entities.all(), key=lambda link: link.sort_order or 0
        )
        return [link.entity for link in links]

    @property
    def lead_entity(self) -> Entity | None:
        entities = self.ordered_entities()
        return entities[0] if entities else None

    def analysis_of(self, block_type: str) -> list:
        return [block for block in self.analysis if block.block_type == block_type]

    def barriers(self) -> list:
        return self.analysis_of("barrier")

    def benefits(self) -> list:
        return self.analysis_of("benefit")

    def technologies(self) -> list:
        return self.analysis_of("technology")

    def methodology(self) -> list:
        return self.analysis_of("methodology")

    def general_objectives(self) -> list:
        return [b.value for b in self.objectives if b.block_type == "general"]

    def operational_objectives(self) -> list:
        return [b.value for b in self.objectives if b.block_type == "operational"]

    def description_paragraphs(self) -> list[str]:
        return _paragraphs(self.description)

    def value_paragraphs(self) -> list[str]:
        return _paragraphs(self.value)

    @property
    def has_savings(self) -> bool:
        return bool(
            self.savings_amount_eur is not None
            or self.savings_hours is not None
            or self.savings_notes
        )

    @staticmethod
    def related_lookups() -> list:
        """What a card or a page shows, to prefetch in a fixed number of queries."""
        return [
            Prefetch(
                "project_entities",
                queryset=ProjectEntity.objects.select_related("entity").order_by(
                    "sort_order"
                ),
            ),
            "areas",
            "transformation_types",
            "tags",
        ]

    @classmethod
    def with_related(cls, queryset):
        return queryset.prefetch_related(*cls.related_lookups())

    # Long fields a card never shows: not read from the database in listings.
    CARD_DEFERRED_FIELDS = (
        "description",
        "value",
        "savings_notes",
        "analysis",
        "scope",
        "plan",
        "objectives",
        "milestones",
        "documentation",
    )

    @classmethod
    def for_cards(cls, queryset):
        """What a list of cards needs, in a fixed number of queries."""
        return cls.with_related(queryset).defer(*cls.CARD_DEFERRED_FIELDS)

    def prefetch_for_display(self) -> None:
        """Load the relations the page shows; called by its template, inside the
        cached fragment, so a cached page costs no query for them."""
        if getattr(self, "_prefetched_for_display", False):
            return
        self._prefetched_for_display = True
        # A preview (before the first save, or of unsaved edits) holds its
        # relations in memory: reading them from the database would fail on an
        # unsaved page and show the saved ones on an edited page.
        if self.pk is None or getattr(self, "_cluster_related_objects", None):
            return
        prefetch_related_objects([self], *self.related_lookups())

    # What search engines and link previews read (PageMetadataMixin) -------------

    og_type = "article"

    def share_image(self):
        """The first image of the documentation."""
        return first_image(self.documentation)

    def structured_data(self, url: str | None, request=None, image=None) -> dict:
        if image is None:
            image = image_info(self.share_image(), request)
        self.prefetch_for_display()
        return project_data(self, url, image, request)

    def open_graph_section(self) -> str:
        areas = sorted(self.areas.all(), key=lambda area: area.code)
        return areas[0].label if areas else ""

    def open_graph_tags(self) -> list[str]:
        return sorted(tag.name for tag in self.tags.all())


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]


def _leave_out(form) -> None:
    """Make an untouched inline form count as absent: not validated, not saved.

    Its cleaned data keeps the ORDER the browser sent: after an autosave Wagtail
    renders the panels again and sorts the inline forms by it.
    """
    form.empty_permitted = True
    form.has_changed = _unchanged
    full_clean = form.full_clean

    def clean_as_absent():
        full_clean()
        form.cleaned_data.setdefault(ORDERING_FIELD_NAME, None)

    form.full_clean = clean_as_absent


def _unchanged() -> bool:
    return False
