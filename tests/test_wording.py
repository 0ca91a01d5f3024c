"""One register per language: Catalan "vós", Spanish "usted".

docs/decisions/0019-one-register-per-language-and-dates.md says why and how
(command labels on buttons are the exception it describes: a bare verb in
Catalan, the infinitive in Spanish). These tests read every translation of
locale/ and the text of the public account pages, which come partly from
django-allauth's and Django's own catalogues, and list what is missing, fuzzy
or in the other register.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings

from tests.pofile import Entry, parse

LOCALE = Path(settings.BASE_DIR) / "locale"

# Catalan -----------------------------------------------------------------------

# "tu" and its forms never address the reader.
CATALAN_TU = re.compile(
    r"\b(?:tu|teu|teva|teus|teves|et)\b"  # pronoun and possessives
    r"|\bt['’]|['’]t\b|-te\b|-t['’]"  # t'enviem, registra't, uneix-te, posa-t'hi
    r"|\b(?:segueixes|vols|pots|reps|comentes|obres|respons|tens|ets|saps|has"
    r"|vulguis|estàs|fas|escrius|publiques|trobes|necessites|busques|cerques)\b",
    re.IGNORECASE,
)
# Second person singular imperatives. In Catalan interfaces a bare verb is also
# the conventional command label ("Desa", "Publica el comentari"): allowed on a
# short label, never in a sentence that speaks to the reader.
CATALAN_IMPERATIVES = (
    "Inicia|Consulta|Escriu|Tria|Afegeix|Comprova|Copia|Revisa|Fes|Indica|Prova"
    "|Mira|Torna|Canvia|Deixa|Segueix|Treu|Posa|Envia|Omple|Cerca|Busca|Llegeix"
    "|Descarrega|Edita|Esborra|Elimina|Publica|Respon|Denuncia|Desa|Mostra|Amaga"
    "|Aprova|Rebutja|Marca|Assigna|Crea|Actua|Filtra|Ordena|Aplica|Restableix"
    "|Inscriu|Apunta|Dona|Registra|Uneix|Subscriu|Accedeix|Entra|Surt|Confirma"
    "|Accepta|Tanca|Obre|Verifica|Retira|Comença|Anul·la|Cancel·la|Pregunta"
    "|Demana|Explica|Comparteix|Visita|Baixa|Puja|Adjunta|Introdueix|Utilitza"
    "|Vés|Ves|Recorda|Oblida|Continua|Selecciona|Activa|Desactiva"
)
CATALAN_IMPERATIVE = re.compile(
    rf"(?:^|[.!?]\s+|\()(?:{CATALAN_IMPERATIVES})\b", re.IGNORECASE
)
# "per" and an infinitive: a purpose, so a sentence ("Inicieu la sessió per seguir").
PURPOSE = re.compile(r"\bper (?:a )?\w+(?:r|re)(?:-\w+)?\b", re.IGNORECASE)

# Spanish -----------------------------------------------------------------------

SPANISH_VOSOTROS = re.compile(
    r"\b(?:vuestr[oa]s?|os|vos)\b"
    r"|\b\w+(?:áis|éis|íais)\b"  # podéis, habíais
    r"|\b\w+(?:ad|ed|id)\b",  # preguntad, poned, escribid (nouns filtered below)
    re.IGNORECASE,
)
# Words ending like a "vosotros" imperative that are not one.
SPANISH_NOT_VOSOTROS = ("dad", "tad", "usted", "red", "sed", "pared", "madrid", "lid")
SPANISH_TU = re.compile(
    r"\b(?:tu|tus|te|ti|tú|contigo|tuy[oa]s?)\b"
    r"|\b(?:sigues|quieres|puedes|recibes|comentas|abres|respondes|tienes|eres"
    r"|sabes|has|vuelves|escribes|buscas|necesitas|estás)\b"
    r"|\b(?:cámbiala|cópiala|quítala|cámbialo|cópialo|quítalo|quítalos|apúntate"
    r"|únete|regístrate|inscríbete)\b",
    re.IGNORECASE,
)
# "tú" imperatives: Spanish labels are infinitives ("Buscar", "Enviar"), so a
# capitalised imperative opening a string or a sentence is always "tú".
SPANISH_IMPERATIVE = re.compile(
    r"(?:^|[.!?:;¿¡]\s+|\()(?:Añade|Asigna|Crea|Responde|Marca|Elige|Escribe|Busca"
    r"|Envía|Guarda|Publica|Borra|Elimina|Edita|Consulta|Inicia|Revisa|Comprueba"
    r"|Copia|Quita|Pega|Vuelve|Prueba|Deja|Indica|Rellena|Pon|Haz|Mira|Abre"
    r"|Cierra|Sigue|Únete|Regístrate|Cancela|Aplica|Muestra|Oculta|Aprueba"
    r"|Rechaza|Descarga|Sube|Adjunta|Introduce|Accede|Entra|Confirma|Acepta|Lee"
    r"|Usa|Utiliza|Comienza|Empieza|Pregunta|Solicita|Pide|Actúa|Cambia|Ve"
    r"|Recuerda|Olvida|Continúa|Selecciona|Activa|Desactiva|Filtra|Ordena)\b"
)


def _strip(text: str) -> str:
    """The words of a translation: no markup, placeholders or parentheses."""
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"%\(\w+\)[sd]|%[sd]|\{\w*\}", " X ", text)
    return re.sub(r"\w+_\w+", " X ", text)  # field names: first_published


def is_label(text: str) -> bool:
    """A command label: no sentence, no purpose clause ("Desa", "Publica el
    comentari", "Torna a la fitxa del projecte", "Treu el filtre:")."""
    words = re.sub(r"\([^)]*\)", "", text).strip().removesuffix(":")
    return not re.search(r"[.;:?!,]", words) and not PURPOSE.search(words)


def catalan_problems(text: str) -> list[str]:
    text = _strip(text)
    found = [match.group(0) for match in CATALAN_TU.finditer(text)]
    if not is_label(text):
        found += [
            match.group(0).strip(" .,:;") for match in CATALAN_IMPERATIVE.finditer(text)
        ]
    return found


def spanish_problems(text: str) -> list[str]:
    text = _strip(text)
    found = [
        match.group(0)
        for match in SPANISH_VOSOTROS.finditer(text)
        if not match.group(0).lower().endswith(SPANISH_NOT_VOSOTROS)
    ]
    found += [match.group(0) for match in SPANISH_TU.finditer(text)]
    if len(text.split()) > 1:
        found += [
            match.group(0).strip(" .:;(¿¡")
            for match in SPANISH_IMPERATIVE.finditer(text)
        ]
    return found


CHECKS = {"ca": catalan_problems, "es": spanish_problems}


def _report(language: str) -> list[str]:
    lines = []
    for entry in parse(LOCALE / language / "LC_MESSAGES" / "django.po"):
        if entry.msgctxt == "URL path" and entry.translated:
            continue  # slugs: "envia-un-projecte/" is an address, not a sentence
        if entry.fuzzy:
            lines.append(f"{entry.label}: fuzzy")
        elif not entry.translated:
            lines.append(f"{entry.label}: not translated")
        else:
            problems = [p for text in entry.msgstr for p in CHECKS[language](text)]
            if problems:
                lines.append(f"{entry.label}: {', '.join(problems)} in {entry.msgstr}")
    return lines


# The rules themselves, on sentences people wrote or the tester reported.


@pytest.mark.parametrize(
    "text",
    [
        "Inicia la sessió per seguir",
        "Registra't",
        "Canvia-la al teu perfil",
        "Encara no segueixes res.",
        "T'enviem un correu amb les novetats.",
        "Comprova l'adreça (copia-la de la pàgina de la fitxa) o treu-la.",
        "Escriu almenys una paraula amb contingut.",
        "Segueix un àmbit per saber quan hi ha fitxes noves.",
    ],
)
def test_catalan_rule_finds_the_informal_register(text):
    assert catalan_problems(text)


@pytest.mark.parametrize(
    "text",
    [
        "Inicieu la sessió per seguir",
        "Desa",
        "Publica el comentari",
        "Ja teniu un compte?",
        "Esteu publicant massa de pressa. Espereu una mica.",
        "El vostre compte està suspès fins al 3 d'abril de 2026, 9:05.",
        "Tecnologies i temes, p. ex. xatbot, dades obertes, RPA.",
        "Aprovat: torna a ser visible.",
        "Ordena per",
        "Treu el filtre:",
    ],
)
def test_catalan_rule_accepts_the_formal_register(text):
    assert catalan_problems(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Preguntad, responded y compartid experiencias.",
        "Solo lo veis vos hasta que un moderador lo apruebe.",
        "Editad vuestro tema",
        "Inicia sesión para seguir",
        "Recibes estos correos porque lo sigues (tu elección: diario).",
        "Comprueba la dirección (cópiala de la página) o quítala.",
        "Te enviamos un correo.",
        "Crea un borrador de ficha de proyecto",
    ],
)
def test_spanish_rule_finds_the_other_registers(text):
    assert spanish_problems(text)


