"""Level 4 of a project file: barriers, benefits, technologies and methodology."""

import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

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


# A score on a scale in an indicator: "8 sobre 10", "4,5 de 5", "9 out of 10",
# "9 of 10" (a decimal comma or point). Not "3/5": "15/3" is a date, "2023/24" a
# period.
SCORE = re.compile(
    r"(?<![\d.,])(\d+(?:[.,]\d+)?)\s+(?:sobre|de|of|out of)\s+(\d+(?:[.,]\d+)?)"
    r"(?![\d.,]*\d)",
    re.IGNORECASE,
)


def score_beyond_scale(text: str) -> tuple[str, str] | None:
    """The first "score on a scale" in ``text`` whose score is higher than its
    scale ("20 sobre 10"), as written; None when there is none."""
    for match in SCORE.finditer(text or ""):
        try:
            score, scale = (Decimal(n.replace(",", ".")) for n in match.groups())
        except InvalidOperation:
            continue
        if scale > 0 and score > scale:
            return match.group(1), match.group(2)
    return None


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

    def clean(self, value):
        """A rating in the indicator cannot exceed its scale ("20 sobre 10")."""
        value = super().clean(value)
        beyond = score_beyond_scale(value.get("indicator", ""))
        if beyond:
            score, scale = beyond
            raise StructBlockValidationError(
                block_errors={
                    "indicator": ValidationError(
                        _(
                            "The indicator says %(score)s out of %(scale)s: a score "
                            "cannot be higher than its scale."
                        )
                        % {"score": score, "scale": scale}
                    )
                }
            )
        return value

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


class OpenSourceBlock(blocks.ChoiceBlock):
    """Whether a technology's licence is open source: yes, no, or not stated (a
    record that does not say is never reported as either). Values "yes", "no"
    and ""; the JSON booleans of imported records and older pages read as yes
    and no."""

    def __init__(self, **kwargs):
        super().__init__(
            choices=[
                ("", _("Not stated")),
                ("yes", _("Yes, open source")),
                ("no", _("No, not open source")),
            ],
            required=False,
            default="",
            **kwargs,
        )

    def to_python(self, value):
        return open_source_value(value)

    def get_prep_value(self, value):
        return open_source_value(value)


def open_source_value(value) -> str:
    """ "yes", "no" or "" from a stored or imported value (booleans included)."""
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return value if value in ("yes", "no") else ""


def open_source_flag(value) -> bool | None:
    """True, False or None (not stated), from a stored or imported value.

    No block is made here: every block instance Wagtail creates is kept for the
    life of the process, so one per call grew the worker by about 100 MB per open
    data build of 10,000 files."""
    return {"yes": True, "no": False}.get(open_source_value(value))


class TechnologyBlock(blocks.StructBlock):
    name = blocks.CharBlock(
        max_length=120,
        label=_("Name"),
        help_text=_("The tool or technology, e.g. 'Decidim' or 'chatbot'."),
    )
    kind = blocks.ChoiceBlock(
        choices=TechnologyKind.choices, required=False, label=_("Kind")
    )
    open_source = OpenSourceBlock(
        label=_("Open source"),
        help_text=_(
            "Whether its licence is open source; leave “Not stated” when the "
            "project does not say."
        ),
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
            "open_source": "yes",
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
