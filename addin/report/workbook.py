"""The answer workbook: sheets in order, document properties, one XlsxWriter pass.

Order (statistiek-werkboeken.md): Voorblad, Inhoud, Toelichting, one sheet per table,
Antwoord, Vraag. The workbook opens on the Voorblad with A1 selected. Text from data is
always written as text (``strings_to_formulas=False``), so a label such as '=SOM(A1)' or
'-3 leerlingen' can never become a formula or a number.
"""

from __future__ import annotations

import os
from typing import IO

import xlsxwriter

from addin import __version__
from addin.report import theme as th
from addin.report.answer_sheet import ANTWOORD, VRAAG, write_antwoord, write_vraag
from addin.report.document import AnswerDocument, dutch_date
from addin.report.front_sheets import INHOUD, TOELICHTING, VOORBLAD, write_inhoud, write_toelichting, write_voorblad
from addin.report.table_sheet import write_table_sheet

#: Options of every workbook Loep writes: data labels stay text.
WORKBOOK_OPTIONS: dict = {
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
    "in_memory": True,  # no temporary files besides the one we write ourselves
}
RESERVED_SHEETS = (VOORBLAD, INHOUD, TOELICHTING, ANTWOORD, VRAAG)
ORGANISATIE = "Vlaamse overheid — Onderwijs en Vorming"


def sheet_names(doc: AnswerDocument) -> list[str]:
    """Names of the sheets of the workbook of ``doc``, in order."""
    return [VOORBLAD, INHOUD, TOELICHTING, *(t.sleutel for t in doc.tables), ANTWOORD, VRAAG]


def _check(doc: AnswerDocument) -> None:
    seen: set[str] = set()
    for t in doc.tables:
        key = t.sleutel.casefold()
        if key in seen or t.sleutel in RESERVED_SHEETS or len(t.sleutel) > 31:
            raise ValueError(f"table key {t.sleutel!r} is not a usable, unique sheet name")
        seen.add(key)
        if t.frame.shape[1] == 0:
            raise ValueError(f"table {t.sleutel} has no columns")


def contents(doc: AnswerDocument) -> list[tuple[str, str]]:
    """(sheet, description) of every sheet after the Inhoud."""
    entries = [(TOELICHTING, "Begrippen (duaal, de drie bases van provincie, onderwijsvorm, sector), "
                             "symbolen en opmerkingen.")]
    for t in doc.tables:
        titel = t.titel.removeprefix(f"{t.sleutel}.").strip()  # titles may start with their own key
        entries.append((t.sleutel, f"Vraag {t.vraag}: {titel}"))
    entries.append((ANTWOORD, "Ontwerp van antwoord in zinnen, met de cijfers uit de tabellen; ruimte voor het "
                              "antwoord op de vragen die niet over cijfers gaan."))
    entries.append((VRAAG, "De volledige tekst van de schriftelijke vraag."))
    return entries


def set_properties(workbook, doc: AnswerDocument) -> None:
    """Document properties: title, subject, author, organisation, keywords, language."""
    info = doc.info
    workbook.set_properties({
        "title": doc.werkboektitel,
        "subject": f"Leerlingen in duale opleidingen, provincie {doc.provincie} ({doc.basis}), "
                   f"{doc.van} tot en met {doc.tot}",
        "author": "Loep",
        "manager": doc.ministers,
        "company": ORGANISATIE,
        "category": "Parlementaire vraag",
        "keywords": ", ".join(["duaal leren", "secundair onderwijs", "leerlingen", doc.provincie, doc.basis,
                               f"vraag {doc.nummer}"]),
        "comments": f"{info.samenvatting}. Gemaakt op {dutch_date(doc.gemaakt)} met Loep {__version__}.",
        "status": "Ontwerp",
        "created": doc.gemaakt,
    })
    workbook.set_custom_property("Taal", "nl-BE")
    workbook.set_custom_property("Dataversie", info.dataversie)
    workbook.set_custom_property("Synthetische gegevens", bool(info.synthetisch))
    workbook.set_custom_property("Provincie", doc.provincie)
    workbook.set_custom_property("Basis", doc.basis)


def render_workbook(doc: AnswerDocument, target: str | os.PathLike | IO[bytes]) -> list[str]:
    """Write the answer workbook of ``doc``.

    Args:
        doc: what to show.
        target: file path or binary file object (the caller handles temp files and renames).

    Returns:
        The sheet names, in order.
    """
    _check(doc)
    workbook = xlsxwriter.Workbook(target, WORKBOOK_OPTIONS)  # nothing is written before close()
    theme = th.Theme(workbook)
    write_voorblad(workbook, theme, doc)
    write_inhoud(workbook, theme, contents(doc))
    write_toelichting(workbook, theme, doc)
    for table in doc.tables:
        write_table_sheet(workbook, theme, table)
    write_antwoord(workbook, theme, doc)
    write_vraag(workbook, theme, doc)
    set_properties(workbook, doc)
    workbook.close()
    return sheet_names(doc)
