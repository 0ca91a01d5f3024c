"""Which municipality sent a submission: a guess for the draft's lead entity.

Senders rarely fill in the entity, but they say who they are: the signature
("Ajuntament de Vic", "Ayuntamiento de Teruel", "Galway City Council") or the
address they write from (``@vic.cat``, ``@ajvic.cat``, ``@ajuntament.vic.cat``).
``guess_place`` turns that into a gazetteer place, trying in turn the template's
entity and municipality fields, the signature and the rest of the text, and the
sender's domain; the first clue that names exactly one place wins.

It never guesses from a clue that could mean two places (two municipalities of
that name in different regions: Castellar, Sant Feliu...) unless the text also
names the county, province or region of one of them; nor from the domains of
mail providers and of administrations that are not a town (gmail.com,
gencat.cat, diba.cat...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from project_pages.names import fold


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Mail providers and supra-municipal administrations: their domain says nothing
# about the town (compared with the label before the public suffix).
GENERIC_DOMAINS = _words(
    """
    gmail googlemail hotmail outlook live msn yahoo ymail rocketmail icloud me mac
    aol protonmail proton pm gmx web tutanota zoho yandex mail email correo correu
    telefonica movistar orange vodafone jazztel ono terra wanadoo free laposte
    libero tiscali virgilio sapo btinternet sky
    gencat diba ddgi dipta diputaciolleida dipgirona dival dipcas dipujaen aoc
    localret fmc acm xtec uoc upc uab ub udg udl urv upf
    gob gov gouv gva caib juntadeandalucia jcyl xunta euskadi navarra aragon
    madrid comunidad carm larioja cantabria asturias
    example test localhost
    """
)
# Towns whose domain is not their name.
KNOWN_DOMAINS = {
    "bcn.cat": "Barcelona",
    "paeria.cat": "Lleida",
    "l-h.cat": "L'Hospitalet de Llobregat",
}
# Second-level labels under a country code: ayto.gob.es, council.gov.uk.
_SECOND_LEVEL = _words("gob gov gouv org com net edu ac co nom")
# What municipalities put before or after their name in a domain or a label.
_PREFIXES = (
    "ajuntamentde",
    "ajuntamentd",
    "ajuntament",
    "ayuntamientode",
    "ayuntamiento",
    "ajt",
    "aj",
    "ayto",
    "aytode",
    "concellode",
    "concello",
    "mairiede",
    "mairie",
    "comunedi",
    "comune",
    "cm",
)
_SUFFIXES = ("ajuntament", "ayuntamiento", "council", "citycouncil", "towncouncil")
# Subdomain labels that name no place: www.vic.cat, seu.vic.cat, correu.vic.cat.
_NOISE_LABELS = _words(
    "www mail correu correo smtp seu sede ajuntament ayuntamiento aj ajt ayto "
    "e-admin eadmin tic oac"
)
_TLD_COUNTRY = {"uk": "GB", "cat": "ES", "eus": "ES", "gal": "ES", "ad": "AD"}
_GENERIC_TLDS = _words("com org net eu info biz gov edu int")

# "Ajuntament de Vic", "Ayuntamiento de Teruel", "Comune di Bologna"...: the name
# after them, up to the end of the line or a separator.
_TOWN_HALL = re.compile(
    r"\b(?P<kw>ajuntament|ayuntamiento|ajuntamient|ayuntamento|concello|comune|"
    r"mairie|c[aâ]mara\s+municipal|municipality|town\s+council|city\s+council|"
    r"borough\s+council)\s+"
    r"(?P<de>de\s+l['’]|de\s+la|de\s+les|de\s+los|de\s+las|dels|del|de|d['’]|di|do|"
    r"da|of(?:\s+the)?)\s*(?P<name>[^\n,;:()|<>\[\]·•/]{2,60})",
    re.IGNORECASE,
)
# "Galway City Council", "Vic Town Council"
_COUNCIL_AFTER = re.compile(
    r"(?P<name>(?:[A-Z][\w'’.-]+[ \t]){1,4})(?:City|Town|Borough)[ \t]+Council\b"
)
# Administrations that are not a town's: their name gives no municipality.
_NOT_A_TOWN = re.compile(
    r"\b(?:consell|consejo|county|diputaci[oó]|consorci|consorcio|consortium|"
    r"mancomunitat|mancomunidad|generalitat|gobierno|govern|government|comarca|"
    r"[aà]rea\s+metropolitana|provincial|regional|universitat|universidad)\b",
    re.IGNORECASE,
)
_ARTICLE = {
    "de l'": "L'",
    "de la": "La ",
    "de les": "Les ",
    "de los": "Los ",
    "de las": "Las ",
    "dels": "Els ",
    "del": "El ",
}
_SHORT = re.compile(r"^(.+?)\s(?:de|del|dels|de la|de les|d')\s?\S")
_HOME_COUNTRY_DEFAULT = "ES"


# Regions where the town hall is an "Ajuntament"; elsewhere in Spain an
# "Ayuntamiento".
CATALAN_REGIONS = ("Catalunya", "Comunitat Valenciana", "Illes Balears")
# Where a town hall of that name can be: (country, regions or None for any).
_SCOPES = (
    (re.compile(r"^ajuntamen", re.IGNORECASE), ("ES", CATALAN_REGIONS)),
    (re.compile(r"^ayuntamien", re.IGNORECASE), ("ES", None)),
    (re.compile(r"^concello", re.IGNORECASE), ("ES", ("Galicia",))),
    (re.compile(r"^comune", re.IGNORECASE), ("IT", None)),
    (re.compile(r"^mairie", re.IGNORECASE), ("FR", None)),
    (re.compile(r"^c[aâ]mara", re.IGNORECASE), ("PT", None)),
)
Scope = tuple[str | None, tuple[str, ...] | None]


def _scope(keyword: str) -> Scope:
    for pattern, scope in _SCOPES:
        if pattern.match(keyword):
            return scope
    return (None, None)


@dataclass
class Guess:
    """A place and the clue it came from, for the editor's note."""

    place: object  # project_pages.models.Place
    clue: str
    written: str = ""  # the town hall's name as the sender wrote it


