"""The buttons of Loep, written once against an xlwings ``Book``.

The same functions serve desktop Excel (``RunPython`` from ``workbooks/loep.xlsm``, see
:mod:`addin.excel.desktop`) and Office.js (``@script`` of xlwings Server, see
``addin/server/custom_scripts``). They only use what both xlwings engines support: reading
range values, adding/deleting sheets, writing values, number formats, Excel tables,
hyperlinks and autofit.

Parameters come from the sheet ``Parameters``: a column of labels (vraag, provincie, basis, van,
tot) with the value in the cell to the right; ``vraag`` (optional, default the seed question) names a
built-in question file (``loep vragen``) or, in the desktop workbook, the path of one's own. A row labelled ``Resultaat`` receives the
outcome message of each button.

Loep only ever replaces sheets it made itself. Each sheet a button creates gets a workbook-level
defined name ``Loep_blad_<sheet>`` referring to its cell A1 (:func:`mark_sheet`); a sheet is Loep's
when such a name refers to it (:func:`is_loep_sheet`). Workbook-level names are in every request of
the Office.js engine (sheet-level names and cell values of sheets outside the script's ``include``
are not) and are plain ``Names.Add`` on the desktop; they follow a renamed sheet and die with a
deleted one. A user's own sheet of the same name (a 'v1' of their own) is never deleted: the button
stops before writing anything and says so.

Labels from the data are written as text: a string starting with ``=``, ``+``, ``-`` or ``@``
gets a leading apostrophe, which both desktop Excel and Office.js treat as "this is text"
(exactly as when a user types it), so a label can never become a formula; a text longer than the
32 767 characters a cell holds is cut the way the answer workbook cuts it, saying so at its end.

'Vraagtabellen vullen' writes the question tables as the answer workbook publishes them: small counts
hidden ('<5', '[c]'; :func:`addin.core.publication.publish`, all tables together) unless the policy is off.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from addin.core.cleaning_report import getal
from addin.core.dataset import SYNTHETIC_LABEL
from addin.core.disclosure import ENV_AAN
from addin.core.errors import LoepFout
from addin.core.labels import fold
from addin.core.tables import FORMATS
from addin.excel import functions as f

PARAMETER_SHEET = "Parameters"
DATA_SHEET = "Gegevens"
DATA_TABLE = "Gegevens"
#: Row of the Gegevens table's header: a title (row 1) and the provenance line (row 2) stand above it.
DATA_TOP_ROW = 4
#: Labels of the Parameters sheet, in their order on the sheet.
PARAMETER_LABELS: tuple[str, ...] = ("vraag", "provincie", "basis", "van", "tot")
#: Labels an older Parameters sheet may lack (their default applies).
OPTIONAL_LABELS: frozenset[str] = frozenset({"vraag"})
RESULT_LABEL = "Resultaat"
#: Explanation per parameter, shown in column C of the Parameters sheet (desktop workbook and server alike).
PARAMETER_HELP: dict[str, str] = {
    "vraag": "Welke vraag: een ingebouwde vraag uit de lijst (zie 'loep vragen'); in de desktopwerkmap ook het pad "
             "naar een eigen vraagbestand (.toml).",
    "provincie": "Provincie of Brussel waarover de vraag gaat.",
    "basis": "Welke provincie telt: van de vestigingsplaats van de school, de hoofdzetel of de woonplaats van de "
             "leerling.",
    "van": "Eerste schooljaar van de periode.",
    "tot": "Laatste schooljaar van de periode.",
}
#: Line under the Parameters sheet's title and the note beside 'Resultaat' (desktop workbook and server alike).
PARAMETER_INTRO = "De knoppen en de antwoordbundel gebruiken deze waarden. Kies uit de keuzelijsten."
RESULT_HELP = "Hier meldt elke knop wat hij deed (of wat er mis is)."
#: Layout of the Parameters sheet: title row 1, header row 3, parameters from row 4, Resultaat on row 9.
FIRST_PARAMETER_ROW = 4
RESULT_ROW = 9
#: The part of the Parameters sheet that is read (labels in column A, values in column B).
PARAMETER_RANGE = "A1:B30"
#: At most this many data rows go to the Gegevens sheet (about 3.6 million cells: Excel stays usable
#: and an Office.js answer stays under about 60 MB; a few school years of one province).
MAX_ROWS = 200_000
TABLE_STYLE = "TableStyleMedium2"
#: Rows per write (one Office.js request each).
CHUNK_ROWS = 5_000
_FORMULA_START = ("=", "+", "-", "@")
#: Prefix of the workbook-level names that mark Loep's own sheets (``Loep_blad_V1`` …).
MARKER_PREFIX = "Loep_blad_"
_REFERS_TO_SHEET = re.compile(r"^=(?:'((?:[^']|'')+)'|([^'!]+))!")


@dataclass(frozen=True)
class Parameters:
    """The checked parameters of the Parameters sheet.

    Args:
        provincie: canonical province.
        basis: canonical basis.
        van, tot: first and last school year (canonical, both in the data).
        jaren: the school years of the range, ascending.
        vraag: the question file: a built-in name or (desktop) a path; default the seed question.
    """

    provincie: str
    basis: str
    van: str
    tot: str
    jaren: tuple[str, ...]
    vraag: str = "duaal-leren-antwerpen"


# --- small helpers for both engines ---------------------------------------------------------------


def safe_text(value: Any) -> Any:
    """A cell value for writing: strings that Excel would read as a formula get a leading apostrophe, and a text
    longer than a cell holds is cut the way the answer workbook cuts it (:func:`addin.report.theme.fit_cell`)."""
    if isinstance(value, str):
        from addin.report.theme import fit_cell

        return fit_cell("'" + value if value.startswith(_FORMULA_START) else value)
    return value


def _sheet_names(book) -> list[str]:
    return [s.name for s in book.sheets]


def find_sheet(book, name: str):
    """The sheet called ``name`` (case-insensitive), or None."""
    for sheet in book.sheets:
        if sheet.name.casefold() == name.casefold():
            return sheet
    return None


def marker_name(sheet_name: str) -> str:
    """The defined name that marks Loep's sheet ``sheet_name`` ('V3a' -> 'Loep_blad_V3a')."""
    return MARKER_PREFIX + re.sub(r"[^A-Za-z0-9_]", "_", sheet_name)


