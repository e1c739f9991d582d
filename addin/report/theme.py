"""The look of the answer workbook: fonts, colours, cell formats, table and chart styles.

Kept apart from the layout code (after gptables' theme files): the sheet writers ask for a
format by role ("titel", "label", "getal:procent") and never build formats themselves, so
one workbook holds each format once.
"""

from __future__ import annotations

import math

from addin.core.tables import FORMATS

FONT = "Calibri"  # XlsxWriter's default; LibreOffice renders it with the metric-compatible Carlito
TEXT_SIZE = 11
TITLE_SIZE = 14
ACCENT = "#1F4E79"  # dark blue: contrast ratio > 7 on white
WARNING = "#C00000"  # dark red, always with words ("LET OP"), never colour alone

#: Excel table style of every table sheet (banded rows, dark header).
TABLE_STYLE = "Table Style Medium 2"
#: Series colours of the charts, in order (colour-blind safe Okabe–Ito palette, darkened where needed).
SERIES_COLOURS: tuple[str, ...] = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00",
                                   "#999999", "#F0E442")

#: Column widths (in characters) of the text columns of the front sheets.
LABEL_WIDTH = 26
TEXT_WIDTH = 110
MAX_COLUMN_WIDTH = 60
MIN_COLUMN_WIDTH = 8

#: Role -> XlsxWriter format properties.
_ROLES: dict[str, dict] = {
    "titel": {"bold": True, "font_size": TITLE_SIZE, "font_color": ACCENT},
    "kop": {"bold": True, "font_size": 12, "font_color": ACCENT},
    "label": {"bold": True, "valign": "top"},
    "tekst": {"valign": "top"},
    "alinea": {"text_wrap": True, "valign": "top"},
    "alinea_vet": {"text_wrap": True, "valign": "top", "bold": True},
    "waarschuwing": {"bold": True, "font_size": 12, "font_color": WARNING},
    "link": {"font_color": "#0563C1", "underline": 1, "valign": "top"},
    "koptekst": {"bold": True, "text_wrap": True, "valign": "top"},
    "koptekst_getal": {"bold": True, "text_wrap": True, "valign": "top", "align": "right"},
    "vraagtekst": {"text_wrap": True, "valign": "top", "italic": True},
    "invullen": {"text_wrap": True, "valign": "top", "italic": True, "font_color": "#595959"},
}


class Theme:
    """The cell formats of one workbook, created on first use.

    Args:
        workbook: the XlsxWriter workbook the formats belong to.
    """

    def __init__(self, workbook):
        self._workbook = workbook
        self._cache: dict[str, object] = {}

    def __getitem__(self, role: str):
        """Format of a role of :data:`_ROLES`, or ``'getal:<kind>'`` for a number format of
        :data:`addin.core.tables.FORMATS`, or ``'cel:<kind>'`` for a text cell of a table."""
        found = self._cache.get(role)
        if found is None:
            found = self._workbook.add_format(self._properties(role))
            self._cache[role] = found
        return found

    @staticmethod
    def _properties(role: str) -> dict:
        props = {"font_name": FONT, "font_size": TEXT_SIZE}
        if role.startswith("getal:"):
            props["num_format"] = FORMATS[role.split(":", 1)[1]]
            props["valign"] = "top"
        elif role == "cel:ontbreekt":  # a shorthand such as [z] in a number column
            props["align"] = "right"
            props["valign"] = "top"
        else:
            props.update(_ROLES[role])
        return props


def column_format_key(kind: str) -> str:
    """Theme role of a table column of the given format kind."""
    return f"getal:{kind}"


#: Number format of a chart's value axis by column kind (no decimals on the axis).
FORMATS_FOR_AXIS: dict[str, str] = {
    "aantal": "[$-813]#,##0",
    "procent": "[$-813]0%",
    "promille": "[$-813]#,##0",
    "verschil": "[$-813]+#,##0;-#,##0;0",
    "rang": "0",
}


def wrapped_height(text: str, width: int) -> float:
    """Row height (points) that shows ``text`` wrapped in a column ``width`` characters wide."""
    per_line = max(width * 1.15 - 2, 1)  # proportional text: about 1.15 characters per width unit
    lines = sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))
    return 15.0 * lines + 2


def page_setup(ws, *, landscape: bool = False, title: str = "") -> None:
    """Print layout of a sheet: A4, one page wide, page numbers in the footer."""
    ws.set_paper(9)
    if landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    ws.set_footer(f"&L{title.replace('&', '&&')}&RBlad &P van &N" if title else "&RBlad &P van &N")
