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

# --- Province bases (defined in addin.core.bases; re-exported here) ---------------------

from addin.core.bases import BASES, DEFAULT_BASIS, province_column  # noqa: E402,F401


# --- The canonical table ----------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column of the canonical table: name, pandas dtype, Dutch description, source."""

    naam: str
    dtype: str
    omschrijving: str
    bron: str


def _canonical() -> tuple[Column, ...]:
    """The canonical columns: one per dimension of the registry (provinces once per basis), then the rest."""
    from addin.core.dimensions import DIMENSIONS

    out: list[Column] = []
    for d in DIMENSIONS:
        if d.soort == "provincie":
            for basis, (raw, col) in BASES.items():
                optional = "" if basis == "vestigingsplaats" else " (optioneel; leeg als het bestand die kolom niet heeft)"
                wie = "van de leerling" if basis == "woonplaats" else "van de school"
                out.append(Column(col, "category", f"Provincie van de {basis} {wie}.", raw + optional))
            continue
        bron = d.regel or ", ".join(d.bron)
        out.append(Column(d.kolom, "bool" if d.soort == "janee" else "category", d.uitleg, bron))
        if d.naam == "sector":
            out.append(Column("sectortype", "category", "'domein', 'studiegebied' of 'onbekend': wat de kolom sector "
                              "bevat.", "afgeleid"))
    out += [
        Column("aantal", "int32", "Aantal inschrijvingen (leerlingen) op de teldatum 1 februari.",
               "aantal_inschrijvingen"),
        Column("bronbestand", "category", "Naam van het bronbestand van deze rij.", "bestandsnaam"),
        Column("bronrij", "int32", "Rijnummer in het bronbestand (1 = eerste gegevensrij onder de kop).", "afgeleid"),
    ]
    return tuple(out)


#: The canonical table, built from the registry of dimensions (addin.core.dimensions).
CANONICAL: tuple[Column, ...] = _canonical()

CANONICAL_COLUMNS: tuple[str, ...] = tuple(c.naam for c in CANONICAL)

def kept_raw_columns() -> frozenset[str]:
    """Raw columns the cleaner reads: every source of a dimension, the count and the optional columns."""
    from addin.core.dimensions import kept_raw_columns as kept

    return frozenset(kept()) | {"aantal_inschrijvingen"} | frozenset(OPTIONAL_COLUMNS)


#: Reference date of every count in the official files.
PEILDATUM = "1 februari"
