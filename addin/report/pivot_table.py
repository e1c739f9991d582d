"""A pivot of the query engine (:meth:`addin.core.query.Query.pivot`) as a user gets it.

One layout for every front end (``LOEP.DRAAITABEL``, ``loep tabel``): a header row (the labels of the
row dimensions, one column per column value, 'Totaal'), the rows, and a last 'Totaal' row; the totals
are the sums of their parts (:meth:`Pivot.wide`). From there:

- :func:`spill_rows`: rows of cell values for a spilling formula;
- :func:`terminal_text`: aligned text with counts in Dutch notation (1.234);
- :func:`write_csv` / :func:`write_xlsx`: a file. The CSV holds the table alone (UTF-8 with BOM, comma,
  no thousands separator; a label that looks like a formula gets a leading apostrophe, as the answer
  CSVs do); its provenance goes in a CSVW metadata file beside it. The xlsx sheet says first where the
  numbers come from (synthetic data first of all), and writes every label as text, never as a formula.

Summing pupils over several school years counts the same pupil once per year: :func:`require_one_year`
refuses such a pivot unless the school year is one of its dimensions.

Small counts (statistical disclosure, :mod:`addin.core.disclosure`): by default every output hides the counts
1 … drempel − 1 ('<5') and, chosen by HiGHS, the cells that would let a reader compute them back from the
totals ('[c]', the signs of the policy); the audit of :func:`addin.core.suppression.require_protected` must pass or nothing is shown.
:func:`protect` does that for a pivot (rows × columns with row, column and grand totals, one linear table);
the CSV leaves a hidden cell empty with 'c' in a status column after it, as the answer CSVs do. With the
policy off (``--zonder-geheimhouding``, ``geheimhouding=uit``) every output says it is not for publication.
"""

from __future__ import annotations

import csv
import json
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from addin.core.cleaning_report import getal
from addin.core.dataset import SYNTHETIC_LABEL, DataInfo
from addin.core.dimensions import BY_NAAM
from addin.core.disclosure import CSV_STATUS, NIET_VOOR_PUBLICATIE, Policy
from addin.core.errors import LoepFout
from addin.report.csv_export import DELIMITER, ENCODING, csv_field

TOTAAL = "Totaal"


@dataclass(frozen=True)
class Protection:
    """The small-count protection of one pivot: the policy, and every hidden cell with its status.

    Keys are (row, column) of :func:`addin.core.suppression.grid`: a row index or 'Totaal', a column index
    or 'Totaal'; the value is 'primair' (a small count) or 'secundair' (hidden to protect one).
    """

    policy: Policy
    hidden: Mapping[tuple, str]


_PROTECTED: dict[int, tuple] = {}
_PROTECT_LOCK = threading.Lock()


def protect(pivot, policy: Policy) -> Protection | None:
    """Primary and secondary suppression of ``pivot`` under ``policy``, audited (None: the policy is off).

    The query engine keeps its pivots, and so this keeps the pattern of each (a sheet recalculates the same
    pivot often; HiGHS needs up to a few seconds for a pivot of every municipality).

    Raises:
        LoepFout: the audit finds a hidden cell that can be computed back (nothing is published then).
    """
    if not policy.aan:
        return None
    key = id(pivot)
    found = _PROTECTED.get(key)
    if found is not None and found[0] is pivot and found[1] == policy:
        return found[2]
    from addin.core.suppression import grid, require_protected, suppress

    if pivot.matrix.size == 0:
        return Protection(policy, {})
    table = grid(pivot.matrix, row_totals=bool(pivot.kolommen), col_totals=True, naam=title(pivot))
    supp = suppress(table, policy.drempel)
    try:
        require_protected([(title(pivot), table, supp)])
    except LoepFout:
        if pivot.totaal >= 2 * policy.drempel:
            raise
        # a handful of pupils in all: every cell hidden still gives them away (the total says how many)
        raise LoepFout(f"Deze draaitabel telt in totaal minder dan {2 * policy.drempel} leerlingen: zelfs met elke cel "
                       f"verborgen zijn kleine aantallen (minder dan {policy.drempel}) uit de totalen af te leiden. "
                       f"Kies minder filters of grotere groepen; voor intern gebruik kan het zonder geheimhouding "
                       f"(niet voor publicatie).") from None
    result = Protection(policy, {k: supp.status(k) for k in supp.hidden})
    with _PROTECT_LOCK:
        if len(_PROTECTED) > 256:
            _PROTECTED.clear()
        _PROTECTED[key] = (pivot, policy, result)
    return result


