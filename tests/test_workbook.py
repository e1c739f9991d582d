"""The answer workbook read back with openpyxl and as a zip: sheets, tables, charts, formats, properties."""

from __future__ import annotations

import dataclasses
import math
import re
import zipfile
from datetime import datetime
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from addin.core.dataset import DataInfo
from addin.core.errors import LoepFout
from addin.core.query import Query
from addin.core.questions import QuestionParams, build_tables
from addin.core.tables import FORMATS, ChartSpec, QuestionTable
from addin.report import output
from addin.report.cells import NIET_VAN_TOEPASSING
from addin.report.csv_export import ENCODING, write_csv
from addin.core.questionspec import SpecQuestion
from addin.report.document import AnswerDocument
from addin.report.table_sheet import sum_of_parts
from addin.report.workbook import render_workbook, sheet_names

FORMULA_LABELS = ("=SOM(A1)", "+STEM", "-3 leerlingen", "@home", "=1+1")


def odd_table() -> QuestionTable:
    """A hand-built table with labels that look like formulas, empty cells and yes/no values."""
    frame = pd.DataFrame({
        "Sector": list(FORMULA_LABELS),
        "Leerlingen (aantal)": [50, 40, 30, 20, 10],
        "Aandeel (%)": [0.5, 0.4, np.nan, 0.2, 0.1],
        "Aangeboden": [True, False, True, True, False],
        "Verschil (aantal)": [np.nan, -10.0, -10.0, -10.0, -10.0],
    })
    return QuestionTable(
        "VX", 4, "Testtabel met lastige labels", ("Bron: test.",), frame,
        {"Aandeel (%)": "procent", "Verschil (aantal)": "verschil"},
        ChartSpec("bar", "Sector", ("Leerlingen (aantal)",), "Lastige labels", "Sector", "Leerlingen (aantal)",
                  "Liggend staafdiagram van de testtabel."),
        "Tabel_VX",
    )


def make_doc(tables, info, *, provincie="Antwerpen", basis="vestigingsplaats") -> AnswerDocument:
    vragen = tuple(SpecQuestion(i, f"Tekst van vraag {i}.", ("VX",) if i <= 5 else ()) for i in range(1, 8))
    return AnswerDocument(
        nummer="723", datum="1 april 2022", vraagsteller="Een volksvertegenwoordiger", ministers="Ben Weyts, Jo Brouns",
        titel="Duaal leren in het secundair onderwijs - Leerlingendeelname in de provincie Antwerpen",
        inleiding=("Eerste alinea van de inleiding.", "Tweede alinea."), vragen=vragen, provincie=provincie,
        basis=basis, van="2016-2017", tot="2025-2026", tables=tuple(tables),
        antwoord=("LET OP: dit ontwerpantwoord is gemaakt met synthetische demonstratiedata.",
                  "Alle cijfers: aantal leerlingen op 1 februari.",
                  "Vraag 1. In 2025-2026 volgden 123 leerlingen een duale opleiding. Zie tabel V1.",
                  "Een tweede alinea bij vraag 1.",
                  "Vraag 3. Per graad: 2e graad 50, 3e graad 73.",
                  "Vraag 7. [Geen gegevensvraag: het antwoord schrijft de administratie.]"),
        info=info, gemaakt=datetime(2026, 3, 4, 10, 30),
    )


@pytest.fixture(scope="module")
def tables(small_dataset):
    return [*build_tables(Query(small_dataset), QuestionParams()), odd_table()]


@pytest.fixture(scope="module")
def doc(tables, small_dataset):
    return make_doc(tables, small_dataset.info)


