"""Column layouts: the official open-data file and Loep's canonical (cleaned) table.

The data dictionary below is the single definition of every canonical column; the
README and the answer workbook's "Toelichting" are generated from it.
"""

from __future__ import annotations

from dataclasses import dataclass

# --- The official open-data file ("inschrijvingen leerplicht per instelling") -------------

#: Columns of the official file, in the order the department publishes them.
OFFICIAL_COLUMNS: tuple[str, ...] = (
    "hoofdstructuur",
    "hoofdstructuur_inschrijving_code",
    "graad_so",
    "leerjaar",
    "leerjaar_code",
    "onderwijsvorm",
    "finaliteit",
    "domein",
    "studierichting",
    "administratieve_groep",
    "opleidingsvorm",
    "type_buitengewoon_onderwijs",
    "onderwijsnet",
    "soort_inrichtende_macht",
    "schoolbestuur",
    "scholengemeenschap",
    "geslacht",
    "belg_nietbelg",
    "school_krijgt_omkadering_gok",
    "vestiging_provincie_naam",
    "vestiging_fusiegemeente_naam",
    "instellingsnummer",
    "intern_volgnr_vpl",
    "vestigingsplaats_adres",
    "taal_code",
    "aantal_inschrijvingen",
)

#: Optional columns Loep accepts from any file that has them (documented extension: the
#: official files carry only the province of the vestigingsplaats).
OPTIONAL_COLUMNS: tuple[str, ...] = (
    "schooljaar",
    "hoofdzetel_provincie_naam",
    "woonplaats_provincie_naam",
    "synthetisch",  # 'ja' on every row of Loep's demonstration files: the import is marked synthetic
)
#: Optional column that marks a file as synthetic demonstration data (value 'ja').
SYNTHETIC_COLUMN = "synthetisch"

#: Raw columns the cleaner cannot do without.
REQUIRED_COLUMNS: tuple[str, ...] = (
    "hoofdstructuur",
    "graad_so",
    "leerjaar",
    "onderwijsvorm",
    "studierichting",
    "administratieve_groep",
    "geslacht",
    "vestiging_provincie_naam",
    "aantal_inschrijvingen",
)

# --- Province bases ---------------------------------------------------------------------

#: basis name -> (raw column, canonical column)
BASES: dict[str, tuple[str, str]] = {
    "vestigingsplaats": ("vestiging_provincie_naam", "provincie_vestigingsplaats"),
    "hoofdzetel": ("hoofdzetel_provincie_naam", "provincie_hoofdzetel"),
    "woonplaats": ("woonplaats_provincie_naam", "provincie_woonplaats"),
}
DEFAULT_BASIS = "vestigingsplaats"


def province_column(basis: str) -> str:
    """Canonical column holding the province under ``basis``."""
    return BASES[basis][1]


# --- The canonical table ----------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column of the canonical table: name, pandas dtype, Dutch description, source."""

    naam: str
    dtype: str
    omschrijving: str
    bron: str


CANONICAL: tuple[Column, ...] = (
    Column("schooljaar", "category", "Schooljaar van de telling, als '2024-2025'.",
           "kolom schooljaar, anders de bestandsnaam (…-2024-2025-1feb.csv)"),
    Column("hoofdstructuur", "category",
           "Hoofdstructuur: 'Voltijds gewoon secundair onderwijs', 'Deeltijds beroepssecundair onderwijs', "
           "'Buitengewoon secundair onderwijs' of 'Syntra'.",
           "hoofdstructuur / hoofdstructuur_inschrijving_code (311, 312, 321; Syntra)"),
    Column("onderwijsvorm", "category",
           "Onderwijsvorm zoals de vragen ze gebruiken: bso, tso, buso, Syntra; aso, kso en dbso voor de rest; "
           "'n.v.t.' voor 1e graad, OKAN en HBO5.",
           "onderwijsvorm, hoofdstructuur en finaliteit (zie mapping in addin/core/labels.py)"),
    Column("graad", "category", "Graad: '1e graad', '2e graad', '3e graad' of 'n.v.t.' (buso, Syntra, OKAN, HBO5).",
           "graad_so"),
    Column("leerjaar", "category", "Leerjaar zoals in het bestand, genormaliseerd ('1e leerjaar A', '7e leerjaar', …).",
           "leerjaar"),
    Column("finaliteit", "category",
           "Finaliteit (Doorstroomfinaliteit, Dubbele finaliteit, Arbeidsmarktfinaliteit) of 'n.v.t.'.",
           "finaliteit"),
    Column("studierichting", "category", "Studierichting of structuuronderdeel, genormaliseerd.", "studierichting"),
    Column("sector", "category",
           "Sector: het domein voor gemoderniseerde opleidingen, het studiegebied voor oudere, "
           "volgens de echte catalogus van duale opleidingen waar die de opleiding kent.",
           "domein + catalogus (duale-opleidingen-*.csv)"),
    Column("sectortype", "category", "'domein', 'studiegebied' of 'onbekend': wat de kolom sector bevat.",
           "afgeleid"),
    Column("duaal", "bool",
           "Waar als de leerling een duale opleiding volgt: administratieve groep eindigt op DBSO of SYN, "
           "of de naam van de studierichting bevat 'duaal' (of eindigt op ' DL', de afkorting in de catalogus).",
           "administratieve_groep, studierichting"),
    Column("provincie_vestigingsplaats", "category", "Provincie van de vestigingsplaats van de school.",
           "vestiging_provincie_naam"),
    Column("provincie_hoofdzetel", "category",
           "Provincie van de hoofdzetel van de school (leeg als het bestand die kolom niet heeft).",
           "hoofdzetel_provincie_naam (optioneel)"),
    Column("provincie_woonplaats", "category",
           "Provincie van de woonplaats van de leerling (leeg als het bestand die kolom niet heeft).",
           "woonplaats_provincie_naam (optioneel)"),
    Column("geslacht", "category", "'Mannelijk' of 'Vrouwelijk'.", "geslacht"),
    Column("instellingsnummer", "category", "Instellingsnummer van de school.", "instellingsnummer"),
    Column("aantal", "int32", "Aantal inschrijvingen (leerlingen) op de teldatum 1 februari.",
           "aantal_inschrijvingen"),
    Column("bronbestand", "category", "Naam van het bronbestand van deze rij.", "bestandsnaam"),
    Column("bronrij", "int32", "Rijnummer in het bronbestand (1 = eerste gegevensrij onder de kop).", "afgeleid"),
)

CANONICAL_COLUMNS: tuple[str, ...] = tuple(c.naam for c in CANONICAL)

#: Reference date of every count in the official files.
PEILDATUM = "1 februari"
