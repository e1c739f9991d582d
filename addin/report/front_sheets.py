"""The sheets before the tables: Voorblad (cover), Inhoud (contents) and Toelichting (notes).

The definitions on the Toelichting come from the data dictionary
(:data:`addin.core.schema.CANONICAL`), the province bases (:data:`addin.core.schema.BASES`)
and the real catalogue (domains and studiegebieden), so they cannot drift from the code.
"""

from __future__ import annotations

import re
from datetime import datetime

from addin import __version__
from addin.core.catalogue import DOMEINEN, old_programmes
from addin.core.dataset import SYNTHETIC_LABEL
from addin.core.schema import BASES, CANONICAL
from addin.report import theme as th
from addin.report.cells import SYMBOLEN
from addin.report.document import BASIS_UITLEG, AnswerDocument, dutch_date

VOORBLAD = "Voorblad"
INHOUD = "Inhoud"
TOELICHTING = "Toelichting"

#: Canonical columns explained on the Toelichting, in this order.
_EXPLAINED = ("duaal", "schooljaar", "onderwijsvorm", "graad", "sector", "studierichting", "hoofdstructuur",
              "aantal")


def _stored_at(iso: str) -> str:
    """'2026-11-27T23:39:48+00:00' -> '27 november 2026 om 23:39 (UTC)'; unreadable text as it is."""
    if not iso:
        return "[x] onbekend"
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    zone = " (UTC)" if moment.utcoffset() is not None and not moment.utcoffset() else ""
    return dutch_date(moment) + zone


def write_voorblad(workbook, theme: th.Theme, doc: AnswerDocument) -> None:
    """The cover sheet: title, the question, the parameters and the provenance of the data."""
    ws = workbook.add_worksheet(VOORBLAD)
    ws.hide_gridlines(2)
    th.page_setup(ws, landscape=True, title=VOORBLAD)
    ws.set_column(0, 0, th.LABEL_WIDTH)
    ws.set_column(1, 1, th.TEXT_WIDTH)
    row = 0
    ws.write_string(row, 0, doc.werkboektitel, theme["titel"])
    row += 1
    if not doc.geheimhouding.aan:
        ws.write_string(row, 0, doc.geheimhouding.regel, theme["waarschuwing"])
        row += 1
    if doc.info.synthetisch:
        ws.write_string(row, 0, f"LET OP: {SYNTHETIC_LABEL}", theme["waarschuwing"])
        row += 1
    ws.write_string(row, 0, "Ontwerp van antwoord, gemaakt met Loep. Nakijken voor verzending.", theme["tekst"])
    row += 1
    for opmerking in doc.opmerkingen:  # other parameters than the question's own, a moved first year
        ws.write_string(row, 0, opmerking, theme["waarschuwing"])
        row += 1
    row += 1

    info = doc.info
    jaren = (f"{info.schooljaren[0]} tot en met {info.schooljaren[-1]}" if info.schooljaren
             else "[x] geen schooljaren in de gegevens")
    rows = [
        ("Vraag", doc.titel),
        ("Vraagnummer", doc.nummer),
        ("Datum van de vraag", doc.datum),
        ("Vraagsteller", doc.vraagsteller),
        ("Gesteld aan", doc.ministers),
        ("Provincie", doc.provincie),
        ("Basis van de provincie", f"{doc.basis}: {doc.basis_uitleg}"),
        ("Schooljaren in de tabellen", f"{doc.van} tot en met {doc.tot}"),
        ("Bron", info.bron),
        ("Telling", f"telling op {info.peildatum} van elk schooljaar"),
        ("Schooljaren in de gegevens", jaren),
        ("Dataversie", info.dataversie + (" (synthetische demonstratiedata)" if info.synthetisch else "")),
        ("Gegevens opgeslagen op", _stored_at(info.aangemaakt)),
        ("Gemaakt op", dutch_date(doc.gemaakt)),
        ("Geheimhouding", _geheimhouding_regel(doc)),
        ("Gemaakt met", f"Loep {__version__}"),
        ("Contact", doc.contact or "[in te vullen: naam, dienst en e-mailadres van de opsteller]"),
    ]
    ws.write_string(row, 0, "Over deze antwoordbundel", theme["kop"])
    row += 1
    for label, value in rows:
        value = value if str(value).strip() else "[x] niet opgegeven"
        ws.write_string(row, 0, label, theme["label"])
        ws.write_string(row, 1, th.fit_cell(str(value)), theme["alinea"])
        if len(str(value)) > th.TEXT_WIDTH - 2:
            ws.set_row(row, th.wrapped_height(str(value), th.TEXT_WIDTH))
        row += 1
    row += 1
    ws.write_string(row, 0, "Zie het blad Inhoud voor de tabellen en het blad Antwoord voor het ontwerp van antwoord.",
                    theme["tekst"])
    ws.activate()
    ws.set_first_sheet()
    ws.set_selection(0, 0, 0, 0)