@pytest.fixture(scope="module")
def book(doc, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("wb") / "antwoord.xlsx"
    render_workbook(doc, path)
    return path


# --- helpers reading the file -----------------------------------------------------------------


def _sheet_files(z: zipfile.ZipFile) -> dict[str, str]:
    """sheet name -> xl/worksheets/sheetN.xml."""
    wb = z.read("xl/workbook.xml").decode()
    rels = z.read("xl/_rels/workbook.xml.rels").decode()
    targets = dict(re.findall(r'Id="(rId\d+)"[^>]*Target="([^"]+)"', rels))
    targets.update({k: v for v, k in re.findall(r'Target="([^"]+)"[^>]*Id="(rId\d+)"', rels)})
    out = {}
    for name, rid in re.findall(r'<sheet name="([^"]+)" sheetId="\d+" r:id="(rId\d+)"', wb):
        out[name.replace("&amp;", "&")] = "xl/" + targets[rid].lstrip("/").removeprefix("xl/")
    return out


def _rel_targets(z: zipfile.ZipFile, part: str, kind: str) -> list[str]:
    folder, name = part.rsplit("/", 1)
    rels = z.read(f"{folder}/_rels/{name}.rels").decode()
    found = []
    for m in re.finditer(r"<Relationship [^>]*>", rels):
        tag = m.group(0)
        if f"/relationships/{kind}\"" in tag:
            target = re.search(r'Target="([^"]+)"', tag).group(1)
            found.append(str(Path(folder, target)).replace("\\", "/").replace("xl/worksheets/../", "xl/")
                         .replace("xl/drawings/../", "xl/"))
    return found


def charts_by_sheet(path: Path) -> dict[str, list[tuple[str, str]]]:
    """sheet name -> [(chart xml, alt text)] read from the zip (openpyxl does not load charts)."""
    out: dict[str, list[tuple[str, str]]] = {}
    with zipfile.ZipFile(path) as z:
        for sheet, part in _sheet_files(z).items():
            try:
                drawings = _rel_targets(z, part, "drawing")
            except KeyError:
                drawings = []
            for drawing in drawings:
                xml = z.read(drawing).decode()
                descr = re.findall(r'<xdr:cNvPr [^>]*descr="([^"]*)"', xml)
                charts = _rel_targets(z, drawing, "chart")
                out[sheet] = [(z.read(c).decode(), d) for c, d in zip(charts, descr)]
    return out


def chart_texts(xml: str) -> list[str]:
    return re.findall(r"<a:t>([^<]*)</a:t>", xml)


def read_table(ws, ref: str) -> list[list]:
    return [[c.value for c in row] for row in ws[ref]]


def read_sheet_table(ws, t) -> list[list]:
    """Header and rows of a question table as its sheet shows it, put back together from its printed parts
    (one Excel table per measure for a table split for print; the row labels repeat in every part)."""
    from addin.report.parts import table_parts

    columns: dict[str, list] = {}
    for part in table_parts(t):
        rows = read_table(ws, ws.tables[part.naam].ref)
        for j, name in enumerate(rows[0]):
            got = [r[j] for r in rows[1:]]
            assert columns.setdefault(name, got) == got, (t.sleutel, name)  # a repeated label column agrees
    header = [str(c) for c in t.frame.columns]
    assert list(columns) == header or sorted(columns) == sorted(header), t.sleutel
    return [header] + [list(r) for r in zip(*(columns[c] for c in header))]


def sheet_statements(ws, header_row: int) -> list[str]:
    """The statements between the title and the first table, a statement continued on an indented row
    (too long for one printed line) joined to its start."""
    out: list[str] = []
    for r in range(2, header_row):
        cell = ws.cell(r, 1)
        if cell.value is None:
            continue
        if cell.alignment is not None and cell.alignment.indent and out:
            out[-1] += " " + cell.value
        else:
            out.append(cell.value)
    return out


def expected_cell(value):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return NIET_VAN_TOEPASSING
    if isinstance(value, (bool, np.bool_)):
        return "ja" if value else "nee"
    return value


def assert_same(cell, want, where, rel=1e-15):
    """A cell equals a table value: counts exactly, fractions to the precision of the file format."""
    if isinstance(want, (int, float, np.integer, np.floating)) and not isinstance(want, (bool, np.bool_)):
        assert isinstance(cell, (int, float)), f"{where}: {cell!r} is not a number"
        if float(want).is_integer():
            assert cell == want, where
        else:
            assert cell == pytest.approx(float(want), rel=rel, abs=0), where
    else:
        assert cell == str(want), where


# --- tests ------------------------------------------------------------------------------------


def test_sheets_in_order(book, doc):
    wb = openpyxl.load_workbook(book)
    keys = [t.sleutel for t in doc.tables]
    assert wb.sheetnames == ["Voorblad", "Inhoud", "Toelichting", *keys, "Antwoord", "Vraag"]
    assert wb.sheetnames == sheet_names(doc)
    assert keys[:9] == ["V1", "V2", "V2b", "V3a", "V3b", "V4a", "V4b", "V5a", "V5b"]


def test_opens_on_voorblad_with_a1_selected(book):
    wb = openpyxl.load_workbook(book)
    assert wb.active.title == "Voorblad"
    assert wb.active.sheet_view.tabSelected
    assert wb.active.sheet_view.selection[0].activeCell == "A1"
    assert [ws.title for ws in wb.worksheets if ws.sheet_view.tabSelected] == ["Voorblad"]


def test_each_table_is_an_excel_table_with_dutch_headers(book, doc):
    from addin.report.parts import table_parts

    wb = openpyxl.load_workbook(book)
    for t in doc.tables:
        ws = wb[t.sleutel]
        parts = table_parts(t)
        assert list(ws.tables) == [p.naam for p in parts], t.sleutel
        assert parts[0].naam == t.tabelnaam or len(parts) > 1
        for part in parts:
            tab = ws.tables[part.naam]
            assert [c.name for c in tab.tableColumns] == list(part.columns)
            first, last = tab.ref.split(":")
            assert first.startswith("A"), "table against the left edge"
            n_rows = int(re.sub(r"\D", "", last)) - int(re.sub(r"\D", "", first))
            assert n_rows == max(len(t.frame), 1)
        assert ws.cell(1, 1).value == t.titel
        # the statements sit in column A between the title and the table, nothing below the last table
        first = ws.tables[parts[0].naam].ref.split(":")[0]
        header_row = int(re.sub(r"\D", "", first)) - (1 if parts[0].kop else 0)
        statements = sheet_statements(ws, header_row)
        assert statements[: len(t.toelichting)] == list(t.toelichting), t.sleutel
        last = ws.tables[parts[-1].naam].ref.split(":")[1]
        assert ws.max_row == int(re.sub(r"\D", "", last))
        assert not ws.merged_cells.ranges


def test_a_table_too_wide_for_a_page_is_split_by_measure(book, doc):
    """V2b (per 1.000, share and rank of six regions: 19 columns) prints as three tables of seven."""
    from addin.report.parts import table_parts

    v2b = next(t for t in doc.tables if t.sleutel == "V2b")
    parts = table_parts(v2b)
    assert [p.kop for p in parts] == ["Per 1.000 leerlingen (‰)", "Aandeel (%)", "Rang"]
    assert all(p.columns[0] == "Schooljaar" and len(p.columns) == 7 for p in parts)
    wb = openpyxl.load_workbook(book)
    ws = wb["V2b"]
    headings = [ws.cell(r, 1).value for r in range(1, ws.max_row + 1)]
    assert all(p.kop in headings for p in parts)
    assert all(len(table_parts(t)) == 1 for t in doc.tables if t.sleutel != "V2b")


def test_values_equal_the_python_tables(book, doc):
    wb = openpyxl.load_workbook(book, data_only=True)  # formula cells: their cached value
    for t in doc.tables:
        ws = wb[t.sleutel]
        rows = read_sheet_table(ws, t)
        assert rows[0] == [str(c) for c in t.frame.columns]
        assert len(rows) - 1 == len(t.frame)
        for i, (cells, want) in enumerate(zip(rows[1:], t.frame.itertuples(index=False))):
            for j, (cell, value) in enumerate(zip(cells, want)):
                assert cell is not None, f"{t.sleutel} row {i} col {j}: empty cell"
                assert_same(cell, expected_cell(value), f"{t.sleutel} row {i} col {t.frame.columns[j]}")


def test_number_format_per_column(book, doc):
    from addin.report.parts import table_parts

    wb = openpyxl.load_workbook(book)
    for t in doc.tables:
        ws = wb[t.sleutel]
        for part in table_parts(t):
            first = ws.tables[part.naam].ref.split(":")[0]
            top = int(re.sub(r"\D", "", first)) + 1
            for j, col in enumerate(part.columns, start=1):
                kind = t.format_of(col)
                for r in range(top, top + len(t.frame)):
                    cell = ws.cell(r, j)
                    if isinstance(cell.value, str) and kind != "tekst" and not cell.value.startswith("="):  # a sign ([z], <5, [c])
                        assert cell.alignment.horizontal == "right", (t.sleutel, col, cell.value)
                        continue
                    want = "@" if kind == "tekst" else FORMATS[kind]
                    assert cell.number_format == want, (t.sleutel, col, cell.number_format)
    # the Dutch-Belgian locale is explicit in every number format
    assert all(FORMATS[k].startswith("[$-813]") for k in ("aantal", "procent", "promille", "verschil"))


def test_empty_values_get_a_shorthand_and_a_statement(book):
    wb = openpyxl.load_workbook(book)
    ws = wb["VX"]
    assert ws.tables["Tabel_VX"].ref == "A4:E9"  # title, 'Bron', the added [z] statement, then the table
    assert ws["C7"].value == NIET_VAN_TOEPASSING  # Aandeel of the third data row
    assert ws["E5"].value == NIET_VAN_TOEPASSING  # Verschil of the first
    assert ws["D5"].value == "ja" and ws["D6"].value == "nee"
    assert ws["A2"].value == "Bron: test."
    assert ws["A3"].value.startswith("[z] = niet van toepassing")


def test_formula_looking_labels_stay_text(book):
    wb = openpyxl.load_workbook(book)
    ws = wb["VX"]
    labels = [ws.cell(r, 1) for r in range(5, 5 + len(FORMULA_LABELS))]
    assert [c.value for c in labels] == list(FORMULA_LABELS)
    assert all(c.data_type == "s" for c in labels)
    with zipfile.ZipFile(book) as z:
        sheet_xml = z.read(_sheet_files(z)["VX"]).decode()
    assert "<f>" not in sheet_xml


def test_totals_are_live_sums_of_their_parts(book, doc):
    """'Totaal' and 'Vlaanderen en Brussel' columns are SUM formulas whose cached value is the Python total."""
    wb = openpyxl.load_workbook(book)
    checked = 0
    for t in doc.tables:
        totals = sum_of_parts(t)
        if not totals:
            continue
        ws = wb[t.sleutel]
        top = int(re.sub(r"\D", "", ws.tables[t.tabelnaam].ref.split(":")[0])) + 1
        cols = [str(c) for c in t.frame.columns]
        for total, parts in totals.items():
            j = cols.index(total) + 1
            for i in range(len(t.frame)):
                formula = ws.cell(top + i, j).value
                assert re.fullmatch(r"=SUM\([A-Z]+\d+:[A-Z]+\d+\)", formula), formula
                # independent check of the Python total: the sum of the part columns
                assert t.frame[total].iloc[i] == sum(t.frame[p].iloc[i] for p in parts)
            checked += 1
    by_key = {t.sleutel: sum_of_parts(t) for t in doc.tables}
    assert "Totaal (aantal)" in by_key["V3a"] and "Totaal (aantal)" in by_key["V3b"]
    assert "Vlaanderen en Brussel (aantal)" in by_key["V2"]
    assert len(by_key["V2"]["Vlaanderen en Brussel (aantal)"]) == 6
    assert checked >= 3


def test_a_wrong_total_stays_a_plain_number():
    frame = pd.DataFrame({"Jaar": ["a", "b"], "x (aantal)": [1, 2], "y (aantal)": [3, 4], "Totaal (aantal)": [4, 7]})
    t = QuestionTable("T", 1, "t", (), frame, tabelnaam="T")
    assert sum_of_parts(t) == {}  # 2 + 4 != 7: not presented as a sum


def test_a_chart_per_table_with_titles_and_alt_text(book, doc):
    charts = charts_by_sheet(book)
    for t in doc.tables:
        spec = t.grafiek
        assert spec is not None
        found = charts.get(t.sleutel)
        assert found and len(found) == 1, t.sleutel
        xml, descr = found[0]
        texts = chart_texts(xml)
        assert spec.titel in texts and spec.x_titel in texts and spec.y_titel in texts, (t.sleutel, texts)
        assert descr == spec.alt_tekst.replace("&", "&amp;").replace('"', "&quot;")
        kind = {"column": "<c:barChart>", "bar": "<c:barChart>", "line": "<c:lineChart>"}[spec.soort]
        assert kind in xml
        assert ('<c:barDir val="bar"/>' in xml) == (spec.soort == "bar")
        assert ('<c:grouping val="stacked"/>' in xml) == (spec.gestapeld and spec.soort != "line")
        assert xml.count("<c:ser>") == len(spec.reeksen)
        assert f"'{t.sleutel}'!" in xml or f"{t.sleutel}!" in xml
    assert set(charts) == {t.sleutel for t in doc.tables}


def test_cover_sheet(book, doc, small_dataset):
    ws = openpyxl.load_workbook(book)["Voorblad"]
    col_a = [ws.cell(r, 1).value for r in range(1, 6)]
    assert col_a[0] == doc.werkboektitel
    assert col_a[1] == "LET OP: synthetische demonstratiedata — geen officiële cijfers"
    pairs = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(1, ws.max_row + 1) if ws.cell(r, 2).value}
    assert pairs["Provincie"] == "Antwerpen"
    assert pairs["Basis van de provincie"].startswith("vestigingsplaats")
    assert pairs["Schooljaren in de tabellen"] == "2016-2017 tot en met 2025-2026"
    assert pairs["Telling"] == "telling op 1 februari van elk schooljaar"
    assert pairs["Dataversie"].startswith(small_dataset.info.dataversie)
    assert pairs["Gemaakt op"] == "4 maart 2026 om 10:30"
    assert pairs["Gegevens opgeslagen op"] == "1 januari 2026 om 00:00"  # DataInfo.aangemaakt, in Dutch
    assert pairs["Vraagnummer"] == "723" and pairs["Gesteld aan"] == "Ben Weyts, Jo Brouns"
    assert pairs["Bron"] == small_dataset.info.bron
    assert "Contact" in pairs