def referenced_sheet(refers_to: str | None) -> str | None:
    """The sheet a name's definition points at ("='Mijn blad'!$A$1" -> 'Mijn blad'); None for '#REF!' etc."""
    match = _REFERS_TO_SHEET.match(refers_to or "")
    if match is None or match[2] == "#REF":
        return None
    return match[1].replace("''", "'") if match[1] is not None else match[2]


def _markers(book) -> list:
    """Loep's marker names of the workbook (workbook-level names starting with :data:`MARKER_PREFIX`)."""
    found = []
    for name in book.names:
        if name.name.casefold().startswith(MARKER_PREFIX.casefold()):
            found.append(name)
    return found


def is_loep_sheet(book, sheet) -> bool:
    """True when a Loep marker name refers to ``sheet``: the sheet was made by a Loep button."""
    target = sheet.name.casefold()
    return any((referenced_sheet(n.refers_to) or "").casefold() == target for n in _markers(book))


def mark_sheet(book, sheet) -> None:
    """Mark ``sheet`` as Loep's: a workbook-level name ``Loep_blad_<name>`` referring to its A1.

    A stale marker of the same name (its sheet deleted, so it refers to ``#REF!``) is removed first.
    """
    wanted = marker_name(sheet.name).casefold()
    for name in _markers(book):
        if name.name.casefold() == wanted:
            name.delete()
    quoted = sheet.name.replace("'", "''")
    book.names.add(marker_name(sheet.name), f"='{quoted}'!$A$1")


def require_replaceable(book, names) -> None:
    """Check, before any sheet is written, that every existing sheet among ``names`` is Loep's own.

    Raises:
        LoepFout: a sheet of that name (any case) exists that Loep did not make; the message names it.
    """
    for name in names:
        sheet = find_sheet(book, name)
        if sheet is not None and not is_loep_sheet(book, sheet):
            raise LoepFout(f"Het blad '{sheet.name}' is niet door Loep gemaakt; hernoem of verwijder het eerst. "
                           f"Loep vervangt alleen bladen die het zelf maakte.")


