"""Form data builders shared by the admin tests."""

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