def test_no_synthetic_line_for_official_data(tmp_path, small_dataset, tables):
    info = DataInfo(bronnen=(), schooljaren=("2024-2025",), bases=("vestigingsplaats",), dataversie="abc",
                    synthetisch=False, rijen=1, aangemaakt="2026-01-01T00:00:00")
    path = tmp_path / "echt.xlsx"
    doc = make_doc([odd_table()], info)
    doc = dataclasses.replace(doc, antwoord=doc.antwoord[1:])  # the draft has no warning for official data
    render_workbook(doc, path)
    wb = openpyxl.load_workbook(path)
    texts = [str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value]
    assert not any("synthetische" in t.casefold() for t in texts)
    assert not any("LET OP" in t for t in texts)
    assert wb.custom_doc_props["Synthetische gegevens"].value is False


def test_contents_links_to_every_sheet(book, doc):
    ws = openpyxl.load_workbook(book)["Inhoud"]
    tab = ws.tables["Inhoud"]
    rows = read_table(ws, tab.ref)[1:]
    assert [r[0] for r in rows] == sheet_names(doc)[3 - 1:]
    for r in range(4, 4 + len(rows)):
        link = ws.cell(r, 1).hyperlink
        assert link is not None and link.location == f"'{ws.cell(r, 1).value}'!A1"


