"""How one value of a question table becomes a spreadsheet cell (and a CSV field).

Numbers stay numbers; an empty value (None, NaN, pd.NA) becomes the shorthand ``[z]``
(not applicable) so no cell is empty without saying why; booleans become 'ja'/'nee';
everything else is text, written as a string so it can never turn into a formula.
"""

from __future__ import annotations

import math
import numbers

import numpy as np
import pandas as pd

#: Shorthand for an empty cell: not applicable (GSS "Symbols in tables").
NIET_VAN_TOEPASSING = "[z]"
#: The symbols a table may carry, with their Dutch meaning (shown in the Toelichting).
SYMBOLEN: dict[str, str] = {
    "[z]": "niet van toepassing (bijvoorbeeld de verandering tegenover het vorige jaar in het eerste jaar)",
    "[x]": "niet beschikbaar (de gegevens bevatten deze waarde niet, bijvoorbeeld een basis die het bestand niet heeft)",
    "[c]": "vertrouwelijk (niet getoond om personen te beschermen)",
}


def is_missing(value: object) -> bool:
    """True for None, NaN and pd.NA."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def cell_value(value: object) -> float | int | str:
    """The value to write: a Python number, or a string (shorthand, 'ja'/'nee', text)."""
    if is_missing(value):
        return NIET_VAN_TOEPASSING
    if isinstance(value, (bool, np.bool_)):
        return "ja" if value else "nee"
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        if math.isinf(float(value)):
            return NIET_VAN_TOEPASSING
        return float(value)
    return str(value)


def _clean(values: list) -> list:
    """:func:`cell_value` of every value of a list of Python objects, skipping the work for
    a column that holds only ints and text, or only finite floats (the common case)."""
    kinds = set(map(type, values))
    if kinds <= {int, str} or (kinds == {float} and all(map(math.isfinite, values))):
        return values
    return [cell_value(v) for v in values]


def column_values(series: pd.Series) -> list:
    """:func:`cell_value` of every value of a column."""
    return _clean(series.tolist())


def frame_values(frame: pd.DataFrame) -> list[list]:
    """:func:`cell_value` of every value of a frame, one list per column (in column order).

    The frame is converted to Python objects in one step (not column by column, not cell by
    cell through pandas), which is what makes writing a sheet of a small table cheap.

    Args:
        frame: the table.

    Returns:
        One list of cell values per column; empty lists for a frame without rows.
    """
    return [_clean(col) for col in frame.to_numpy(dtype=object).T.tolist()]


def cell_text(value: object, kind: str) -> str:
    """A cell value (:func:`cell_value`) as the workbook shows it under its number format, as text (for the
    Word tables): '1.234', '12,5 %', '0,03 %', '11,8', '+89', '3'; a shorthand or label as it is."""
    from addin.core.sentences import decimaal, getal

    if isinstance(value, str):
        return value
    if kind == "tekst":
        return str(value)
    if kind in ("procent", "procent2"):
        return decimaal(value * 100, 2 if kind == "procent2" else 1) + " %"
    if kind == "promille":
        return decimaal(value, 1)
    if kind == "verschil":
        return ("+" if value > 0 else "") + getal(value)
    if kind == "rang":
        return str(int(value))
    return getal(value)
