from .analysis import (
    BarrierBlock,
    BenefitBlock,
    MethodologyBlock,
    ProjectAnalysisBlock,
    TechnologyBlock,
)
from .content import BodyBlock, ParagraphBlock, QuoteBlock
from .media import (
    DocumentBlock,
    ImageBlock,
    LinkBlock,
    ProjectMediaBlock,
    VideoBlock,
    video_embed_url,
)
from .planning import (
    MilestoneBlock,
    ObjectiveBlock,
    ProjectMilestonesBlock,
    ProjectObjectivesBlock,
)

__all__ = [
    "BodyBlock",
    "ParagraphBlock",
    "QuoteBlock",
    "BarrierBlock",
    "BenefitBlock",
    "DocumentBlock",
    "ImageBlock",
    "LinkBlock",
    "MethodologyBlock",
    "MilestoneBlock",
    "ObjectiveBlock",
    "ProjectAnalysisBlock",
    "ProjectMediaBlock",
    "ProjectMilestonesBlock",
    "ProjectObjectivesBlock",
    "TechnologyBlock",
    "VideoBlock",
    "video_embed_url",
]
