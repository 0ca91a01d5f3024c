"""The submission template, and reading it back out of whatever people send.

The "How to submit" page offers ``TEMPLATES`` in Catalan, Spanish and English: one
heading per line ("Títol:"), a short hint under each. People fill it in all sorts of
ways: the value on the heading's line or below it, in another language than the
page's, quoted in a reply ("> "), as a list, in Markdown bold, with the hints left in.
``read_template`` finds the headings in any of the three languages regardless, so
editors get a draft project file with its fields prefilled.

Field keys follow the model where there is one field to fill (see ``FIELDS``):

==============  =====================================================================
key             where it goes in a project file
==============  =====================================================================
title           ``ProjectPage.title``
entity          ``ProjectEntity`` (lead entity): an ``Entity`` found by ``name``
municipality    ``Entity.municipality`` of that entity
areas           ``ProjectPage.areas`` (codes from ``match_areas``)
phase           ``ProjectPage.phase`` (code from ``match_phase``)
summary         ``ProjectPage.summary``
description     ``ProjectPage.description``
objectives      ``ProjectPage.objectives`` ("general" blocks, one per line)
technologies    ``ProjectPage.analysis`` "technology" blocks
barriers        ``ProjectPage.analysis`` "barrier" blocks
benefits        ``ProjectPage.analysis`` "benefit" blocks
savings         ``ProjectPage.savings_notes`` (amounts are for an editor to split)
contact_name    ``ProjectContact.name``
contact_email   ``ProjectContact.email``
contact_phone   ``ProjectContact.phone``
links           ``ProjectPage.documentation`` "link" blocks
start_date      ``ProjectPage.start_date`` (see ``parse_start_date``)
==============  =====================================================================
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

# key: (Catalan, Spanish, English) headings as the template shows them.
HEADINGS: dict[str, tuple[str, str, str]] = {
    "title": ("Títol", "Título", "Title"),
    "entity": (
        "Entitat (administració)", "Entidad (administración)", "Entity (administration)"
    ),
    "municipality": ("Municipi", "Municipio", "Municipality"),
    "areas": ("Àmbit", "Ámbito", "Area"),
    "phase": ("Fase", "Fase", "Phase"),
    "summary": ("Resum", "Resumen", "Summary"),
    "description": ("Descripció", "Descripción", "Description"),
    "objectives": ("Objectius", "Objetivos", "Objectives"),
    "technologies": ("Tecnologies", "Tecnologías", "Technologies"),
    "barriers": ("Obstacles", "Obstáculos", "Obstacles"),
    "benefits": ("Beneficis", "Beneficios", "Benefits"),
    "savings": ("Estalvi", "Ahorro", "Savings"),
    "contact_name": ("Persona de contacte", "Persona de contacto", "Contact person"),
    "contact_email": ("Correu electrònic", "Correo electrónico", "Email"),
    "contact_phone": ("Telèfon", "Teléfono", "Phone"),
    "links": ("Enllaços", "Enlaces", "Links"),
    "start_date": ("Data d'inici", "Fecha de inicio", "Start date"),
}  # fmt: skip

FIELDS = list(HEADINGS)

# Other ways people write the same heading (compared without accents or case).
ALIASES: dict[str, tuple[str, ...]] = {
    "title": ("Nom del projecte", "Nombre del proyecto", "Project name", "Projecte",
              "Proyecto", "Project"),
    "entity": ("Entitat", "Entidad", "Entity", "Administració", "Administración",
               "Administration", "Organisme", "Organismo", "Organisation",
               "Organization"),
    "municipality": ("Població", "Localitat", "Localidad", "Town", "City"),
    "areas": ("Àmbits", "Ámbitos", "Areas", "Àrea", "Área", "Àrees", "Áreas"),
    "phase": ("Estat", "Estado", "Status", "Stage", "Etapa"),
    "objectives": ("Objectiu", "Objetivo", "Objective", "Goals"),
    "technologies": ("Tecnologia", "Tecnología", "Technology", "Eines", "Herramientas",
                     "Tools"),
    "barriers": ("Barreres", "Barreras", "Barriers", "Dificultats", "Dificultades",
                 "Difficulties"),
    "benefits": ("Resultats", "Resultados", "Results", "Facilitadors", "Facilitadores"),
    "savings": ("Estalvis", "Ahorros", "Saving"),
    "contact_name": ("Contacte", "Contacto", "Contact"),
    "contact_email": ("Correu", "Correo", "E-mail", "Adreça electrònica",
                      "Dirección de correo", "Email address"),
    "contact_phone": ("Tel", "Telf", "Telephone", "Mòbil", "Móvil", "Mobile"),
    "links": ("Enllaç", "Enlace", "Link", "Web", "URL"),
    "start_date": ("Inici", "Inicio", "Start", "Data inici", "Fecha inicio",
                   "Data de començament"),
}  # fmt: skip

# key: (Catalan, Spanish, English) hints shown under each heading.
HINTS: dict[str, tuple[str, str, str]] = {
    "title": (
        "Un nom curt per al projecte.",
        "Un nombre corto para el proyecto.",
        "A short name for the project.",
    ),
    "entity": (
        "L'administració que l'ha impulsat: ajuntament, consell comarcal, consorci...",
        "La administración que lo ha impulsado: ayuntamiento, consejo comarcal, "
        "consorcio...",
        "The administration that led it: town council, county council, consortium...",
    ),
    "municipality": (
        "On s'ha dut a terme.",
        "Dónde se ha llevado a cabo.",
        "Where it was carried out.",
    ),
    "areas": (
        "Un o més d'aquests: atenció ciutadana; serveis i tràmits; serveis socials; "
        "participació i govern obert; planificació i gestió pública; transformació "
        "integral i canvi cultural.",
        "Uno o más de estos: atención ciudadana; servicios y trámites; servicios "
        "sociales; participación y gobierno abierto; planificación y gestión pública; "
        "transformación integral y cambio cultural.",
        "One or more of: citizen attention; services and procedures; social services; "
        "participation and open government; public planning and management; integral "
        "transformation and cultural change.",
    ),
    "phase": (
        "Prototip, pilot o en producció.",
        "Prototipo, piloto o en producción.",
        "Prototype, pilot or in production.",
    ),
    "summary": (
        "Un paràgraf: què s'ha fet, on i què n'ha sortit.",
        "Un párrafo: qué se ha hecho, dónde y qué ha salido de ello.",
        "One paragraph: what was done, where, and what came of it.",
    ),
    "description": (
        "Què és el projecte i com funciona.",
        "Qué es el proyecto y cómo funciona.",
        "What the project is and how it works.",
    ),
    "objectives": (
        "Què volia aconseguir (un per línia).",
        "Qué quería conseguir (uno por línea).",
        "What it set out to achieve (one per line).",
    ),
    "technologies": (
        "Programari, plataformes, mètodes o estàndards utilitzats.",
        "Software, plataformas, métodos o estándares utilizados.",
        "Software, platforms, methods or standards used.",
    ),
    "barriers": (
        "Què ho ha dificultat i com s'ha superat.",
        "Qué lo ha dificultado y cómo se ha superado.",
        "What got in the way, and how it was overcome.",
    ),
    "benefits": (
        "Què ha ajudat i quins resultats ha donat, amb xifres si en teniu.",
        "Qué ha ayudado y qué resultados ha dado, con cifras si las tiene.",
        "What helped, and the results, with figures if you have them.",
    ),
    "savings": (
        "Diners o hores de feina estalviats cada any, i com s'ha mesurat.",
        "Dinero u horas de trabajo ahorrados cada año, y cómo se ha medido.",
        "Money or staff hours saved each year, and how it was measured.",
    ),
    "contact_name": (
        "Nom i càrrec (no es publica).",
        "Nombre y cargo (no se publica).",
        "Name and role (not published).",
    ),
    "contact_email": (
        "L'adreça de la persona de contacte (no es publica).",
        "La dirección de la persona de contacto (no se publica).",
        "The contact person's address (not published).",
    ),
    "contact_phone": (
        "El telèfon de la persona de contacte (no es publica).",
        "El teléfono de la persona de contacto (no se publica).",
        "The contact person's phone (not published).",
    ),
    "links": (
        "Pàgines web, vídeos, articles de premsa (una adreça per línia).",
        "Páginas web, vídeos, artículos de prensa (una dirección por línea).",
        "Web pages, videos, press articles (one address per line).",
    ),
    "start_date": (
        "Quan va començar el projecte (dd/mm/aaaa).",
        "Cuándo empezó el proyecto (dd/mm/aaaa).",
        "When the project started (dd/mm/yyyy).",
    ),
}

_INTRO = {
    "ca": (
        "Fitxa de projecte per a l'Observatori\n"
        "Escriviu sota cada apartat; deixeu en blanc el que no sapigueu. "
        "Adjunteu documents i imatges al correu."
    ),
    "es": (
        "Ficha de proyecto para el Observatorio\n"
        "Escriba bajo cada apartado; deje en blanco lo que no sepa. "
        "Adjunte documentos e imágenes al correo."
    ),
    "en": (
        "Project file for the Observatory\n"
        "Write under each heading; leave blank what you do not know. "
        "Attach documents and images to the email."
    ),
}
_LANGUAGES = ("ca", "es", "en")


def _build_template(language: str) -> str:
    index = _LANGUAGES.index(language)
    blocks = [_INTRO[language]]
    for key in FIELDS:
        blocks.append(f"{HEADINGS[key][index]}:\n{HINTS[key][index]}")
    return "\n\n".join(blocks) + "\n"


TEMPLATES: dict[str, str] = {
    language: _build_template(language) for language in _LANGUAGES
}


# --------------------------------------------------------------------------------------
# Reading a filled template


def fold(value: str) -> str:
    """Lower case, no accents, one space: how headings and vocabulary are compared."""
    value = value.replace("’", "'").replace("ŀl", "l·l").replace("l.l", "l·l")
    decomposed = unicodedata.normalize("NFKD", value.lower())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.split())


def _label_key(label: str) -> str:
    label = re.sub(r"\([^)]*\)", " ", label)  # "Entity (administration)"
    return fold(label).strip(" .:")


_KEYS: dict[str, str] = {}
for _key, _names in HEADINGS.items():
    for _name in (*_names, *ALIASES.get(_key, ())):
        _KEYS.setdefault(_label_key(_name), _key)
_HINTS = {fold(hint) for hints in HINTS.values() for hint in hints}

_QUOTE = re.compile(r"^\s*(?:>\s?)+")
_MARKUP = r"(?:\*\*|__|\*|_)?"
_BULLET = r"(?:[-*•·+]\s+|\d{1,2}[.)]\s+|#{1,6}\s*)?"
_WITH_COLON = re.compile(
    rf"^\s*{_BULLET}{_MARKUP}\s*(?P<label>[^:：*_\n]{{1,60}}?)\s*{_MARKUP}\s*[:：]"
    rf"\s*{_MARKUP}\s*(?P<rest>.*?)\s*$"
)
_ALONE = re.compile(
    rf"^\s*{_BULLET}{_MARKUP}\s*(?P<label>[^:：*_\n]{{1,60}}?)\s*{_MARKUP}\s*$"
)
_SIGNATURE = re.compile(r"^--\s*$")
# A closing line ("Salutacions,", "Un saludo", "Kind regards,") or the line that
# introduces a quoted message ("El 3/10/2026, X va escriure:"): the field above
# ends there, so that the signature never becomes part of the last field.
_CLOSING = re.compile(
    r"^\s*(?:(?:moltes\s+|muchas\s+|many\s+)?(?:gr[aà]cies|gracias|thanks)|"
    r"thank\s+you|salutacions|cordialment|atentament|una\s+abra[cç]ada|"
    r"(?:un\s+)?salud(?:o|os)|atentamente|cordialmente|un\s+abrazo|"
    r"(?:best|kind|warm)?\s*regards|best\s+wishes|yours\s+sincerely|sincerely)"
    r"(?:\s+[\w'’]+){0,3}\s*[,.!]*\s*$"
    r"|^\s*(?:el|on|le)\s.{0,200}(?:va\s+escriure|escribi[oó]|wrote|a\s+[ée]crit)"
    r"\s*:\s*$",
    re.IGNORECASE,
)


def _heading(line: str) -> tuple[str, str] | None:
    """(field key, rest of the line) when the line starts with a known heading;
    with a colon, a heading mistyped by one letter counts ("Benficios:")."""
    for pattern in (_WITH_COLON, _ALONE):
        match = pattern.match(line)
        if match:
            label = _label_key(match.group("label"))
            key = _KEYS.get(label)
            if key is None and pattern is _WITH_COLON:
                key = _near_key(label)
            if key:
                return key, match.groupdict().get("rest") or ""
    return None


def _near_key(label: str) -> str | None:
    """The key of the one heading of 7 letters or more that ``label`` misses by a
    letter (left out, added, or wrong)."""
    if len(label) < 7:
        return None
    keys = {key for name, key in _KEYS.items() if _one_edit(label, name)}
    return keys.pop() if len(keys) == 1 else None


def _one_edit(a: str, b: str) -> bool:
    if a == b or abs(len(a) - len(b)) > 1 or min(len(a), len(b)) < 6:
        return False
    if len(a) > len(b):
        a, b = b, a
    for index, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            rest = a[index + 1 :] if len(a) == len(b) else a[index:]
            return rest == b[index + 1 :]
    return True


def read_template(text: str) -> dict[str, str]:
    """Field key -> value for the template headings found in ``text``.

    A lone heading-like line (a signature's "Email: ...") is no template: at least
    two different headings must be present, otherwise nothing is taken.
    """
    found: dict[str, list[str]] = {}
    order: list[str] = []
    current: list[str] | None = None
    for raw_line in (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = _QUOTE.sub("", raw_line).rstrip()
        if _SIGNATURE.match(line) or _CLOSING.match(line):
            current = None
            continue
        heading = _heading(line)
        if heading:
            key, rest = heading
            if key in found and _value(found[key]):
                current = None  # keep the first filled value (e.g. over a quoted copy)
                continue
            current = found[key] = [rest] if rest else []
            if key not in order:
                order.append(key)
            continue
        if current is not None:
            current.append(line)
    if len(order) < 2:
        return {}
    values = {key: _value(found[key]) for key in order}
    return {key: value for key, value in values.items() if value}


def _value(lines: list[str]) -> str:
    kept = [line for line in lines if fold(_strip_bullet(line)) not in _HINTS]
    text = "\n".join(line.strip() for line in kept)
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    return text.strip("*_ ").strip()


def _strip_bullet(line: str) -> str:
    return re.sub(r"^\s*(?:[-*•·+]\s+)", "", line).strip("*_ ")


# --------------------------------------------------------------------------------------
# Vocabularies from free text


# Labels of project_pages.vocabularies in ca/es/en (as in locale/*.po), then synonyms.
AREA_WORDS: dict[str, tuple[str, ...]] = {
    "citizen_attention": (
        "atenció ciutadana", "atención ciudadana", "citizen attention",
        "atenció a la ciutadania", "atención a la ciudadanía", "atenció al ciutadà",
        "atención al ciudadano", "citizen services", "chatbot", "assistent virtual",
        "asistente virtual", "virtual assistant", "queixes i suggeriments",
        "quejas y sugerencias", "complaints and suggestions",
    ),
    "services_procedures": (
        "serveis i tràmits", "servicios y trámites", "services and procedures",
        "tràmits", "trámites", "tramitació", "tramitación", "procedures",
        "administració electrònica", "administración electrónica", "e-government",
        "contractació pública", "contratación pública", "public procurement",
    ),
    "social_services": (
        "serveis socials", "servicios sociales", "social services",
        "teleassistència", "teleasistencia", "telecare", "gent gran",
        "personas mayores", "the elderly",
    ),
    "participation_open_government": (
        "participació i govern obert", "participación y gobierno abierto",
        "participation and open government", "participació", "participación",
        "participation", "govern obert", "gobierno abierto", "open government",
        "transparència", "transparencia", "transparency", "dades obertes",
        "datos abiertos", "open data", "vot electrònic", "voto electrónico",
        "e-voting",
    ),
    "planning_management": (
        "planificació i gestió pública", "planificación y gestión pública",
        "public planning and management", "planificació", "planificación",
        "planning", "gestió pública", "gestión pública", "public management",
        "intel·ligència artificial", "inteligencia artificial",
        "artificial intelligence", "big data", "analítica predictiva",
        "predictive analytics", "presa de decisions", "toma de decisiones",
        "decision support",
    ),
    "integral_transformation": (
        "transformació integral i canvi cultural",
        "transformación integral y cambio cultural",
        "integral transformation and cultural change", "transformació integral",
        "transformación integral", "integral transformation", "canvi cultural",
        "cambio cultural", "cultural change", "noves formes de treball",
        "nuevas formas de trabajo", "new ways of working",
    ),
}  # fmt: skip

PHASE_WORDS: dict[str, tuple[str, ...]] = {
    "prototype": (
        "prototip", "prototipo", "prototype", "prototipus", "prova de concepte",
        "prueba de concepto", "proof of concept",
    ),
    "pilot": (
        "pilot", "piloto", "prova pilot", "prueba piloto", "pilot test",
        "projecte pilot", "proyecto piloto", "pilotatge", "pilotaje",
    ),
    "production": (
        "en producció", "en producción", "in production", "producció", "producción",
        "production", "implantat", "implantado", "implementat", "implementado",
        "implemented", "en funcionament", "en funcionamiento", "operatiu",
        "operativo", "operational", "desplegat", "desplegado", "deployed",
        "en marxa", "en marcha", "live",
    ),
}  # fmt: skip


def _patterns(table: dict[str, tuple[str, ...]]) -> list[tuple[str, re.Pattern]]:
    patterns = []
    for code, words in table.items():
        for word in (code.replace("_", " "), *words):
            patterns.append(
                (code, re.compile(rf"(?<!\w){re.escape(fold(word))}(?!\w)"))
            )
    return patterns


_AREA_PATTERNS = _patterns(AREA_WORDS)
_PHASE_PATTERNS = _patterns(PHASE_WORDS)


def _matches(value: str | None, patterns) -> list[str]:
    """Codes mentioned in ``value``, in the order they first appear."""
    text = fold(str(value or "")).replace("_", " ")
    first: dict[str, tuple[int, int]] = {}
    for code, pattern in patterns:
        match = pattern.search(text)
        if match:
            # Earliest mention first; at the same place, the longer phrase wins.
            rank = (match.start(), -(match.end() - match.start()))
            if code not in first or rank < first[code]:
                first[code] = rank
    return sorted(first, key=first.__getitem__)


def match_areas(value: str | None) -> list[str]:
    """Every area code mentioned, in order (a project may have several)."""
    return _matches(value, _AREA_PATTERNS)


def match_area(value: str | None) -> str | None:
    """The first area code mentioned in ``value`` (any language), or None."""
    codes = match_areas(value)
    return codes[0] if codes else None


def match_phase(value: str | None) -> str | None:
    """The phase code mentioned first in ``value`` (any language), or None."""
    codes = _matches(value, _PHASE_PATTERNS)
    return codes[0] if codes else None


_MONTHS = {
    **{fold(name): number for number, name in enumerate(
        ("gener", "febrer", "març", "abril", "maig", "juny", "juliol", "agost",
         "setembre", "octubre", "novembre", "desembre"), start=1)},
    **{fold(name): number for number, name in enumerate(
        ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
         "septiembre", "octubre", "noviembre", "diciembre"), start=1)},
    **{name: number for number, name in enumerate(
        ("january", "february", "march", "april", "may", "june", "july", "august",
         "september", "october", "november", "december"), start=1)},
    "setiembre": 9,
}  # fmt: skip


def parse_start_date(value: str | None) -> date | None:
    """A date from "15/03/2024", "2024-03-15", "03/2024", "març de 2024" or "2024"
    (the first day of the month or year when only those are given); else None."""
    text = fold(str(value or ""))
    attempts = (
        (r"(\d{4})-(\d{1,2})-(\d{1,2})", lambda m: (m[1], m[2], m[3])),
        (r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", lambda m: (m[3], m[2], m[1])),
        (r"(?<![\d/.-])(\d{1,2})[/.-](\d{4})", lambda m: (m[2], m[1], 1)),
    )
    for pattern, parts in attempts:
        match = re.search(pattern, text)
        if match:
            try:
                year, month, day = (int(part) for part in parts(match))
                return date(year, month, day)
            except ValueError:
                return None
    for word in re.findall(r"[a-z]+", text):
        if word in _MONTHS:
            year = re.search(r"\b(19|20)\d{2}\b", text)
            if year:
                return date(int(year.group(0)), _MONTHS[word], 1)
    year = re.search(r"\b(19|20)\d{2}\b", text)
    return date(int(year.group(0)), 1, 1) if year else None
