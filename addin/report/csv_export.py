"""A machine-readable CSV of each question table, written beside the workbook.

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


def write_csv(table: QuestionTable, stream: IO[str]) -> None:
    """Write ``table`` as CSV to a text stream opened with ``encoding=ENCODING, newline=''``.

    Args:
        table: the question table.
        stream: where to write.
    """
    frame = table.frame
    columns = [_as_written(table, c, column_values(frame[c])) for c in frame.columns]
    writer = csv.writer(stream, delimiter=DELIMITER, lineterminator="\r\n")
    writer.writerow([csv_field(str(c)) for c in frame.columns])
    for row in zip(*columns):
        writer.writerow([csv_field(v) for v in row])


def metadata_path(workbook_path: Path) -> Path:
    """Path of the CSVW metadata file beside the CSVs: ``<stem>-metadata.json``."""
    return workbook_path.with_name(f"{workbook_path.stem}-metadata.json")


def _datatype(series: pd.Series) -> str:
    if pd.api.types.is_integer_dtype(series):
        return "integer"
    if pd.api.types.is_numeric_dtype(series):
        return "number"
    return "string"


def csvw_metadata(tables: Sequence[QuestionTable], csv_paths: Sequence[Path], info: DataInfo, titel: str,
                  gemaakt: datetime) -> dict:
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
                    {"titles": str(c), "datatype": _datatype(table.frame[c]), "null": "[z]",
                     **({"dc:description": "percentage (0 tot 100)"} if table.format_of(c) in PERCENT_FORMATS
                        else {})}
                    for c in table.frame.columns
                ]},
            }
            for table, path in zip(tables, csv_paths)
        ],
    }


def write_metadata(metadata: dict, path: Path) -> None:
    """Write the metadata as UTF-8 JSON."""
    path.write_text(json.dumps(metadata, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
