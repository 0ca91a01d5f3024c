"""Fixed vocabularies of the project file (codes as in project-file.schema.json).

Labels are interface strings, translated into Catalan, Spanish and English through
gettext (locale/), so one code has the right label in every language.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AreaCode(models.TextChoices):
    CITIZEN_ATTENTION = "citizen_attention", _("Citizen attention")
    SERVICES_PROCEDURES = "services_procedures", _("Services and procedures")
    SOCIAL_SERVICES = "social_services", _("Social services")
    PARTICIPATION_OPEN_GOVERNMENT = (
        "participation_open_government",
        _("Participation and open government"),
    )
    PLANNING_MANAGEMENT = "planning_management", _("Public planning and management")
    INTEGRAL_TRANSFORMATION = (
        "integral_transformation",
        _("Integral transformation and cultural change"),
    )


AREA_DESCRIPTIONS = {
    AreaCode.CITIZEN_ATTENTION: _(
        "Virtual assistants, chatbots, complaints and suggestions."
    ),
    AreaCode.SERVICES_PROCEDURES: _(
        "Cross-administration digital services, 24h procedures, registrations, "
        "ticketing, public procurement."
    ),
    AreaCode.SOCIAL_SERVICES: _("Care advisers, telecare for the elderly."),
    AreaCode.PARTICIPATION_OPEN_GOVERNMENT: _(
        "Participation platforms, e-voting, transparency portals, open data."
    ),
    AreaCode.PLANNING_MANAGEMENT: _(
        "Decision support, impact measurement, AI, big data, predictive analytics."
    ),
    AreaCode.INTEGRAL_TRANSFORMATION: _(
        "Technology together with organisation: new ways of working."
    ),
}


class TransformationTypeCode(models.TextChoices):
    SERVICE_JOURNEY = "service_journey", _("Service journey")
    PROCESSES_PROCEDURES = "processes_procedures", _("Processes and procedures")
    ORGANISATION = "organisation", _("Organisation")


class Phase(models.TextChoices):
    PROTOTYPE = "prototype", _("Prototype")
    PILOT = "pilot", _("Pilot")
    PRODUCTION = "production", _("In production")


class EntityKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    COUNTY_COUNCIL = "county_council", _("County council")
    PROVINCIAL_COUNCIL = "provincial_council", _("Provincial council")
    CONSORTIUM = "consortium", _("Consortium")
    REGIONAL_GOVERNMENT = "regional_government", _("Regional government")
    OTHER = "other", _("Other")


class TechnologyKind(models.TextChoices):
    SOFTWARE = "software", _("Software")
    PLATFORM = "platform", _("Platform")
    METHOD = "method", _("Method")
    TOOL = "tool", _("Tool")
    STANDARD = "standard", _("Standard")


class MilestoneStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class DocumentationKind(models.TextChoices):
    ARTICLE = "article", _("Article")
    DEMO = "demo", _("Demo")
    VIDEO = "video", _("Video")
    DOCUMENT = "document", _("Document")
    PRESENTATION = "presentation", _("Slides")
    WEBSITE = "website", _("Website")


class SizeBand(models.TextChoices):
    """Population bands of the lead entity (search API contract)."""

    LT1K = "lt1k", _("Under 1,000 inhabitants")
    K1_5 = "1k-5k", _("1,000 to 5,000")
    K5_20 = "5k-20k", _("5,000 to 20,000")
    K20_50 = "20k-50k", _("20,000 to 50,000")
    K50_100 = "50k-100k", _("50,000 to 100,000")
    GT100K = "gt100k", _("Over 100,000")


SIZE_LIMITS = [
    (1_000, SizeBand.LT1K),
    (5_000, SizeBand.K1_5),
    (20_000, SizeBand.K5_20),
    (50_000, SizeBand.K20_50),
    (100_000, SizeBand.K50_100),
]


def size_band(population: int | None) -> SizeBand | None:
    """The band a population falls in; None when the population is unknown."""
    if population is None:
        return None
    for limit, band in SIZE_LIMITS:
        if population < limit:
            return band
    return SizeBand.GT100K
