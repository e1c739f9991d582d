"""The draft answer as a Word document, read back with python-docx: paragraphs, tables and numbers equal
to the workbook (which the workbook tests check against the tables)."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import replace

import docx
import openpyxl
import pytest

from addin.core.query import Query
from addin.core.questions import build_tables
from addin.core.questionspec import load_spec
from addin.report.answer import build_document, make_answer
from addin.report.csv_export import ENCODING, write_csv, write_csv_excel_nl
from addin.report.parts import table_parts
from addin.report.word import render_docx
from addin.report.workbook import render_workbook
from test_answer_cli import SEED_KEYS, data_dir  # noqa: F401 (fixture)
from test_workbook import read_sheet_table


@pytest.fixture(scope="module")
def answer(small_dataset, tmp_path_factory):
    spec = load_spec()
    q = Query(small_dataset)
    params = spec.params.resolve(q)
    spec = spec.with_params(tot=params.tot)
    tables = build_tables(q, params, list(spec.table_keys))
    doc = build_document(spec, tables, small_dataset.info)
    folder = tmp_path_factory.mktemp("word")
    render_docx(doc, folder / "antwoord.docx")
    render_workbook(doc, folder / "antwoord.xlsx")
    return doc, docx.Document(str(folder / "antwoord.docx")), openpyxl.load_workbook(folder / "antwoord.xlsx",
                                                                                       data_only=True)


def _number(text: str) -> float:
    """'1.234' -> 1234; '12,5 %' -> 12.5; '+89' -> 89; '0,03 %' -> 0.03."""
    return float(text.replace(" %", "").replace(".", "").replace(",", "."))


def test_synthetic_warning_on_top_and_the_question_texts(answer):
    doc, word, _ = answer
    paragraphs = [p.text for p in word.paragraphs]
    assert paragraphs[0].startswith("LET OP: synthetische demonstratiedata — geen officiële cijfers")
    assert word.paragraphs[0].runs[0].bold
    assert "Ontwerp van antwoord" in paragraphs[:3]
    assert doc.vraag_regel in paragraphs
    text = "\n".join(paragraphs)
    for vraag in doc.vragen:
        assert f"Vraag {vraag.nummer}" in paragraphs
        for part in re.split(r"\n\s*\n", vraag.tekst.strip()):
            assert " ".join(part.split()) in text
    assert word.core_properties.language == "nl-BE" and word.core_properties.author == "Loep"


def test_answer_paragraphs_equal_the_workbook(answer):
    doc, word, wb = answer
    sheet = [c.value for c in wb["Antwoord"]["A"] if c.value]
    paragraphs = [p.text for p in word.paragraphs]
    for text in doc.antwoord:
        body = re.sub(r"^Vraag \d+\. ", "", text)
        if body.startswith("LET OP"):
            continue  # said once, on top, in both
        assert body in paragraphs, body[:80]
        assert body in sheet, body[:80]


def test_tables_are_word_tables_with_the_workbook_numbers(answer):
    doc, word, wb = answer
    parts = [(t, p) for t in doc.tables for p in table_parts(t)]
    assert len(word.tables) == len(parts)
    for (t, part), table in zip(parts, word.tables):
        rows = [[c.text for c in r.cells] for r in table.rows]
        assert rows[0] == list(part.columns)
        assert table.rows[0]._tr.trPr.xpath("./w:tblHeader"), "the header row repeats on every page"
        sheet = read_sheet_table(wb[t.sleutel], t)
        header = sheet[0]
        assert len(rows) - 1 == len(sheet) - 1
        for i, (word_row, sheet_row) in enumerate(zip(rows[1:], sheet[1:])):
            for name, text in zip(part.columns, word_row):
                value = sheet_row[header.index(name)]
                kind = t.format_of(name)
                where = (t.sleutel, i, name)
                if isinstance(value, str) or kind == "tekst":
                    assert text == str(value), where
                elif kind in ("procent", "procent2"):
                    decimals = 2 if kind == "procent2" else 1
                    assert text.endswith(" %") and _number(text) == round(value * 100, decimals), where
                elif kind == "promille":
                    assert _number(text) == round(value, 1), where
                else:
                    assert _number(text) == round(value), where
                    if kind == "verschil" and value > 0:
                        assert text.startswith("+"), where


def test_each_table_is_followed_by_its_source_line(answer):
    doc, word, _ = answer
    body = list(word.element.body.iterchildren())
    tags = [el.tag.rsplit("}", 1)[1] for el in body]
    last_parts = {id(table_parts(t)[-1]) for t in doc.tables}
    assert last_parts
    n_tables = 0
    for i, tag in enumerate(tags):
        if tag != "tbl":
            continue
        n_tables += 1
        following = "".join(body[i + 1].itertext()) if i + 1 < len(body) else ""
        assert following.startswith(("Bron:", "Aandeel", "Rang", "Per 1.000")), following[:40]
    assert n_tables == len(word.tables)
    sources = [p.text for p in word.paragraphs if p.text.startswith("Bron:")]
    assert len(sources) == len(doc.tables)


def test_real_data_has_no_warning(small_dataset, tmp_path):
    info = replace(small_dataset.info, synthetisch=False)
    spec = load_spec()
    q = Query(small_dataset)
    params = spec.params.resolve(q)
    spec = spec.with_params(tot=params.tot)
    real = build_document(spec, build_tables(q, params, ["V1"]), info)
    render_docx(real, tmp_path / "echt.docx")
    text = "\n".join(p.text for p in docx.Document(str(tmp_path / "echt.docx")).paragraphs)
    assert "LET OP" not in text
    assert text.startswith("Ontwerp van antwoord")


def test_answer_set_has_word_and_dutch_excel_csvs(tmp_path, data_dir):  # noqa: F811
    result = make_answer(uit=tmp_path, data_dir=data_dir)
    assert result.docx_path == result.workbook_path.with_suffix(".docx") and result.docx_path.exists()
    assert len(result.excel_csv_paths) == len(SEED_KEYS)
    for table, machine, excel in zip(result.tables, result.csv_paths, result.excel_csv_paths):
        raw = excel.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM, so Excel sees the accents"
        nl = list(csv.reader(io.StringIO(raw.decode(ENCODING)), delimiter=";"))
        en = list(csv.reader(io.StringIO(machine.read_bytes().decode(ENCODING)), delimiter=","))
        assert nl[0] == en[0]  # the same header (with a status column after a column with hidden cells)
        assert [h for h in nl[0] if not h.endswith(" status")] == [str(c) for c in table.frame.columns]
        assert len(nl) == len(en) == len(table.frame) + 1
        for a, b in zip(nl[1:], en[1:]):
            for x, y in zip(a, b):
                if re.fullmatch(r"-?\d+(\.\d+)?(e-?\d+)?", y):
                    assert "." not in x and float(x.replace(",", ".")) == float(y), (x, y)
                else:
                    assert x == y


def test_an_existing_word_document_is_not_overwritten(tmp_path, data_dir):  # noqa: F811
    from addin.core.errors import LoepFout

    target = tmp_path / "vraag.xlsx"
    (tmp_path / "vraag.docx").write_text("mijn eigen document", encoding="utf-8")
    with pytest.raises(LoepFout, match="vraag.docx"):
        make_answer(uit=target, data_dir=data_dir)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["vraag.docx"]


def test_csv_writers_agree_on_a_formula_like_label():
    import pandas as pd

    from addin.core.tables import QuestionTable

    t = QuestionTable("VX", 1, "t", (), pd.DataFrame({"Sector": ["=SOM(A1)"], "Aandeel (%)": [0.125]}),
                      formaten={"Aandeel (%)": "procent"})
    a, b = io.StringIO(), io.StringIO()
    write_csv(t, a)
    write_csv_excel_nl(t, b)
    assert a.getvalue().splitlines()[1] == "'=SOM(A1),12.5"
    assert b.getvalue().splitlines()[1] == "'=SOM(A1);12,5"
