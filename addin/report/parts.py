"""How a question table is cut for print: one part per measure when its columns hold several.

A table whose column dimension carries several measures (V2b: per 1.000, share and rank for each of
six regions, nineteen columns) is too wide for a landscape page at a readable size. The workbook
sheet and the Word document therefore show it as one table per measure, each with the row labels
again (the CSV keeps the whole table: it is not printed). Any other table is one part.
"""

from __future__ import annotations

from dataclasses import dataclass

from addin.core.tables import QuestionTable

#: How a part of a split table is headed, by measure kind.
MEASURE_HEADINGS: dict[str, str] = {
    "aantal": "Aantal leerlingen",
    "aandeel_rij": "Aandeel (%)",
    "aandeel_kolom": "Aandeel (%)",
    "aandeel_totaal": "Aandeel (%)",
    "per_1000": "Per 1.000 leerlingen (‰)",
    "verschil": "Verschil met vorig schooljaar",
    "verschil_pct": "Verschil met vorig schooljaar (%)",
    "rang": "Rang",
    "noemer": "Noemer",
}


@dataclass(frozen=True)
class Part:
    """One printed table of a question table.

    Args:
        naam: Excel table name (the table's own name for a table in one part).
        kop: heading above the part ('' for a table in one part).
        columns: the columns shown, in order (row labels first).
    """

    naam: str
    kop: str
    columns: tuple[str, ...]


def table_parts(table: QuestionTable) -> list[Part]:
    """The parts ``table`` is printed in (see the module docstring)."""
    columns = [str(c) for c in table.frame.columns]
    name = table.tabelnaam or f"Tabel_{table.sleutel}"
    by_kind: dict[str, list[str]] = {}
    for c in columns:
        if c in table.categorie:
            by_kind.setdefault(table.measure_of(c), []).append(c)
    if len(by_kind) < 2:
        return [Part(name, "", tuple(columns))]
    labels = [c for c in columns if c not in table.categorie and table.measure_of(c) == "label"]
    rest = [c for c in columns if c not in table.categorie and c not in labels]
    parts = []
    for i, (kind, cols) in enumerate(by_kind.items()):
        extra = [c for c in rest if table.measure_of(c) == kind]
        parts.append(Part(f"{name}_{i + 1}", MEASURE_HEADINGS.get(kind, kind), tuple(labels + cols + extra)))
    leftover = [c for c in rest if table.measure_of(c) not in by_kind]
    if leftover:
        parts.append(Part(f"{name}_{len(parts) + 1}", "Overige kolommen", tuple(labels + leftover)))
    return parts