def _free_sheet_name(book, name: str) -> str:
    """A sheet name not in ``book`` for a moment's use ('Parameters (nieuw)', 'Parameters (nieuw 2)', …)."""
    taken = {s.name.casefold() for s in book.sheets}
    candidate, n = f"{name} (nieuw)", 1
    while candidate.casefold() in taken:
        n += 1
        candidate = f"{name} (nieuw {n})"
    return candidate


def fresh_sheet(book, name: str):
    """An empty sheet ``name``, marked as Loep's: Loep's own earlier one is replaced at the same position.

    Raises:
        LoepFout: a sheet ``name`` (any case) exists that Loep did not make (it is left alone).
    """
    old = find_sheet(book, name)
    if old is None:
        sheet = book.sheets.add(name=name, after=book.sheets[len(book.sheets) - 1])
        mark_sheet(book, sheet)
        return sheet
    require_replaceable(book, [name])
    position = old.index  # 1-based
    target = old.name.casefold()
    for marker in _markers(book):
        if (referenced_sheet(marker.refers_to) or "").casefold() == target:
            marker.delete()
    if len(book.sheets) == 1:  # a workbook keeps at least one sheet: add the new one before deleting the old
        sheet = book.sheets.add(name=_free_sheet_name(book, name), after=old)
        old.delete()
        sheet.name = name
        mark_sheet(book, sheet)
        return sheet
    old.delete()
    # 'after' has the same meaning in both engines (the remote engine reads 'before' one sheet off).
    if position == 1:
        sheet = book.sheets.add(name=name, before=book.sheets[0])
    else:
        sheet = book.sheets.add(name=name, after=book.sheets[position - 2])
    mark_sheet(book, sheet)
    return sheet


def _column_letter(n: int) -> str:
    letters = ""
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _address(row: int, col: int, last_row: int, last_col: int) -> str:
    return f"{_column_letter(col)}{row}:{_column_letter(last_col)}{last_row}"


def write_table(sheet, top_row: int, rows: list[list[Any]], table_name: str, formats: list[str] | None = None):
    """Write ``rows`` (header first) at ``top_row`` and make them an Excel table.

    Values go in blocks of :data:`CHUNK_ROWS` rows, so no single Office.js request grows past a few
    megabytes (Excel on the web refuses very large ones).

    Args:
        sheet: an xlwings sheet (desktop or remote).
        top_row: 1-based row of the header.
        rows: header row + data rows (cell values; strings are made safe here).
        table_name: Excel table name (letters, digits, underscores).
        formats: number format per column (None: leave as is).
    """
    width = len(rows[0])
    last_row = top_row + len(rows) - 1
    if formats:
        for i, fmt in enumerate(formats):
            if fmt and len(rows) > 1:
                sheet.range(_address(top_row + 1, i + 1, last_row, i + 1)).number_format = fmt
    for start in range(0, len(rows), CHUNK_ROWS):
        block = [[safe_text(v) for v in r] for r in rows[start:start + CHUNK_ROWS]]
        sheet.range(_address(top_row + start, 1, top_row + start + len(block) - 1, width)).value = block
    if len(rows) > 1:
        sheet.tables.add(source=sheet.range(_address(top_row, 1, last_row, width)), name=table_name,
                         has_headers=True, table_style_name=TABLE_STYLE)


# --- parameters -------------------------------------------------------------------------------------


def read_parameter_cells(book) -> dict[str, Any]:
    """The raw values next to the labels of the Parameters sheet (label -> value).

    Raises:
        LoepFout: the sheet or one of the labels is missing.
    """
    sheet = find_sheet(book, PARAMETER_SHEET)
    if sheet is None:
        raise LoepFout(
            f"Het blad '{PARAMETER_SHEET}' ontbreekt; maak een blad '{PARAMETER_SHEET}' met in kolom A de woorden "
            f"{', '.join(PARAMETER_LABELS)} en in kolom B hun waarde (of gebruik workbooks/loep.xlsm). "
            f"Bladen in deze map: {', '.join(_sheet_names(book))}."
        )
    values = sheet.range(PARAMETER_RANGE).options(ndim=2).value or []
    found: dict[str, Any] = {}
    for row in values:
        if not row or row[0] is None:
            continue
        key = fold(row[0])
        if key in PARAMETER_LABELS and key not in found:
            found[key] = row[1] if len(row) > 1 else None
    missing = [p for p in PARAMETER_LABELS if p not in found and p not in OPTIONAL_LABELS]
    if missing:
        raise LoepFout(
            f"Op het blad '{PARAMETER_SHEET}' ontbreekt de regel '{missing[0]}': zet in kolom A (rijen 1 tot 30) "
            f"de woorden {', '.join(PARAMETER_LABELS)} ('vraag' mag ontbreken) en in kolom B hun waarde."
        )
    return found