def test_notes_sheet_generated_from_the_data_dictionary(book):
    from addin.core.catalogue import DOMEINEN
    from addin.core.schema import CANONICAL

    ws = openpyxl.load_workbook(book)["Toelichting"]
    table = read_table(ws, ws.tables["Begrippen"].ref)
    assert table[0] == ["Begrip", "Betekenis", "Hoe het bepaald wordt"]
    rows = {r[0]: r[1] for r in table[1:]}
    by_name = {c.naam: c for c in CANONICAL}
    assert rows["duaal"] == by_name["duaal"].omschrijving
    assert rows["onderwijsvorm"] == by_name["onderwijsvorm"].omschrijving
    assert rows["sector"].startswith(by_name["sector"].omschrijving)
    assert all(d in rows["sector"] for d in DOMEINEN.values())
    assert "Deze antwoordbundel telt volgens de vestigingsplaats." in rows["provincie"]
    assert all(b in rows["provincie"] for b in ("vestigingsplaats", "hoofdzetel", "woonplaats"))
    assert {"[z]", "[x]", "[c]"} <= set(rows)
    assert len(rows) == len(table) - 1, "each notion once"
    # no developer text: no module paths or file names of the code, no internal columns
    cells = [str(v) for r in table for v in r]
    assert not any(re.search(r"addin|\.py\b|sectortype|afgeleid$", v) for v in cells), cells
    # no definition said twice: no sentence repeats within the sheet
    sentences = [z.strip().casefold() for v in cells for z in re.split(r"(?<=[.;:])\s+", v) if len(z) > 25]
    assert len(sentences) == len(set(sentences)), [z for z in sentences if sentences.count(z) > 1]
    # every explanation wraps in its column (no text runs past the printed page)
    for r in range(4, 4 + len(table) - 1):
        assert ws.cell(r, 2).alignment.wrap_text and ws.cell(r, 3).alignment.wrap_text


