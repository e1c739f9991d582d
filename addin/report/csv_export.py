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
from typing import IO

from addin.core.tables import QuestionTable
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


def write_csv(table: QuestionTable, stream: IO[str]) -> None:
    """Write ``table`` as CSV to a text stream opened with ``encoding=ENCODING, newline=''``.

    Args:
        table: the question table.
        stream: where to write.
    """
    frame = table.frame
    columns = [column_values(frame[c]) for c in frame.columns]
    writer = csv.writer(stream, delimiter=DELIMITER, lineterminator="\r\n")
    writer.writerow([csv_field(str(c)) for c in frame.columns])
    for row in zip(*columns):
        writer.writerow([csv_field(v) for v in row])
