"""Place names folded for matching: what a clerk types against what the data says."""

import unicodedata

from django.db.models.functions import Collate

# Written forms that a person types otherwise: the typographic apostrophe, the
# Catalan middle dot of "l·l" (Sant Llorenç de Cerdans, Castellbell i el Vilar...),
# and hyphens and commas ("Castell-Platja d'Aro" is found by "castell platja").
_REPLACEMENTS = str.maketrans(
    {"’": "'", "`": "'", "·": "", "ŀ": "l", "-": " ", ",": " "}
)


def fold(text: str) -> str:
    """Lower-case, accent-free form of a name: "L’Hospitalet" → "l'hospitalet",
    "Lérida" → "lerida", "Castell-Platja d'Aro" → "castell platja d'aro"."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_REPLACEMENTS))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.lower().split())


def word_starts(folded: str) -> list[str]:
    """The tails of a folded name that start a word after the first one:
    "sant cugat del valles" → ["cugat del valles", "valles"]. Short joining words
    ("de", "la", "i", "l'", "del") start none."""
    tails = []
    for index, char in enumerate(folded[:-1]):
        if char in " '" and folded[index + 1] not in " '":
            tail = folded[index + 1 :]
            word = tail.split(" ", 1)[0].split("'", 1)[0]
            if len(word) > 3 or (len(word) == 3 and word not in _JOINING):
                tails.append(tail)
    return tails


_JOINING = {"del", "les", "los", "las", "els", "sur", "ses", "dos", "das", "des"}


# Catalan alphabetical order -------------------------------------------------

SQLITE_COLLATION = "observatory_ca"


def _catalan_key(text: str) -> tuple[str, str]:
    return (fold(text), text)


def sqlite_catalan_collation(left: str, right: str) -> int:
    """SQLite collation: Gósol before Granollers, Àger among the A's."""
    a, b = _catalan_key(left), _catalan_key(right)
    return (a > b) - (a < b)


def register_sqlite_collation(sender, connection, **kwargs) -> None:
    """``connection_created`` receiver: SQLite learns the Catalan order
    (PostgreSQL has it from ICU)."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(
            SQLITE_COLLATION, sqlite_catalan_collation
        )


class CatalanOrder(Collate):
    """Order by a text column alphabetically as a Catalan reader expects
    (accents and case do not sort apart): ``order_by(CatalanOrder("name"))``.
    ICU's Catalan collation on PostgreSQL, ours on SQLite."""

    def __init__(self, expression):
        super().__init__(expression, collation="ca-x-icu")

    def as_sqlite(self, compiler, connection, **extra_context):
        clone = self.copy()
        clone.collation = SQLITE_COLLATION
        return super(CatalanOrder, clone).as_sql(compiler, connection, **extra_context)
