"""Level 5 of the project file, phase and planning: objectives and milestones."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

from project_pages.vocabularies import MilestoneStatus


class ObjectiveBlock(blocks.CharBlock):
    class Meta:
        icon = "pick"
        template = "blocks/objective_block.html"
        preview_value = "Reduir a la meitat el temps de resposta."


class ProjectObjectivesBlock(blocks.StreamBlock):
    general = ObjectiveBlock(
        max_length=500,
        label=_("General objective"),
        help_text=_("What the project aims at overall."),
        description=_("A general objective"),
    )
    operational = ObjectiveBlock(
        max_length=500,
        label=_("Operational objective"),
        help_text=_("A concrete, checkable objective."),
        description=_("An operational objective"),
    )


class MilestoneValue(blocks.StructValue):
    def is_done(self) -> bool:
        return self.get("status") == MilestoneStatus.DONE

    def status_label(self) -> str:
        status = self.get("status")
        return MilestoneStatus(status).label if status else ""


class MilestoneBlock(blocks.StructBlock):
    name = blocks.CharBlock(
        max_length=255, label=_("Milestone"), help_text=_("A phase or milestone.")
    )
    start = blocks.DateBlock(required=False, label=_("Start"))
    end = blocks.DateBlock(required=False, label=_("End"))
    status = blocks.ChoiceBlock(
        choices=MilestoneStatus.choices, required=False, label=_("Status")
    )

    def clean(self, value):
        value = super().clean(value)
        start, end = value.get("start"), value.get("end")
        if start and end and end < start:
            raise StructBlockValidationError(
                block_errors={
                    "end": ValidationError(_("The end cannot be before the start."))
                }
            )
        return value

    class Meta:
        icon = "date"
        label = _("Milestone")
        description = _("A milestone with its dates and status")
        template = "blocks/milestone_block.html"
        value_class = MilestoneValue
        preview_value = {
            "name": "Pilot en dos barris",
            "start": "2024-01-15",
            "end": "2024-06-30",
            "status": "done",
        }


class ProjectMilestonesBlock(blocks.StreamBlock):
    milestone = MilestoneBlock()