def guess_place(
    *,
    entity: str = "",
    municipality: str = "",
    text: str = "",
    emails: list[str] = (),
) -> Guess | None:
    """The gazetteer place that the clues name unambiguously, or None."""
    context = fold(" ".join((entity, municipality, text)))
    if entity.strip():
        names = town_halls(entity)
        if not names:
            if _NOT_A_TOWN.search(entity):
                return None  # a county council, a consortium...: not a town's
            names = [(entity.strip(), "", (None, None))]
        guess = _first(names, context, f"the entity given, “{entity.strip()}”")
        if guess:
            return guess
    if municipality.strip():
        guess = _first(
            [(municipality.strip(), "", (None, None))],
            context,
            f"the municipality given, “{municipality.strip()}”",
        )
        if guess:
            return guess
    signature, rest = _signature_and_rest(text)
    for part, where in ((signature, "the signature"), (rest, "the text")):
        guess = _first(town_halls(part), context, f"{where}: “{{written}}”")
        if guess:
            return guess
    for address in emails:
        domain = address.rsplit("@", 1)[-1].lower().strip() if "@" in address else ""
        known = next(
            (name for end, name in KNOWN_DOMAINS.items() if _ends_with(domain, end)),
            None,
        )
        if known:
            guess = _first(
                [(known, "", (None, None))], context, f"the address @{domain}"
            )
            if guess:
                return guess
        # Every reading of the domain ("ajtona": ajtona, tona, ona) must agree.
        places = {}
        for label, (country, regions) in domain_labels(domain):
            place = unique_place(
                label, context, compact=True, country=country, regions=regions
            )
            if place is not None:
                places[place.pk] = place
        if len(places) == 1:
            return Guess(next(iter(places.values())), f"the address @{domain}")
    return None


def _ends_with(domain: str, end: str) -> bool:
    return domain == end or domain.endswith("." + end)


def _first(names, context, clue) -> Guess | None:
    """The first of (name, written, scope) that names exactly one place."""
    for name, written, (country, regions) in names:
        place = unique_place(name, context, country=country, regions=regions)
        if place is not None:
            return Guess(place, clue.replace("{written}", written or name), written)
    return None


