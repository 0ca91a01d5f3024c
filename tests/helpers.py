"""Builders shared by several test modules."""

from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    streamfield,
)


def project_form_data(
    entity, *, areas=("citizen_attention",), phase="pilot", entities=True, **extra
):
    data = {
        "title": "Xatbot del padró",
        "slug": "xatbot-del-padro",
        "summary": "Un assistent respon preguntes sobre el padró.",
        "description": "Text.",
        "value": "",
        "savings_amount_eur": "",
        "savings_hours": "",
        "savings_notes": "",
        "phase": phase,
        "start_date": "",
        "end_date": "",
        "plan": "",
        "scope": "",
        "tags": "chatbot",
        "project_entities": inline_formset(
            [{"entity": entity.pk}] if entities else [], min=1
        ),
        "contacts": inline_formset([]),
        "analysis": streamfield(
            [
                (
                    "barrier",
                    {
                        "title": "Por al canvi",
                        "description": "",
                        "mitigation": "Formació",
                    },
                ),
            ]
        ),
        "objectives": streamfield([]),
        "milestones": streamfield([]),
        "documentation": streamfield([]),
    }
    data.update(extra)
    form_data = nested_form_data(data)
    form_data["areas"] = list(areas)
    return form_data


def osona_entities() -> list:
    """A town and its county council, with the figures the key facts show."""
    from project_pages.factories import EntityFactory

    return [
        EntityFactory(
            name="Ajuntament de Manlleu",
            municipality="Manlleu",
            region="Osona",
            country="ES",
            population=21_000,
        ),
        EntityFactory(
            name="Consell Comarcal d'Osona",
            municipality="Vic",
            region="Osona",
            country="ES",
            population=160_000,
        ),
    ]