def test_answer_sheet_has_questions_answer_and_room_for_6_and_7(book, doc):
    from addin.report.answer_sheet import PLACEHOLDER

    ws = openpyxl.load_workbook(book)["Antwoord"]
    texts = [ws.cell(r, 1).value for r in range(1, ws.max_row + 1)]
    # the synthetic-data warning once, in red, at the top
    assert sum("LET OP" in str(t) for t in texts) == 1
    assert ws.cell(texts.index(next(t for t in texts if "LET OP" in str(t))) + 1, 1).font.color.rgb == "FFC00000"
    # general paragraph at the top, before the first question
    assert texts.index("Alle cijfers: aantal leerlingen op 1 februari.") < texts.index("Vraag 1")
    for v in doc.vragen:  # every question under its heading
        assert texts[texts.index(f"Vraag {v.nummer}") + 1] == f"{v.nummer}. {v.tekst}"
    # the answer paragraphs sit under their question text, without the 'Vraag n.' prefix
    i1 = texts.index("1. Tekst van vraag 1.")
    assert texts[i1 + 1: i1 + 3] == ["In 2025-2026 volgden 123 leerlingen een duale opleiding. Zie tabel V1.",
                                     "Een tweede alinea bij vraag 1."]
    assert texts[texts.index("3. Tekst van vraag 3.") + 1] == "Per graad: 2e graad 50, 3e graad 73."
    # no draft for question 2 (a data question): said so, not left empty
    assert texts[texts.index("2. Tekst van vraag 2.") + 1].startswith("[x]")
    # question 6 (open, no paragraph): the placeholder; question 7: the draft's own placeholder; both tall
    r6 = texts.index("6. Tekst van vraag 6.") + 2
    r7 = texts.index("7. Tekst van vraag 7.") + 2
    assert texts[r6 - 1] == PLACEHOLDER
    assert texts[r7 - 1] == "[Geen gegevensvraag: het antwoord schrijft de administratie.]"
    assert ws.row_dimensions[r6].height >= 90 and ws.row_dimensions[r7].height >= 90
    assert ws.cell(i1 + 2, 1).alignment.wrap_text