def town_hall_names(text: str) -> list[str]:
    """The place names that follow "Ajuntament de", "Ayuntamiento de"... in the
    text (or precede "City Council"), each also shortened word by word from the
    end ("Vic i Consell Comarcal" → ..., "Vic"), longest first."""
    return [name for name, _written, _scope in town_halls(text)]


def town_halls(text: str) -> list[tuple[str, str, Scope]]:
    """(place name, the town hall's name as written, where it can be) for each
    mention, as ``town_hall_names`` reads them: ("Vic", "Ajuntament de Vic",
    ("ES", CATALAN_REGIONS)): an "Ajuntament" is in a Catalan-speaking region."""
    found: list[tuple[str, str, Scope]] = []
    for match in _TOWN_HALL.finditer(text or ""):
        de = re.sub(r"\s+", " ", match.group("de")).replace("’", "'")
        article = _ARTICLE.get(de.lower(), "")
        name = re.split(r"\s+[-–—]\s+|\s{2,}|\.\s", match.group("name"))[0]
        words = name.strip(" .").split()
        for end in range(min(len(words), 6), 0, -1):
            place = " ".join(words[:end])
            joint = "" if de.endswith("'") else " "
            written = f"{match.group('kw').strip()} {de}{joint}{place}"
            scope = _scope(match.group("kw"))
            found.append((article + place, " ".join(written.split()), scope))
    for match in _COUNCIL_AFTER.finditer(text or ""):
        written = " ".join(match.group(0).split())
        found.append((match.group("name").strip(), written, (None, None)))
    unique = dict.fromkeys(item for item in found if len(item[0]) >= 2)
    return list(unique)


def _signature_and_rest(text: str) -> tuple[str, str]:
    """(the sender's signature, the rest of their own text): quoted lines and
    forwarded messages are someone else's. The signature is what follows "--"
    or the last lines of the sender's own text."""
    own: list[str] = []
    for line in (text or "").splitlines():
        if line.startswith("---------- Forwarded message") or re.match(
            r"^\s*(?:El|On|Le)\s.{0,200}(?:escribió|va escriure|wrote|a écrit)\s*:\s*$",
            line,
        ):
            break
        if not line.lstrip().startswith(">"):
            own.append(line)
    for index, line in enumerate(own):
        if re.match(r"^--\s*$", line):
            return "\n".join(own[index + 1 :]), "\n".join(own[:index])
    lines = [line for line in own if line.strip()]
    return "\n".join(lines[-8:]), "\n".join(lines[:-8])


def domain_labels(domain: str) -> list[tuple[str, Scope]]:
    """(label, country) readings of a domain that may name a town: "vic.cat" →
    vic; "ajvic.cat" → ajvic, vic; "ajuntament.vic.cat" → vic; nothing for a mail
    provider's or a regional government's domain."""
    labels = [label for label in domain.split(".") if label]
    if len(labels) < 2:
        return []
    tld = labels.pop()
    country = (
        None
        if tld in _GENERIC_TLDS
        else _TLD_COUNTRY.get(tld, tld.upper() if len(tld) == 2 else None)
    )
    # .cat is the domain of the Catalan language and culture.
    scope: Scope = (country, CATALAN_REGIONS if tld == "cat" else None)
    if labels and labels[-1] in _SECOND_LEVEL and len(labels) > 1:
        labels.pop()
    if not labels or labels[-1] in GENERIC_DOMAINS:
        return []
    readings: list[tuple[str, Scope]] = []
    for label in reversed(labels):
        if label in _NOISE_LABELS:
            continue
        if label in GENERIC_DOMAINS:
            break
        compact = label.replace("-", "")
        candidates = [compact]
        for prefix in _PREFIXES:
            if compact.startswith(prefix) and len(compact) - len(prefix) >= 3:
                candidates.append(compact[len(prefix) :])
        for suffix in _SUFFIXES:
            if compact.endswith(suffix) and len(compact) - len(suffix) >= 3:
                candidates.append(compact[: -len(suffix)])
        readings.extend((c, scope) for c in dict.fromkeys(candidates))
        break  # the registrable label names the organisation; the rest are units
    return readings


