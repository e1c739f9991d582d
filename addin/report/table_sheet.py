"""One sheet per question table: title, statements, an Excel Table and a native chart.

Layout (statistiek-werkboeken.md): the title in A1, the one-line statements in column A
below it, the table against the left edge right under them, the chart under the table (on a
page of its own when both do not fit one printed page). No merged cells, nothing hidden.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from xlsxwriter.utility import xl_col_to_name

from addin.core.labels import TOTAAL_GEBIED
from addin.core.tables import ChartSpec, QuestionTable
from addin.report import theme as th
from addin.report.cells import NIET_VAN_TOEPASSING, SYMBOLEN, frame_values
from addin.report.parts import table_parts

#: The chart types a ChartSpec may ask for.
CHART_TYPES = ("column", "bar", "line")
#: Headers of total columns (lower case prefixes): 'Totaal (aantal)', 'Vlaanderen en Brussel (aantal)'.
_TOTAL_PREFIXES = ("totaal", TOTAAL_GEBIED.casefold())


@dataclass(frozen=True)
class TableLayout:
    """Where a table landed on its sheet (0-based rows/columns), for charts and tests."""

    header_row: int
    first_row: int
    last_row: int
    columns: tuple[str, ...]
    formula_columns: tuple[str, ...]


def statements(table: QuestionTable, has_missing: bool | None = None) -> list[str]:
    """The lines above the table: the table's own statements, plus the meaning of any
    shorthand used in it when the statements do not already explain it."""
    lines = list(table.toelichting)
    text = " ".join(lines)
    if has_missing is None:
        has_missing = bool(table.frame.isna().to_numpy().any())
    if table.frame.empty:
        lines.append(f"De tabel is leeg: geen gegevens voldoen aan de voorwaarden; {NIET_VAN_TOEPASSING} in de "
                     "enige rij.")
    elif has_missing and NIET_VAN_TOEPASSING not in text:
        lines.append(f"{NIET_VAN_TOEPASSING} = {SYMBOLEN[NIET_VAN_TOEPASSING]}.")
    return lines


def sum_of_parts(table: QuestionTable, values: dict[str, list] | None = None) -> dict[str, tuple[str, ...]]:
    """Total columns that are exactly the sum of the count columns before them.

    A column whose header starts with 'Totaal' (or 'Vlaanderen en Brussel') and that equals,
    in every row, the sum of the preceding count ('aantal') columns back to the previous total
    or text column, is written as a live ``=SUM(...)`` formula (with the Python value cached),
    so Excel and LibreOffice recompute the same total.

    Args:
        table: the table.
        values: its cell values per column (:func:`addin.report.cells.frame_values`), if known.

    Returns:
        total column -> its part columns.
    """
    frame = table.frame
    columns = [str(c) for c in frame.columns]
    found: dict[str, tuple[str, ...]] = {}
    for i, name in enumerate(columns):
        if not name.casefold().startswith(_TOTAL_PREFIXES) or table.format_of(name) != "aantal":
            continue
        parts: list[str] = []
        for prev in reversed(columns[:i]):
            if table.format_of(prev) != "aantal" or prev.casefold().startswith(_TOTAL_PREFIXES):
                break
            parts.insert(0, prev)
        if len(parts) < 2:
            continue
        if values is None:
            values = dict(zip(columns, frame_values(frame)))
        cols = [values[p] for p in parts] + [values[name]]
        if all(not isinstance(v, str) for col in cols for v in col) and all(
                sum(row[:-1]) == row[-1] for row in zip(*cols)):
            found[name] = tuple(parts)
    return found


def _display_width(values: list, kind: str) -> int:
    """Rough width in characters of the widest formatted value of a column."""
    texts = [v for v in values if isinstance(v, str)]
    numbers = [v for v in values if not isinstance(v, str)] if len(texts) < len(values) else []
    widest = max((len(t) for t in texts), default=0)
    for v in (min(numbers), max(numbers)) if numbers else ():  # the extremes are the widest
        if kind in ("procent", "procent2"):
            n = len(f"{v * 100:.{2 if kind == 'procent2' else 1}f}") + 1
        elif kind == "promille":
            n = len(f"{v:,.1f}")
        else:
            n = len(f"{v:,.0f}") + (1 if kind == "verschil" else 0)
        widest = max(widest, n)
    return widest


def column_width(name: str, values: list, kind: str) -> tuple[float, bool]:
    """(width in characters, wraps) of a table column: wide enough for its values and for its header
    wrapped on at most four lines; a text column wider than WRAP_TEXT_WIDTH wraps its cells."""
    longest_word = max((len(w) for w in name.split()), default=0)
    header = max(longest_word, math.ceil(len(name) / 4))
    data = _display_width(values, kind)
    wraps = kind == "tekst" and data > th.WRAP_TEXT_WIDTH
    if wraps:
        data = th.WRAP_TEXT_WIDTH
    return min(max(data, header, th.MIN_COLUMN_WIDTH - 2) + 2, th.MAX_COLUMN_WIDTH), wraps


def _lines_of(text: str, pixels: float, size: float = th.TEXT_SIZE) -> list[str]:
    """One line, or the text cut into lines when it is wider than the sheet prints."""
    if th.text_pixels(text, size) <= pixels:
        return [text]
    return th.wrap_lines(text, pixels, size)


def write_table_sheet(workbook, theme: th.Theme, table: QuestionTable) -> TableLayout:
    """Add the sheet of one question table, laid out to print on A4 landscape.

    The title in A1, the statements below it, then the table (one Excel table per measure when
    :func:`addin.report.parts.table_parts` splits it), then the chart under the tables, on a page of
    its own when the two do not fit one page. Column widths keep the sheet narrow enough that
    fit-to-width never prints text below :data:`~addin.report.theme.MIN_PRINTED_SIZE`; the header
    row of a long table repeats on every printed page.

    Args:
        workbook: the XlsxWriter workbook.
        theme: its :class:`~addin.report.theme.Theme`.
        table: the table to draw (sheet name = ``table.sleutel``).

    Returns:
        The :class:`TableLayout` of the (first part of the) table on the sheet.
    """
    ws = workbook.add_worksheet(table.sleutel)
    ws.hide_gridlines(2)
    th.page_setup(ws, landscape=True, title=table.sleutel)
    frame = table.frame
    columns = [str(c) for c in frame.columns]
    # every value converted once, the whole frame in one step: numbers, text, or the shorthand
    # for an empty cell (a table without rows gets one row of shorthands)
    all_values = dict(zip(columns, frame_values(frame) if len(frame) else
                          [[NIET_VAN_TOEPASSING] for _ in columns]))
    has_missing = any(NIET_VAN_TOEPASSING in col for col in all_values.values())
    parts = table_parts(table)
    widths = {name: column_width(name, all_values[name], table.format_of(name)) for name in columns}
    # the sheet is as wide as its widest part, its chart, its title or its statements, up to the readable maximum
    part_pixels = max(sum(th.column_pixels(widths[c][0]) for c in part.columns) for part in parts)
    lines = statements(table, has_missing)
    chart_width = CHART_WIDTH if table.grafiek is not None else 0
    title_role = "titel" if th.text_pixels(table.titel, th.TITLE_SIZE) <= th.MAX_SHEET_PIXELS else "titel_lang"
    title_pixels = th.text_pixels(table.titel, th.TITLE_SIZE if title_role == "titel" else 12)
    statement_pixels = min(max(th.text_pixels(line) for line in lines), th.STATEMENT_PIXELS) if lines else 0
    sheet_pixels = min(max(part_pixels, chart_width, title_pixels, statement_pixels), th.MAX_SHEET_PIXELS)
    scale = th.print_scale(sheet_pixels)

    ws.write_string(0, 0, table.titel, theme[title_role])
    row = 1
    for line in lines:
        for k, piece in enumerate(_lines_of(line, sheet_pixels)):
            ws.write_string(row, 0, piece, theme["tekst" if k == 0 else "tekst_vervolg"])
            row += 1
    height_pt = 20 + ROW_PT * (row - 1)

    totals = sum_of_parts(table, all_values)
    layouts = []
    width_of_col: dict[int, float] = {}
    capacity_pt = th.A4_LANDSCAPE[1] / scale - 40  # what one printed page holds, in unscaled points
    breaks: list[int] = []
    page_used = height_pt
    for p_index, part in enumerate(parts):
        # numbers of one part share one width, so the regions or years line up
        numeric = [c for c in part.columns if table.format_of(c) != "tekst"]
        same = max((widths[c][0] for c in numeric), default=0)
        part_widths = {c: (same, False) if c in numeric else widths[c] for c in part.columns}
        header_lines = max(len(th.wrap_lines(c, th.column_pixels(part_widths[c][0]) - 6)) for c in part.columns)
        row_lines = [1] * max(len(frame), 1)
        for name in part.columns:
            width, wraps = part_widths[name]
            if wraps:
                for i, value in enumerate(all_values[name]):
                    if isinstance(value, str):
                        row_lines[i] = max(row_lines[i], len(th.wrap_lines(value, th.column_pixels(width) - 6)))
        part_pt = (33 if part.kop else 0) + ROW_PT * (header_lines + sum(row_lines)) + 3
        start = row + (1 if part.kop and p_index else 0)
        if page_used + part_pt > capacity_pt and page_used > 0 and p_index:
            breaks.append(start)  # a part that does not fit the rest of the page starts the next one
            page_used = 0
        page_used += part_pt
        row = start
        if part.kop:
            ws.write_string(row, 0, part.kop, theme["deelkop"])
            row += 1
        header_row = row
        first_row = header_row + 1
        last_row = header_row + max(len(frame), 1)
        positions = {name: i for i, name in enumerate(part.columns)}
        table_columns = []
        for c, name in enumerate(part.columns):
            kind = table.format_of(name)
            width, wraps = part_widths[name]
            fmt = theme["cel:tekst_wrap"] if wraps else theme[th.column_format_key(kind)]
            values = all_values[name]
            parts_of_total = totals.get(name)
            if parts_of_total is not None and all(p in positions for p in parts_of_total):
                first = xl_col_to_name(positions[parts_of_total[0]])
                last = xl_col_to_name(positions[parts_of_total[-1]])
                for r, value in enumerate(values, start=first_row + 1):  # 1-based in A1 references
                    ws.write_formula(r - 1, c, f"=SUM({first}{r}:{last}{r})", fmt, value)
            else:
                missing_fmt = theme["cel:ontbreekt"] if kind != "tekst" else fmt
                for r, value in enumerate(values, start=first_row):
                    if value.__class__ is str:  # '[z]', '<5', '[c]' in a number column stand where the number would
                        ws.write_string(r, c, value, missing_fmt)
                    else:
                        ws.write_number(r, c, value, fmt)
            width_of_col[c] = max(width_of_col.get(c, 0), width)
            table_columns.append({"header": name,
                                  "header_format": theme["koptekst" if kind == "tekst" else "koptekst_getal"]})
        ws.set_row(header_row, 15 * header_lines + 3)  # headers wrap in their column
        for i, n_lines in enumerate(row_lines):
            if n_lines > 1:  # a wrapped text cell: spreadsheets do not grow an imported row by themselves
                ws.set_row(first_row + i, 15 * n_lines)
        ws.add_table(header_row, 0, last_row, len(part.columns) - 1, {
            "name": part.naam,
            "style": th.TABLE_STYLE,
            "columns": table_columns,
            "autofilter": False,
        })
        layouts.append(TableLayout(header_row, first_row, last_row, part.columns,
                                   tuple(t for t in totals if t in positions)))
        row = last_row + 1
    for c, width in width_of_col.items():
        ws.set_column(c, c, width)
    if len(parts) == 1 and page_used > capacity_pt:
        ws.repeat_rows(layouts[0].header_row)  # a table longer than a page keeps its header on every page

    last_print_row = row - 1
    if table.grafiek is not None:
        chart_row = row + 1
        chart_height = _chart_height(table.grafiek, layouts[0], (capacity_pt - 20) / 0.75)
        if page_used + 15 + chart_height * 0.75 > capacity_pt:
            breaks.append(chart_row)  # the chart starts a page of its own
        _insert_chart(workbook, ws, table, table.grafiek, layouts, chart_row, chart_height, scale,
                      all_values, theme, _last_column(width_of_col, sheet_pixels) + 2)
        last_print_row = chart_row + math.ceil(chart_height / 20) + 1
    if breaks:
        ws.set_h_pagebreaks(breaks)
    ws.print_area(0, 0, last_print_row, _last_column(width_of_col, sheet_pixels))
    ws.set_selection(0, 0, 0, 0)
    first = layouts[0]
    return TableLayout(first.header_row, first.first_row, first.last_row, tuple(columns), tuple(totals))


#: Width of a chart (pixels): fits a landscape page next to nothing, under its table.
CHART_WIDTH = 720
#: Height of a printed row of 11 pt text (points; LibreOffice 12,8, Excel 15).
ROW_PT = 14


def _last_column(widths: dict[int, float], pixels: float) -> int:
    """Index of the last column the print area needs to be ``pixels`` wide (default width beyond the table)."""
    total, c = 0.0, 0
    while True:
        total += th.column_pixels(widths.get(c, 8.43))
        if total >= pixels or c > 200:
            return c
        c += 1


def _chart_height(spec: ChartSpec, layout: TableLayout, max_pixels: float) -> int:
    """A bar chart grows with its categories; no chart is taller than a printed page."""
    n = layout.last_row - layout.first_row + 1
    if spec.rijen is not None:
        n = min(n, max(spec.rijen, 1))
    wanted = max(320, 18 * n * len(spec.reeksen) ** 0.5 + 140) if spec.soort == "bar" else 330
    return round(min(wanted, max_pixels))


#: Heading of the block a chart draws from when a series has hidden or empty cells.
CHART_DATA_HEADING = ("Gegevens van de grafiek: een verborgen cel (<5, [c]) of een lege waarde blijft hier leeg, "
                      "zodat de grafiek ze niet tekent (ook niet als 0).")


def _chart_block(ws, theme, values: dict[str, list], category: str, reeks: str, layout: TableLayout,
                 first_row: int, last_row: int, col: int) -> bool:
    """Write one series beside the sheet's print area with its text cells ('<5', '[c]', '[z]') left empty,
    on the rows of its table (category in ``col``, values in ``col + 1``); False when it has none."""
    n = last_row - first_row + 1
    if not any(isinstance(v, str) for v in values[reeks][:n]):
        return False
    ws.write_string(layout.header_row - 1, col, CHART_DATA_HEADING, theme["tekst"])
    ws.write_string(layout.header_row, col, category, theme["koptekst"])
    ws.write_string(layout.header_row, col + 1, reeks, theme["koptekst_getal"])
    ws.set_column(col, col, 24)
    ws.set_column(col + 1, col + 1, 14)
    for i in range(n):
        ws.write_string(first_row + i, col, str(values[category][i]), theme["tekst"])
        if not isinstance(values[reeks][i], str):
            ws.write_number(first_row + i, col + 1, values[reeks][i])
    return True


def _insert_chart(workbook, ws, table: QuestionTable, spec: ChartSpec, layouts: list[TableLayout],
                  chart_row: int, height: int, scale: float, values: dict[str, list] | None = None,
                  theme=None, block_col: int = 0) -> None:
    """A native chart of ``spec`` under the table, its fonts large enough to print at 8,5 pt or more.

    A series with hidden or empty cells is drawn from a copy beside the print area in which those cells
    are empty (``_chart_block``): a chart never draws a hidden value, nor a 0 in its place.
    """
    if spec.soort not in CHART_TYPES:
        raise ValueError(f"unknown chart type {spec.soort!r} in table {table.sleutel}")
    columns = [str(c) for c in table.frame.columns]
    missing = [c for c in (spec.categorieen, *spec.reeksen) if c not in columns]
    if missing:
        raise ValueError(f"chart of table {table.sleutel} names unknown columns {missing}")
    options = {"type": spec.soort}
    if spec.gestapeld and spec.soort in ("column", "bar"):
        options["subtype"] = "stacked"
    chart = workbook.add_chart(options)
    sheet = table.sleutel
    small = max(9, math.ceil(th.MIN_PRINTED_SIZE / scale))
    gaps = False

    def where(column: str) -> tuple[TableLayout, int]:
        for layout in layouts:
            if column in layout.columns:
                return layout, layout.columns.index(column)
        raise ValueError(column)  # pragma: no cover - every column is in a part

    for i, reeks in enumerate(spec.reeksen):
        layout, col = where(reeks)
        first_row, last_row = layout.first_row, layout.last_row
        if spec.rijen is not None:
            last_row = min(last_row, first_row + max(spec.rijen, 1) - 1)
        cat_col = layout.columns.index(spec.categorieen)
        colour = th.SERIES_COLOURS[i % len(th.SERIES_COLOURS)]
        series = {
            "name": [sheet, layout.header_row, col],
            "categories": [sheet, first_row, cat_col, last_row, cat_col],
            "values": [sheet, first_row, col, last_row, col],
        }
        here = block_col + 2 * i
        if values is not None and _chart_block(ws, theme, values, spec.categorieen, reeks, layout, first_row,
                                               last_row, here):
            series["categories"] = [sheet, first_row, here, last_row, here]
            series["values"] = [sheet, first_row, here + 1, last_row, here + 1]
            gaps = True
        if spec.soort == "line":
            series["line"] = {"color": colour, "width": 2.25}
            series["marker"] = {"type": ("circle", "square", "diamond", "triangle", "x")[i % 5], "size": 6,
                                "fill": {"color": colour}, "border": {"color": colour}}
        else:
            series["fill"] = {"color": colour}
            series["border"] = {"color": "#FFFFFF", "width": 0.5}
            if spec.gestapeld or len(spec.reeksen) > 1:
                series["gap"] = 60
        chart.add_series(series)

    value_format = th.FORMATS_FOR_AXIS.get(table.format_of(spec.reeksen[0]), "#,##0")
    category_axis = {"name": spec.x_titel, "name_font": {"bold": True, "size": small + 1},
                     "num_font": {"size": small}}
    value_axis = {"name": spec.y_titel, "name_font": {"bold": True, "size": small + 1}, "num_font": {"size": small},
                  "num_format": value_format, "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}}
    if spec.soort == "bar":  # XlsxWriter: for bar charts x is the value axis, y the category axis
        category_axis["reverse"] = True  # first row of the table on top
        category_axis["crossing"] = "max"  # keeps the value axis at the bottom
        chart.set_x_axis(value_axis)
        chart.set_y_axis(category_axis)
    else:
        chart.set_x_axis(category_axis)
        chart.set_y_axis(value_axis)
    chart.set_title({"name": spec.titel, "name_font": {"size": small + 3, "bold": True}})
    chart.set_legend({"position": "bottom", "font": {"size": small}} if len(spec.reeksen) > 1 else {"none": True})
    chart.set_chartarea({"border": {"none": True}})
    if gaps:
        chart.show_blanks_as("gap")
    chart.set_size({"width": CHART_WIDTH, "height": height})
    ws.insert_chart(chart_row, 0, chart, {"x_offset": 0, "y_offset": 0, "description": spec.alt_tekst,
                                          "object_position": 1})