def _cell_key(pivot, i: int, j: int, n_rows: int, n_cols: int) -> tuple:
    """The grid key of body row ``i`` (the last one is the total row) and count column ``j``."""
    row = TOTAAL if i == n_rows else i
    col = TOTAAL if j == n_cols else j
    return row, col


def hidden_cells(pivot, protection: Protection | None) -> dict[tuple[int, int], str]:
    """(row, column) in :func:`table_rows` (header = row 0) -> status, for every hidden cell."""
    if protection is None or not protection.hidden:
        return {}
    n_rows, n_cols = len(pivot.rij_waarden), len(pivot.kol_waarden)
    n_labels = len(pivot.rijen)
    out = {}
    for i in range(n_rows + 1):
        for j in range(n_cols + (1 if pivot.kolommen else 0)):
            status = protection.hidden.get(_cell_key(pivot, i, j, n_rows, n_cols))
            if status:
                out[(i + 1, n_labels + j)] = status
    return out


def notice(protection: Protection | None, policy: Policy | None = None) -> str | None:
    """The line above a table: which cells are hidden, or that it is not for publication (None: nothing to say)."""
    if protection is None:
        return NIET_VOOR_PUBLICATIE if policy is not None and not policy.aan else None
    return protection.policy.tabel_melding if protection.hidden else None


def require_one_year(pivot, wie: str, hoe: str) -> None:
    """LoepFout when ``pivot`` adds up several school years without showing them apart.

    Args:
        pivot: a :class:`~addin.core.query.Pivot`.
        wie: who asks, for the message ('LOEP.DRAAITABEL', 'loep tabel').
        hoe: how to choose one year there ("geef een schooljaar (argument 'schooljaar')").
    """
    if "schooljaar" in pivot.rijen + pivot.kolommen or len(pivot.schooljaren) <= 1:
        return
    jaren = pivot.schooljaren
    raise LoepFout(f"{wie} telt leerlingen per schooljaar, maar deze vraag omvat {len(jaren)} schooljaren "
                   f"({jaren[0]} tot {jaren[-1]}): opgeteld telt elke leerling eens per jaar. {hoe[0].upper()}"
                   f"{hoe[1:]}, of zet 'schooljaar' bij de rijen of de kolommen.")


def title(pivot) -> str:
    """One Dutch line saying what the pivot counts: dimensions, school year(s), filters, basis."""
    rows = " en ".join(BY_NAAM[d].label.lower() for d in pivot.rijen)
    text = f"Leerlingen per {rows}" if rows else "Leerlingen"
    if pivot.kolommen:
        text += " × " + " en ".join(BY_NAAM[d].label.lower() for d in pivot.kolommen)
    jaren = pivot.schooljaren
    if "schooljaar" not in pivot.rijen + pivot.kolommen or len(jaren) == 1:
        text += f", schooljaar {jaren[0]}" if len(jaren) == 1 else f", schooljaren {jaren[0]} tot {jaren[-1]}"
    filters = {k: v for k, v in pivot.filters.items() if k != "schooljaar"}
    if filters:
        text += "; filters: " + "; ".join(f"{BY_NAAM[k].label.lower()} = {' of '.join(map(str, v))}"
                                          for k, v in filters.items())
    if "provincie" in list(pivot.rijen) + list(pivot.kolommen) + list(filters):
        text += f"; provincie volgens {pivot.basis}"
    return text