def _compact(folded: str) -> str:
    return re.sub(r"[^a-z0-9]", "", folded)


def short_name(folded: str) -> str:
    """ "el prat de llobregat" → "el prat": what people call a town whose name
    has a "de ..." tail."""
    match = _SHORT.match(folded)
    return match.group(1) if match else ""


def unique_place(
    name: str,
    context: str = "",
    *,
    compact: bool = False,
    country: str | None = None,
    regions: tuple[str, ...] | None = None,
):
    """The one place called ``name`` (its own or another name; with ``compact``, a
    domain label compared without spaces or punctuation), or None when there is
    none or several that ``context`` (folded text) does not tell apart. Only
    places of ``country`` and ``regions`` count, when given.

    A name counts for the places it is the exact name of, and for those it is the
    short form of ("El Prat" → El Prat de Llobregat; "Castellar" → Castellar del
    Vallès, Castellar de n'Hug... and Castellar, Jaén: several, so none unless the
    text names the Vallès Occidental).
    """
    from project_pages.models import Place, PlaceName

    folded = fold(name).strip(" .'")
    key = _compact(folded)
    if len(key) < 3:
        return None
    if compact:
        first = folded[:1]
        places = Place.objects.filter(search_name__prefix=first)
        others = PlaceName.objects.filter(
            folded__prefix=first, kind=PlaceName.Kind.OTHER_NAME
        )
        if country:
            places = places.filter(country=country)
            others = others.filter(country=country)
        if regions:
            places = places.filter(region__in=regions)
            others = others.filter(region__in=regions)
        exact = {
            pk
            for pk, search_name in places.values_list("pk", "search_name")
            if _compact(search_name) == key
        }
        exact |= {
            place_id
            for place_id, other in others.values_list("place_id", "folded")
            if _compact(other) == key
        }
        exact |= {
            pk
            for pk, search_name in places.values_list("pk", "search_name")
            if _compact(short_name(search_name)) == key
        }
    else:
        places = Place.objects.filter(search_name=folded)
        others = PlaceName.objects.filter(folded=folded, kind=PlaceName.Kind.OTHER_NAME)
        longer = Place.objects.filter(search_name__prefix=folded + " ")
        if country:
            places = places.filter(country=country)
            others = others.filter(country=country)
            longer = longer.filter(country=country)
        if regions:
            places = places.filter(region__in=regions)
            others = others.filter(region__in=regions)
            longer = longer.filter(region__in=regions)
        exact = set(places.values_list("pk", flat=True))
        exact |= set(others.values_list("place_id", flat=True))
        exact |= {
            pk
            for pk, search_name in longer.values_list("pk", "search_name")
            if short_name(search_name) == folded
        }
    if not exact:
        return None
    found = list(Place.objects.filter(pk__in=exact))
    if len(found) == 1:
        return found[0]
    told = [place for place in found if _named_in(place, context)]
    return told[0] if len(told) == 1 else None


def _named_in(place, context: str) -> bool:
    """Whether the text names the place's county, province or region."""
    for where in (place.county, place.province, place.region):
        folded = fold(where or "")
        pattern = rf"(?<!\w){re.escape(folded)}(?!\w)"
        if len(folded) >= 3 and re.search(pattern, context):
            return True
    return False


def town_hall_name(place, written: str = "") -> str:
    """The name of a new entity for the town hall of ``place``: "Ajuntament d'Olot",
    "Ayuntamiento de Teruel", "Comune di Bologna"; elsewhere the name the sender
    wrote ("Galway City Council"), else "Ajuntament de <place>"."""
    from project_pages.demo import MUNICIPALITY_NAMES, municipality_name

    if place.country == "ES" and place.region and place.region not in CATALAN_REGIONS:
        return f"Ayuntamiento de {place.name}"
    if place.country in ("ES", *MUNICIPALITY_NAMES) or not written:
        return municipality_name(place.name, place.country)
    return written[:1].upper() + written[1:]