def question_name(value, eigen_bestand: bool = False) -> str:
    """The question file of the 'vraag' cell: a built-in name, or (``eigen_bestand``: desktop) a .toml path.

    Raises:
        LoepFout: an unknown question, with the built-in names and a suggestion.
    """
    from addin.core.questionspec import DEFAULT_SPEC

    if value is None or not str(value).strip():
        return DEFAULT_SPEC[:-5]
    from addin.core.questionspec import builtin_specs

    try:
        spec = f.question_file(str(value).strip(), eigen_bestand)
    except LoepFout as exc:
        raise LoepFout(f"Blad '{PARAMETER_SHEET}', 'vraag': {exc.boodschap}", exc.suggestie) from None
    return spec.naam if spec.naam in builtin_specs() else str(spec.pad)


def read_parameters(book, query=None, eigen_bestand: bool = False) -> Parameters:
    """The checked parameters of the Parameters sheet.

    Empty 'van'/'tot' mean the first/last school year of the data; an empty 'basis' means
    vestigingsplaats; 'provincie' must name one province (the buttons answer for one); an empty or
    missing 'vraag' means the seed question.

    Args:
        eigen_bestand: accept a path to one's own question file in 'vraag' (desktop only; never on the server).

    Raises:
        LoepFout: missing sheet/label, or a value that is not valid (message names the cell's label).
    """
    query = query or f.current_query()
    raw = read_parameter_cells(book)
    vraag = question_name(raw.get("vraag"), eigen_bestand)
    try:
        prov = f.province_argument(query, raw["provincie"])
        basis = f.basis_argument(query, raw["basis"])
        jaren = f.year_range(query, raw["van"], raw["tot"])
    except LoepFout as exc:
        raise LoepFout(f"Blad '{PARAMETER_SHEET}': {exc.boodschap}", exc.suggestie) from None
    if prov is None:
        raise LoepFout(f"Blad '{PARAMETER_SHEET}': kies bij 'provincie' één provincie (of Brussel), niet het "
                       f"geheel van Vlaanderen en Brussel.", "Antwerpen")
    return Parameters(provincie=prov, basis=basis, van=jaren[0], tot=jaren[-1], jaren=tuple(jaren), vraag=vraag)


def question_params(params: Parameters):
    """The core's QuestionParams for the checked sheet parameters."""
    from addin.core.questions import QuestionParams

    return QuestionParams(provincie=params.provincie, basis=params.basis, van=params.van, tot=params.tot,
                          van_expliciet=True)


def question_spec(params: Parameters):
    """The chosen question file with the sheet's parameters."""
    from dataclasses import replace

    from addin.core.questionspec import load_spec

    spec = load_spec(params.vraag)
    return replace(spec, params=question_params(params), params_vraag=spec.params)


def result_row(sheet) -> int | None:
    """The row number of the 'Resultaat' label on the Parameters sheet ``sheet`` (None: no sheet or no label)."""
    if sheet is None:
        return None
    values = sheet.range(PARAMETER_RANGE).options(ndim=2).value or []
    for i, row in enumerate(values, start=1):
        if row and row[0] is not None and fold(row[0]) == fold(RESULT_LABEL):
            return i
    return None


def report(book, message: str) -> None:
    """Write ``message`` next to the 'Resultaat' label of the Parameters sheet (if there is one)."""
    sheet = find_sheet(book, PARAMETER_SHEET)
    row = result_row(sheet)
    if row is not None:
        sheet.range(f"B{row}").value = safe_text(message)


def _stamp() -> str:
    return dt.datetime.now().strftime("%d/%m/%Y %H:%M")


def _provenance(info) -> str:
    """Short provenance for result messages: data version, and a warning for synthetic data."""
    text = f"Dataversie {info.dataversie}."
    if info.synthetisch:
        text += f" LET OP: {SYNTHETIC_LABEL}."
    return text


