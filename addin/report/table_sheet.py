"""One sheet per question table: title, statements, an Excel Table and a native chart.

Layout (statistiek-werkboeken.md): the title in A1, the one-line statements in column A
below it, the table against the left edge right under them, nothing below the table, the
chart to the right of the table. No merged cells, nothing hidden.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from xlsxwriter.utility import xl_col_to_name

from addin.core.labels import TOTAAL_GEBIED
from addin.core.tables import ChartSpec, QuestionTable
from addin.report import theme as th
from addin.report.cells import NIET_VAN_TOEPASSING, SYMBOLEN, frame_values

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
        if kind == "procent":
            n = len(f"{v * 100:.1f}") + 1
        elif kind == "promille":
            n = len(f"{v:,.1f}")
        else:
            n = len(f"{v:,.0f}") + (1 if kind == "verschil" else 0)
        widest = max(widest, n)
    return widest


def write_table_sheet(workbook, theme: th.Theme, table: QuestionTable) -> TableLayout:
    """Add the sheet of one question table.

    Args:
        workbook: the XlsxWriter workbook.
        theme: its :class:`~addin.report.theme.Theme`.
        table: the table to draw (sheet name = ``table.sleutel``).

    Returns:
        The :class:`TableLayout` of the table on the sheet.
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
    ws.write_string(0, 0, table.titel, theme["titel"])
    lines = statements(table, has_missing)
    for i, line in enumerate(lines, start=1):
        ws.write_string(i, 0, line, theme["tekst"])

    header_row = len(lines) + 1
    first_row = header_row + 1
    last_row = header_row + max(len(frame), 1)
    totals = sum_of_parts(table, all_values)

    table_columns = []
    header_lines = 1
    for c, name in enumerate(columns):
        kind = table.format_of(name)
        fmt = theme[th.column_format_key(kind)]
        values = all_values[name]
        parts = totals.get(name)
        if parts is not None:  # a live total of the columns before it, its value cached
            first = xl_col_to_name(columns.index(parts[0]))
            last = xl_col_to_name(columns.index(parts[-1]))
            for row, value in enumerate(values, start=first_row + 1):  # 1-based in A1 references
                ws.write_formula(row - 1, c, f"=SUM({first}{row}:{last}{row})", fmt, value)
        else:
            missing_fmt = theme["cel:ontbreekt"] if kind != "tekst" else fmt
            for row, value in enumerate(values, start=first_row):
                if value.__class__ is str:
                    ws.write_string(row, c, value, missing_fmt if value == NIET_VAN_TOEPASSING else fmt)
                else:
                    ws.write_number(row, c, value, fmt)
        width = min(max(_display_width(values, kind), min(len(name), 22), th.MIN_COLUMN_WIDTH - 2) + 2,
                    th.MAX_COLUMN_WIDTH)
        ws.set_column(c, c, width)
        header_lines = max(header_lines, math.ceil(len(name) / max(width - 1, 1)))
        table_columns.append({"header": name,
                              "header_format": theme["koptekst" if kind == "tekst" else "koptekst_getal"]})
    ws.set_row(header_row, 15 * header_lines + 3)  # headers wrap in their column

    ws.add_table(header_row, 0, last_row, len(columns) - 1, {
        "name": table.tabelnaam or f"Tabel_{table.sleutel}",
        "style": th.TABLE_STYLE,
        "columns": table_columns,
        "autofilter": False,
    })

    if table.grafiek is not None:
        _insert_chart(workbook, ws, table, table.grafiek, columns, header_row, first_row, last_row)
    ws.set_selection(0, 0, 0, 0)
    return TableLayout(header_row, first_row, last_row, tuple(columns), tuple(totals))


def _insert_chart(workbook, ws, table: QuestionTable, spec: ChartSpec, columns: list[str],
                  header_row: int, first_row: int, last_row: int) -> None:
    """A native chart of ``spec`` to the right of the table."""
    if spec.soort not in CHART_TYPES:
        raise ValueError(f"unknown chart type {spec.soort!r} in table {table.sleutel}")
    missing = [c for c in (spec.categorieen, *spec.reeksen) if c not in columns]
    if missing:
        raise ValueError(f"chart of table {table.sleutel} names unknown columns {missing}")
    options = {"type": spec.soort}
    if spec.gestapeld and spec.soort in ("column", "bar"):
        options["subtype"] = "stacked"
    chart = workbook.add_chart(options)
    sheet = table.sleutel
    if spec.rijen is not None:
        last_row = min(last_row, first_row + max(spec.rijen, 1) - 1)
    cat_col = columns.index(spec.categorieen)
    for i, reeks in enumerate(spec.reeksen):
        col = columns.index(reeks)
        colour = th.SERIES_COLOURS[i % len(th.SERIES_COLOURS)]
        series = {
            "name": [sheet, header_row, col],
            "categories": [sheet, first_row, cat_col, last_row, cat_col],
            "values": [sheet, first_row, col, last_row, col],
        }
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
    category_axis = {"name": spec.x_titel, "name_font": {"bold": True, "size": 10}, "num_font": {"size": 9}}
    value_axis = {"name": spec.y_titel, "name_font": {"bold": True, "size": 10}, "num_font": {"size": 9},
                  "num_format": value_format, "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}}
    if spec.soort == "bar":  # XlsxWriter: for bar charts x is the value axis, y the category axis
        category_axis["reverse"] = True  # first row of the table on top
        category_axis["crossing"] = "max"  # keeps the value axis at the bottom
        chart.set_x_axis(value_axis)
        chart.set_y_axis(category_axis)
    else:
        chart.set_x_axis(category_axis)
        chart.set_y_axis(value_axis)
    chart.set_title({"name": spec.titel, "name_font": {"size": 12, "bold": True}})
    chart.set_legend({"position": "bottom"} if len(spec.reeksen) > 1 else {"none": True})
    chart.set_chartarea({"border": {"none": True}})
    n = last_row - first_row + 1
    # A bar chart grows with its categories (about as tall as the table beside it).
    height = min(max(320, 18 * n * len(spec.reeksen) ** 0.5 + 140), 4000) if spec.soort == "bar" else 360
    chart.set_size({"width": 640, "height": round(height)})
    ws.insert_chart(header_row, len(columns) + 1, chart,
                    {"x_offset": 12, "y_offset": 0, "description": spec.alt_tekst, "object_position": 1})
