"""The answer workbook opened in a real spreadsheet application (LibreOffice headless).

Recalculated on load (fresh profile, OOXMLRecalcMode 0) and saved again as .xlsx: every
value, including the live SUM totals, must equal the Python tables. Rendered to PDF: it
must have pages, and the table pages must not be blank.
Skipped when soffice is absent, except on CI (CI=true), where that fails.
"""

from __future__ import annotations

import openpyxl
import pytest

from addin.core.query import Query
from addin.core.questions import QuestionParams, build_tables
from addin.core.tables import FORMATS
from addin.report.workbook import render_workbook
from libreoffice import convert, page_ink, page_texts, pdf_pages, require_soffice, text_sizes
from test_workbook import assert_same, expected_cell, make_doc, odd_table, read_sheet_table

pytestmark = pytest.mark.libreoffice


@pytest.fixture(scope="module")
def rendered(small_dataset, tmp_path_factory):
    require_soffice()
    tables = [*build_tables(Query(small_dataset), QuestionParams(provincie="Limburg", basis="hoofdzetel")),
              odd_table()]
    doc = make_doc(tables, small_dataset.info, provincie="Limburg", basis="hoofdzetel")
    folder = tmp_path_factory.mktemp("lo")
    path = folder / "antwoord.xlsx"
    render_workbook(doc, path)
    return doc, path, folder


def test_recalculated_values_equal_the_python_tables(rendered):
    doc, path, folder = rendered
    out = convert(path, "xlsx", folder / "herberekend")
    wb = openpyxl.load_workbook(out, data_only=True)
    assert wb.sheetnames[:3] == ["Voorblad", "Inhoud", "Toelichting"]
    formulas_seen = 0
    original = openpyxl.load_workbook(path)
    for t in doc.tables:
        ws = wb[t.sleutel]
        rows = read_sheet_table(ws, t)
        formulas_seen += sum(1 for row in read_sheet_table(original[t.sleutel], t)[1:] for v in row
                             if isinstance(v, str) and v.startswith("=SUM("))
        assert rows[0] == [str(c) for c in t.frame.columns]
        for i, (cells, want) in enumerate(zip(rows[1:], t.frame.itertuples(index=False))):
            for j, (cell, value) in enumerate(zip(cells, want)):
                assert isinstance(cell, (int, float, str)), (t.sleutel, i, j, cell)
                assert not (isinstance(cell, str) and cell.startswith("#")), (t.sleutel, i, j, cell)
                # LibreOffice keeps 15 significant digits (as Excel does): fractions to 1e-14, counts exact
                assert_same(cell, expected_cell(value), f"{t.sleutel} row {i} col {t.frame.columns[j]}", rel=1e-14)
    assert formulas_seen >= 3 * 10  # V2, V3a and V3b totals were recomputed by LibreOffice, not cached


def test_formula_looking_labels_survive_libreoffice(rendered):
    doc, path, folder = rendered
    out = convert(path, "xlsx", folder / "labels")
    ws = openpyxl.load_workbook(out)["VX"]
    assert [ws.cell(r, 1).value for r in range(5, 10)] == list(odd_table().frame["Sector"])


def test_renders_to_pdf_with_charts(rendered):
    doc, path, folder = rendered
    pdf = convert(path, "pdf", folder / "pdf")
    pages = pdf_pages(pdf)
    assert pages >= len(doc.tables) + 4  # every sheet at least one page
    texts = page_texts(pdf)
    assert "LET OP: synthetische demonstratiedata" in texts[0]
    for t in doc.tables:  # every table sheet is printed with its chart: the chart's titles are on its pages
        # the pages of a sheet carry its name in the footer: '<sheet>   Blad n van N'
        pages = [" ".join(page.split()) for page in texts
                 if any(line.split()[:1] == [t.sleutel] and "Blad" in line for line in page.splitlines())]
        assert pages, t.sleutel
        text = " ".join(pages)
        assert " ".join(t.titel.split())[:60] in text, t.sleutel
        spec = t.grafiek
        # (a long chart title wraps inside the chart: compare its start)
        assert spec.titel[:30] in text and spec.y_titel[:20] in text, (t.sleutel, spec.titel)
        if t.sleutel == "V1":
            v1_text = text
    # Dutch (Belgian) number formats whatever the machine's locale: 1.234 and 12,3 %
    v1 = next(t for t in doc.tables if t.sleutel == "V1").frame
    alle = [c for c in v1.columns if c.startswith("Alle leerlingen")][0]
    aandeel = [c for c in v1.columns if c.startswith("Aandeel")][0]
    assert v1[alle].max() >= 1000  # so a thousands separator is due
    for value in v1[alle]:
        assert f"{value:,}".replace(",", ".") in v1_text, value
    v1_table = next(t for t in doc.tables if t.sleutel == "V1")
    decimals = FORMATS[v1_table.format_of(aandeel)].split(".")[1].count("0")  # as the column's format says
    for value in v1[aandeel]:
        assert f"{value * 100:.{decimals}f} %".replace(".", ",") in v1_text, value
    # the page of V1 (table and chart) carries clearly more ink than its text alone would
    v1_page = next(i for i, page in enumerate(texts, start=1) if "V1. Leerlingen" in page)
    assert page_ink(pdf, 1, folder / "pdf") > 0.002
    assert page_ink(pdf, v1_page, folder / "pdf") > 0.01


def test_no_printed_page_shrinks_text_below_8_pt(rendered):
    """Every sheet prints on A4 with its text at 8 pt or more (fit-to-width shrinks a wide sheet: the sizes
    are read from the PDF, so they are what a printer gets)."""
    import pypdf

    doc, path, folder = rendered
    pdf = convert(path, "pdf", folder / "leesbaar")
    reader = pypdf.PdfReader(pdf)
    for number, (page, sizes) in enumerate(zip(reader.pages, text_sizes(pdf)), start=1):
        width, height = sorted((float(page.mediabox.width), float(page.mediabox.height)))
        assert (round(width), round(height)) == (595, 842), f"blad {number} is geen A4"
        assert sizes, f"blad {number} heeft geen tekst"
        smallest = min(sizes)
        assert smallest >= 8.0, f"blad {number}: tekst op {smallest} pt ({sizes[smallest]!r})"


def test_helper_really_recalculates(tmp_path):
    """A formula whose cached value is wrong comes back right: the profile forces recalculation."""
    import xlsxwriter

    path = tmp_path / "cache.xlsx"
    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet("T")
    ws.write_number(0, 0, 2)
    ws.write_number(0, 1, 3)
    ws.write_formula(0, 2, "=SUM(A1:B1)", None, -1)
    wb.close()
    out = convert(path, "xlsx", tmp_path / "out")
    assert openpyxl.load_workbook(out, data_only=True)["T"]["C1"].value == 5