# --- button 0: the Parameters sheet itself ---------------------------------------------------------


def parameter_choices(query) -> dict[str, list[str]]:
    """The valid values of each parameter (the drop-down lists)."""
    from addin.core.questionspec import builtin_specs

    return {"vraag": builtin_specs(), "provincie": list(query.values("provincie")),
            "basis": list(query.values("basis")), "van": list(query.schooljaren), "tot": list(query.schooljaren)}


def parameters_aanmaken(book) -> str:
    """Button 'Blad Parameters maken': the sheet 'Parameters' with drop-down lists of the valid values.

    An existing Parameters sheet is rebuilt with the user's values kept where they are still valid.

    Returns:
        The Dutch result message.
    """
    query = f.current_query()
    choices = parameter_choices(query)
    values = {"vraag": "duaal-leren-antwerpen", "provincie": "Antwerpen", "basis": choices["basis"][0],
              "van": choices["van"][0], "tot": choices["van"][-1]}
    if find_sheet(book, PARAMETER_SHEET) is not None:
        require_replaceable(book, [PARAMETER_SHEET])
        try:
            old = read_parameters(book, query)
            values = {"vraag": old.vraag, "provincie": old.provincie, "basis": old.basis, "van": old.van,
                      "tot": old.tot}
        except LoepFout:
            pass  # unreadable: start from the defaults
        sheet = fresh_sheet(book, PARAMETER_SHEET)
    else:
        sheet = book.sheets.add(name=PARAMETER_SHEET, before=book.sheets[0])
        mark_sheet(book, sheet)
    sheet["A1"].value = "Parameters"
    sheet["A1"].font.bold = True
    sheet["A2"].value = PARAMETER_INTRO
    sheet["A3"].value = [["Parameter", "Waarde", "Toelichting"]]
    sheet["A3:C3"].font.bold = True
    for i, label in enumerate(PARAMETER_LABELS):
        row = FIRST_PARAMETER_ROW + i
        sheet[f"B{row}"].number_format = "@"
        sheet[f"A{row}"].value = [[label, values[label], PARAMETER_HELP[label]]]
        sheet[f"B{row}"].data_validation.set_list(choices[label])
    message = f"Blad '{PARAMETER_SHEET}' klaar ({_stamp()}): kies de waarden in kolom B en klik dan op een knop."
    sheet[f"A{RESULT_ROW}"].value = [[RESULT_LABEL, message, RESULT_HELP]]
    sheet[f"A{RESULT_ROW}"].font.bold = True
    sheet.autofit("columns")
    return message


# --- button 1: the cleaned rows ----------------------------------------------------------------------


def data_frame(query, params: Parameters):
    """The cleaned rows of the chosen province (on its basis) and school years."""
    from addin.core.schema import province_column

    frame = query.dataset.frame
    mask = frame["schooljaar"].astype(str).isin(params.jaren).to_numpy()
    if params.provincie is not None:
        mask = mask & (frame[province_column(params.basis)].astype(object) == params.provincie).to_numpy()
    sub = frame.loc[mask]
    if len(sub) > MAX_ROWS:
        raise LoepFout(
            f"De selectie telt {getal(len(sub))} rijen, meer dan de {getal(MAX_ROWS)} die Loep in één blad "
            f"zet. Kies op het blad '{PARAMETER_SHEET}' minder schooljaren (van/tot)."
        )
    return sub


def gegevens_ophalen(book) -> str:
    """Button 'Gegevens ophalen': the cleaned rows for the parameters into sheet 'Gegevens' as an Excel table.

    Returns:
        The Dutch result message (also written next to 'Resultaat' on the Parameters sheet).
    """
    query = f.current_query()
    params = read_parameters(book, query)
    frame = data_frame(query, params)
    require_replaceable(book, [DATA_SHEET])
    rows = f.frame_rows(frame)
    formats = [None if pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c])
               else "@" for c in frame.columns]
    sheet = fresh_sheet(book, DATA_SHEET)
    sheet["A1"].value = safe_text(f"Opgeschoonde rijen: {params.provincie} (provincie volgens {params.basis}), "
                                  f"{params.van} tot {params.tot}")
    sheet["A1"].font.bold = True
    sheet["A2"].value = safe_text(query.dataset.info.samenvatting)
    write_table(sheet, DATA_TOP_ROW, rows, DATA_TABLE, formats)
    sheet.autofit()
    message = (f"Gegevens opgehaald ({_stamp()}): {getal(len(rows) - 1)} rijen voor {params.provincie}, "
               f"{params.van} tot {params.tot}, basis {params.basis}, in blad '{DATA_SHEET}'. "
               f"{_provenance(query.dataset.info)}")
    report(book, message)
    return message


