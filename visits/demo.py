"""Demo content of the caravan (``load_demo_data``): the kit and a few stops,
past (with its write-up) and upcoming, in Catalan. Found again by slug."""

from __future__ import annotations

import datetime

from django.utils import timezone

from project_pages.models import Entity

from .models import CaravanIndexPage, KitPage, StopPage

STOPS = [
    # (slug, title, days from today, place, summary, agenda)
    (
        "manlleu-finestreta-unica",
        "Visita a Manlleu: la finestreta única digital",
        -30,
        ("Can Puget", "Plaça Fra Bernadí, 1, Manlleu", 42.0003, 2.2842),
        "L'equip municipal ensenya com les entitats fan els tràmits en línia.",
        "10:00 Benvinguda\n10:30 Demostració\n12:00 Preguntes i dinar",
    ),
    (
        "vic-padro-en-linia",
        "Visita a Vic: el padró en línia",
        12,
        ("Ajuntament de Vic", "Plaça Major, 1, Vic", 41.9301, 2.2549),
        "Com funciona l'alta al padró sense cita prèvia, i què ha canviat a l'oficina.",
        "09:30 Cafè\n10:00 El servei per dins\n11:30 Conversa amb l'equip",
    ),
    (
        "manresa-dades-obertes",
        "Visita a Manresa: dades obertes per a tothom",
        40,
        ("Centre Cultural del Carme", "Carrer de la Mel, 4, Manresa", 41.7251, 1.8266),
        "El portal de dades obertes i com el fan servir les escoles i les entitats.",
        "10:00 Presentació\n11:00 Taller amb dades reals",
    ),
]


def ensure_caravan(caravans: dict, library, projects, articles) -> int:
    """The kit and the demo stops under the Catalan caravan page."""
    caravan: CaravanIndexPage = caravans["ca"]
    created = 0
    if not caravan.intro:
        caravan.intro = (
            "Administracions que mostren els seus projectes a altres: el calendari "
            "de visites, com inscriure-s'hi i com proposar-ne una."
        )
        caravan.save_revision().publish()
    if not caravan.get_children().filter(slug="kit").exists():
        kit = KitPage(
            title="Kit per a amfitrions i relators",
            slug="kit",
            intro="Guies i plantilles per preparar una visita i fer-ne la crònica.",
            items=[
                ("document", {"document": document, "title": ""})
                for document in library.documents[:3]
            ],
        )
        caravan.add_child(instance=kit)
        kit.save_revision().publish()
    now = timezone.now().replace(hour=9, minute=30, second=0, microsecond=0)
    for number, (slug, title, days, place, summary, agenda) in enumerate(STOPS):
        if caravan.get_children().filter(slug=slug).exists():
            continue
        name, address, lat, lon = place
        start = now + datetime.timedelta(days=days)
        stop = StopPage(
            title=title,
            slug=slug,
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=3),
            place_name=name,
            address=address,
            latitude=lat,
            longitude=lon,
            summary=summary,
            agenda=agenda,
            capacity=25,
            reporters="Equip de l'Observatori",
        )
        project = projects[number] if number < len(projects) else None
        town = address.rsplit(", ", 1)[-1]
        stop.host = Entity.objects.filter(municipality=town).order_by("pk").first()
        if stop.host is None and project is not None:
            lead = project.project_entities.select_related("entity").first()
            stop.host = lead.entity if lead else None
        if days < 0 and articles:
            stop.write_up = articles[0]
        caravan.add_child(instance=stop)
        if project is not None:
            stop.projects.add(project)
        stop.save_revision().publish()
        created += 1
    return created