def _geheimhouding_regel(doc: AnswerDocument) -> str:
    p = doc.geheimhouding
    if not p.aan:
        return "uit (--zonder-geheimhouding): niet voor publicatie"
    return (f"aan: aantallen van 1 tot {p.drempel - 1} staan als {p.primair_teken}, cellen waaruit ze af te leiden "
            f"zouden zijn als {p.secundair_teken} (zie Toelichting)")


def write_inhoud(workbook, theme: th.Theme, entries: list[tuple[str, str]]) -> None:
    """The contents sheet: one row per sheet with an internal link and a description.

    Args:
        entries: (sheet name, description) of every sheet after the contents.
    """
    ws = workbook.add_worksheet(INHOUD)
    ws.hide_gridlines(2)
    th.page_setup(ws, title=INHOUD)
    ws.set_column(0, 0, 16)
    ws.set_column(1, 1, th.PORTRAIT_TEXT_WIDTH)
    ws.write_string(0, 0, "Inhoud", theme["titel"])
    ws.write_string(1, 0, "Klik op een bladnaam om naar dat blad te gaan.", theme["tekst"])
    header = 2
    for i, (sheet, description) in enumerate(entries, start=header + 1):
        ws.write_url(i, 0, f"internal:'{sheet}'!A1", theme["link"], string=sheet, tip=f"Ga naar blad {sheet}")
        ws.write_string(i, 1, description, theme["alinea"])
        if len(description) > th.PORTRAIT_TEXT_WIDTH - 2:
            ws.set_row(i, th.wrapped_height(description, th.PORTRAIT_TEXT_WIDTH))
    ws.add_table(header, 0, header + len(entries), 1, {
        "name": "Inhoud",
        "style": th.TABLE_STYLE,
        "autofilter": False,
        "columns": [{"header": "Blad", "header_format": theme["koptekst"]},
                    {"header": "Inhoud", "header_format": theme["koptekst"]}],
    })
    ws.set_selection(0, 0, 0, 0)


def _rule(bron: str) -> str:
    """How a value is determined, as a reader of the answer needs it: a rule in words as it is; a bare
    column name of the open data as 'kolom x'; nothing for 'afgeleid' (the explanation says it)."""
    bron = bron.strip()
    if not bron or bron.casefold() == "afgeleid":
        return "afgeleid uit de andere kolommen"
    if re.fullmatch(r"[a-z_]+(?: \(optioneel;[^)]*\))?", bron):
        return f"kolom {bron} van de open data"
    return bron