def table_rows(pivot, protection: Protection | None = None) -> list[list]:
    """Header row, the rows, and the 'Totaal' row (and column), as plain Python values.

    With ``protection``, a hidden cell holds what a reader sees ('<5', '[c]') instead of its count.
    """
    frame = pivot.wide(totalen=True)
    header = [str(c) for c in frame.columns]
    columns = [frame[c].tolist() for c in frame.columns]
    body = [[int(v) if hasattr(v, "__index__") and not isinstance(v, bool) else v for v in row]
            for row in zip(*columns)]
    rows = [header] + body
    for (i, j), status in hidden_cells(pivot, protection).items():
        rows[i][j] = protection.policy.teken(status)
    return rows


def spill_rows(pivot, protection: Protection | None = None) -> list[list]:
    """:func:`table_rows` as cell values for a spilling formula (labels as text, counts as numbers)."""
    return [[v if isinstance(v, (int, float)) else str(v) for v in row] for row in table_rows(pivot, protection)]


def _label_columns(pivot) -> int:
    return max(len(pivot.rijen), 1)


def terminal_text(pivot, protection: Protection | None = None) -> str:
    """The pivot as aligned text: labels left, counts right in Dutch notation (12.345)."""
    rows = table_rows(pivot, protection)
    n_labels = _label_columns(pivot) if pivot.rijen else 0
    text = [[str(v) if i < n_labels or isinstance(v, str) else getal(int(v)) for i, v in enumerate(r)]
            for r in rows]
    widths = [max(len(r[i]) for r in text) for i in range(len(text[0]))]
    lines = []
    for k, r in enumerate(text):
        cells = [c.ljust(w) if i < n_labels else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))]
        lines.append("  ".join(cells).rstrip())
        if k == 0 or k == len(text) - 2:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def csv_rows(pivot, protection: Protection | None = None) -> list[list]:
    """The CSV's rows: a hidden cell empty, and after each column with hidden cells a status column ('c')."""
    rows = table_rows(pivot)
    hidden = hidden_cells(pivot, protection)
    columns = sorted({j for _, j in hidden})
    out = []
    for i, row in enumerate(rows):
        line = []
        for j, value in enumerate(row):
            line.append("" if (i, j) in hidden else value)
            if j in columns:
                line.append(f"{value} status" if i == 0 else (CSV_STATUS if (i, j) in hidden else ""))
        out.append(line)
    return out


def write_csv(pivot, path: Path, protection: Protection | None = None) -> None:
    """The pivot as CSV: row dimensions first, a column per column value, 'Totaal' column and row."""
    with open(path, "w", encoding=ENCODING, newline="") as stream:
        writer = csv.writer(stream, delimiter=DELIMITER, lineterminator="\r\n")
        for row in csv_rows(pivot, protection):
            writer.writerow([csv_field(v) for v in row])


def csv_metadata(pivot, info: DataInfo, csv_path: Path, protection: Protection | None = None,
                 policy: Policy | None = None) -> dict:
    """Provenance and columns of the pivot CSV, as W3C 'CSV on the Web' metadata (as for the answer CSVs)."""
    header = csv_rows(pivot, protection)[0]
    n_labels = len(pivot.rijen)

    def column(i: int, h: str) -> dict:
        if i < n_labels:
            return {"titles": h, "datatype": "string"}
        if h.endswith(" status") and protection is not None:
            return {"titles": h, "datatype": "string",
                    "dc:description": "status van de waarde ervoor: 'c' = vertrouwelijk (leeg gelaten om personen "
                                      "te beschermen), leeg = gewone waarde"}
        return {"titles": h, "datatype": "integer", "null": ""}

    notes = [n for n in (notice(protection, policy),) if n]
    if protection is not None:
        notes.append(protection.policy.regel)
    return {
        "@context": ["http://www.w3.org/ns/csvw", {"@language": "nl"}],
        "url": csv_path.name,
        "dc:title": title(pivot),
        "dc:source": info.bron,
        "dc:description": info.samenvatting,  # names the synthetic data when it is
        "schema:version": info.dataversie,
        "dc:creator": "Loep (loep tabel)",
        "dialect": {"encoding": ENCODING, "delimiter": DELIMITER, "header": True},
        "notes": notes,
        "tableSchema": {"columns": [column(i, h) for i, h in enumerate(header)]},
    }


