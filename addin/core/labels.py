"""Canonical labels and the normalisation of label variants.

One :class:`Vocabulary` per dimension holds the canonical values and their aliases. The
same vocabularies normalise values read from files (cleaning) and arguments typed by a
user (cell functions, CLI), so "antwerpen ", "ANTWERPEN" and "Antwerpen" are one value
everywhere. A value that cannot be mapped raises :class:`LoepFout` naming the argument
and suggesting the nearest valid value.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache

from addin.core.errors import LoepFout
from addin.core.bases import BASES

_DASHES = re.compile(r"[\s_\-\u2010-\u2015/.]+")


def fold(value: object) -> str:
    """Comparison key of a label: lower case, no accents, runs of spaces/hyphens/underscores as one space."""
    text = unicodedata.normalize("NFKD", str(value))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _DASHES.sub(" ", text.casefold()).strip()


def clean_text(value: object) -> str:
    """Tidy a free-text label: trim and collapse inner whitespace (case kept)."""
    return " ".join(str(value).split())


def is_empty(value: object) -> bool:
    """True for None, NaN, empty strings and empty Excel cells."""
    if value is None:
        return True
    if isinstance(value, float) and value != value:  # NaN
        return True
    return isinstance(value, str) and value.strip() == ""


#: At most this many values in the message for an unknown value; a longer vocabulary shows the closest ones.
MAX_SHOWN = 5
#: A vocabulary of at most this many values is listed whole (shorter than a pointer to the full list).
MAX_LISTED = 8
#: Two spellings this close in similarity are equally near: no single 'bedoelde u …?'.
_TIE = 0.02


def _similarity(key: str, choice: str) -> float:
    return difflib.SequenceMatcher(None, key, choice).ratio()


def closest(value: object, choices: Iterable[str], n: int = MAX_SHOWN) -> list[str]:
    """The ``n`` valid values nearest to ``value``, nearest first.

    Values that start with the typed text come first, then values that contain it, then the rest by
    similarity of their folded spelling (difflib); ties keep the order of ``choices``.
    """
    folded = {}
    for c in choices:
        folded.setdefault(fold(c), c)
    key = fold(value)

    def rank(f: str) -> tuple[int, float]:
        group = 0 if key and f.startswith(key) else 1 if key and key in f else 2
        return group, -_similarity(key, f)

    return [folded[f] for f in sorted(folded, key=rank)[:max(0, n)]]


def suggest(value: object, choices: Iterable[str]) -> str | None:
    """The one valid value ``value`` most likely means, or None when nothing is close or two are equally close.

    A value that starts with the typed text is a strong hint ('antw' -> 'Antwerpen'), but only when it is the
    only one; otherwise the spelling must be similar (difflib ratio >= 0.6) and clearly nearer than the
    next ('Vlaanderen' is as near to 'West-Vlaanderen' as to 'Oost-Vlaanderen': no guess).
    """
    folded = {}
    for c in choices:
        folded.setdefault(fold(c), c)
    key = fold(value)
    if not key:
        return None
    prefixed = [f for f in folded if f.startswith(key)]
    if len(prefixed) == 1:
        return folded[prefixed[0]]
    if prefixed:
        return None
    scored = sorted(((_similarity(key, f), f) for f in folded), reverse=True)
    if not scored or scored[0][0] < 0.6:
        return None
    if len(scored) > 1 and scored[0][0] - scored[1][0] < _TIE:
        return None
    return folded[scored[0][1]]


class Vocabulary:
    """The valid values of one dimension, with aliases.

    Args:
        dimensie: Dutch name of the dimension, used in messages ("provincie").
        waarden: canonical values, in display order.
        aliassen: extra spellings -> canonical value.
    """

    def __init__(self, dimensie: str, waarden: Iterable[str], aliassen: dict[str, str] | None = None):
        self.dimensie = dimensie
        self.waarden: tuple[str, ...] = tuple(waarden)
        self._index: dict[str, str] = {fold(v): v for v in self.waarden}
        for alias, target in (aliassen or {}).items():
            if target not in self.waarden:
                raise ValueError(f"alias {alias!r} points to unknown {target!r}")
            self._index[fold(alias)] = target

    def lookup(self, value: object) -> str | None:
        """Canonical value for ``value``, or None when it is not known."""
        return self._index.get(fold(value))

    def normalise(self, value: object, argument: str | None = None) -> str:
        """Canonical value for ``value``; raises LoepFout (with a suggestion) when unknown."""
        found = self.lookup(value)
        if found is not None:
            return found
        raise unknown_value(self.dimensie, value, self.waarden, argument)

    def __contains__(self, value: object) -> bool:
        return self.lookup(value) is not None

    def __iter__(self):
        return iter(self.waarden)


#: Dimension names that take 'het' (so: "Onbekend geslacht", not "Onbekende geslacht").
_HET_WORDS = frozenset({"geslacht", "schooljaar", "niveau", "type", "net", "leerjaar", "regiotype", "schoolbestuur",
                        "argument", "filter"})


def unknown_value(dimensie: str, value: object, choices: Iterable[str], argument: str | None = None, *,
                  toelichting: str | None = None, elders: Sequence[tuple[str, str]] = ()) -> LoepFout:
    """The standard Dutch error for a value outside its vocabulary.

    Args:
        dimensie: the dimension ('provincie'), named in the message.
        value: the value as given.
        choices: the valid values.
        argument: the argument's name when it differs from the dimension.
        toelichting: a sentence added at the end (e.g. how to ask for the total).
        elders: (dimension, value) pairs where ``value`` is valid instead ('OKAN' is a graad); when given,
            the message says that instead of listing values of this dimension.

    Returns:
        A :class:`LoepFout` with the one nearest value ('bedoelde u …?') when there is one; otherwise the
        whole vocabulary when it is short (:data:`MAX_LISTED`), else the :data:`MAX_SHOWN` nearest values
        and where to see them all (``loep dimensies`` on the command line, ``LOEP.WAARDEN`` in Excel).
    """
    choices = list(dict.fromkeys(choices))
    hint = suggest(value, choices)
    where = f" (argument '{argument}')" if argument and argument != dimensie else ""
    adjective = "Onbekend" if dimensie in _HET_WORDS else "Onbekende"
    text = f"{adjective} {dimensie} '{value}'{where}"
    if elders:
        parts = [f"een {d} ('{v}')" for d, v in elders]
        wel = parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} en {parts[-1]}"
        welke = "die dimensie" if len(parts) == 1 else "een van die dimensies"
        text += f": '{value}' is geen {dimensie}, wel {wel}. Filter op {welke}."
    elif hint:
        text += f"; bedoelde u '{hint}'?"
    elif len(choices) <= MAX_LISTED:
        text += f". Geldige waarden: {_quoted(choices)}."
    else:
        text += (f". Meest gelijkend van de {len(choices)} geldige waarden: {_quoted(closest(value, choices))}. "
                 f"Alle waarden: 'loep dimensies' op de opdrachtregel, =LOEP.WAARDEN(\"{dimensie}\") in Excel.")
    if toelichting:
        text += f" {toelichting}"
    return LoepFout(text, suggestie=hint)


def _quoted(values: Iterable[str]) -> str:
    return ", ".join(f"'{v}'" for v in values)


# --- Provinces ------------------------------------------------------------------------

BRUSSEL = "Brussels Hoofdstedelijk Gewest"
PROVINCIES: tuple[str, ...] = (
    "Antwerpen",
    "Limburg",
    "Oost-Vlaanderen",
    "Vlaams-Brabant",
    "West-Vlaanderen",
    BRUSSEL,
)
#: Label of the whole (five provinces + Brussels) in tables.
TOTAAL_GEBIED = "Vlaanderen en Brussel"
#: Spellings of "the whole area" that mean: no province filter.
TOTAAL_SPELLINGEN: frozenset[str] = frozenset(
    fold(t) for t in (TOTAAL_GEBIED, "Vlaanderen + Brussel", "Vlaanderen en Brussel totaal", "totaal"))

PROVINCIE = Vocabulary(
    "provincie",
    PROVINCIES,
    {
        "Brussel": BRUSSEL,
        "Brussels": BRUSSEL,
        "Bruxelles": BRUSSEL,
        "BHG": BRUSSEL,
        "Brussels Gewest": BRUSSEL,
        "Brussels Hoofdstedelijk Gewest (Nederlandstalig)": BRUSSEL,
        "Brussel Hoofdstad": BRUSSEL,
        "Brussel-Hoofdstad": BRUSSEL,
        "Brussels Hoofdstedelijke Gewest": BRUSSEL,
        "Brussels-Capital Region": BRUSSEL,
        "provincie Antwerpen": "Antwerpen",
        "prov. Antwerpen": "Antwerpen",
        "Antw": "Antwerpen",
        "provincie Limburg": "Limburg",
        "provincie Oost-Vlaanderen": "Oost-Vlaanderen",
        "provincie Vlaams-Brabant": "Vlaams-Brabant",
        "provincie West-Vlaanderen": "West-Vlaanderen",
    },
)



def provincie_filter(value: object, argument: str = "provincie") -> str | None:
    """A province filter as a user types it: the canonical province, or None for the whole area.

    Args:
        value: 'Antwerpen', 'brussel', … or 'Vlaanderen en Brussel' / 'totaal' (:data:`TOTAAL_SPELLINGEN`).
        argument: the argument's name, for the message.

    Raises:
        LoepFout: an unknown province; the whole area is among the values offered ('Vlaanderen' ->
            'Vlaanderen en Brussel', not 'West-Vlaanderen'), with how to ask for it.
    """
    if fold(value) in TOTAAL_SPELLINGEN:
        return None
    found = PROVINCIE.lookup(value)
    if found is not None:
        return found
    choices = (*PROVINCIES, TOTAAL_GEBIED)
    hint = suggest(value, choices)
    note = None
    if hint in (None, TOTAAL_GEBIED):
        note = f"Alle provincies samen: laat '{argument}' leeg of geef '{TOTAAL_GEBIED}'."
    raise unknown_value("provincie", value, choices, argument, toelichting=note)


# --- Bases ---------------------------------------------------------------------------

BASIS = Vocabulary(
    "basis",
    tuple(BASES),
    {
        "vestiging": "vestigingsplaats",
        "school": "vestigingsplaats",
        "vestigingsplaats van de school": "vestigingsplaats",
        "hoofdzetel van de school": "hoofdzetel",
        "zetel": "hoofdzetel",
        "woonplaats van de leerling": "woonplaats",
        "domicilie": "woonplaats",
        "woonst": "woonplaats",
    },
)

# --- Onderwijsvorm ---------------------------------------------------------------------

ONDERWIJSVORMEN: tuple[str, ...] = ("bso", "tso", "buso", "Syntra", "aso", "kso", "dbso", "okan", "hbo5", "n.v.t.")
#: The forms named in the parliamentary question, in its order.
DUALE_ONDERWIJSVORMEN: tuple[str, ...] = ("bso", "tso", "buso", "Syntra")

ONDERWIJSVORM = Vocabulary(
    "onderwijsvorm",
    ONDERWIJSVORMEN,
    {
        "beroepssecundair onderwijs": "bso",
        "beroepssecundair": "bso",
        "technisch secundair onderwijs": "tso",
        "technisch secundair": "tso",
        "algemeen secundair onderwijs": "aso",
        "kunstsecundair onderwijs": "kso",
        "buitengewoon secundair onderwijs": "buso",
        "buitengewoon": "buso",
        "deeltijds beroepssecundair onderwijs": "dbso",
        "deeltijds beroepssecundair": "dbso",
        "syntra vlaanderen": "Syntra",
        "leertijd": "Syntra",
        "nvt": "n.v.t.",
        "n.v.t. (1e graad)": "n.v.t.",
        "n.v.t. (modulair)": "n.v.t.",
        "n.v.t. (okan)": "okan",
        "onthaalonderwijs voor anderstalige nieuwkomers": "okan",
        "onthaalonderwijs anderstalige nieuwkomers": "okan",
        "onthaalklas": "okan",
        "n.v.t. (hbo)": "hbo5",
        "hbo": "hbo5",
        "hoger beroepsonderwijs": "hbo5",
        "hbo 5": "hbo5",
    },
)

# --- Graad -----------------------------------------------------------------------------

GRADEN: tuple[str, ...] = ("1e graad", "2e graad", "3e graad", "OKAN", "HBO5", "modulair", "n.v.t.")
GRAAD = Vocabulary(
    "graad",
    GRADEN,
    {
        "1": "1e graad", "1e": "1e graad", "eerste graad": "1e graad", "graad 1": "1e graad", "1ste graad": "1e graad",
        "2": "2e graad", "2e": "2e graad", "tweede graad": "2e graad", "graad 2": "2e graad", "2de graad": "2e graad",
        "3": "3e graad", "3e": "3e graad", "derde graad": "3e graad", "graad 3": "3e graad", "3de graad": "3e graad",
        "nvt": "n.v.t.", "n.v.t. (okan)": "OKAN", "n.v.t. (hbo)": "HBO5", "n.v.t. (modulair)": "modulair",
        "onthaalonderwijs voor anderstalige nieuwkomers": "OKAN", "onthaalonderwijs anderstalige nieuwkomers": "OKAN",
        "hbo": "HBO5", "hbo 5": "HBO5", "hoger beroepsonderwijs": "HBO5", "n.v.t. (modulaire opleiding)": "modulair",
        "n.v.t. (buso)": "n.v.t.", "n.v.t. (syntra)": "n.v.t.",
    },
)

# --- Hoofdstructuur -------------------------------------------------------------------

HS_GEWOON = "Voltijds gewoon secundair onderwijs"
HS_DBSO = "Deeltijds beroepssecundair onderwijs"
HS_BUSO = "Buitengewoon secundair onderwijs"
HS_SYNTRA = "Syntra"
HOOFDSTRUCTUREN: tuple[str, ...] = (HS_GEWOON, HS_DBSO, HS_BUSO, HS_SYNTRA)
#: hoofdstructuur_inschrijving_code -> canonical label (secondary only; Syntra is recognised by its label).
HOOFDSTRUCTUUR_CODES: dict[str, str] = {"311": HS_GEWOON, "312": HS_DBSO, "321": HS_BUSO}
#: Codes of the non-secondary levels: rows with these are skipped (reported), not rejected.
NIET_SECUNDAIR_CODES: frozenset[str] = frozenset({"111", "121", "211", "221"})

HOOFDSTRUCTUUR = Vocabulary(
    "hoofdstructuur",
    HOOFDSTRUCTUREN,
    {
        "voltijds gewoon secundair": HS_GEWOON,
        "gewoon secundair onderwijs": HS_GEWOON,
        "secundair onderwijs": HS_GEWOON,
        "deeltijds beroepssecundair": HS_DBSO,
        "dbso": HS_DBSO,
        "buitengewoon secundair": HS_BUSO,
        "buso": HS_BUSO,
        "syntra vlaanderen": HS_SYNTRA,
        "leertijd": HS_SYNTRA,
    },
)

# --- Geslacht, duaal --------------------------------------------------------------------

GESLACHT = Vocabulary(
    "geslacht",
    ("Mannelijk", "Vrouwelijk"),
    {"m": "Mannelijk", "man": "Mannelijk", "jongen": "Mannelijk", "jongens": "Mannelijk", "mannen": "Mannelijk",
     "v": "Vrouwelijk", "vrouw": "Vrouwelijk", "meisje": "Vrouwelijk", "meisjes": "Vrouwelijk",
     "vrouwen": "Vrouwelijk", "f": "Vrouwelijk"},
)

_JA = {"ja", "j", "waar", "true", "1", "yes", "duaal", "waar"}
_NEE = {"nee", "n", "onwaar", "false", "0", "no", "niet duaal", "niet-duaal"}


def normalise_duaal(value: object, argument: str = "duaal") -> bool | None:
    """'ja' -> True, 'nee' -> False, empty -> None (no filter); anything else is a LoepFout."""
    if is_empty(value):
        return None
    if isinstance(value, bool):
        return value
    key = fold(value)
    if key in _JA:
        return True
    if key in _NEE:
        return False
    raise LoepFout(f"Ongeldige waarde '{value}' voor argument '{argument}': verwacht 'ja', 'nee' of leeg.")


# --- Schooljaar -------------------------------------------------------------------------

_YEAR_PAIR = re.compile(r"^\s*(\d{4})\s*[-\u2010-\u2015/]\s*(\d{2}|\d{4})\s*$")
_YEAR_ONE = re.compile(r"^\s*(\d{4})(?:\.0+)?\s*$")
#: A school year in a file name: "...-2023-2024-1feb.csv" or "..._2023-24.xlsx".
#: A school year inside a text such as a file name: '2024-2025', '2024_25', '2024 2025', '2024–2025' (en/em
#: dash). A lookahead, so ``finditer`` also finds a year that overlaps a false match before it
#: ('cp1252-2024-2025', '1feb2025_2024-2025').
YEAR_IN_TEXT = re.compile(r"(?<!\d)(?=(\d{4})[-_ \u2013\u2014](\d{4}|\d{2})(?!\d))")


def schooljaar_from_start(start: int) -> str:
    """2024 -> '2024-2025'."""
    return f"{start}-{start + 1}"


def start_of(schooljaar: str) -> int:
    """'2024-2025' -> 2024 (for a canonical school year)."""
    return int(schooljaar[:4])


@lru_cache(maxsize=4096)
def _schooljaar_cached(text: str) -> str | None:
    m = _YEAR_PAIR.match(text)
    if m:
        start, end = int(m.group(1)), m.group(2)
        end_full = int(end) if len(end) == 4 else (start // 100) * 100 + int(end)
        if len(end) == 2 and end_full < start:
            end_full += 100
        if end_full != start + 1 or not 1900 <= start <= 2100:
            return None
        return schooljaar_from_start(start)
    m = _YEAR_ONE.match(text)
    if m and 1900 <= int(m.group(1)) <= 2100:
        return schooljaar_from_start(int(m.group(1)))
    return None


def normalise_schooljaar(value: object, argument: str = "schooljaar") -> str:
    """'2024-2025', '2024-25', '2024/2025', 2024 or 2024.0 -> '2024-2025'; else LoepFout."""
    if isinstance(value, bool) or is_empty(value):
        raise LoepFout(f"Argument '{argument}' ontbreekt: geef een schooljaar als '2024-2025', '2024-25' of 2024.")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    found = _schooljaar_cached(str(value))
    if found is None:
        raise LoepFout(
            f"Ongeldig schooljaar '{value}' (argument '{argument}'): verwacht '2024-2025', '2024-25' of 2024."
        )
    return found


def schooljaren_in_filename(name: str) -> list[str]:
    """Every distinct valid school year named in a file name, in order of appearance."""
    found: list[str] = []
    for m in YEAR_IN_TEXT.finditer(name):
        jaar = _schooljaar_cached(f"{m.group(1)}-{m.group(2)}")
        if jaar and jaar not in found:
            found.append(jaar)
    return found


def schooljaar_from_filename(name: str) -> str | None:
    """The school year named in a file name ('…-dataset-2023-2024-1feb.csv'), or None.

    Args:
        name: the file name.

    Returns:
        The canonical school year, or None when the name holds none.

    Raises:
        LoepFout: the name holds two different school years.
    """
    found = schooljaren_in_filename(name)
    if len(found) > 1:
        raise LoepFout(f"De bestandsnaam '{name}' noemt meer dan één schooljaar ({' en '.join(found)}): Loep weet "
                       f"niet welk schooljaar het bestand bevat. Voeg een kolom schooljaar toe of hernoem het "
                       f"bestand.")
    return found[0] if found else None


#: Vocabularies by dimension name, for front ends (``LOEP.WAARDEN``) and the CLI.
VOCABULARIES: dict[str, Vocabulary] = {
    v.dimensie: v for v in (PROVINCIE, BASIS, ONDERWIJSVORM, GRAAD, HOOFDSTRUCTUUR, GESLACHT)
}
