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
#: The text column of a portrait sheet (Inhoud, Antwoord, Vraag): prints at 10 pt or more on A4.
PORTRAIT_TEXT_WIDTH = 90
MAX_COLUMN_WIDTH = 60
MIN_COLUMN_WIDTH = 8
#: Widest a text column of a table gets before its cells wrap (characters).
WRAP_TEXT_WIDTH = 30

# --- print (A4) -----------------------------------------------------------------------------------------
#: Printable width and height of an A4 page in points, at the margins of :func:`page_setup`.
A4_LANDSCAPE = (841.9 - 2 * 0.5 * 72, 595.3 - 2 * 0.6 * 72)
A4_PORTRAIT = (595.3 - 2 * 0.5 * 72, 841.9 - 2 * 0.6 * 72)
#: Smallest text size a printed page may show (points); every sheet is laid out so that fit-to-width
#: never scales the 11 pt text below it.
MIN_PRINTED_SIZE = 8.5
#: LibreOffice lays a column out about 7 % wider than Excel's 7 pixels a character (measured); margin for it.
RENDER_MARGIN = 1.12
#: Widest a sheet may be (pixels) so that its 11 pt text prints at MIN_PRINTED_SIZE or more in landscape.
MAX_SHEET_PIXELS = int(A4_LANDSCAPE[0] / 0.75 / (MIN_PRINTED_SIZE / TEXT_SIZE) / RENDER_MARGIN)
#: Statements wrap at this width (pixels) unless the table or chart is wider: a page of text stays large.
STATEMENT_PIXELS = 1000
#: Average width of a character, in em (Calibri/Carlito text measures about 0.45; rounded up).
CHAR_EM = 0.47

#: Role -> XlsxWriter format properties.
_ROLES: dict[str, dict] = {
    "titel": {"bold": True, "font_size": TITLE_SIZE, "font_color": ACCENT},
    "titel_alinea": {"bold": True, "font_size": TITLE_SIZE, "font_color": ACCENT, "text_wrap": True, "valign": "top"},
    "titel_lang": {"bold": True, "font_size": 12, "font_color": ACCENT},  # a title too long for 14 pt on a page
    "kop": {"bold": True, "font_size": 12, "font_color": ACCENT},
    "label": {"bold": True, "valign": "top"},
    "tekst": {"valign": "top"},
    "tekst_vervolg": {"valign": "top", "indent": 1},  # the rest of a statement too long for one printed line
    "alinea": {"text_wrap": True, "valign": "top"},
    "alinea_vet": {"text_wrap": True, "valign": "top", "bold": True},
    "waarschuwing": {"bold": True, "font_size": 12, "font_color": WARNING},
    "link": {"font_color": "#0563C1", "underline": 1, "valign": "top"},
    "koptekst": {"bold": True, "text_wrap": True, "valign": "top"},
    "koptekst_getal": {"bold": True, "text_wrap": True, "valign": "top", "align": "right"},
    "vraagtekst": {"text_wrap": True, "valign": "top", "italic": True},
    "cel:tekst_wrap": {"text_wrap": True, "valign": "top", "num_format": "@"},
    "deelkop": {"bold": True, "font_size": 12, "font_color": ACCENT},
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
        elif role == "cel:ontbreekt":  # a sign in a number column ([z], <5, [c]): right-aligned like the numbers
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
    "procent": "[$-813]0 %",
    "promille": "[$-813]#,##0",
    "verschil": "[$-813]+#,##0;-#,##0;0",
    "rang": "0",
}


#: The most characters an Excel cell holds; XlsxWriter silently cuts a longer string there.
EXCEL_CELL_LIMIT = 32_767
CUT_NOTE = (" … [ingekort: een cel in Excel bevat ten hoogste 32.767 tekens; de volledige tekst staat in het "
            "vraagbestand]")


def fit_cell(text: str) -> str:
    """``text`` as it fits in one Excel cell: a longer text is cut and says so at its end."""
    if len(text) <= EXCEL_CELL_LIMIT:
        return text
    return text[:EXCEL_CELL_LIMIT - len(CUT_NOTE)] + CUT_NOTE


def column_pixels(width: float) -> int:
    """Pixels of a column ``width`` characters wide (Calibri 11: 7 pixels a character plus 5 of padding)."""
    return int(width * 7 + 5)


def text_pixels(text: str, size: float = TEXT_SIZE) -> float:
    """Estimated width in pixels of ``text`` at font ``size``."""
    return len(text) * size * CHAR_EM * 4 / 3


def print_scale(pixels: float, landscape: bool = True) -> float:
    """The scale fit-to-width gives a sheet ``pixels`` wide (1 = no shrinking)."""
    width = (A4_LANDSCAPE if landscape else A4_PORTRAIT)[0]
    return min(1.0, width / (pixels * 0.75 * RENDER_MARGIN))


def wrap_lines(text: str, pixels: float, size: float = TEXT_SIZE) -> list[str]:
    """``text`` cut at spaces into lines that fit ``pixels`` at font ``size``."""
    per_line = max(int(pixels / text_pixels("x", size)), 20)
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > per_line:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return lines


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