@pytest.mark.parametrize(
    "text",
    [
        "Inicie sesión para seguir",
        "Buscar",
        "Su cuenta está suspendida hasta el 3 de abril de 2026, 09:05.",
        "La comunidad de la ciudad, en red.",
        "Pregunte a las personas que hay detrás de este proyecto.",
        "Descarga",
    ],
)
def test_spanish_rule_accepts_usted(text):
    assert spanish_problems(text) == []


# The catalogues.


@pytest.mark.parametrize("language", ["ca", "es"])
def test_every_string_is_translated_in_one_register(language):
    problems = _report(language)
    assert not problems, f"{len(problems)} translations to fix:\n" + "\n".join(problems)


def test_both_catalogues_have_the_same_strings():
    def keys(language: str) -> set[tuple[str | None, str]]:
        path = LOCALE / language / "LC_MESSAGES" / "django.po"
        return {(entry.msgctxt, entry.msgid) for entry in parse(path)}

    assert keys("ca") ^ keys("es") == set()


def test_the_parser_reads_plurals_contexts_and_flags(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: ca\\n"\n\n'
        '#, fuzzy\nmsgctxt "alt. month"\nmsgid "April"\nmsgstr "d\'abril"\n\n'
        'msgid "%(n)d page"\nmsgid_plural "%(n)d pages"\n'
        'msgstr[0] "%(n)d pàgina"\nmsgstr[1] ""\n"%(n)d pàgines"\n\n'
        '#~ msgid "Gone"\n#~ msgstr "Fora"\n',
        encoding="utf-8",
    )
    april, pages = parse(po)
    assert (april.msgctxt, april.msgid, april.msgstr, april.fuzzy) == (
        "alt. month",
        "April",
        ["d'abril"],
        True,
    )
    assert pages.msgid_plural == "%(n)d pages"
    assert pages.msgstr == ["%(n)d pàgina", "%(n)d pàgines"]
    assert pages.translated and isinstance(pages, Entry)


