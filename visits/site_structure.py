"""The caravan's place in the page tree every installation needs: its calendar
under each home page, in the main menu after the projects and the articles."""

TITLES = {
    "ca": ("Caravana de la innovació", "caravana"),
    "es": ("Caravana de la innovación", "caravana"),
    "en": ("Innovation caravan", "caravan"),
}


def register() -> None:
    from project_pages.site_structure import register_section

    register_section("caravan", "visits.CaravanIndexPage", TITLES)
