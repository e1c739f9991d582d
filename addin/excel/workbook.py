"""The desktop workbook ``workbooks/loep.xlsm`` (``loep werkboek``), built with XlsxWriter.

Sheets:

- **Start**: Dutch introduction, the three Loep buttons, and example formulas, shown as text and live.
- **Parameters**: provincie, basis, van, tot with drop-down lists (data validation) of the valid
  values, and the row 'Resultaat' where the buttons report.
- **xlwings.conf**: the settings xlwings reads (Python interpreter, UDF module, …).

The VBA project comes from :mod:`addin.excel.vba`: module ``Loep`` with one macro per button
(``RunPython "import addin.excel.desktop as d; d.gegevens_ophalen()"`` …), the wrappers of the
``LOEP_*`` cell functions and the registration of their Dutch help at open
(:mod:`addin.excel.vba_functions`: no *Import Functions*, no trust setting), plus xlwings'
standalone VBA, so no xlwings add-in is needed. The build is deterministic (fixed document
dates), written to a temporary file and moved into place.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from dataclasses import dataclass
from pathlib import Path

import xlsxwriter

from addin.core import atomic
from addin.core.errors import LoepFout
from addin.core.labels import PROVINCIES
from addin.core.schema import BASES
from addin.excel.buttons import (
    FIRST_PARAMETER_ROW, PARAMETER_HELP, PARAMETER_INTRO, PARAMETER_LABELS, PARAMETER_SHEET, RESULT_HELP, RESULT_LABEL,
    RESULT_ROW, marker_name,
)
from addin.excel import vba_functions
from addin.excel.vba import Macro, build_vba_project

_REPO_WORKBOOKS = Path(__file__).resolve().parent.parent.parent / "workbooks"
#: Default output: workbooks/loep.xlsm in a checkout of the repository; loep.xlsm in the current
#: folder for an installed package (whose parent folder is site-packages' parent).
DEFAULT_PATH = (_REPO_WORKBOOKS / "loep.xlsm" if (_REPO_WORKBOOKS.parent / "pyproject.toml").is_file()
                else Path("loep.xlsm"))
#: Where ``Interpreter_Win`` points: the virtual environment of the installation guide (docs/excel.md).
INTERPRETER_WIN = r"%USERPROFILE%\loep\.venv\Scripts\pythonw.exe"
UDF_MODULE = "addin.excel.udfs"
#: Fixed creation date: the same sources give the same file.
BUILD_DATE = dt.datetime(2026, 1, 1)


@dataclass(frozen=True)
class Button:
    """A form button on the Start sheet and the macro behind it."""

    macro: str
    caption: str
    python: str
    uitleg: str


BUTTONS: tuple[Button, ...] = (
    Button("GegevensOphalen", "Gegevens ophalen", "gegevens_ophalen",
           "Zet de opgeschoonde rijen voor de parameters in het blad 'Gegevens' (een Excel-tabel)."),
    Button("VraagtabellenVullen", "Vraagtabellen vullen", "vraagtabellen_vullen",
           "Vult de bladen V1 tot V5 met de tabellen van de parlementaire vraag."),
    Button("AntwoordbundelMaken", "Antwoordbundel maken", "antwoordbundel_maken",
           "Maakt het opgemaakte antwoordwerkboek (map 'Loep-antwoorden' naast dit bestand) en opent het."),
)


def macros() -> list[Macro]:
    """The VBA macros of the buttons (module ``Loep``)."""
    out = [Macro(b.macro, f"import addin.excel.desktop as d; d.{b.python}()", b.caption) for b in BUTTONS]
    return out


def formula_modules() -> dict[str, str]:
    """The VBA modules of the cell functions: the LOEP_* wrappers and the registration of their Dutch help."""
    return {vba_functions.UDF_MODULE_NAME: vba_functions.udf_module(),
            vba_functions.HELP_MODULE_NAME: vba_functions.help_module()}


def school_years(data_dir=None) -> list[str]:
    """School years for the drop-down lists: those of the store when ``data_dir`` is given, else the
    years of the published aggregates shipped in ``addin/reference`` (reproducible)."""
    if data_dir:
        from addin.core.store import read_info

        info = read_info(data_dir)
        if info is None:
            raise LoepFout(f"Geen gegevens gevonden in '{data_dir}': importeer eerst bestanden (loep importeer) of "
                           f"laat --data weg.")
        return list(info.schooljaren)
    from importlib import resources

    import pandas as pd

    with resources.files("addin.reference").joinpath("leerlingen-aggregaten-2016-2025.csv").open(
            "r", encoding="utf-8") as fh:
        years = pd.read_csv(fh, usecols=["schooljaar"], dtype=str)["schooljaar"]
    return sorted(y for y in years.dropna().unique() if len(y) == 9)


# --- sheets --------------------------------------------------------------------------------------------


def _start_sheet(wb, ws, formats) -> None:
    ws.set_vba_name("Sheet1")
    ws.set_column("A:A", 4)
    ws.set_column("B:B", 46)
    ws.set_column("C:C", 62)
    ws.set_column("D:D", 16)
    ws.set_column("F:G", 18)
    ws.write_string("B1", "Loep — leerlingenaantallen secundair onderwijs", formats["titel"])
    intro = (
        "Loep beantwoordt parlementaire vragen over leerlingenaantallen (duaal leren) met de open data van het "
        "Departement Onderwijs en Vorming.",
        "1. Kies op het blad 'Parameters' de provincie, de basis en de schooljaren (keuzelijsten).",
        "2. Klik op een knop hieronder. Het resultaat staat daarna naast 'Resultaat' op het blad 'Parameters'.",
        "3. Formules: =LOEP_DUAAL(…), =LOEP_TABEL(…) en de andere werken meteen; uitleg staat in 'Functie invoegen' "
        "(categorie Loep).",
        "Vereist: Python met Loep geïnstalleerd (zie het blad 'xlwings.conf' en de installatiegids).",
    )
    for i, line in enumerate(intro, start=2):
        ws.write_string(i, 1, line, formats["tekst"])
    row = 8
    for button in BUTTONS:
        ws.insert_button(row, 1, {"macro": button.macro, "caption": button.caption, "width": 220, "height": 30,
                                  "description": button.caption})
        ws.write_string(row, 2, button.uitleg, formats["tekst"])
        ws.set_row(row, 30)
        row += 2

    row += 1
    ws.write_string(row, 1, "Voorbeeldformules (in Excel met Office.js-add-in: LOEP.DUAAL in plaats van "
                            "LOEP_DUAAL)", formats["kop"])
    ws.write_string(row, 2, "Wat ze geven", formats["kop"])
    ws.write_string(row, 3, "Resultaat", formats["kop"])
    examples = (
        ('=LOEP_DUAAL("2024-2025";"Antwerpen")', "Leerlingen in duaal, Antwerpen, 2024-2025.",
         '=LOEP_DUAAL("2024-2025","Antwerpen")', False),
        ('=LOEP_DUAAL(2024;"Antwerpen";"bso";"3e graad")', "Alleen bso, 3e graad.",
         '=LOEP_DUAAL(2024,"Antwerpen","bso","3e graad")', False),
        ('=LOEP_LEERLINGEN("2024-25";"Antwerpen")', "Alle leerlingen secundair onderwijs in Antwerpen.",
         '=LOEP_LEERLINGEN("2024-25","Antwerpen")', False),
        ('=LOEP_REEKS("Antwerpen")', "Reeks: schooljaar | leerlingen in duaal (spilt; snel voor veel cijfers).",
         None, True),
        ('=LOEP_TABEL(2;"Antwerpen")', "De tabel van vraag 2 met titelrij en kopregel, kleine aantallen beschermd "
         "('<5'), zoals in het antwoord (spilt).", None, True),
        ('=LOEP_TABEL(2;"Antwerpen";;;;"uit")', "Dezelfde tabel met de exacte aantallen: niet voor publicatie (spilt).",
         None, True),
        ('=LOEP_TOP("Antwerpen";2024;5)', "De 5 populairste sectoren in duaal (spilt).", None, True),
        ('=LOEP_NUL("Antwerpen";2024)', "Duale opleidingen zonder leerlingen in Antwerpen (spilt).", None, True),
        ('=LOEP_WAARDEN("provincie")', "Geldige waarden onder elkaar, voor keuzelijsten (spilt).", None, True),
        ('=LOEP_BRON()', "Bron, teldatum, dataversie en of de gegevens synthetisch zijn (spilt).", None, True),
    )
    for text, uitleg, live, spills in examples:
        row += 1
        ws.write_string(row, 1, text, formats["code"])  # shown as text (strings_to_formulas is off)
        ws.write_string(row, 2, uitleg, formats["tekst"])
        if live:
            ws.write_formula(row, 3, live, formats["getal"], "")
        elif spills:
            ws.write_string(row, 3, "zie rechts" if text.startswith("=LOEP_REEKS") else "", formats["tekst"])
    row += 2
    ws.write_string(row, 1, "Live voorbeeld van een formule die spilt (kolommen F en G):", formats["tekst"])
    ws.write_string(7, 5, "=LOEP_REEKS(\"Antwerpen\")", formats["code"])
    ws.write_dynamic_array_formula(8, 5, 8, 5, '=LOEP_REEKS("Antwerpen")', None, "")
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.activate()
    ws.set_first_sheet()


def _parameters_sheet(wb, ws, formats, years: list[str], bases: list[str]) -> None:
    ws.set_vba_name("Sheet2")
    ws.set_column("A:A", 16)
    ws.set_column("B:B", 34)
    ws.set_column("C:C", 70)
    ws.write_string("A1", "Parameters", formats["titel"])
    ws.write_string("A2", PARAMETER_INTRO, formats["tekst"])
    for col, kop in enumerate(("Parameter", "Waarde", "Toelichting")):
        ws.write_string(2, col, kop, formats["kop"])
    from addin.core.questionspec import DEFAULT_SPEC, builtin_specs

    lists = {"vraag": builtin_specs(), "provincie": list(PROVINCIES), "basis": bases, "van": years, "tot": years}
    defaults = {"vraag": DEFAULT_SPEC[:-5], "provincie": "Antwerpen", "basis": bases[0], "van": years[0],
                "tot": years[-1]}
    # 'vraag' also takes the path of one's own question file: a warning, not a stop
    rows = [(label, defaults[label], PARAMETER_HELP[label], lists[label],
             "warning" if label in ("vraag", "van", "tot") else "stop") for label in PARAMETER_LABELS]
    for i, (label, value, uitleg, choices, style) in enumerate(rows, start=FIRST_PARAMETER_ROW - 1):
        ws.write_string(i, 0, label, formats["tekst"])
        ws.write_string(i, 1, value, formats["invoer"])
        ws.write_string(i, 2, uitleg, formats["tekst"])
        ws.data_validation(i, 1, i, 1, {
            "validate": "list", "source": choices, "error_type": style,
            "input_title": label.capitalize(), "input_message": "Kies een waarde uit de lijst."[:255],
            "error_title": "Ongeldige waarde",
            "error_message": (f"Kies een {label} uit de lijst." if style == "stop" else
                              "Een eigen vraagbestand? Geef het volledige pad naar het .toml-bestand; Loep controleert "
                              "het bij het uitvoeren." if label == "vraag" else
                              "Dit schooljaar staat niet in de lijst; Loep controleert het bij het uitvoeren."),
        })
    ws.write_string(RESULT_ROW - 1, 0, RESULT_LABEL, formats["kop"])
    ws.write_string(RESULT_ROW - 1, 1, "", formats["tekst"])
    ws.write_string(RESULT_ROW - 1, 2, RESULT_HELP, formats["tekst"])


def _config_sheet(wb, ws, formats) -> None:
    ws.set_vba_name("Sheet3")
    ws.set_column("A:A", 30)
    ws.set_column("B:B", 48)
    ws.set_column("D:D", 90)
    settings = (
        ("Interpreter_Win", INTERPRETER_WIN, "Python van de installatie (pythonw.exe: zonder zwart venster)."),
        ("PYTHONPATH", "", "Leeg: Loep is in die Python geïnstalleerd."),
        ("UDF Modules", UDF_MODULE, "De Python-module met de formules LOEP_DUAAL, LOEP_TABEL, …"),
        ("Use UDF Server", "False", "Python per oproep starten (True: één Python blijft draaien; sneller)."),
        ("Show Console", "False", "True toont een venster met Python-meldingen (voor IT)."),
        ("ADD_WORKBOOK_TO_PYTHONPATH", "False", "De map van dit werkboek niet aan Python toevoegen."),
    )
    # xlwings reads column A (keys) and B (values) from A1 down to the first empty cell
    for i, (key, value, uitleg) in enumerate(settings):
        ws.write_string(i, 0, key)
        ws.write_string(i, 1, value)
        ws.write_string(i, 3, uitleg, formats["tekst"])


def build_workbook(target: str | os.PathLike = DEFAULT_PATH, *, overwrite: bool = False, data_dir=None) -> Path:
    """Write the macro workbook.

    Args:
        target: file name ending in ``.xlsm``.
        overwrite: replace an existing file (otherwise a LoepFout).
        data_dir: take the school years of the drop-down lists from this store (default: the
            years of the published aggregates, so the committed file is reproducible).

    Returns:
        The path written.

    Raises:
        LoepFout: wrong extension, or the file exists and ``overwrite`` is False.
    """
    target = Path(target).expanduser()
    if target.suffix.lower() != ".xlsm":
        raise LoepFout(f"Het werkboek moet eindigen op .xlsm (macro's): '{target}'.")
    if target.exists() and not overwrite:
        raise LoepFout(f"Het bestand '{target}' bestaat al; gebruik --overschrijven om het te vervangen.")
    target.parent.mkdir(parents=True, exist_ok=True)
    years = school_years(data_dir)
    bases = list(BASES)
    vba = build_vba_project(macros(), ["Sheet1", "Sheet2", "Sheet3"], extra_modules=formula_modules(),
                            workbook_code=vba_functions.workbook_open())

    with atomic.replacing(target, suffix=".xlsm") as tmp:
        wb = xlsxwriter.Workbook(tmp, {"strings_to_formulas": False, "strings_to_numbers": False})
        wb.set_properties({"title": "Loep", "subject": "Leerlingenaantallen secundair onderwijs",
                           "author": "Loep", "company": "Vlaamse overheid", "created": BUILD_DATE,
                           "comments": "Gebouwd met 'loep werkboek'."})
        wb.set_vba_name("ThisWorkbook")
        wb.add_vba_project(io.BytesIO(vba), is_stream=True)
        formats = {
            "titel": wb.add_format({"bold": True, "font_size": 16}),
            "kop": wb.add_format({"bold": True, "bottom": 1}),
            "tekst": wb.add_format({"text_wrap": False}),
            "code": wb.add_format({"font_name": "Consolas", "num_format": "@"}),
            "getal": wb.add_format({"num_format": "[$-813]#,##0"}),
            "invoer": wb.add_format({"bg_color": "#FFF2CC", "border": 1, "num_format": "@"}),
        }
        start = wb.add_worksheet("Start")
        params = wb.add_worksheet(PARAMETER_SHEET)
        # mark the sheet as Loep's, as the buttons do, so "Blad Parameters maken" may rebuild it
        wb.define_name(marker_name(PARAMETER_SHEET), f"={PARAMETER_SHEET}!$A$1")
        config = wb.add_worksheet("xlwings.conf")
        _start_sheet(wb, start, formats)
        _parameters_sheet(wb, params, formats, years, bases)
        _config_sheet(wb, config, formats)
        wb.close()
    return target