def metadata_path(csv_path: Path) -> Path:
    """``<stem>-metadata.json`` beside the CSV."""
    return csv_path.with_name(f"{csv_path.stem}-metadata.json")


def write_metadata(pivot, info: DataInfo, csv_path: Path, path: Path, protection: Protection | None = None,
                   policy: Policy | None = None) -> None:
    meta = csv_metadata(pivot, info, csv_path, protection, policy)
    path.write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def write_xlsx(pivot, info: DataInfo, path: Path, sheet: str = "Draaitabel", protection: Protection | None = None,
               policy: Policy | None = None) -> None:
    """The pivot as an Excel sheet: provenance lines first, then the table (labels always text)."""
    import xlsxwriter

    rows = table_rows(pivot, protection)
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_numbers": False,
                                         "strings_to_urls": False})
    try:
        wb.set_properties({"title": title(pivot), "comments": info.samenvatting, "author": "Loep"})
        ws = wb.add_worksheet(sheet)
        bold = wb.add_format({"bold": True})
        head = wb.add_format({"bold": True, "bottom": 1})
        number = wb.add_format({"num_format": "#,##0"})
        total = wb.add_format({"bold": True, "num_format": "#,##0", "top": 1})
        total_label = wb.add_format({"bold": True, "top": 1})
        r = 0
        if info.synthetisch:
            ws.write_string(r, 0, f"LET OP: {SYNTHETIC_LABEL}.", bold)
            r += 1
        ws.write_string(r, 0, title(pivot), bold)
        ws.write_string(r + 1, 0, info.samenvatting)
        r += 2
        line = notice(protection, policy)
        if line:
            ws.write_string(r, 0, line, bold)
            r += 1
        r += 1
        n_labels = len(pivot.rijen)
        for i, row in enumerate(rows):
            last = i == len(rows) - 1
            for j, value in enumerate(row):
                if i == 0:
                    ws.write_string(r, j, str(value), head)
                elif j < n_labels or isinstance(value, str):  # a label, or what a hidden cell shows ('<5')
                    ws.write_string(r, j, str(value), total_label if last else None)
                else:
                    ws.write_number(r, j, value, total if last else number)
            r += 1
        widths = [max(len(str(row[j])) for row in rows) for j in range(len(rows[0]))]
        for j, w in enumerate(widths):
            ws.set_column(j, j, min(max(w + 2, 10), 60))
        ws.freeze_panes(r - len(rows) + 1, n_labels)
    finally:
        wb.close()


def check_output_path(path: Path) -> None:
    """LoepFout unless ``path`` ends in .csv or .xlsx."""
    if path.suffix.lower() not in (".csv", ".xlsx"):
        raise LoepFout(f"--uit '{path}' heeft de extensie '{path.suffix or '(geen)'}'; geef een bestandsnaam die "
                       f"eindigt op '.csv' of '.xlsx'.")


def output_paths(path: Path) -> list[Path]:
    """The files ``--uit path`` writes: the xlsx, or the CSV and its metadata."""
    check_output_path(path)
    return [path, metadata_path(path)] if path.suffix.lower() == ".csv" else [path]


def output_writers(pivot, info: DataInfo, path: Path, policy: Policy) -> list[tuple[Path, object]]:
    """(target, writer) pairs for :func:`addin.report.output.write_all_or_nothing`: CSV (+ metadata) or xlsx,
    with the small counts protected under ``policy``.

    Raises:
        LoepFout: an extension other than .csv or .xlsx; a protection whose audit fails.
    """
    check_output_path(path)
    protection = protect(pivot, policy)
    if path.suffix.lower() == ".csv":
        return [(path, lambda p: write_csv(pivot, p, protection)),
                (metadata_path(path), lambda p: write_metadata(pivot, info, path, p, protection, policy))]
    return [(path, lambda p: write_xlsx(pivot, info, p, protection=protection, policy=policy))]
