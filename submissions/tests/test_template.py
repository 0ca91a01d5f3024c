"""Reading the submission template back, however people filled it in."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from project_pages.models.project import ProjectContact, ProjectPage
from project_pages.vocabularies import AreaCode, Phase
from submissions.template import (
    FIELDS,
    HEADINGS,
    HINTS,
    TEMPLATES,
    match_area,
    match_areas,
    match_phase,
    parse_start_date,
    read_template,
)

VALUES = {
    "title": "Finestreta única digital",
    "entity": "Ajuntament de Vic",
    "municipality": "Vic",
    "areas": "Serveis i tràmits",
    "phase": "En producció",
    "summary": "Un sol punt d'entrada per a tots els tràmits municipals.",
    "description": (
        "Primer paràgraf de la descripció.\nContinua a la línia següent.\n\n"
        "Segon paràgraf."
    ),
    "objectives": "Reduir esperes\nTramitar en línia",
    "technologies": "Drupal, Open Cities",
    "barriers": "Resistència al canvi.",
    "benefits": "Un 40% menys de visites presencials.",
    "savings": "2.000 hores l'any",
    "contact_name": "Anna Puig, cap de sistemes",
    "contact_email": "anna@vic.example.cat",
    "contact_phone": "+34 938 000 000",
    "links": "https://vic.example.cat/finestreta\nhttps://youtu.be/x",
    "start_date": "15/03/2023",
}


def fill(template: str, values: dict[str, str], language: str) -> str:
    """Replace each hint with its value, as a person filling the template would."""
    index = ("ca", "es", "en").index(language)
    text = template
    for key, value in values.items():
        text = text.replace(HINTS[key][index], value, 1)
    return text


@pytest.mark.parametrize("language", ["ca", "es", "en"])
def test_each_language_template_filled_in_reads_back(language):
    filled = fill(TEMPLATES[language], VALUES, language)
    assert read_template(filled) == VALUES


@pytest.mark.parametrize("language", ["ca", "es", "en"])
def test_an_untouched_template_gives_nothing(language):
    assert read_template(TEMPLATES[language]) == {}


def test_templates_have_every_heading_on_its_own_line_with_a_colon():
    for index, language in enumerate(("ca", "es", "en")):
        lines = TEMPLATES[language].splitlines()
        for key in FIELDS:
            assert f"{HEADINGS[key][index]}:" in lines, (language, key)


def test_partly_filled_template_leaves_hints_out():
    values = {"title": "Padró en línia", "phase": "Pilot"}
    filled = fill(TEMPLATES["ca"], values, "ca")
    assert read_template(filled) == values


def test_a_filled_template_quoted_in_a_reply():
    filled = fill(TEMPLATES["es"], {"title": "Cita previa", "phase": "Piloto"}, "es")
    reply = (
        "Hola, aquí va la ficha corregida.\n\n"
        "El 3 feb 2025, Observatori <obs@example.org> escribió:\n"
        + "\n".join(f"> {line}" if line else ">" for line in filled.splitlines())
    )
    assert read_template(reply) == {"title": "Cita previa", "phase": "Piloto"}


def test_a_new_answer_wins_over_the_quoted_template_below_it():
    text = (
        "Títol: Cita prèvia\nFase: pilot\n\n"
        "> Títol:\n> Un nom curt per al projecte.\n> Fase:\n> Prototip, pilot o en"
        " producció.\n"
    )
    assert read_template(text) == {"title": "Cita prèvia", "phase": "pilot"}


def test_markdown_bold_and_bullets():
    text = (
        "**Títol:** Cita prèvia\n"
        "**Fase**: Pilot\n"
        "- **Municipi:** Manlleu\n"
        "* Entitat: Ajuntament de Manlleu\n"
        "## Descripció\n"
        "Un sistema de cita prèvia.\n"
    )
    assert read_template(text) == {
        "title": "Cita prèvia",
        "phase": "Pilot",
        "municipality": "Manlleu",
        "entity": "Ajuntament de Manlleu",
        "description": "Un sistema de cita prèvia.",
    }


def test_value_on_the_same_line_or_on_the_lines_below():
    text = (
        "Title: Open data portal\n"
        "Summary:\n"
        "First line of the summary.\n"
        "Second line.\n"
        "\n"
        "Another paragraph.\n"
        "\n\n\n"
        "Phase:\n\n   In production   \n"
    )
    assert read_template(text) == {
        "title": "Open data portal",
        "summary": "First line of the summary.\nSecond line.\n\nAnother paragraph.",
        "phase": "In production",
    }


def test_a_message_without_headings_gives_nothing():
    text = (
        "Bon dia,\n\nUs envio el projecte de cita prèvia que hem fet a Manlleu. "
        "Adjunto la memòria.\n\nSalutacions,\nAnna\n"
    )
    assert read_template(text) == {}
    assert read_template("") == {}


def test_a_signature_alone_is_not_a_template():
    assert read_template("Gràcies!\n\nAnna\nTelèfon: 93 000 00 00\n") == {}


def test_messy_spacing_case_accents_and_languages_mixed():
    text = (
        "Unknown preamble: ignored\n"
        "   TITOL   :   Cita   prèvia  \n"
        "descripcion:\n"
        "   Texto en castellano.\n"
        "ÁMBITO - no es un encabezado\n"
        "DATA D’INICI: març de 2022\n"
        "correu electronic : anna@manlleu.example.cat\n"
        "Entity (administration): Manlleu Town Council\n"
        "--\n"
        "Anna Puig\n"
        "Email: never@example.cat\n"
    )
    assert read_template(text) == {
        "title": "Cita   prèvia",
        "description": "Texto en castellano.\nÁMBITO - no es un encabezado",
        "start_date": "març de 2022",
        "contact_email": "anna@manlleu.example.cat",
        "entity": "Manlleu Town Council",
    }


def test_fields_align_with_the_models():
    """Keys named after a model field are that field (see the module docstring)."""
    page_fields = {field.name for field in ProjectPage._meta.get_fields()}
    contact_fields = {field.name for field in ProjectContact._meta.get_fields()}
    for key in ("title", "summary", "description", "objectives", "phase", "areas"):
        assert key in page_fields
    assert "start_date" in page_fields
    for key in ("contact_name", "contact_email", "contact_phone"):
        assert key.removeprefix("contact_") in contact_fields
    assert len(FIELDS) == len(set(FIELDS)) == 17


# --------------------------------------------------------------------------------------
# Vocabularies


@pytest.mark.parametrize("language", ["ca", "es", "en"])
def test_every_area_and_phase_label_is_recognised(language):
    with translation.override(language):
        for code, label in AreaCode.choices:
            assert match_area(str(label)) == code, (language, label)
        for code, label in Phase.choices:
            assert match_phase(str(label)) == code, (language, label)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("en produccio des del 2021", "production"),
        ("EN PRODUCCIÓN", "production"),
        ("Prova pilot en tres barris", "pilot"),
        ("Fase de prototipus", "prototype"),
        ("Proof of concept", "prototype"),
        ("Ja està implantat", "production"),
        ("pilot, i en producció aviat", "pilot"),
        ("no ho sabem", None),
        ("", None),
        (None, None),
    ],
)
def test_match_phase(value, expected):
    assert match_phase(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Atencio ciutadana (chatbot)", "citizen_attention"),
        ("SERVICIOS SOCIALES", "social_services"),
        ("Transparència i dades obertes", "participation_open_government"),
        ("intel·ligència artificial per planificar", "planning_management"),
        ("intel.ligencia artificial", "planning_management"),
        ("social_services", "social_services"),
        ("Canvi cultural a l'organització", "integral_transformation"),
        ("serveis", None),
        ("res a veure", None),
    ],
)
def test_match_area(value, expected):
    assert match_area(value) == expected


def test_several_areas_in_the_order_written():
    assert match_areas("Serveis socials; atenció ciutadana i participació") == [
        "social_services",
        "citizen_attention",
        "participation_open_government",
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("15/03/2023", date(2023, 3, 15)),
        ("2023-03-15", date(2023, 3, 15)),
        ("1.3.2023", date(2023, 3, 1)),
        ("03/2023", date(2023, 3, 1)),
        ("març de 2022", date(2022, 3, 1)),
        ("Septiembre 2021", date(2021, 9, 1)),
        ("2020", date(2020, 1, 1)),
        ("31/02/2023", None),
        ("aviat", None),
    ],
)
def test_parse_start_date(value, expected):
    assert parse_start_date(value) == expected