# --- button 2: the question tables -----------------------------------------------------------------


def vraagtabellen_vullen(book, eigen_bestand: bool = False) -> str:
    """Button 'Vraagtabellen vullen': one sheet per table of the chosen question (V1, V2, … or T1, …).

    Returns:
        The Dutch result message.
    """
    from addin.core.publication import publish
    from addin.core.questions import build_question_tables

    query = f.current_query()
    params = read_parameters(book, query, eigen_bestand)
    spec = question_spec(params)
    # small counts protected as in the answer workbook and LOEP.TABEL (policy: question file, environment, default)
    policy = f.tabel_policy(spec, None, None)
    try:
        tables = [p.table for p in publish(build_question_tables(query, spec), policy)]
    except LoepFout as exc:
        raise LoepFout(f.refusal_text(exc.boodschap, "De vraagtabellen worden daarom niet gevuld",
                                      f"{ENV_AAN}=uit of 'toepassen = false' in [geheimhouding] van het "
                                      "vraagbestand"), exc.suggestie) from None
    require_replaceable(book, [t.sleutel for t in tables])  # all checked before the first sheet is replaced
    for table in tables:
        sheet = fresh_sheet(book, table.sleutel)
        sheet["A1"].value = safe_text(table.titel)
        sheet["A1"].font.bold = True
        for i, line in enumerate(table.toelichting, start=2):
            sheet[f"A{i}"].value = safe_text(line)
        top_row = len(table.toelichting) + 3
        formats = [FORMATS[table.format_of(c)] for c in table.frame.columns]
        name = table.tabelnaam or f"Tabel_{table.sleutel}"
        write_table(sheet, top_row, f.frame_rows(table.frame), name, formats)
        sheet.autofit("columns")
    keys = ", ".join(t.sleutel for t in tables)
    message = (f"Vraagtabellen gevuld ({_stamp()}): vraag '{Path(params.vraag).stem}', {keys} voor "
               f"{params.provincie}, {params.van} tot {params.tot}, basis {params.basis}. "
               f"{_provenance(query.dataset.info)}")
    report(book, message)
    return message


# --- button 3: the answer workbook ---------------------------------------------------------------------


def answer_path(params: Parameters, out_dir: Path) -> Path:
    """A new file in ``out_dir`` named after province, years and time; when an answer set of that name
    exists, the first free 'naam (2).xlsx', … (the rule of ``loep antwoord``)."""
    from addin.report.answer import answer_set_taken
    from addin.report.output import first_free

    prov = "".join(ch if ch.isalnum() else "-" for ch in params.provincie).strip("-")
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    vraag = "".join(ch if ch.isalnum() else "-" for ch in Path(params.vraag).stem).strip("-")
    stem = f"antwoord-{vraag}-{prov}-{params.van[:4]}-{params.tot[5:]}-{stamp}"
    return first_free(out_dir / f"{stem}.xlsx", answer_set_taken)


def antwoordbundel_maken(book, out_dir: Path, eigen_bestand: bool = False):
    """Button 'Antwoordbundel maken': the answer workbook of the main job for the sheet's parameters.

    Args:
        book: the calling workbook (only its Parameters sheet is read).
        out_dir: folder for the new workbook (created; an existing file is never overwritten).

    Returns:
        The :class:`AnswerResult` of ``addin.report.answer.make_answer``; the host hands
        ``result.workbook_path`` to the user (desktop: opens it; server: a download link).
    """
    from addin.report.answer import make_answer

    params = read_parameters(book, eigen_bestand=eigen_bestand)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = answer_path(params, out_dir)
    return make_answer(params.vraag, provincie=params.provincie,
                       basis=params.basis, van=params.van, tot=params.tot, uit=target, overwrite=False)
