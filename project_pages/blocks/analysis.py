"""Level 4 of a project file: barriers, benefits, technologies and methodology."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from project_pages.vocabularies import TechnologyKind


class BarrierBlock(blocks.StructBlock):
    title = blocks.CharBlock(
        max_length=255,
        label=_("Barrier"),
        help_text=_("A difficulty the project met, in a few words."),
    )
    description = blocks.TextBlock(
        required=False, label=_("Description"), help_text=_("What happened.")
    )
    mitigation = blocks.TextBlock(
        required=False,
        label=_("How it was overcome"),
        help_text=_("What the team did about it: the most useful part for others."),
    )

    class Meta:
        icon = "warning"
        label = _("Barrier")
        description = _("A barrier or difficulty, and how it was overcome")
        template = "blocks/barrier_block.html"
        preview_value = {
            "title": "Resistència al canvi",
            "description": "Part del personal desconfiava de l'eina nova.",
            "mitigation": "Formació en petits grups i un referent a cada servei.",
        }


class BenefitBlock(blocks.StructBlock):
    title = blocks.CharBlock(
        max_length=255,
        label=_("Benefit"),
        help_text=_("A benefit or opportunity, in a few words."),
    )
    description = blocks.TextBlock(required=False, label=_("Description"))
    indicator = blocks.CharBlock(
        required=False,
        max_length=255,
        label=_("Indicator"),
        help_text=_("How the benefit is measured, e.g. 'average wait: 12 → 3 days'."),
    )

    class Meta:
        icon = "success"
        label = _("Benefit")
        description = _("A benefit or opportunity, with its indicator")
        template = "blocks/benefit_block.html"
        preview_value = {
            "title": "Menys desplaçaments",
            "description": "Els veïns fan el tràmit des de casa.",
            "indicator": "70 % dels tràmits en línia",
        }


class TechnologyBlock(blocks.StructBlock):
    name = blocks.CharBlock(
        max_length=120,
        label=_("Name"),
        help_text=_("The tool or technology, e.g. 'Decidim' or 'chatbot'."),
    )
    kind = blocks.ChoiceBlock(
        choices=TechnologyKind.choices, required=False, label=_("Kind")
    )
    open_source = blocks.BooleanBlock(
        required=False,
        label=_("Open source"),
        help_text=_("Tick when the licence is open source."),
    )
    url = blocks.URLBlock(required=False, label=_("Link"))

    class Meta:
        icon = "cogs"
        label = _("Technology or tool")
        description = _("A technology, methodology or tool used, with its licence")
        template = "blocks/technology_block.html"
        preview_value = {
            "name": "Decidim",
            "kind": "platform",
            "open_source": True,
            "url": "https://decidim.org",
        }


class MethodologyBlock(blocks.TextBlock):
    class Meta:
        icon = "list-ul"
        label = _("Methodology")
        description = _("How the work was organised (agile, co-design...)")
        template = "blocks/methodology_block.html"
        help_text = _("How the work was organised: methods, phases, who took part.")
        preview_value = "Cocreació amb el veïnat en tres tallers i un pilot de 3 mesos."


class ProjectAnalysisBlock(blocks.StreamBlock):
    barrier = BarrierBlock()
    benefit = BenefitBlock()
    technology = TechnologyBlock()
    methodology = MethodologyBlock()

    class Meta:
        block_counts = {"methodology": {"max_num": 1}}
