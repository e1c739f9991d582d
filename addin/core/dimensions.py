"""The registry of dimensions: every characteristic a question can be about, defined once.

One :class:`Dimension` per characteristic of the official files (plus the derived *regiotype*,
*sector* and *duaal*). Its definition holds its short Dutch name, the names a user may type for
it (the official column name among them), the canonical column of the store, the raw column(s)
it comes from, its vocabulary (canonical values and their spellings), its Dutch label and help
text. The cleaner, the query engine, the CLI options, the cell-function arguments and their
help, ``LOEP.WAARDEN``, the data dictionary and the docs all iterate over :data:`DIMENSIONS`:
adding a dimension means adding one entry here.

Kinds (``soort``):

* ``schooljaar`` — the school year ('2024-25', 2024 … are accepted);
* ``provincie`` — the province under a *basis* (vestigingsplaats, hoofdzetel, woonplaats);
* ``vast`` — a closed vocabulary (every valid value is known in advance);
* ``data`` — values come from the data; the vocabulary only adds spellings (aliases);
* ``janee`` — a yes/no characteristic ('ja', 'nee').
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from addin.core.bases import BASES
from addin.core.errors import LoepFout
from addin.core.labels import (
    GESLACHT,
    GRAAD,
    HOOFDSTRUCTUUR,
    ONDERWIJSVORM,
    PROVINCIE,
    Vocabulary,
    fold,
    suggest,
)
from addin.core.regiotype import REGIOTYPES

#: Label of an empty or missing value of a text dimension (a row is never dropped for it).
ONBEKEND = "Onbekend"
NVT = "n.v.t."


def _digits_key(value: object) -> str:
    """Comparison key of a school number: its digits without leading zeros (12345 = '012345')."""
    text = str(value).strip()
    if text.endswith(".0"):
        text = text[:-2]
    digits = re.sub(r"\D", "", text)
    return digits.lstrip("0") or ("0" if digits else fold(text))


@dataclass(frozen=True)
class Dimension:
    """One characteristic of a count.

    Attributes:
        naam: the short Dutch name used in filters, CLI options and cell arguments ('gemeente').
        label: Dutch column header ('Gemeente').
        uitleg: one-line Dutch help text (CLI --help, function wizard, data dictionary).
        kolom: canonical column in the store (None for ``provincie``: it depends on the basis).
        bron: the raw column(s) of the official file it is made from.
        aliassen: other names a user may type for the dimension (the official column name first).
        soort: 'schooljaar', 'provincie', 'vast', 'data' or 'janee' (see the module docstring).
        vocabulaire: canonical values and their spellings ('vast': every valid value; 'data': aliases).
        leeg: the value of an empty cell (or a file without the column).
        sleutel: comparison key of a typed value (default: case, accents and dashes ignored).
        voorbeeld: an example value for help texts.
        regel: how the cleaner derives the value, in Dutch (for the data dictionary); empty for a
            plain copy of the raw column (trimmed, inner spaces collapsed, spellings normalised).
    """

    naam: str
    label: str
    uitleg: str
    kolom: str | None
    bron: tuple[str, ...]
    aliassen: tuple[str, ...] = ()
    soort: str = "data"
    vocabulaire: Vocabulary | None = None
    leeg: str = ONBEKEND
    sleutel: Callable[[object], str] = field(default=fold, repr=False, compare=False)
    voorbeeld: str = ""
    regel: str = ""

    @property
    def namen(self) -> tuple[str, ...]:
        """Every name that selects this dimension: its own name first."""
        return (self.naam, *self.aliassen)

    def canonical(self, raw: str) -> str:
        """Canonical value of a raw cell of a plain ('data' or 'vast') dimension, as the cleaner stores it."""
        text = " ".join(str(raw).split())
        if not text:
            return self.leeg
        if self.vocabulaire is not None:
            found = self.vocabulaire.lookup(text)
            if found is not None:
                return found
        return text


# --- vocabularies of the dimensions that labels.py does not already hold ------------------------

OPLEIDINGSVORMEN: tuple[str, ...] = (
    "Sociale aanpassing",
    "Soc.aanpassing en arbeidsgeschiktmaking",
    "Beroepsonderwijs",
    "Algemeen,technisch,kunst- en beroepsond.",
    NVT,
)
OPLEIDINGSVORM = Vocabulary("opleidingsvorm", OPLEIDINGSVORMEN, {
    **{f"{p}{n}": OPLEIDINGSVORMEN[n - 1] for n in range(1, 5) for p in ("OV", "OV ", "opleidingsvorm ", "")},
    "sociale aanpassing en arbeidsgeschiktmaking": OPLEIDINGSVORMEN[1],
    "arbeidsgeschiktmaking": OPLEIDINGSVORMEN[1],
    "algemeen, technisch, kunst- en beroepsonderwijs": OPLEIDINGSVORMEN[3],
    "algemeen technisch kunst en beroepsonderwijs": OPLEIDINGSVORMEN[3],
    "nvt": NVT,
})
TYPES: tuple[str, ...] = tuple(f"Type {t}" for t in (1, 2, 3, 4, 5, 6, 7, 8, 9)) + ("Type BA", NVT)
TYPE = Vocabulary("type", TYPES, {
    **{f"{p}{t}": f"Type {t}" for t in (1, 2, 3, 4, 5, 6, 7, 8, 9, "BA") for p in ("", "type", "t", "buso type ")},
    "basisaanbod": "Type BA", "opleidingsvorm 1 basisaanbod": "Type BA", "nvt": NVT,
})
NETTEN: tuple[str, ...] = (
    "Gemeenschapsonderwijs", "Officieel gesubsidieerd onderwijs", "Vrij gesubsidieerd onderwijs", NVT)
NET = Vocabulary("onderwijsnet", NETTEN, {
    "GO": NETTEN[0], "GO!": NETTEN[0], "gemeenschapsonderwijs GO!": NETTEN[0],
    "OGO": NETTEN[1], "officieel gesubsidieerd": NETTEN[1], "officieel": NETTEN[1],
    "VGO": NETTEN[2], "vrij gesubsidieerd": NETTEN[2], "vrij": NETTEN[2], "katholiek onderwijs": NETTEN[2],
    "nvt": NVT,
})
INRICHTENDE_MACHTEN: tuple[str, ...] = ("Gemeenschapsonderwijs", "Gemeente", "Provincie", "VGC", "Vrij")
INRICHTENDE_MACHT = Vocabulary("soort inrichtende macht", INRICHTENDE_MACHTEN, {
    "GO": "Gemeenschapsonderwijs", "GO!": "Gemeenschapsonderwijs", "stad": "Gemeente", "gemeentelijk": "Gemeente",
    "stedelijk": "Gemeente", "provinciaal": "Provincie",
    "Vlaamse Gemeenschapscommissie": "VGC", "vrij gesubsidieerd": "Vrij", "vrije": "Vrij",
})
NATIONALITEITEN: tuple[str, ...] = ("Belg", "niet-Belg")
NATIONALITEIT = Vocabulary("nationaliteit", NATIONALITEITEN, {
    "belgisch": "Belg", "belgen": "Belg", "be": "Belg",
    "nietbelg": "niet-Belg", "niet belgisch": "niet-Belg", "niet-Belgen": "niet-Belg", "buitenlands": "niet-Belg",
    "vreemd": "niet-Belg", "andere nationaliteit": "niet-Belg", "niet-belgische nationaliteit": "niet-Belg",
})
GOK = Vocabulary("omkadering GOK", ("Ja", "Nee"), {
    "j": "Ja", "waar": "Ja", "true": "Ja", "1": "Ja", "gok": "Ja",
    "n": "Nee", "onwaar": "Nee", "false": "Nee", "0": "Nee", "geen gok": "Nee",
})
REGIOTYPE = Vocabulary("regiotype", REGIOTYPES, {
    "Brussels Hoofdstedelijk Gewest": "Brussel", "centrumstad": "Centrumsteden", "centrumsteden (13)": "Centrumsteden",
    "rest": "Rest van Vlaanderen", "overig Vlaanderen": "Rest van Vlaanderen", "overige gemeenten": "Rest van Vlaanderen",
})
HOOFDSTRUCTUUR_CODES: tuple[str, ...] = ("311", "312", "321")
HOOFDSTRUCTUUR_CODE = Vocabulary("hoofdstructuurcode", HOOFDSTRUCTUUR_CODES, {"311.0": "311", "312.0": "312",
                                                                              "321.0": "321"})
JANEE = Vocabulary("duaal", ("ja", "nee"))


# --- the registry ---------------------------------------------------------------------------------

DIMENSIONS: tuple[Dimension, ...] = (
    Dimension("schooljaar", "Schooljaar", "Schooljaar van de telling (1 februari), als '2024-2025'.",
              "schooljaar", ("schooljaar",), ("jaar",), soort="schooljaar", voorbeeld="2024-2025",
              regel="De kolom schooljaar, anders het schooljaar in de bestandsnaam (…-2024-2025-1feb.csv); "
                    "'2024-25', '2024/2025' en 2024 worden '2024-2025'."),
    Dimension("provincie", "Provincie",
              "Provincie (of Brussels Hoofdstedelijk Gewest) volgens de gekozen basis: vestigingsplaats of "
              "hoofdzetel van de school, of woonplaats van de leerling.",
              None, tuple(raw for raw, _ in BASES.values()),
              ("vestiging_provincie_naam", "prov", "provincies"), soort="provincie", vocabulaire=PROVINCIE,
              voorbeeld="Antwerpen"),
    Dimension("regiotype", "Regiotype",
              "Brussel, de 13 centrumsteden of de rest van Vlaanderen, volgens de vestigingsplaats van de school.",
              "regiotype", ("vestiging_fusiegemeente_naam", "vestiging_provincie_naam"),
              ("regio", "stedelijkheid"), soort="vast", vocabulaire=REGIOTYPE, voorbeeld="Centrumsteden",
              regel="Afgeleid: 'Brussel' voor een vestigingsplaats in het Brussels Hoofdstedelijk Gewest, "
                    "'Centrumsteden' voor een vestigingsplaats in een van de 13 centrumsteden, anders "
                    "'Rest van Vlaanderen'."),
    Dimension("gemeente", "Gemeente", "Fusiegemeente van de vestigingsplaats van de school.",
              "gemeente", ("vestiging_fusiegemeente_naam",),
              ("vestiging_fusiegemeente_naam", "fusiegemeente", "vestigingsgemeente", "stad"), voorbeeld="Gent"),
    Dimension("school", "School (instellingsnummer)", "De school, met haar instellingsnummer.",
              "instellingsnummer", ("instellingsnummer",), ("instellingsnummer", "instelling", "schoolnummer"),
              sleutel=_digits_key, voorbeeld="012345",
              regel="Het instellingsnummer zoals in het bestand; getypt mag zonder voorloopnullen (12345)."),
    Dimension("vestigingsplaats", "Vestigingsplaats",
              "Een vestigingsplaats van een school: instellingsnummer en volgnummer ('012345-2').",
              "vestigingsplaats", ("instellingsnummer", "intern_volgnr_vpl"),
              ("intern_volgnr_vpl", "vpl", "campus", "vestiging"), voorbeeld="012345-1",
              regel="Afgeleid: instellingsnummer, een streepje en intern_volgnr_vpl ('012345-1')."),
    Dimension("hoofdstructuur", "Hoofdstructuur",
              "Voltijds gewoon secundair, deeltijds beroepssecundair (dbso), buitengewoon secundair (buso) of "
              "Syntra; de code (311, 312, 321) mag ook.",
              "hoofdstructuur", ("hoofdstructuur", "hoofdstructuur_inschrijving_code"), ("structuur",),
              soort="vast", vocabulaire=HOOFDSTRUCTUUR, voorbeeld="Buitengewoon secundair onderwijs",
              regel="Het label van de hoofdstructuur, anders de code (311, 312, 321); Syntra wordt aan zijn label "
                    "herkend. Kleuter- en lager onderwijs (111, 121, 211, 221) worden overgeslagen."),
    Dimension("hoofdstructuurcode", "Hoofdstructuur (code)",
              "Code van de hoofdstructuur zoals in het bestand: 311 (voltijds gewoon secundair, met Syntra), "
              "312 (dbso), 321 (buso).",
              "hoofdstructuur_code", ("hoofdstructuur_inschrijving_code",),
              ("hoofdstructuur_inschrijving_code", "code"), soort="vast", vocabulaire=HOOFDSTRUCTUUR_CODE,
              leeg=ONBEKEND, voorbeeld="311"),
    Dimension("onderwijsvorm", "Onderwijsvorm",
              "aso, tso, kso, bso, buso, dbso, Syntra, okan, hbo5 of n.v.t. (1e graad).",
              "onderwijsvorm", ("onderwijsvorm", "hoofdstructuur", "graad_so", "finaliteit"), ("vorm",),
              soort="vast", vocabulaire=ONDERWIJSVORM, voorbeeld="bso",
              regel="De onderwijsvorm van het bestand; buso, dbso en Syntra volgen uit de hoofdstructuur, okan en "
                    "hbo5 uit de graad; in de 2e en 3e graad zonder onderwijsvorm volgt ze uit de finaliteit."),
    Dimension("graad", "Graad", "1e, 2e of 3e graad, OKAN, HBO5, modulair of n.v.t. (buso, Syntra).",
              "graad", ("graad_so",), ("graad_so",), soort="vast", vocabulaire=GRAAD, voorbeeld="2e graad",
              regel="graad_so: 'n.v.t. (okan)' wordt OKAN, 'n.v.t. (hbo)' HBO5, 'n.v.t. (modulair)' modulair; "
                    "leeg is n.v.t. voor buso en Syntra."),
    Dimension("leerjaar", "Leerjaar", "Leerjaar zoals in het bestand ('1e leerjaar A', '7e leerjaar', …).",
              "leerjaar", ("leerjaar",), (), leeg=NVT, voorbeeld="1e leerjaar A"),
    Dimension("finaliteit", "Finaliteit",
              "Doorstroomfinaliteit, Dubbele finaliteit, Arbeidsmarktfinaliteit of n.v.t.",
              "finaliteit", ("finaliteit",), (), leeg=NVT, voorbeeld="Arbeidsmarktfinaliteit",
              regel="De finaliteit van het bestand; elke 'n.v.t. (…)' en leeg worden n.v.t."),
    Dimension("sector", "Sector",
              "Het domein (gemoderniseerde opleidingen) of het studiegebied (oudere), volgens de catalogus van "
              "duale opleidingen waar die de opleiding kent.",
              "sector", ("domein", "studierichting"), ("domein", "studiegebied"), voorbeeld="STEM",
              regel="De sector uit de echte catalogus van duale opleidingen als die de opleiding kent, anders het "
                    "domein van het bestand; zonder beide 'Onbekend'."),
    Dimension("studierichting", "Studierichting", "Studierichting of structuuronderdeel, zoals in het bestand.",
              "studierichting", ("studierichting",), ("opleiding", "structuuronderdeel", "richting"), leeg=NVT,
              voorbeeld="Elektrische installaties duaal",
              regel="De naam zoals in het bestand (spaties opgeschoond). Getypt telt een naam precies zijn eigen "
                    "rijen; een schrijfwijze die alleen in een ander schooljaar voorkomt ('… duaal' / '… DL') "
                    "telt de rijen van elke schrijfwijze van dezelfde opleiding."),
    Dimension("administratieve_groep", "Administratieve groep",
              "Administratieve groep zoals in het bestand (eindigt op DBSO of SYN bij duaal leren).",
              "administratieve_groep", ("administratieve_groep",), ("groep", "admgroep"), voorbeeld="3BSO-A DBSO"),
    Dimension("opleidingsvorm", "Opleidingsvorm",
              "Opleidingsvorm van het buitengewoon secundair onderwijs (OV1 … OV4); n.v.t. buiten het buso.",
              "opleidingsvorm", ("opleidingsvorm",), ("ov",), soort="vast", vocabulaire=OPLEIDINGSVORM, leeg=NVT,
              voorbeeld="OV3"),
    Dimension("type", "Type buitengewoon onderwijs",
              "Type van het buitengewoon onderwijs (Type 1 … Type 9, Type BA); n.v.t. buiten het buso.",
              "type_buitengewoon_onderwijs", ("type_buitengewoon_onderwijs",),
              ("type_buitengewoon_onderwijs", "buso_type", "type_buso"), soort="vast", vocabulaire=TYPE, leeg=NVT,
              voorbeeld="Type 9"),
    Dimension("net", "Onderwijsnet", "Gemeenschapsonderwijs, officieel of vrij gesubsidieerd onderwijs.",
              "onderwijsnet", ("onderwijsnet",), ("onderwijsnet", "netten"), soort="vast", vocabulaire=NET,
              leeg=NVT, voorbeeld="Vrij gesubsidieerd onderwijs"),
    Dimension("inrichtende_macht", "Soort inrichtende macht", "Gemeenschapsonderwijs, Gemeente, Provincie, VGC of Vrij.",
              "soort_inrichtende_macht", ("soort_inrichtende_macht",),
              ("soort_inrichtende_macht", "im", "inrichtende macht"), soort="vast", vocabulaire=INRICHTENDE_MACHT,
              voorbeeld="Gemeente"),
    Dimension("schoolbestuur", "Schoolbestuur", "Het schoolbestuur zoals in het bestand.",
              "schoolbestuur", ("schoolbestuur",), ("bestuur",), voorbeeld="Stad Gent"),
    Dimension("scholengemeenschap", "Scholengemeenschap", "De scholengemeenschap zoals in het bestand.",
              "scholengemeenschap", ("scholengemeenschap",), ("sg",), voorbeeld="SG Katholiek Onderwijs Gent"),
    Dimension("geslacht", "Geslacht", "Mannelijk of Vrouwelijk (ook: m, v, jongens, meisjes).",
              "geslacht", ("geslacht",), ("gender", "sekse"), soort="vast", vocabulaire=GESLACHT,
              voorbeeld="Vrouwelijk"),
    Dimension("nationaliteit", "Nationaliteit", "Belg of niet-Belg.",
              "belg_nietbelg", ("belg_nietbelg",), ("belg_nietbelg", "belg"), soort="vast",
              vocabulaire=NATIONALITEIT, voorbeeld="niet-Belg"),
    Dimension("gok", "Omkadering GOK", "Of de school omkadering voor gelijke onderwijskansen (GOK) krijgt: Ja of Nee.",
              "school_krijgt_omkadering_gok", ("school_krijgt_omkadering_gok",),
              ("school_krijgt_omkadering_gok", "omkadering_gok"), soort="vast", vocabulaire=GOK, voorbeeld="Ja"),
    Dimension("duaal", "Duaal", "Of de leerling een duale opleiding volgt: ja of nee.",
              "duaal", ("administratieve_groep", "studierichting"), ("duaal_leren",), soort="janee",
              vocabulaire=JANEE, voorbeeld="ja",
              regel="Waar als de administratieve groep eindigt op DBSO of SYN, of de naam van de studierichting "
                    "'duaal' bevat of eindigt op ' DL' (de afkorting in de catalogus)."),
)

#: Raw columns of the official file that no dimension keeps, and why (the import report lists them).
IGNORED_COLUMNS: dict[str, str] = {
    "leerjaar_code": "code van het leerjaar; Loep bewaart het leerjaar zelf (kolom leerjaar)",
    "vestigingsplaats_adres": "adres van de vestigingsplaats; de vestigingsplaats wordt aangeduid met "
                              "instellingsnummer en intern_volgnr_vpl",
    "taal_code": "onderwijstaal; de bestanden bevatten alleen Nederlandstalig onderwijs",
    "synthetisch": "markering van de demonstratiebestanden; de opslag bewaart ze als 'synthetisch'",
}

_BY_NAME: dict[str, Dimension] = {}
for _d in DIMENSIONS:
    for _n in _d.namen:
        _k = fold(_n)
        if _k in _BY_NAME and _BY_NAME[_k] is not _d:
            raise ValueError(f"dimension name {_n!r} is used twice")
        _BY_NAME[_k] = _d
#: Every name that selects a dimension (folded) -> its dimension.
NAMES: dict[str, Dimension] = dict(_BY_NAME)
BY_NAAM: dict[str, Dimension] = {d.naam: d for d in DIMENSIONS}
#: The province basis is an argument of a count, not a dimension; its names, for the filter parser.
BASIS_NAMES: frozenset[str] = frozenset({"basis", "provinciebasis"})


def find(name: object, argument: str = "dimensie") -> Dimension:
    """The dimension called ``name`` (its name, an alias or the official column name; case and accents ignored).

    Raises:
        LoepFout: no dimension has that name; the message names the nearest one and how to list them all.
    """
    found = NAMES.get(fold(name)) if isinstance(name, str) else None
    if found is not None:
        return found
    hint = suggest(name, [n for d in DIMENSIONS for n in d.namen]) if isinstance(name, str) else None
    hint_dim = NAMES[fold(hint)].naam if hint else None
    where = "" if argument == "dimensie" else f" (argument '{argument}')"
    if hint_dim:
        text = (f"Onbekende dimensie '{name}'{where}; bedoelde u '{hint_dim}'? Alle dimensies en hun namen: "
                f"'loep dimensies' (opdrachtregel) of =LOEP.WAARDEN() (Excel).")
    else:
        text = (f"Onbekende dimensie '{name}'{where}. Geldige dimensies: {', '.join(d.naam for d in DIMENSIONS)} "
                f"(alle namen: 'loep dimensies' of =LOEP.WAARDEN()).")
    raise LoepFout(text, suggestie=hint_dim)


def names(dimensions: Iterable[Dimension] = DIMENSIONS) -> list[str]:
    """The short names, in registry order."""
    return [d.naam for d in dimensions]


def stored_columns() -> tuple[str, ...]:
    """Canonical columns that hold a dimension (the provinces once per basis)."""
    out: list[str] = []
    for d in DIMENSIONS:
        if d.soort == "provincie":
            out.extend(col for _, col in BASES.values())
        elif d.kolom:
            out.append(d.kolom)
    return tuple(out)


def kept_raw_columns() -> dict[str, list[str]]:
    """Raw column -> the dimensions made from it (for the import report and the reader)."""
    out: dict[str, list[str]] = {}
    for d in DIMENSIONS:
        for raw in d.bron:
            out.setdefault(raw, []).append(d.naam)
    return out