def test_split_answer():
    from addin.report.document import split_answer

    algemeen, per = split_answer(["a", "Vraag 2. b", "c", "Vraag 9. d", "Vraag 3. e"], {1, 2, 3})
    assert algemeen == ["a"] and per == {2: ["b", "c", "Vraag 9. d"], 3: ["e"]}


def test_document_properties(book, doc):
    wb = openpyxl.load_workbook(book)
    p = wb.properties
    assert p.title == doc.werkboektitel
    assert p.creator == "Loep"
    assert "Antwerpen" in p.subject and "duaal leren" in p.keywords
    assert doc.info.dataversie in p.description  # the comments
    custom = {c.name: c.value for c in wb.custom_doc_props.props}
    assert custom["Taal"] == "nl-BE" and custom["Dataversie"] == doc.info.dataversie
    with zipfile.ZipFile(book) as z:
        app = z.read("docProps/app.xml").decode()
    assert "<Company>" in app


def test_an_empty_table_says_so(tmp_path, small_dataset):
    frame = pd.DataFrame({"Opleiding": pd.Series([], dtype="str"), "Leerlingen (aantal)": pd.Series([], dtype="int64")})
    empty = QuestionTable("V5b", 5, "Geen opleidingen", ("Bron: test.",), frame,
                          grafiek=ChartSpec("bar", "Opleiding", ("Leerlingen (aantal)",), "t", "x", "y", "alt"),
                          tabelnaam="Tabel_V5b")
    path = tmp_path / "leeg.xlsx"
    render_workbook(make_doc([empty], small_dataset.info), path)
    ws = openpyxl.load_workbook(path)["V5b"]
    assert ws["A3"].value.startswith("De tabel is leeg")
    assert ws.tables["Tabel_V5b"].ref == "A4:B5"
    assert [ws["A5"].value, ws["B5"].value] == [NIET_VAN_TOEPASSING, NIET_VAN_TOEPASSING]


