"""A machine-readable CSV of each question table, written beside the workbook, and the same table as a
CSV that a Dutch-language Excel opens by double-click (:func:`write_csv_excel_nl`).

Format (documented in docs/antwoordbundel.md): UTF-8 with a byte-order mark (so Excel
recognises the accents), comma as delimiter, point as decimal sign, no thousands
separators, one header row with the Dutch column names, numbers unrounded as the table
holds them, the same shorthand as the workbook for empty values ('[z]'), 'ja'/'nee' for
yes/no. A text value starting with '=', '+', '-', '@' (or a tab/carriage return) gets a
leading apostrophe so a spreadsheet that opens the CSV cannot run it as a formula.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import IO

import pandas as pd

from addin.core.dataset import DataInfo
from addin.core.tables import PERCENT_FORMATS, QuestionTable
from addin.report.cells import column_values

ENCODING = "utf-8-sig"
DELIMITER = ","
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_field(value: object) -> str:
    """Text of one CSV field."""
    if isinstance(value, str):
        return "'" + value if value.startswith(_FORMULA_START) else value
    if isinstance(value, float) and value.is_integer():
        return str(int(value)) if abs(value) < 2**53 else repr(value)
    return repr(value) if isinstance(value, float) else str(value)


def _as_written(table: QuestionTable, column: str, values: list) -> list:
    """Values as the CSV holds them: percentage columns (header '(%)') as percentages, not fractions."""
    if table.format_of(column) not in PERCENT_FORMATS:
        return values
    return [v * 100 if isinstance(v, (int, float)) and not isinstance(v, bool) else v for v in values]


def status_column(column: str) -> str:
    """Header of the status column beside a column with hidden cells: 'Limburg (aantal) status'."""
    return f"{column} status"


def hidden_columns(status: pd.DataFrame | None) -> frozenset:
    """The columns of ``status`` with at least one hidden cell (not '').

    One comparison over the whole frame: asked column by column through pandas, this was most of the time
    the CSVs of an answer took.
    """
    if status is None:
        return frozenset()
    flags = (status.to_numpy(dtype=object) != "").any(axis=0)
    return frozenset(c for c, flag in zip(status.columns, flags) if flag)


def csv_columns(table: QuestionTable, status: pd.DataFrame | None = None,
                hidden: frozenset | None = None) -> list[tuple[str, str | None]]:
    """(header, the frame column it holds) of every CSV column; a status column holds None.

    A column with hidden cells (``status`` 'c', :mod:`addin.core.publication`) is followed by its
    status column: empty, or 'c' (confidential, Eurostat style) where the value is left empty.
    ``hidden``: :func:`hidden_columns` of ``status`` when the caller has it already.
    """
    if hidden is None:
        hidden = hidden_columns(status)
    out: list[tuple[str, str | None]] = []
    for c in table.frame.columns:
        out.append((str(c), c))
        if c in hidden:
            out.append((status_column(str(c)), None))
    return out


def write_csv(table: QuestionTable, stream: IO[str], status: pd.DataFrame | None = None, *,
              delimiter: str = DELIMITER, field=None) -> None:
    """Write ``table`` as CSV to a text stream opened with ``encoding=ENCODING, newline=''``.

    Args:
        table: the question table (as published: hidden cells hold the text a reader sees).
        stream: where to write.
        status: per cell '' or 'c' (hidden); a hidden cell is written empty, with 'c' in the status
            column after it. None: nothing hidden.
        delimiter, field: the separator and the text of a value (default: the machine-readable CSV;
            :func:`write_csv_excel_nl` passes the Dutch-Excel ones).
    """
    field = field or csv_field
    frame = table.frame
    hidden = hidden_columns(status)
    layout = csv_columns(table, status, hidden)
    columns = []
    for header, c in layout:
        if c is None:
            columns.append(status[prev].tolist())
            continue
        prev = c
        values = _as_written(table, c, column_values(frame[c]))
        if c in hidden:
            values = ["" if flag else v for v, flag in zip(values, status[c].tolist())]
        columns.append(values)
    writer = csv.writer(stream, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([csv_field(h) for h, _ in layout])
    for row in zip(*columns):
        writer.writerow([field(v) for v in row])


#: The second CSV of each table, for a Dutch-language Excel that opens it by double-click: semicolon,
#: decimal comma, UTF-8 with BOM (Excel in nl-BE reads a comma-separated file as one column).
EXCEL_NL_DELIMITER = ";"
EXCEL_NL_SUFFIX = "_excel"


def excel_nl_field(value: object) -> str:
    """Text of one field of the Dutch-Excel CSV: decimal comma, no thousands separator; text as in
    :func:`csv_field` (a leading apostrophe before '=', '+', '-', '@')."""
    text = csv_field(value)
    if isinstance(value, float) and not value.is_integer():
        text = text.replace(".", ",")
    return text


def write_csv_excel_nl(table: QuestionTable, stream: IO[str], status: pd.DataFrame | None = None) -> None:
    """Write ``table`` as the Dutch-Excel CSV (see :data:`EXCEL_NL_DELIMITER`) to a text stream opened with
    ``encoding=ENCODING, newline=''``: the same header, values and hidden cells as :func:`write_csv`."""
    write_csv(table, stream, status, delimiter=EXCEL_NL_DELIMITER, field=excel_nl_field)


def excel_nl_path(csv_path: Path) -> Path:
    """The Dutch-Excel CSV beside a machine-readable one: ``<naam>_V1.csv`` -> ``<naam>_V1_excel.csv``."""
    return csv_path.with_name(f"{csv_path.stem}{EXCEL_NL_SUFFIX}{csv_path.suffix}")


def metadata_path(workbook_path: Path) -> Path:
    """Path of the CSVW metadata file beside the CSVs: ``<stem>-metadata.json``."""
    return workbook_path.with_name(f"{workbook_path.stem}-metadata.json")


def _datatype(series: pd.Series) -> str:
    if pd.api.types.is_integer_dtype(series):
        return "integer"
    if pd.api.types.is_numeric_dtype(series):
        return "number"
    return "string"


def _column_meta(table: QuestionTable, header: str, c, hidden_cols: frozenset) -> dict:
    if c is None:
        return {"titles": header, "datatype": "string",
                "dc:description": "status van de waarde ervoor: 'c' = vertrouwelijk (leeg gelaten om personen te "
                                  "beschermen), leeg = gewone waarde"}
    hidden = c in hidden_cols
    datatype = _datatype(table.frame[c])
    if hidden:  # the published frame holds the reader's text there ('<5'); the CSV an empty value
        kind = table.format_of(c)
        datatype = "string" if kind == "tekst" else "integer" if kind in ("aantal", "rang", "verschil") else "number"
    return {"titles": header, "datatype": datatype, "null": ["[z]", ""] if hidden else "[z]",
            **({"dc:description": "percentage (0 tot 100)"} if table.format_of(c) in PERCENT_FORMATS else {})}


def csvw_metadata(tables: Sequence[QuestionTable], csv_paths: Sequence[Path], info: DataInfo, titel: str,
                  gemaakt: datetime, statuses: Sequence[pd.DataFrame | None] | None = None) -> dict:
    """Provenance and column types of the CSVs, as W3C 'CSV on the Web' metadata (JSON-LD).

    The CSVs themselves stay plain tables; this file says where their numbers come from
    (source, reference date, data version, synthetic or not) for anyone who gets only the CSVs.
    """
    return {
        "@context": ["http://www.w3.org/ns/csvw", {"@language": "nl"}],
        "dc:title": titel,
        "dc:source": info.bron,
        "dc:description": info.samenvatting,  # names the synthetic data when it is
        "dc:temporal": f"telling op {info.peildatum}; schooljaren {', '.join(info.schooljaren)}",
        "dc:created": gemaakt.isoformat(timespec="seconds"),
        "schema:version": info.dataversie,
        "dc:creator": "Loep",
        "dialect": {"encoding": ENCODING, "delimiter": DELIMITER, "header": True},
        "tables": [
            {
                "url": path.name,
                "dc:title": table.titel,
                "notes": list(table.toelichting),
                "tableSchema": {"columns": [
                    _column_meta(table, header, c, hidden) for header, c in csv_columns(table, status, hidden)
                ]},
            }
            for table, path, status in zip(tables, csv_paths, statuses or [None] * len(tables))
            for hidden in [hidden_columns(status)]
        ],
    }


def write_metadata(metadata: dict, path: Path) -> None:
    """Write the metadata as UTF-8 JSON."""
    path.write_text(json.dumps(metadata, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