def definitions(doc: AnswerDocument) -> list[tuple[str, str, str]]:
    """(begrip, betekenis, hoe het bepaald wordt) rows of the Toelichting: each notion once, in words
    for the reader of the answer (the data dictionary in docs/ has the developer's detail)."""
    by_name = {c.naam: c for c in CANONICAL}
    rows: list[tuple[str, str, str]] = [("parameters", o, "vraagbestand en opdracht") for o in doc.opmerkingen]
    used = {d for t in doc.tables for d in (t.rijen, t.kolommen) if d}
    used = {"studierichting" if d == "opleiding" else d for d in used}
    explained = list(_EXPLAINED) + sorted(d for d in used if d in by_name and d not in _EXPLAINED)
    for naam in explained:
        if naam not in by_name:
            continue
        col = by_name[naam]
        uitleg = col.omschrijving
        if naam == "sector":
            studiegebieden = sorted(set(old_programmes()["sector"]))
            uitleg += (" Domeinen: " + ", ".join(DOMEINEN.values()) + ". Studiegebieden: "
                       + ", ".join(studiegebieden) + ".")
        elif naam == "aantal":
            uitleg = (f"Aantal leerlingen: inschrijvingen op de teldatum {doc.info.peildatum} van het schooljaar, "
                      "zoals in de open data 'inschrijvingen leerplicht per instelling'.")
        rows.append((naam, uitleg, _rule(col.bron)))
    bases = []
    for basis, (raw, canonical) in BASES.items():
        here = "" if basis in doc.info.bases else " ([x] niet in deze gegevens)"
        bases.append(f"{basis}: de {BASIS_UITLEG[basis]}{here}")
    rows.append(("provincie",
                 "De provincie kan op drie manieren bedoeld zijn: " + "; ".join(bases) + ". Deze antwoordbundel "
                 f"telt volgens de {doc.basis}. Vlaanderen en Brussel = de vijf provincies en het Brussels "
                 "Hoofdstedelijk Gewest (Nederlandstalig onderwijs).",
                 "; ".join(f"{basis}: kolom {raw}" for basis, (raw, _) in BASES.items())))
    rows.append(("geheimhouding", doc.geheimhouding.regel, "statistische geheimhouding"))
    if doc.geheimhouding.aan:
        p = doc.geheimhouding
        rows.append((p.primair_teken, f"Symbool in een tabel: een aantal van 1 tot {p.drempel - 1}, om privacyredenen "
                     "niet vermeld.", "waar een klein aantal leerlingen staat"))
    waar = {"[z]": "in een cel waar geen waarde kan staan", "[x]": "waar de gegevens de waarde niet hebben",
            "[c]": "waar een cel verborgen is zodat een klein aantal niet uit de totalen terug te rekenen is"}
    for symbool, betekenis in SYMBOLEN.items():
        rows.append((symbool, f"Symbool in een tabel: {betekenis}.", waar.get(symbool, "in een tabel")))
    if doc.info.synthetisch:
        rows.append(("synthetische gegevens", f"LET OP: {SYNTHETIC_LABEL}. De cijfers tonen hoe het antwoord "
                     "eruitziet; importeer de officiële bestanden (loep importeer) voor echte cijfers.",
                     "gemaakt door Loep, afgestemd op gepubliceerde cijfers"))
    return rows


def write_toelichting(workbook, theme: th.Theme, doc: AnswerDocument) -> None:
    """The notes sheet: definitions and symbols as an Excel Table."""
    ws = workbook.add_worksheet(TOELICHTING)
    ws.hide_gridlines(2)
    th.page_setup(ws, landscape=True, title=TOELICHTING)
    ws.set_column(0, 0, th.LABEL_WIDTH)
    ws.set_column(1, 1, 90)
    ws.set_column(2, 2, 40)
    ws.write_string(0, 0, "Toelichting: begrippen, indelingen en symbolen", theme["titel"])
    ws.write_string(1, 0, "Elke definitie komt uit het gegevenswoordenboek van Loep en de echte catalogus van "
                    "duale opleidingen.", theme["tekst"])
    header = 2
    rows = definitions(doc)
    for i, (onderwerp, uitleg, bron) in enumerate(rows, start=header + 1):
        ws.write_string(i, 0, onderwerp, theme["label"])
        ws.write_string(i, 1, uitleg, theme["alinea"])
        ws.write_string(i, 2, bron, theme["alinea"])
        ws.set_row(i, max(th.wrapped_height(uitleg, 90), th.wrapped_height(bron, 40)))
    ws.add_table(header, 0, header + len(rows), 2, {
        "name": "Begrippen",
        "style": th.TABLE_STYLE,
        "autofilter": False,
        "columns": [{"header": h, "header_format": theme["koptekst"]}
                    for h in ("Begrip", "Betekenis", "Hoe het bepaald wordt")],
    })
    ws.set_selection(0, 0, 0, 0)