def test_cell_values():
    from addin.report.cells import cell_value

    assert cell_value(np.int64(3)) == 3 and type(cell_value(np.int64(3))) is int
    assert cell_value(np.float64(0.25)) == 0.25 and type(cell_value(np.float64(0.25))) is float
    assert cell_value(np.True_) == "ja" and cell_value(False) == "nee"
    assert cell_value(None) == cell_value(float("nan")) == cell_value(pd.NA) == NIET_VAN_TOEPASSING
    assert cell_value(float("inf")) == NIET_VAN_TOEPASSING
    assert cell_value("=A1") == "=A1"


def test_bad_table_keys_are_refused(tmp_path, tables, small_dataset):
    twice = [tables[0], tables[0]]
    with pytest.raises(ValueError):
        render_workbook(make_doc(twice, small_dataset.info), tmp_path / "x.xlsx")
    assert not (tmp_path / "x.xlsx").exists()


# --- CSV ----------------------------------------------------------------------------------------


def test_csv_round_trip(tmp_path, tables):
    for t in tables:
        path = tmp_path / f"{t.sleutel}.csv"
        with open(path, "w", encoding=ENCODING, newline="") as fh:
            write_csv(t, fh)
        raw = path.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")
        back = pd.read_csv(path, encoding=ENCODING, dtype=str, keep_default_na=False)
        assert list(back.columns) == [str(c) for c in t.frame.columns]
        assert len(back) == len(t.frame)
        for col in t.frame.columns:
            for got, want in zip(back[col], t.frame[col]):
                want = expected_cell(want)
                if isinstance(want, str):
                    assert got == ("'" + want if want[:1] in "=+-@" else want), (t.sleutel, col)
                elif t.format_of(col) in ("procent", "procent2"):  # '(%)' columns hold percentages
                    assert float(got) == pytest.approx(float(want) * 100, rel=1e-12), (t.sleutel, col)
                else:
                    assert float(got) == float(want), (t.sleutel, col)


# --- output paths and all-or-nothing writes -----------------------------------------------------