# The public account pages, whose text partly comes from other catalogues.


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        for name, value in attrs:
            if name in ("placeholder", "title", "aria-label", "value") and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip and data.strip():
            self.parts.append(data.strip())


def visible_texts(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    return parser.parts


ACCOUNT_PAGES = {
    "ca": ["/ca/comptes/login/", "/ca/comptes/signup/", "/ca/comptes/password/reset/"],
    "es": ["/es/cuentas/login/", "/es/cuentas/signup/", "/es/cuentas/password/reset/"],
}


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ca", "es"])
def test_account_pages_speak_one_register(client, site_pages, language):
    problems = []
    for url in ACCOUNT_PAGES[language]:
        response = client.get(url)
        assert response.status_code == 200, url
        texts = visible_texts(response.content.decode())
        # A signup with a numeric password shows the validators' messages.
        if "signup" in url:
            response = client.post(
                url,
                {"email": "nova@example.org", "password1": "12345", "password2": "1"},
            )
            texts += visible_texts(response.content.decode())
        for text in texts:
            found = CHECKS[language](text)
            if found:
                problems.append(f"{url}: {found} in {text!r}")
    assert not problems, "\n".join(problems)


def test_place_names_after_a_preposition_read_right_in_catalan():
    """Catalan elides "de" before a vowel ("d'Olot", never "de Olot"): the search
    and map labels are worded so that a place name needs no preposition."""
    from django.utils import translation
    from django.utils.translation import gettext as _

    with translation.override("ca"):
        near = _("Near %(place)s") % {"place": "Olot"}
        within = _("Within %(km)s km of %(place)s") % {"km": 10, "place": "Olot"}
    assert near == "Olot i rodalia"
    assert within == "Olot i 10 km al voltant"
    with translation.override("es"):
        assert _("Near %(place)s") % {"place": "Olot"} == "Cerca de Olot"


def test_the_page_after_signing_up_speaks_like_the_site(client, site_pages):
    """allauth's own Catalan says "direcció" and "la seva verificació"."""
    from django.urls import reverse
    from django.utils import translation

    for code, heading, wrong in (
        ("ca", "Confirmeu la vostra adreça electrònica", "direcció"),
        ("es", "Confirme su dirección de correo electrónico", "Verifique"),
    ):
        with translation.override(code):
            url = reverse("account_email_verification_sent")
        html = client.get(url).content.decode()
        assert heading in html
        assert wrong not in html