def test_resolve_workbook_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert output.resolve_workbook_path(None, "a.xlsx") == tmp_path / "a.xlsx"
    assert output.resolve_workbook_path(str(tmp_path / "b.xlsx"), "a.xlsx") == tmp_path / "b.xlsx"
    assert output.resolve_workbook_path(str(tmp_path / "B.XLSX"), "a.xlsx") == tmp_path / "B.XLSX"
    assert output.resolve_workbook_path(str(tmp_path), "a.xlsx") == tmp_path / "a.xlsx"
    assert output.resolve_workbook_path(str(tmp_path / "nieuw"), "a.xlsx") == tmp_path / "nieuw" / "a.xlsx"
    assert (tmp_path / "nieuw").is_dir()
    with pytest.raises(LoepFout, match=r"extensie '\.csv'.*'\.xlsx'"):
        output.resolve_workbook_path(str(tmp_path / "c.csv"), "a.xlsx")
    with pytest.raises(LoepFout, match="bestaat niet"):
        output.resolve_workbook_path(str(tmp_path / "geen" / "c.xlsx"), "a.xlsx")


def test_slug():
    assert output.slug("duaal leren", "West-Vlaanderen", "woonplaats", "2016-2017") == \
        "duaal-leren-west-vlaanderen-woonplaats-2016-2017"
    assert output.slug("Brussels Hoofdstedelijk Gewest") == "brussels-hoofdstedelijk-gewest"


def _writer(text):
    return lambda p: p.write_text(text, encoding="utf-8")


def test_all_or_nothing_writes_everything(tmp_path):
    a, b = tmp_path / "a.xlsx", tmp_path / "a_V1.csv"
    output.write_all_or_nothing([(a, _writer("A")), (b, _writer("B"))])
    assert a.read_text() == "A" and b.read_text() == "B"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.xlsx", "a_V1.csv"]


def test_failure_mid_write_leaves_nothing(tmp_path):
    def boom(path):
        path.write_text("half")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        output.write_all_or_nothing([(tmp_path / "a.xlsx", _writer("A")), (tmp_path / "a_V1.csv", boom)])
    assert list(tmp_path.iterdir()) == []


def test_existing_file_is_never_overwritten_without_permission(tmp_path):
    a, b = tmp_path / "a.xlsx", tmp_path / "a_V1.csv"
    b.write_text("van de gebruiker")
    with pytest.raises(LoepFout, match=r"bestaat al; kies een andere naam met --uit of gebruik --overschrijven"):
        output.write_all_or_nothing([(a, _writer("A")), (b, _writer("B"))])
    assert b.read_text() == "van de gebruiker" and not a.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a_V1.csv"]
    output.write_all_or_nothing([(a, _writer("A")), (b, _writer("B"))], overwrite=True)
    assert b.read_text() == "B" and a.read_text() == "A"


def test_chart_row_limit_plots_only_the_first_rows(tmp_path, small_dataset):
    frame = pd.DataFrame({"Sector": ["STEM", "Zorg", "Bouw", "Hout"], "Leerlingen (aantal)": [30, 12, 0, 0]})
    table = QuestionTable(
        "VY", 4, "VY. Sectoren", ("Bron: test.",), frame, {},
        ChartSpec("bar", "Sector", ("Leerlingen (aantal)",), "Sectoren", "Sector", "Leerlingen (aantal)",
                  "Staafdiagram van twee sectoren.", rijen=2),
        "Tabel_VY",
    )
    path = tmp_path / "limiet.xlsx"
    render_workbook(make_doc([table], small_dataset.info), path)
    xml, _ = charts_by_sheet(path)["VY"][0]
    refs = re.findall(r"<c:f>([^<]*)</c:f>", xml)
    # the table has a header row and four data rows; the chart names and plots only the first two
    header = int(re.search(r"\$(\d+)$", refs[0]).group(1))
    cats = next(r for r in refs if "$A$" in r)
    assert cats.endswith(f"$A${header + 1}:$A${header + 2}")
    cells = [c for row in openpyxl.load_workbook(path)["VY"].values for c in row]
    assert "Hout" in cells and "Bouw" in cells  # the table itself keeps every row
